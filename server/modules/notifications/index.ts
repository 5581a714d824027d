// The notifications module's public surface: who is told what about tickets, in the portal and by mail.
export { notificationsRoutes } from './notifications.routes.js';
import type { AppDeps } from '../../platform/deps.js';
import { subscribeTicketEvents } from './service/on-ticket-event.js';
import { subscribeOrderEvents } from './service/on-order-event.js';
/** Subscribes the notifications module to the tickets' and the orders' events. */
export function subscribeNotifications(deps: Pick<AppDeps, 'events' | 'config' | 'mailer' | 'mailTokens'>) {
  subscribeTicketEvents(deps);
  subscribeOrderEvents(deps);
}
export { notifications, notificationPreferences } from './notifications.tables.js';
export { notificationJobs, pruneReadNotifications, READ_NOTIFICATION_DAYS } from './service/prune.js';
