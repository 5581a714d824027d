import { NOTIFICATION_EVENTS } from '../../../contracts/notifications';

/** Events only provider staff are ever told about (contracts/notifications.ts): customers need no switch for them. */
export const STAFF_ONLY_EVENTS: readonly string[] = ['internal_note', 'sla_alert', 'ticket_rated', 'order_task_assigned', 'access_flagged'];

/**
 * The events to offer switches for, in the server's order: known events first in the contract's
 * order, then any the server knows and this build does not yet (they still get a row), leaving out
 * the staff-only ones for customers.
 */
export function preferenceEvents(serverEvents: readonly string[], staff: boolean): string[] {
  const known = NOTIFICATION_EVENTS.filter((e) => serverEvents.includes(e));
  const unknown = serverEvents.filter((e) => !(NOTIFICATION_EVENTS as readonly string[]).includes(e));
  return [...known, ...unknown].filter((e) => staff || !STAFF_ONLY_EVENTS.includes(e));
}

/** A readable name for an event code no translation knows yet: "attachment_added" → "Attachment added". */
export function humanizeEvent(event: string): string {
  const words = event.replace(/[._-]+/g, ' ').trim().toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : event;
}

type Translate = { t: (key: string) => string; exists: (key: string) => boolean };

/** The translated name of an event (`bell.events.<event>`), or a readable fallback for a new one. */
export function eventLabel({ t, exists }: Translate, event: string): string {
  const key = `bell.events.${event}`;
  return exists(key) ? t(key) : humanizeEvent(event);
}
