import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MarkNotificationsRead, NotificationPage, NotificationPreferences, NotificationQuery, UpdateNotificationPreferences } from '../../../contracts/notifications.js';
import { listMyNotifications, markMyNotificationsRead } from './service/my-notifications.js';
import { getMyPreferences, updateMyPreferences } from './service/preferences.js';

/** /api/v1 routes of notifications: the caller's own bell and switches. */
export async function notificationsRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  app.get('/api/v1/notifications', { schema: { tags, summary: 'My notifications, newest first', querystring: NotificationQuery, response: { 200: NotificationPage } } }, async (req) => listMyNotifications(req.ctx, req.query));
  app.post('/api/v1/notifications/read', { schema: { tags, summary: 'Mark some or all of my notifications read', body: MarkNotificationsRead, response: { 200: z.object({ unreadCount: z.number().int() }) } } }, async (req) => markMyNotificationsRead(req.ctx, req.body));
  app.get('/api/v1/me/notification-preferences', { schema: { tags, summary: 'My notification switches per event and channel', response: { 200: NotificationPreferences } } }, async (req) => getMyPreferences(req.ctx));
  app.put('/api/v1/me/notification-preferences', { schema: { tags, summary: 'Set notification switches (those not named stay)', body: UpdateNotificationPreferences, response: { 200: NotificationPreferences } } }, async (req) => updateMyPreferences(req.ctx, req.body));
}
