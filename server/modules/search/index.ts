// The search module's public surface (the module itself is being built: issue 5).
export { registerSearchProvider, searchRegistry, type SearchHit, type SearchKind, type SearchLang, type SearchProvider, type SearchQuery, type SearchRegistry } from './registry.js';
