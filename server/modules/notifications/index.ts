// The notifications module's public surface: who is told what about tickets, in the portal and by mail.
export { notificationsRoutes } from './notifications.routes.js';
export { subscribeTicketEvents as subscribeNotifications } from './service/on-ticket-event.js';
export { notifications, notificationPreferences } from './notifications.tables.js';
export { notificationJobs, pruneReadNotifications, READ_NOTIFICATION_DAYS } from './service/prune.js';
