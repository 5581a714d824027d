import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { rowsOf } from '../../platform/db/client.js';
import type { SearchHit, SearchQuery } from './registry.js';
import { searchWords } from './search.tables.js';

/** The kinds of items whose title words are kept in search_words (by triggers, migration 0012). */
export type WordKind = 'article' | 'ticket';

/** At most this many similar words stand in for one term. */
const SIMILAR_WORDS = 5;

/** A typo hit's rank is this share of what the same match would rank without the typo. */
const TYPO_RANK = 0.5;

/**
 * For each term (3 letters or more; same index as `terms`), the title words of `kind` most similar to
 * it, best first: word similarity (pg_trgm's `<%`, at least pg_trgm.word_similarity_threshold, 0.5 in
 * Portico's connections: a letter missing, doubled or swapped, or the term is most of a longer word),
 * served by the GIN trigram index on search_words. Not `%` (plain similarity): in PGlite it answers no
 * row and then stalls the connection. Use the result as SearchQuery.alternatives.
 */
export async function similarWords(db: Db, kind: WordKind, terms: string[]): Promise<string[][]> {
  const wanted = terms.map((t, i) => ({ t, i })).filter(({ t }) => Array.from(t).length >= 3);
  const out = terms.map(() => [] as string[]);
  if (!wanted.length) return out;
  // One subquery per term with the term as a constant, so that the planner sees it and takes the
  // trigram index (a lateral join over unnest() left it a parameter, and PostgreSQL scanned every word).
  const perTerm = wanted.map(
    ({ t, i }) => sql`(SELECT ${i}::int AS i, ${searchWords.word} AS word FROM ${searchWords}
      WHERE ${searchWords.kind} = ${kind} AND ${t}::text <% ${searchWords.word}
      ORDER BY word_similarity(${t}::text, ${searchWords.word}) DESC, similarity(${t}::text, ${searchWords.word}) DESC, ${searchWords.word}
      LIMIT ${SIMILAR_WORDS})`,
  );
  const rows = rowsOf<{ i: number; word: string }>(await db.execute(sql.join(perTerm, sql` UNION ALL `)));
  for (const r of rows) out[Number(r.i)]!.push(r.word);
  return out;
}

/**
 * The typo fallback of a provider whose titles' words are in search_words: the words similar to each
 * term become the query's alternatives, `search` (the provider's own full-text query, with its own rule)
 * runs with them, and its hits rank at TYPO_RANK. No similar word at all: no hits, no query.
 */
export async function typoHits(db: Db, kind: WordKind, q: SearchQuery, search: (q: SearchQuery) => Promise<SearchHit[]>): Promise<SearchHit[]> {
  const alternatives = await similarWords(db, kind, q.terms);
  if (!alternatives.some((a) => a.length)) return [];
  return (await search({ ...q, alternatives })).map((h) => ({ ...h, rank: h.rank * TYPO_RANK }));
}
