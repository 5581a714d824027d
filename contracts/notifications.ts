import { z } from 'zod';

/**
 * Notifications: what a user is told about tickets, in the portal (the bell) and by e-mail, and the
 * switches per event and channel. Shared by server and web.
 */
export const NOTIFICATION_EVENTS = [
  'ticket_created', // requester: confirmation; staff: a new ticket
  'ticket_assigned', // the assignee; the customer: who is handling it (portal only)
  'ticket_reply', // a public reply from the other side
  'internal_note', // staff only: a note on a ticket assigned to me
  'status_changed',
  'ticket_resolved', // with the request for a rating
  'sla_alert', // staff only: an SLA target at 75 % or missed (a miss also tells the group lead)
  'ticket_merged', // the requester of a duplicate: which ticket continues
  'ticket_rated', // staff only: the assignee (and the group lead for a score of 2 or less)
  'ticket_watching', // someone else added me as a watcher of a ticket
  'order_submitted', // the requester: receipt of an order
  'order_approval_requested', // approvers: an order waits for my decision (with the approval link)
  'order_approved', // the requester: a step or the whole order was approved
  'order_rejected',
  'order_in_fulfilment',
  'order_completed',
  'order_cancelled',
  'order_comment', // a comment or file on an order from the other side
  'order_task_assigned', // staff: a fulfilment task for my group, or assigned to me
  'access_flagged', // staff with access.manage: access events flagged (denied, no valid grant, unknown badge)
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const NOTIFICATION_CHANNELS = ['email', 'portal'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

const Iso = z.iso.datetime({ offset: true });

export const NotificationDto = z
  .object({
    id: z.uuid(),
    event: z.enum(NOTIFICATION_EVENTS),
    ticket: z.object({ id: z.uuid(), ref: z.string() }).nullable(),
    /** The order a notice is about (order events); null for ticket notices. */
    order: z.object({ id: z.uuid(), ref: z.string() }).nullable().optional(),
    /** Rendered in the recipient's language when it was sent. Plain text: show it as text, never as HTML. */
    title: z.string(),
    body: z.string(),
    /** Where it leads in the portal (a path). */
    url: z.string(),
    readAt: Iso.nullable(),
    createdAt: Iso,
  })
  .meta({ id: 'Notification' });
export type NotificationDto = z.infer<typeof NotificationDto>;

export const NotificationQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Only unread (true) or only read (false) ones. */
  unread: z.stringbool().optional(),
});
export type NotificationQuery = z.input<typeof NotificationQuery>;

export const NotificationPage = z
  .object({ items: z.array(NotificationDto), nextCursor: z.string().nullable(), unreadCount: z.number().int() })
  .meta({ id: 'NotificationPage' });
export type NotificationPage = z.infer<typeof NotificationPage>;

/** Mark some (ids) or all of my notifications read. */
export const MarkNotificationsRead = z.strictObject({
  ids: z.array(z.uuid()).min(1).max(200).optional(),
  all: z.boolean().optional(),
});
export type MarkNotificationsRead = z.input<typeof MarkNotificationsRead>;

const Channels = z.object({ email: z.boolean(), portal: z.boolean() });
const ChannelSwitches = z.strictObject({ email: z.boolean().optional(), portal: z.boolean().optional() });
/** One entry per event, so a new event cannot be forgotten in either shape. */
const perEvent = <T extends z.ZodType>(schema: T) => Object.fromEntries(NOTIFICATION_EVENTS.map((e) => [e, schema])) as Record<NotificationEvent, T>;

/** Every event with both channels; all on unless the user switched them off. */
export const NotificationPreferences = z.object(perEvent(Channels)).meta({ id: 'NotificationPreferences' });
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** The switches to set; events and channels not named stay as they are. Unknown events are refused. */
export const UpdateNotificationPreferences = z.strictObject(perEvent(ChannelSwitches.optional()));
export type UpdateNotificationPreferences = z.input<typeof UpdateNotificationPreferences>;
