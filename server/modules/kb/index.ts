// The knowledge base's public surface (issue 5): routes, the search provider, demo articles, tables.
export { kbRoutes } from './kb.routes.js';
export { registerKbSearch, searchArticles } from './search-provider.js';
export { seedKbDemo } from './demo.js';
export { articleVisibleSql } from './visibility.js';
export { kbArticles, kbArticleVariants } from './kb.tables.js';
/** Known errors: the article of a problem (for its authors), and the subscriber that puts it up for review when the problem's workaround changes. */
export { knownErrorOfProblem } from './service/manage.js';
import type { AppDeps } from '../../platform/deps.js';
import { onWorkaroundChanged } from './service/manage.js';
export function registerKbEvents(deps: Pick<AppDeps, 'events'>) {
  deps.events.onEvent('ticket.workaround_changed', onWorkaroundChanged);
}
