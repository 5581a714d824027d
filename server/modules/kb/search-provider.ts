import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { AppDeps } from '../../platform/deps.js';
import { rowsOf } from '../../platform/db/client.js';
import { headlineSql, rankSql, registerSearchProvider, titleFirstRankSql, tsQuerySql, typoHits, withTrigramFallback, type SearchHit, type SearchLang, type SearchQuery } from '../search/index.js';
import { kbArticleVariants, kbArticles } from './kb.tables.js';
import { articleVisibleSql } from './visibility.js';

/**
 * The query in the row's own language: a CASE over four constant queries (each computed once per
 * statement), not to_tsquery(row's configuration, text) evaluated again for every row.
 */
const rowQuery = (q: SearchQuery): SQL =>
  sql`(CASE ${kbArticleVariants.lang} WHEN 'de' THEN ${tsQuerySql(q, 'de')} WHEN 'nb' THEN ${tsQuerySql(q, 'nb')} WHEN 'ru' THEN ${tsQuerySql(q, 'ru')} ELSE ${tsQuerySql(q, 'en')} END)`;
/** The row's own configuration (the same CASE the stored tsvector is built with). */
const rowConfig: SQL = sql`(CASE ${kbArticleVariants.lang} WHEN 'de' THEN 'german'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END)`;

const LANGS: SearchLang[] = ['en', 'de', 'nb', 'ru'];

type Candidate = { id: string; lang: string; title: string; rank: number; updatedAt: Date };

/** One hit per article: the reader's language where it matched, else the best-ranked variant. */
function bestPerArticle(rows: Candidate[], lang: SearchLang): Candidate[] {
  const best = new Map<string, Candidate>();
  for (const r of rows) {
    const have = best.get(r.id);
    if (!have || (r.lang === lang && have.lang !== lang) || (have.lang !== lang && r.rank > have.rank)) best.set(r.id, r);
  }
  return [...best.values()].sort((a, b) => b.rank - a.rank);
}

async function toHits(ctx: Ctx, q: SearchQuery, rows: Candidate[]): Promise<SearchHit[]> {
  if (!rows.length) return [];
  const query = rowQuery(q);
  const snippets = await ctx.db
    .select({ id: kbArticleVariants.articleId, lang: kbArticleVariants.lang, snippet: headlineSql(rowConfig, kbArticleVariants.body, query).mapWith(String) })
    .from(kbArticleVariants)
    .where(or(...rows.map((r) => and(eq(kbArticleVariants.articleId, r.id), eq(kbArticleVariants.lang, r.lang)))));
  return rows.map((r) => ({
    kind: 'article' as const,
    id: r.id,
    ref: null,
    title: r.title,
    snippet: snippets.find((s) => s.id === r.id && s.lang === r.lang)?.snippet ?? '',
    url: `/kb/articles/${r.id}`,
    rank: Number(r.rank),
    updatedAt: r.updatedAt.toISOString(),
    lang: r.lang as SearchLang,
  }));
}

/**
 * Articles in search: full text over the live variants (each in its language's configuration, GIN
 * index on the stored tsvector), a typo fallback (title words similar to the terms, search's typoHits), and the reader rule
 * (articleVisibleSql) in both queries — signed out, public articles only.
 */
export async function searchArticles(ctx: Ctx, q: SearchQuery): Promise<SearchHit[]> {
  const visible = articleVisibleSql(ctx);
  const fetch = q.limit * 3;
  const fullText = (query: SearchQuery) => async () => {
    if (!query.prefix) {
      // The results page: full ranking (title and body) over every visible match.
      const rank = rankSql(kbArticleVariants.tsv, rowQuery(query), kbArticleVariants.publishedAt).mapWith(Number);
      const rows = await ctx.db
        .select({ id: kbArticles.id, lang: kbArticleVariants.lang, title: kbArticleVariants.title, rank, updatedAt: kbArticleVariants.publishedAt })
        .from(kbArticleVariants)
        .innerJoin(kbArticles, eq(kbArticles.id, kbArticleVariants.articleId))
        .where(and(visible, matchIn(query, kbArticleVariants.tsv)))
        .orderBy(desc(rank))
        .limit(fetch);
      return bestPerArticle(rows, query.lang).slice(0, query.limit);
    }
    // As you type: titles first (a small index and inline vectors), then bodies only when titles found
    // too few; the best-ranked candidates are checked against the reader rule (see windowed()).
    const titled = await windowed(ctx, query, visible, kbArticleVariants.titleTsv, fetch);
    const best = bestPerArticle(titled, query.lang);
    if (best.length >= query.limit) return best.slice(0, query.limit);
    const bodies = await windowed(ctx, query, visible, kbArticleVariants.tsv, fetch);
    return bestPerArticle([...titled, ...bodies], query.lang).slice(0, query.limit);
  };
  // Typos: the title words similar to each term (pg_trgm on the small word list) are accepted in its
  // place, and the titles' full-text index finds them; ranked at half, below any full-text hit.
  const typos = (exclude: string[]) =>
    typoHits(ctx.db, 'article', q, async (fq) => {
      const rows = (await windowed(ctx, fq, visible, kbArticleVariants.titleTsv, fetch)).filter((r) => !exclude.includes(r.id));
      return toHits(ctx, fq, bestPerArticle(rows, q.lang).slice(0, q.limit));
    });
  return withTrigramFallback(q, async () => toHits(ctx, q, await fullText(q)()), typos);
}

/**
 * The variants whose `vector` (tsv or title_tsv) matches, each in its own language's query. Each branch
 * is served by that language's partial GIN index (kb.tables.ts), exactly, without reading a row's
 * vector; the language is a literal (one of LANGS) so that the planner matches the index's predicate.
 */
function matchIn(q: SearchQuery, vector: typeof kbArticleVariants.tsv | typeof kbArticleVariants.titleTsv): SQL {
  return or(...LANGS.map((l) => sql`(${kbArticleVariants.lang} = ${sql.raw(`'${l}'`)} AND ${vector} @@ ${tsQuerySql(q, l)})`))!;
}

/** How many best-ranked candidates as-you-type search checks against the reader rule at first. */
const WINDOW = 100;

/**
 * Candidates as you type, cheaply: rank every matching variant on its title's inline vector and the
 * variant's own publish time (no body, no join), keep the best WINDOW, then apply the reader rule to
 * those only. A common prefix matches thousands of variants; joining each to its article for the rule
 * (and reading its body to rank) was most of the time. Should the rule leave fewer than `fetch` of a
 * full window (a reader who may see few articles), the same query runs without the window.
 */
async function windowed(ctx: Ctx, q: SearchQuery, visible: SQL, vector: typeof kbArticleVariants.tsv | typeof kbArticleVariants.titleTsv, fetch: number): Promise<Candidate[]> {
  const run = async (window: number | null) => {
    const rank = titleFirstRankSql(kbArticleVariants.titleTsv, rowQuery(q), kbArticleVariants.publishedAt);
    // Windowed, every candidate comes back with whether the reader may see it (a LEFT JOIN), so the
    // count of all matches is known even when the rule leaves none of the window.
    const rows = rowsOf<{ id: string; lang: string; title: string; rank: number; updated_at: Date | string; n: number; visible: boolean }>(
      await ctx.db.execute(sql`
        SELECT c.id, c.lang, c.title, c.rank, c.updated_at, c.n, (${kbArticles.id} IS NOT NULL) AS visible FROM (
          SELECT ${kbArticleVariants.articleId} AS id, ${kbArticleVariants.lang} AS lang, ${kbArticleVariants.title} AS title,
                 ${kbArticleVariants.publishedAt} AS updated_at, ${rank} AS rank, count(*) OVER () AS n
          FROM ${kbArticleVariants} WHERE ${matchIn(q, vector)}
          ORDER BY rank DESC ${window === null ? sql`` : sql`LIMIT ${window}`}
        ) c LEFT JOIN ${kbArticles} ON ${kbArticles.id} = c.id AND ${visible}
        ${window === null ? sql`WHERE ${kbArticles.id} IS NOT NULL` : sql``}
        ORDER BY c.rank DESC ${window === null ? sql`LIMIT ${fetch}` : sql``}`),
    );
    return {
      rows: rows
        .filter((r) => r.visible)
        .slice(0, fetch)
        .map((r) => ({ id: r.id, lang: r.lang, title: r.title, rank: Number(r.rank), updatedAt: new Date(r.updated_at) })),
      total: Number(rows[0]?.n ?? 0),
    };
  };
  const first = await run(WINDOW);
  // Enough, or the window held every match (none at all included): done.
  if (first.rows.length >= fetch || first.total <= WINDOW) return first.rows;
  return (await run(null)).rows;
}

/** Registers the article provider: anyone may search articles (the reader rule decides which). */
export function registerKbSearch(deps: Pick<AppDeps, 'searchProviders'>) {
  registerSearchProvider(deps, { kind: 'article', allowed: () => true, search: searchArticles });
}
