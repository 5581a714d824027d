import { and, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../../platform/db/client.js';
import type { AppDeps } from '../../../platform/deps.js';
import type { OutboxEvent } from '../../../platform/outbox.js';
import { publish } from '../../../platform/realtime.js';
import { listStaffWith } from '../../identity/index.js';
import { notificationPreferences, notifications } from '../../notifications/index.js';

const TEXTS: Record<string, { title: (n: number) => string; body: (c: Record<string, number>) => string }> = {
  en: { title: (n) => (n === 1 ? '1 access event flagged' : `${n} access events flagged`), body: (c) => `Denied: ${c.denied ?? 0} · without a valid grant: ${c.no_grant ?? 0} · unknown badge: ${c.unknown_badge ?? 0}` },
  de: { title: (n) => (n === 1 ? '1 Zutrittsereignis markiert' : `${n} Zutrittsereignisse markiert`), body: (c) => `Abgewiesen: ${c.denied ?? 0} · ohne gültige Berechtigung: ${c.no_grant ?? 0} · unbekannter Ausweis: ${c.unknown_badge ?? 0}` },
  nb: { title: (n) => (n === 1 ? '1 adgangshendelse flagget' : `${n} adgangshendelser flagget`), body: (c) => `Avvist: ${c.denied ?? 0} · uten gyldig tillatelse: ${c.no_grant ?? 0} · ukjent kort: ${c.unknown_badge ?? 0}` },
  ru: { title: (n) => `Отмечено событий доступа: ${n}`, body: (c) => `Отклонено: ${c.denied ?? 0} · без действующего пропуска: ${c.no_grant ?? 0} · неизвестная карта: ${c.unknown_badge ?? 0}` },
};

/**
 * Flagged access events (a batch's worth at a time) tell the provider's staff who manage access, in the
 * portal (the bell; their switch `access_flagged`), in their language, linking to /access.
 */
export async function notifyFlagged(tx: Tx, event: OutboxEvent): Promise<void> {
  const count = Number(event.payload.count ?? 0);
  if (!count) return;
  const counts = (event.payload.counts ?? {}) as Record<string, number>;
  const staff = await listStaffWith(tx, 'access.manage');
  if (!staff.length) return;
  const off = await tx
    .select({ userId: notificationPreferences.userId })
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, staff.map((s) => s.id)), eq(notificationPreferences.event, 'access_flagged'), eq(notificationPreferences.channel, 'portal'), eq(notificationPreferences.enabled, false)));
  const muted = new Set(off.map((o) => o.userId));
  for (const u of staff) {
    if (muted.has(u.id)) continue;
    const t = TEXTS[u.locale] ?? TEXTS.en!;
    const id = uuidv7();
    await tx.insert(notifications).values({ id, orgId: u.orgId, userId: u.id, event: 'access_flagged', topic: event.topic, title: t.title(count), body: t.body(counts) });
    await publish(tx, { event: 'notification', data: { id }, audience: [{ userId: u.id }] });
  }
}

export function subscribeAccess(deps: Pick<AppDeps, 'events'>) {
  deps.events.onEvent('access.events_flagged', notifyFlagged);
}
