import { sql, type SQL } from 'drizzle-orm';
import type { SearchHit, SearchLang, SearchQuery } from './registry.js';
import { tsQueryText } from './query.js';

/** A PostgreSQL text search configuration: one per portal language, `simple` for text of no known language. */
export type Regconfig = 'english' | 'german' | 'norwegian' | 'russian' | 'simple';

const CONFIGS: Record<SearchLang, Regconfig> = { en: 'english', de: 'german', nb: 'norwegian', ru: 'russian' };

/** The configuration of a language (all four exist in PostgreSQL and PGlite: search.test.ts checks). */
export function regconfigOf(lang: SearchLang): Regconfig {
  return CONFIGS[lang];
}

/**
 * to_tsquery of the parsed input as a SQL fragment. `config` is a language, `simple`, `any` (the
 * union of the four languages' queries, for rows whose vector holds several languages) or a SQL
 * expression naming a regconfig (a row's own configuration column). The query text is a parameter.
 */
export function tsQuerySql(q: Pick<SearchQuery, 'terms' | 'prefix' | 'alternatives'>, config: SearchLang | 'simple' | 'any' | SQL): SQL {
  const text = tsQueryText(q);
  if (config === 'any') {
    return sql`(${sql.join(
      Object.values(CONFIGS).map((c) => sql`to_tsquery(${c}::regconfig, ${text}::text)`),
      sql` || `,
    )})`;
  }
  if (typeof config === 'string') return sql`to_tsquery(${config === 'simple' ? 'simple' : regconfigOf(config)}::regconfig, ${text}::text)`;
  return sql`to_tsquery(${config}, ${text}::text)`;
}

/**
 * Search within one organisation (or any other uuid scope) without reading the others' index entries.
 * A prefix query (`pow:*`) on an index shared by all organisations expands to every lexeme starting
 * with "pow" of every organisation and intersects afterwards: on a million tickets that dominated the
 * time. The expression index `portico_scoped_tsvector(org_id, vector)` (SQL functions in the migration
 * 0011) stores each lexeme prefixed by 8 hex digits of md5(org_id), so the same prefix query, prefixed
 * alike, reads only this organisation's entries. The prefix is an index key, not a rule: the caller's
 * condition on the scope column (`scopeColumn = scope`, added here) decides. Scope null (staff who read
 * every organisation): the plain match on the shared index.
 */
export function scopedMatchSql(scopeColumn: unknown, vector: unknown, scope: string | null, query: SQL): SQL {
  if (scope === null) return sql`${vector} @@ ${query}`;
  return sql`portico_scoped_tsvector(${scopeColumn}, ${vector}) @@ portico_scoped_tsquery(${scope}::uuid, ${query}) AND ${scopeColumn} = ${scope}::uuid`;
}

/**
 * Markdown's markup taken out of a text for a snippet (articles, ticket descriptions and catalogue texts
 * are Markdown): links and images keep their text, emphasis and code marks go, and so do the markers of
 * headings, quotes, callouts and lists at the start of a line.
 */
export function markdownAsTextSql(text: SQL): SQL {
  const links = sql`regexp_replace(${text}, ${'!?\\[([^\\]]*)\\]\\([^)]*\\)'}::text, ${'\\1'}::text, 'g')`;
  const marks = sql`regexp_replace(${links}, ${'\\*\\*|__|`+|\\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\\]'}::text, '', 'g')`;
  return sql`regexp_replace(${marks}, ${'(^|\\n)[ \\t]{0,3}(#{1,6}|>+|[-*+]|[0-9]+\\.)[ \\t]+'}::text, ${'\\1'}::text, 'g')`;
}

/** HTML-escapes a text expression in SQL, so ts_headline's <mark> are the only tags in a snippet. */
export function htmlEscapedSql(text: SQL | SQL.Aliased | unknown): SQL {
  return sql`replace(replace(replace(replace(replace(${text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')`;
}

/** How much of a long text ts_headline reads (it parses all it is given). */
export const HEADLINE_SOURCE_CHARS = 4000;

/**
 * A snippet: ts_headline over the HTML-escaped start of `text`, matches in <mark>…</mark>. Without a
 * match (a trigram hit) it is the text's first words. Evaluate it only on the rows a page returns.
 */
export function headlineSql(config: Regconfig | SQL, text: unknown, query: SQL): SQL {
  const cfg = typeof config === 'string' ? sql`${config}::regconfig` : config;
  return sql`ts_headline(${cfg}, ${htmlEscapedSql(markdownAsTextSql(sql`left(coalesce(${text}, ''), ${HEADLINE_SOURCE_CHARS}::int)`))}, ${query},
    'StartSel=<mark>, StopSel=</mark>, MaxWords=28, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "')`;
}

/** Share of the rank that comes from the text; the rest is recency. */
const TEXT_WEIGHT = 0.85;
/** Recency halves after this many days. */
const RECENCY_DAYS = 30;

/**
 * The rank of a row, 0..1, comparable across providers: ts_rank_cd with the weights
 * D 0.1, C 0.2, B 0.4, A 1.0 (titles are A) normalised to rank/(rank+1), plus a small boost for
 * recent rows (at most 0.15, halving every 30 days) — less than what a title match adds over a body
 * match, so recency only orders matches of the same strength.
 */
export function rankSql(vector: unknown, query: SQL, updatedAt: unknown): SQL<number> {
  return sql<number>`(${TEXT_WEIGHT}::float8 * ts_rank_cd('{0.1, 0.2, 0.4, 1.0}'::float4[], ${vector}, ${query}, 32) + ${recencySql(updatedAt)})::float8`;
}

/**
 * What rankSql gives a row whose body alone matches once (weight B 0.4, normalised 0.4/1.4).
 */
const BODY_MATCH_RANK = 0.4 / 1.4;

/**
 * A cheaper rank for search as you type over long texts: the title's own small vector decides
 * (ts_rank_cd as in rankSql), a row whose title does not match counts as one body match, plus
 * recency. Ranking on the full vector reads (detoasts) every candidate's body: on 50,000 articles a
 * common prefix matches thousands, which was most of the time. The full results page keeps rankSql.
 */
export function titleFirstRankSql(titleVector: unknown, query: SQL, updatedAt: unknown): SQL<number> {
  return sql<number>`(${TEXT_WEIGHT}::float8 * greatest(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}'::float4[], ${titleVector}, ${query}, 32), ${BODY_MATCH_RANK}::float4) + ${recencySql(updatedAt)})::float8`;
}

/** The recency part of a rank (0..0.15). */
export function recencySql(updatedAt: unknown): SQL<number> {
  return sql<number>`(${1 - TEXT_WEIGHT}::float8 / (1 + greatest(0, extract(epoch FROM now() - ${updatedAt}))::float8 / ${RECENCY_DAYS * 86400}::float8))::float8`;
}

/**
 * Typo tolerance: a title whose best-matching stretch is similar to what was typed (pg_trgm's `<%`,
 * word_similarity ≥ pg_trgm.word_similarity_threshold, 0.6 by default; a GIN gin_trgm_ops index
 * serves it). Rank: half the similarity, so a full-text hit usually ranks above, plus recency.
 */
export function trigramMatchSql(q: Pick<SearchQuery, 'text'>, title: unknown): SQL {
  return sql`${q.text}::text <% ${title}`;
}
export function trigramRankSql(q: Pick<SearchQuery, 'text'>, title: unknown, updatedAt: unknown): SQL<number> {
  return sql<number>`(${TEXT_WEIGHT / 2}::float8 * word_similarity(${q.text}::text, ${title}) + ${recencySql(updatedAt)})::float8`;
}

/** Below this many full-text hits a provider also asks the trigram index (a typo finds nothing else). */
export const TRIGRAM_BELOW = 3;

/**
 * Full-text first; when that finds fewer than TRIGRAM_BELOW hits, the trigram fallback adds what it
 * finds beyond them (never the same thing twice). Both run the provider's own visibility rule.
 */
export async function withTrigramFallback(q: SearchQuery, fullText: () => Promise<SearchHit[]>, trigram: (exclude: string[]) => Promise<SearchHit[]>): Promise<SearchHit[]> {
  const hits = await fullText();
  if (hits.length >= Math.min(TRIGRAM_BELOW, q.limit) || q.text.length < 3) return hits;
  const more = await trigram(hits.map((h) => h.id));
  return [...hits, ...more].sort((a, b) => b.rank - a.rank).slice(0, q.limit);
}

/** A NOT IN list for the fallback (empty list: no condition). */
export function excludingSql(idColumn: unknown, ids: string[]): SQL {
  return ids.length ? sql`AND ${idColumn} NOT IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
}
