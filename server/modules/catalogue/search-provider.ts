import { sql } from 'drizzle-orm';
import type { AuthedCtx, Ctx } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/client.js';
import { excludingSql, headlineSql, rankSql, regconfigOf, trigramMatchSql, trigramRankSql, tsQuerySql, withTrigramFallback, type SearchHit, type SearchProvider, type SearchQuery } from '../search/index.js';
import { mayOrder } from './service/catalogue.js';
import { catalogueItems } from './catalogue.tables.js';

type Row = { id: string; title: string; snippet: string; rank: number; updated_at: Date | string; orderable_by: string; order_permission: string | null; active: boolean; own_lang: boolean };

/** At most this many matching items are read before the per-reader rule picks those shown (the catalogue has dozens). */
const CANDIDATES = 200;

/**
 * Active catalogue items the reader may see (provider staff all, customers those they may order,
 * the catalogue page's rule): every language's texts in its own configuration, so a German word finds
 * the German text; title and snippet in the reader's language, else English.
 */
async function searchCatalogue(ctx: AuthedCtx, q: SearchQuery): Promise<SearchHit[]> {
  const query = tsQuerySql(q, 'any');
  const lang = q.lang;
  const own = sql`(${catalogueItems.texts} -> ${lang}::text)`;
  const title = sql`coalesce(nullif(${own}->>'name', ''), ${catalogueItems.texts}->'en'->>'name')`;
  const body = sql`coalesce(nullif(${own}->>'short', ''), ${catalogueItems.texts}->'en'->>'short', '') || ' ' || coalesce(nullif(${own}->>'long', ''), ${catalogueItems.texts}->'en'->>'long', '')`;
  const allNames = sql`concat_ws(' ', ${catalogueItems.texts}->'en'->>'name', ${catalogueItems.texts}->'de'->>'name', ${catalogueItems.texts}->'nb'->>'name', ${catalogueItems.texts}->'ru'->>'name')`;
  const cols = (rank: unknown) => sql`${catalogueItems.id} AS id, ${title} AS title, ${headlineSql(regconfigOf(lang), body, query)} AS snippet,
    ${rank} AS rank, ${catalogueItems.updatedAt} AS updated_at, ${catalogueItems.orderableBy} AS orderable_by,
    ${catalogueItems.orderPermission} AS order_permission, ${catalogueItems.active} AS active, (${own} IS NOT NULL) AS own_lang`;
  const visible = (rows: Row[]) =>
    rows
      .filter((r) => ctx.actor.orgKind === 'provider' || mayOrder(ctx.actor, { orderableBy: r.orderable_by, orderPermission: r.order_permission, active: r.active }))
      .slice(0, q.limit)
      .map(
        (r): SearchHit => ({
          kind: 'catalogue_item',
          id: r.id,
          ref: null,
          title: r.title,
          snippet: r.snippet,
          url: `/catalogue/${r.id}`,
          rank: Number(r.rank),
          updatedAt: new Date(r.updated_at).toISOString(),
          lang: r.own_lang ? lang : 'en',
        }),
      );
  const fullText = async () =>
    visible(
      rowsOf<Row>(
        await ctx.db.execute(sql`SELECT ${cols(rankSql(catalogueItems.searchVector, query, catalogueItems.updatedAt))} FROM ${catalogueItems}
          WHERE ${catalogueItems.active} AND ${catalogueItems.searchVector} @@ ${query}
          ORDER BY rank DESC, ${catalogueItems.sort} LIMIT ${CANDIDATES}`),
      ),
    );
  const trigram = async (exclude: string[]) =>
    visible(
      rowsOf<Row>(
        await ctx.db.execute(sql`SELECT ${cols(trigramRankSql(q, allNames, catalogueItems.updatedAt))} FROM ${catalogueItems}
          WHERE ${catalogueItems.active} AND ${trigramMatchSql(q, allNames)} ${excludingSql(catalogueItems.id, exclude)}
          ORDER BY rank DESC LIMIT ${CANDIDATES}`),
      ),
    );
  return withTrigramFallback(q, fullText, trigram);
}

/** Search provider of the catalogue: any signed-in user. */
export const catalogueSearchProvider: SearchProvider = {
  kind: 'catalogue_item',
  allowed: (ctx: Ctx) => !!ctx.actor,
  search: (ctx, q) => searchCatalogue(ctx as AuthedCtx, q),
};
