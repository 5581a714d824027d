// The sites module's public surface (regions → sites → locations → racks, customers' entitlements):
// other modules import only from here.
export { sitesRoutes } from './sites.routes.js';
export { seedSitesDemo } from './demo.js';
export { entitledLocations, assertLocationsEntitled, locationRefs } from './entitled.js';
export type { LocationRef } from '../../../contracts/sites.js';
