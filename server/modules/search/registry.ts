import type { AuthedCtx, Ctx } from '../../platform/context.js';
import type { AppDeps } from '../../platform/deps.js';

/**
 * One search over the portal (issue 5). Each module that owns searchable things registers a provider;
 * the search module parses the input once, asks every provider the caller may use, merges by rank.
 * A provider enforces its own visibility rules in its SQL (org scope, article visibility, document
 * permission, own/watched tickets): the search module never filters afterwards. Kept narrow so an
 * OpenSearch/Meilisearch backend could implement the same `search` later.
 */
export type SearchKind = 'article' | 'document' | 'catalogue_item' | 'ticket' | 'order';

/** The languages the portal has; each maps to a PostgreSQL text search configuration. */
export type SearchLang = 'en' | 'de' | 'nb' | 'ru';

/** The caller's input, parsed once by the search module (parseSearchInput in ./query.ts). */
export type SearchQuery = {
  /** The words of the input joined by spaces (at most 200 characters typed are read): what trigram similarity compares. */
  text: string;
  /** Normalised words: lower-cased, tsquery operators, quotes, punctuation and emoji removed; at most 12. Never empty when a provider is called. */
  terms: string[];
  /** As-you-type: the last term is matched as a prefix (`term:*`). */
  prefix: boolean;
  /** The reader's language (their profile locale), used to pick a configuration and an article variant. */
  lang: SearchLang;
  /** How many hits a provider returns at most. */
  limit: number;
  /**
   * Typo fallback: per term (same index), words to accept in its place, e.g. the words of titles that
   * are similar to it. Each is letters and digits only. Absent: the terms alone.
   */
  alternatives?: readonly (readonly string[])[];
};

export type SearchHit = {
  kind: SearchKind;
  id: string;
  /** Human reference where the thing has one (INC0001234, ORD…), else null. */
  ref: string | null;
  title: string;
  /** Plain text with matches wrapped in <mark>…</mark>; everything else HTML-escaped (ts_headline over escaped text). */
  snippet: string;
  /** Portal path of the thing, e.g. /kb/articles/<id>, /tickets/<id>. */
  url: string;
  /** Higher is better; comparable across providers (ts_rank_cd with title weight A, normalised 0..1, plus recency boost). */
  rank: number;
  updatedAt: string;
  /** Language of the matched text (articles: the variant found). */
  lang: SearchLang | null;
};

export type SearchProvider = {
  kind: SearchKind;
  /** Whether this caller may search this kind at all (e.g. public visitors only see public articles). */
  allowed(ctx: Ctx): boolean;
  search(ctx: Ctx | AuthedCtx, q: SearchQuery): Promise<SearchHit[]>;
};

/** Per app instance (kept on AppDeps), so tests building several apps never share providers. */
export type SearchRegistry = { providers: Map<SearchKind, SearchProvider> };

export function searchRegistry(deps: Pick<AppDeps, 'searchProviders'>): SearchRegistry {
  if (!deps.searchProviders) deps.searchProviders = { providers: new Map() };
  return deps.searchProviders;
}

/** Registers the provider of a kind (replaces an earlier one of the same kind). */
export function registerSearchProvider(deps: Pick<AppDeps, 'searchProviders'>, provider: SearchProvider): void {
  searchRegistry(deps).providers.set(provider.kind, provider);
}
