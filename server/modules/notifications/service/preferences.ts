import { and, eq, sql } from 'drizzle-orm';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_EVENTS,
  UpdateNotificationPreferences,
  type NotificationPreferences,
} from '../../../../contracts/notifications.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requirePermission, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { notificationPreferences } from '../notifications.tables.js';

async function load(db: DbOrTx, ctx: AuthedCtx): Promise<NotificationPreferences> {
  const rows = await db
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.orgId, ctx.actor.orgId), eq(notificationPreferences.userId, ctx.actor.userId)));
  const off = new Set(rows.filter((r) => !r.enabled).map((r) => `${r.event}:${r.channel}`));
  return Object.fromEntries(
    NOTIFICATION_EVENTS.map((e) => [e, Object.fromEntries(NOTIFICATION_CHANNELS.map((ch) => [ch, !off.has(`${e}:${ch}`)]))]),
  ) as NotificationPreferences;
}

/** My notification switches per event and channel (all on unless turned off). Requires `profile.manage`. */
export async function getMyPreferences(ctx: Ctx): Promise<NotificationPreferences> {
  requirePermission(ctx, 'profile.manage');
  return load(ctx.db, ctx);
}

/** Sets the switches named; others stay as they are. Requires `profile.manage`. */
export async function updateMyPreferences(ctx: Ctx, input: UpdateNotificationPreferences): Promise<NotificationPreferences> {
  requirePermission(ctx, 'profile.manage');
  const data = UpdateNotificationPreferences.parse(input);
  const rows = Object.entries(data).flatMap(([event, switches]) =>
    Object.entries(switches ?? {})
      .filter((s): s is [string, boolean] => typeof s[1] === 'boolean')
      .map(([channel, enabled]) => ({ orgId: ctx.actor.orgId, userId: ctx.actor.userId, event, channel, enabled, updatedAt: new Date() })),
  );
  return withTx(ctx, async (tx) => {
    if (rows.length === 0) return load(tx, ctx);
    const before = await load(tx, ctx);
    await tx
      .insert(notificationPreferences)
      .values(rows)
      .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.event, notificationPreferences.channel], set: { enabled: sql`excluded.enabled`, updatedAt: sql`excluded.updated_at` } });
    const after = await load(tx, ctx);
    await audit(tx, auditSource(ctx), { orgId: ctx.actor.orgId, action: 'notification_preferences.updated', targetType: 'user', targetId: ctx.actor.userId, before, after });
    return after;
  });
}
