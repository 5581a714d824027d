import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { AppDeps } from '../../platform/deps.js';
import { excludingSql, headlineSql, rankSql, registerSearchProvider, trigramMatchSql, trigramRankSql, tsQuerySql, withTrigramFallback, type SearchHit, type SearchLang, type SearchQuery } from '../search/index.js';
import { kbArticleVariants, kbArticles } from './kb.tables.js';
import { articleVisibleSql } from './visibility.js';

const LANGS: SearchLang[] = ['en', 'de', 'nb', 'ru'];
/** The row's own configuration (the same CASE the stored tsvector is built with). */
const rowConfig: SQL = sql`(CASE ${kbArticleVariants.lang} WHEN 'de' THEN 'german'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END)`;

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
  const query = tsQuerySql(q, rowConfig);
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
 * index on the stored tsvector), a trigram fallback on titles for typos, and the reader rule
 * (articleVisibleSql) in both queries — signed out, public articles only.
 */
export async function searchArticles(ctx: Ctx, q: SearchQuery): Promise<SearchHit[]> {
  const visible = articleVisibleSql(ctx);
  const fetch = q.limit * 3;
  const fullText = async () => {
    const match = or(...LANGS.map((l) => and(eq(kbArticleVariants.lang, l), sql`${kbArticleVariants.tsv} @@ ${tsQuerySql(q, l)}`)));
    const rank = rankSql(kbArticleVariants.tsv, tsQuerySql(q, rowConfig), kbArticles.updatedAt).mapWith(Number);
    const rows = await ctx.db
      .select({ id: kbArticles.id, lang: kbArticleVariants.lang, title: kbArticleVariants.title, rank, updatedAt: kbArticles.updatedAt })
      .from(kbArticleVariants)
      .innerJoin(kbArticles, eq(kbArticles.id, kbArticleVariants.articleId))
      .where(and(visible, match))
      .orderBy(desc(rank))
      .limit(fetch);
    return toHits(ctx, q, bestPerArticle(rows, q.lang).slice(0, q.limit));
  };
  const trigram = async (exclude: string[]) => {
    const rank = trigramRankSql(q, kbArticleVariants.title, kbArticles.updatedAt).mapWith(Number);
    const rows = await ctx.db
      .select({ id: kbArticles.id, lang: kbArticleVariants.lang, title: kbArticleVariants.title, rank, updatedAt: kbArticles.updatedAt })
      .from(kbArticleVariants)
      .innerJoin(kbArticles, eq(kbArticles.id, kbArticleVariants.articleId))
      .where(and(visible, trigramMatchSql(q, kbArticleVariants.title), sql`TRUE ${excludingSql(kbArticles.id, exclude)}`))
      .orderBy(desc(rank))
      .limit(fetch);
    return toHits(ctx, q, bestPerArticle(rows, q.lang).slice(0, q.limit));
  };
  return withTrigramFallback(q, fullText, trigram);
}

/** Registers the article provider: anyone may search articles (the reader rule decides which). */
export function registerKbSearch(deps: Pick<AppDeps, 'searchProviders'>) {
  registerSearchProvider(deps, { kind: 'article', allowed: () => true, search: searchArticles });
}
