// The orders module's public surface ("Order something": orders, approvals, fulfilment): other modules import only from here.
export {
  registerOrderKind,
  registerDependencyProvider,
  orderRegistry,
  type OrderKindHandler,
  type OrderFacts,
  type OrderDependency,
  type DependencyProvider,
  type OrderRegistry,
} from './registry.js';
export { ordersRoutes } from './orders.routes.js';
export { seedOrdersDemo } from './service/demo.js';
/** Search (issue 5): the caller's orders. */
export { orderSearchProvider } from './search-provider.js';
export { orderNoticeFacts, orderEntry, customerStepApprovers, supportGroupNames, supportGroupMembers, type OrderNoticeFacts } from './service/order-facts.js';
export { orders, orderEvents, orderApprovals, orderTasks, orderFiles } from './orders.tables.js';
