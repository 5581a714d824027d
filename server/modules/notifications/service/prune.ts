import { and, isNotNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { ScheduledJob } from '../../../platform/jobs.js';
import { notifications } from '../notifications.tables.js';

/** Read notifications are kept this long; unread ones stay until they are read. */
export const READ_NOTIFICATION_DAYS = 90;

/** Deletes read notifications older than READ_NOTIFICATION_DAYS (by when they were sent); returns how many. */
export async function pruneReadNotifications(db: DbOrTx, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - READ_NOTIFICATION_DAYS * 86_400_000);
  const gone = await db
    .delete(notifications)
    .where(and(isNotNull(notifications.readAt), lt(notifications.createdAt, before)))
    .returning({ id: notifications.id });
  return gone.length;
}

/** The module's scheduled jobs: the prune once a day. */
export const notificationJobs = (db: DbOrTx): ScheduledJob[] => [
  { name: 'notifications.prune', cron: '37 3 * * *', handler: async () => void (await pruneReadNotifications(db)) },
];
