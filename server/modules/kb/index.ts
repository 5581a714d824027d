// The knowledge base's public surface (issue 5): routes, the search provider, demo articles, tables.
export { kbRoutes } from './kb.routes.js';
export { registerKbSearch, searchArticles } from './search-provider.js';
export { seedKbDemo } from './demo.js';
export { articleVisibleSql } from './visibility.js';
export { kbArticles, kbArticleVariants } from './kb.tables.js';
