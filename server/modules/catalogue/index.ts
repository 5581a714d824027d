// The catalogue module's public surface: other modules import only from here.
export { catalogueRoutes } from './catalogue.routes.js';
export { seedCatalogueDemo } from './service/demo.js';
export { getOrderableItem, mayOrder, recordItemOrdered } from './service/catalogue.js';
export type { OrderableItem } from '../../../contracts/catalogue.js';
