import { sql } from 'drizzle-orm';
import type { AuthedCtx, Ctx } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/client.js';
import { excludingSql, rankSql, scopedMatchSql, trigramMatchSql, trigramRankSql, tsQuerySql, withTrigramFallback, type SearchHit, type SearchProvider, type SearchQuery } from '../search/index.js';
import { itemName, visibleTo } from './internal.js';
import { orders, type ItemSnapshot } from './orders.tables.js';

type Row = { id: string; ref: string; item: ItemSnapshot; status: string; rank: number; updated_at: Date | string };

/**
 * The caller's orders, by the order list's rule (`visibleTo`: a draft is its requester's, customers
 * with `orders.approve` their organisation's, fulfilling staff every submitted one). Orders have no
 * text of their own: the reference and the item's names are searched, the snippet names the status.
 */
async function searchOrders(ctx: AuthedCtx, q: SearchQuery): Promise<SearchHit[]> {
  const query = tsQuerySql(q, 'simple');
  const scope = visibleTo(ctx);
  const names = sql`coalesce(${orders.item}->'names'->>${q.lang}::text, ${orders.item}->'names'->>'en', '')`;
  const hit = (r: Row): SearchHit => {
    const title = itemName({ item: r.item }, q.lang);
    const marked = q.terms.some((t) => title.toLowerCase().includes(t));
    return {
      kind: 'order',
      id: r.id,
      ref: r.ref,
      title,
      // Escaped like every snippet; the item name is the match, so it is the one marked.
      snippet: marked ? `${escapeHtml(r.ref)} · <mark>${escapeHtml(title)}</mark>` : `${escapeHtml(r.ref)} · ${escapeHtml(title)}`,
      url: `/orders/${r.id}`,
      rank: Number(r.rank),
      updatedAt: new Date(r.updated_at).toISOString(),
      lang: null,
    };
  };
  // A customer's orders are all in their organisation: read only its index entries (scopedMatchSql).
  const match = scopedMatchSql(orders.orgId, orders.searchVector, ctx.actor.orgKind === 'customer' ? ctx.actor.orgId : null, query);
  const fullText = async () =>
    rowsOf<Row>(
      await ctx.db.execute(sql`
        SELECT ${orders.id} AS id, ${orders.ref} AS ref, ${orders.item} AS item, ${orders.status} AS status, ${orders.updatedAt} AS updated_at,
               ${rankSql(orders.searchVector, query, orders.updatedAt)} AS rank
        FROM ${orders} WHERE ${match} AND ${scope}
        ORDER BY rank DESC, ${orders.updatedAt} DESC LIMIT ${q.limit}`),
    ).map(hit);
  const trigram = async (exclude: string[]) =>
    rowsOf<Row>(
      await ctx.db.execute(sql`
        SELECT ${orders.id} AS id, ${orders.ref} AS ref, ${orders.item} AS item, ${orders.status} AS status, ${orders.updatedAt} AS updated_at,
               ${trigramRankSql(q, names, orders.updatedAt)} AS rank
        FROM ${orders} WHERE ${trigramMatchSql(q, names)} AND ${scope} ${excludingSql(orders.id, exclude)}
        ORDER BY rank DESC LIMIT ${q.limit}`),
    ).map(hit);
  return withTrigramFallback(q, fullText, trigram);
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Search provider of orders: any signed-in user (the rule decides what each sees). */
export const orderSearchProvider: SearchProvider = {
  kind: 'order',
  allowed: (ctx: Ctx) => !!ctx.actor,
  search: (ctx, q) => searchOrders(ctx as AuthedCtx, q),
};
