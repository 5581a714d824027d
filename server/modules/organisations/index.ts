// The organisations module's public surface.
export { organisationsRoutes } from './organisations.routes.js';
export { slugify } from './organisations.service.js';
export { organizations } from '../../platform/tenancy.js';
