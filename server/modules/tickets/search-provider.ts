import { sql, type SQL } from 'drizzle-orm';
import type { AuthedCtx, Ctx } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/client.js';
import { excludingSql, headlineSql, rankSql, scopedMatchSql, tsQuerySql, typoHits, withTrigramFallback, type SearchHit, type SearchProvider, type SearchQuery } from '../search/index.js';
import { visibleTo } from './internal.js';
import { tickets } from './tickets.tables.js';

type Row = { id: string; ref: string; title: string; snippet: string; rank: number; updated_at: Date | string };

const hit = (r: Row): SearchHit => ({
  kind: 'ticket',
  id: r.id,
  ref: r.ref,
  title: r.title,
  snippet: r.snippet,
  url: `/tickets/${r.id}`,
  rank: Number(r.rank),
  updatedAt: new Date(r.updated_at).toISOString(),
  lang: null,
});

/**
 * The caller's tickets: exactly the ticket list's rule (`visibleTo`: staff all, customer admins their
 * organisation's, other customers what they requested or watch). A customer's search reads only their
 * organisation's entries (`scopedMatchSql`, index tickets_scoped_search_idx); staff search all tickets
 * (tickets_search_idx). Snippets only for the page's rows (the inner query ranks and limits first).
 * Typos: similar words of ticket titles (search_words) as alternatives, through the same query.
 */
async function searchTickets(ctx: AuthedCtx, q: SearchQuery): Promise<SearchHit[]> {
  const scope = visibleTo(ctx);
  const where = scope ? sql`AND ${scope}` : sql``;
  const run = async (query: SQL, excluded: SQL) =>
    rowsOf<Row>(
      await ctx.db.execute(sql`
        SELECT m.id, m.ref, m.title, m.rank, m.updated_at, ${headlineSql('simple', sql`m.description`, query)} AS snippet FROM (
          SELECT ${tickets.id} AS id, ${tickets.ref} AS ref, ${tickets.title} AS title, ${tickets.description} AS description, ${tickets.updatedAt} AS updated_at,
                 ${rankSql(tickets.searchVector, query, tickets.updatedAt)} AS rank
          FROM ${tickets} WHERE ${scopedMatchSql(tickets.orgId, tickets.searchVector, scope ? ctx.actor.orgId : null, query)} ${where} ${excluded}
          ORDER BY rank DESC, ${tickets.updatedAt} DESC LIMIT ${q.limit}
        ) m ORDER BY m.rank DESC, m.updated_at DESC`),
    ).map(hit);
  const fullText = () => run(tsQuerySql(q, 'simple'), sql``);
  // Typos: the ticket-title words similar to each term stand in for it (search_words, pg_trgm), and the
  // same scoped full-text query finds them; ranked at half, below any full-text hit.
  const typos = (exclude: string[]) => typoHits(ctx.db, 'ticket', q, (fq) => run(tsQuerySql(fq, 'simple'), excludingSql(tickets.id, exclude)));
  return withTrigramFallback(q, fullText, typos);
}

/** Search provider of tickets: anyone who may open, read or work tickets. */
export const ticketSearchProvider: SearchProvider = {
  kind: 'ticket',
  allowed: (ctx: Ctx) => {
    const p = ctx.actor?.permissions;
    return !!p && (p.has('tickets.create') || p.has('tickets.read_org') || p.has('tickets.work'));
  },
  search: (ctx, q) => searchTickets(ctx as AuthedCtx, q),
};
