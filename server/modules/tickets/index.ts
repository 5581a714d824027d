// The tickets module's public surface ("Get help"): other modules import only from here.
export { ticketsRoutes } from './tickets.routes.js';
export { renderMarkdown } from './markdown.js';
