// The search module's public surface: the provider contract, the query helpers providers build their
// SQL from, the routes, and the deflection figures the ticket reports show.
export { registerSearchProvider, searchRegistry, type SearchHit, type SearchKind, type SearchLang, type SearchProvider, type SearchQuery, type SearchRegistry } from './registry.js';
export { parseSearchInput, searchLang, tsQueryText } from './query.js';
export {
  excludingSql,
  headlineSql,
  htmlEscapedSql,
  rankSql,
  recencySql,
  regconfigOf,
  scopedMatchSql,
  titleFirstRankSql,
  trigramMatchSql,
  trigramRankSql,
  tsQuerySql,
  withTrigramFallback,
  TRIGRAM_BELOW,
  type Regconfig,
} from './sql.js';
export { similarWords, typoHits, type WordKind } from './words.js';
export { searchRoutes } from './search.routes.js';
export { deflectionsPerMonthSql, hasLinkedArticleSql } from './deflection.service.js';
