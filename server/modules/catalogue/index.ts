// The catalogue module's public surface: other modules import only from here.
export { catalogueRoutes } from './catalogue.routes.js';
export { seedCatalogueDemo } from './service/demo.js';
export { getOrderableItem, mayOrder, recordItemOrdered } from './service/catalogue.js';
/** Search (issue 5): catalogue items the reader may see. */
export { catalogueSearchProvider } from './search-provider.js';
export type { OrderableItem } from '../../../contracts/catalogue.js';
