import { sql, type SQL } from 'drizzle-orm';
import type { AuthedCtx, Ctx } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/client.js';
import { excludingSql, headlineSql, rankSql, scopedMatchSql, trigramMatchSql, trigramRankSql, tsQuerySql, withTrigramFallback, type SearchHit, type SearchLang, type SearchProvider, type SearchQuery } from '../search/index.js';
import { orgDocuments } from './documents.tables.js';
import { readsAll, visibleDocuments } from './internal.js';

type Row = { id: string; org_id: string; title: string; language: string; snippet: string; rank: number; updated_at: Date | string };

const hit = (r: Row): SearchHit => ({
  kind: 'document',
  id: r.id,
  ref: null,
  title: r.title,
  snippet: r.snippet,
  url: `/documents?orgId=${r.org_id}&doc=${r.id}`,
  rank: Number(r.rank),
  updatedAt: new Date(r.updated_at).toISOString(),
  lang: r.language as SearchLang,
});

/**
 * Documents the caller may see, by the same predicate as the list, the document page and downloads
 * (`visibleDocuments`: own organisation, the document's role or permission). Title (A), description
 * and the extracted text of the current version (B), each in the document's language: the query is the
 * union of the four languages' queries, so one GIN index serves every language; a caller's own
 * organisation's entries only (`scopedMatchSql`), except for staff who read all. Snippets only for the
 * page's rows (the inner query ranks and limits first).
 */
async function searchDocuments(ctx: AuthedCtx, q: SearchQuery): Promise<SearchHit[]> {
  const query = tsQuerySql(q, 'any');
  const scope = visibleDocuments(ctx);
  const body = sql`coalesce(nullif(m.search_text, ''), m.description)`;
  const outer = (inner: SQL) => sql`
    SELECT m.id, m.org_id, m.title, m.language, m.rank, m.updated_at,
           ${headlineSql(sql`(CASE m.language WHEN 'de' THEN 'german'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END)`, body, query)} AS snippet
    FROM (${inner}) m ORDER BY m.rank DESC, m.updated_at DESC`;
  const columns = sql`${orgDocuments.id} AS id, ${orgDocuments.orgId} AS org_id, ${orgDocuments.title} AS title, ${orgDocuments.language} AS language,
    ${orgDocuments.description} AS description, ${orgDocuments.searchText} AS search_text, ${orgDocuments.updatedAt} AS updated_at`;
  // Everyone but staff reading all organisations searches their own organisation's index entries only.
  const match = scopedMatchSql(orgDocuments.orgId, orgDocuments.searchVector, readsAll(ctx) ? null : ctx.actor.orgId, query);
  const fullText = async () =>
    rowsOf<Row>(
      await ctx.db.execute(
        outer(sql`SELECT ${columns}, ${rankSql(orgDocuments.searchVector, query, orgDocuments.updatedAt)} AS rank
          FROM ${orgDocuments} WHERE ${match} AND ${scope}
          ORDER BY rank DESC, ${orgDocuments.updatedAt} DESC LIMIT ${q.limit}`),
      ),
    ).map(hit);
  const trigram = async (exclude: string[]) =>
    rowsOf<Row>(
      await ctx.db.execute(
        outer(sql`SELECT ${columns}, ${trigramRankSql(q, orgDocuments.title, orgDocuments.updatedAt)} AS rank
          FROM ${orgDocuments} WHERE ${trigramMatchSql(q, orgDocuments.title)} AND ${scope} ${excludingSql(orgDocuments.id, exclude)}
          ORDER BY rank DESC LIMIT ${q.limit}`),
      ),
    ).map(hit);
  return withTrigramFallback(q, fullText, trigram);
}

/** Search provider of documents: every signed-in user (the visibility predicate decides what each finds). */
export const documentSearchProvider: SearchProvider = {
  kind: 'document',
  allowed: (ctx: Ctx) => !!ctx.actor,
  search: (ctx, q) => searchDocuments(ctx as AuthedCtx, q),
};
