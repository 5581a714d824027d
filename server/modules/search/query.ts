import type { SearchLang, SearchQuery } from './registry.js';

/** At most this many characters of the input are looked at (a 10,000-character paste is cut, not refused). */
export const MAX_TEXT = 200;
/** At most this many words go into a query. */
export const MAX_TERMS = 12;
/** A single word longer than this is cut (PostgreSQL refuses lexemes over 2 kB; nobody types 64 letters). */
const MAX_TERM_LENGTH = 64;

const LANGS: readonly SearchLang[] = ['en', 'de', 'nb', 'ru'];

/** A language the portal has, or English. */
export function searchLang(raw: string | null | undefined): SearchLang {
  const l = (raw ?? '').toLowerCase().slice(0, 2);
  return (LANGS as readonly string[]).includes(l) ? (l as SearchLang) : 'en';
}

/**
 * Turns whatever was typed into a query: words are runs of letters, combining marks and digits
 * (so tsquery operators & | ! <-> : * ( ), quotes, punctuation and emoji separate words and never reach
 * to_tsquery), lower-cased, de-duplicated, at most MAX_TERMS. Pure; the providers get terms that are
 * safe to join with ` & `. No words: `terms` is empty and the search module calls no provider.
 */
export function parseSearchInput(raw: unknown, lang: string | null | undefined, opts: { prefix?: boolean; limit?: number } = {}): SearchQuery {
  const input = typeof raw === 'string' ? raw : '';
  // Cut before the work (a 10,000-character string costs nothing), on a code point boundary.
  const text = Array.from(input.slice(0, MAX_TEXT * 2)).slice(0, MAX_TEXT).join('').normalize('NFC').replace(/\s+/g, ' ').trim();
  const words = text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  const terms: string[] = [];
  for (const w of words) {
    const term = Array.from(w).slice(0, MAX_TERM_LENGTH).join('');
    // A word made of combining marks alone (what is left of some emoji sequences) is no word.
    if (!/[\p{L}\p{N}]/u.test(term) || terms.includes(term)) continue;
    terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  const limit = Math.min(50, Math.max(1, Math.trunc(opts.limit ?? 10) || 10));
  // Trigram similarity compares against what was typed, without the operators.
  return { text: terms.join(' '), terms, prefix: opts.prefix ?? true, lang: searchLang(lang), limit };
}

/** A word as parseSearchInput makes them: letters, combining marks and digits only (safe in to_tsquery's text). */
const WORD = /^[\p{L}\p{M}\p{N}]+$/u;

/**
 * The to_tsquery text of a query: terms joined by `&`, the last one `:*` when typing, each with its
 * alternatives (if any) as `(term | alternative …)`. Each term is
 * letters and digits only (parseSearchInput), and the text goes to PostgreSQL as a parameter.
 */
export function tsQueryText(q: Pick<SearchQuery, 'terms' | 'prefix' | 'alternatives'>): string {
  return q.terms
    .map((t, i) => {
      const term = q.prefix && i === q.terms.length - 1 && Array.from(t).length >= MIN_PREFIX ? `${t}:*` : t;
      const alternatives = (q.alternatives?.[i] ?? []).filter((a) => a !== t && WORD.test(a));
      return alternatives.length ? `(${[term, ...alternatives].join(' | ')})` : term;
    })
    .join(' & ');
}

/**
 * A word is matched as a prefix from this many letters on: `po:*` would expand to every word starting
 * with "po" in every row (on a million tickets, most of a search's time); two letters match as a word.
 */
export const MIN_PREFIX = 3;
