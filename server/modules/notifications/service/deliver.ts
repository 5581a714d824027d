import { and, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { NotificationChannel, NotificationEvent } from '../../../../contracts/notifications.js';
import { isProviderRole } from '../../../../contracts/permissions.js';
import type { Tx } from '../../../platform/db/client.js';
import type { AppDeps } from '../../../platform/deps.js';
import { publishMany } from '../../../platform/realtime.js';
import { userRefs } from '../../identity/index.js';
import { renderNotice, type NoticeTemplate, type NoticeVars } from '../notification-templates.js';
import { notificationPreferences, notifications } from '../notifications.tables.js';

/** One person to tell, how, and on which template. */
export type Notice = {
  userId: string;
  template: NoticeTemplate;
  event: NotificationEvent;
  channels: readonly NotificationChannel[];
  /** Staff-only content (internal notes, new-ticket alerts): dropped for anyone who is not provider staff. */
  staffOnly?: boolean;
  /** The one exception to "never tell the actor": the requester's receipt of a ticket they opened. */
  evenToActor?: boolean;
};

export type NoticeContext = {
  topic: string;
  ticket: { id: string; ref: string; title: string; orgId: string };
  actorId: string | null;
  vars: Omit<NoticeVars, 'ref' | 'title' | 'url'>;
};

export type NotifyDeps = Pick<AppDeps, 'config' | 'mailer' | 'mailTokens'>;

/** Mail subjects are one line, whatever a ticket title holds. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Writes the notices in the dispatcher's transaction: a portal notification (and a realtime ping to
 * the recipient) and/or a queued mail, each in the recipient's language, as their preferences allow.
 * Each person is told once per event; the actor never (but for `evenToActor`); inactive users never;
 * staff-only notices only ever reach provider staff, and other notices only the ticket's organisation
 * or provider staff, whatever the caller computed.
 */
export async function deliverNotices(tx: Tx, deps: NotifyDeps, c: NoticeContext, notices: readonly Notice[]): Promise<number> {
  const seen = new Set<string>();
  const wanted = notices.filter((n) => {
    if (seen.has(n.userId) || (n.userId === c.actorId && !n.evenToActor)) return false;
    seen.add(n.userId);
    return n.channels.length > 0;
  });
  if (wanted.length === 0) return 0;
  const ids = wanted.map((n) => n.userId);
  const people = await userRefs(tx, ids);
  const off = await tx
    .select({ userId: notificationPreferences.userId, event: notificationPreferences.event, channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, ids), eq(notificationPreferences.enabled, false)));
  const disabled = new Set(off.map((p) => `${p.userId}:${p.event}:${p.channel}`));
  const path = `/tickets/${c.ticket.id}`;
  let delivered = 0;
  // Collected, then written in three statements, however many people are told.
  const portal: (typeof notifications.$inferInsert)[] = [];
  const mails: Parameters<NotifyDeps['mailer']['enqueueMany']>[1] = [];
  for (const n of wanted) {
    const u = people.get(n.userId);
    if (!u || u.status !== 'active') continue;
    const staff = isProviderRole(u.role);
    if (n.staffOnly ? !staff : !staff && u.orgId !== c.ticket.orgId) continue;
    const channels = n.channels.filter((ch) => !disabled.has(`${u.id}:${n.event}:${ch}`));
    if (channels.length === 0) continue;
    // Customers may answer a notice they can see by replying to its mail (when the inbound listener runs);
    // staff answer in the portal, where they choose between a public reply and an internal note.
    const replyable = !staff && !n.staffOnly && deps.config.inboundMail.port !== undefined && channels.includes('email');
    const ratingUrl = n.template === 'resolved' && !staff ? `${deps.config.publicUrl}/rate/${deps.mailTokens.ratingToken(c.ticket.id, u.id)}` : undefined;
    const text = renderNotice(n.template, u.locale, { ...c.vars, ref: c.ticket.ref, title: c.ticket.title, url: deps.config.publicUrl + path, replyable, ratingUrl });
    if (channels.includes('portal')) {
      portal.push({ id: uuidv7(), orgId: u.orgId, userId: u.id, event: n.event, topic: c.topic, ticketId: c.ticket.id, ticketRef: c.ticket.ref, title: oneLine(text.title), body: text.body });
    }
    if (channels.includes('email')) {
      // One thread per ticket in the recipient's mail client: every mail points at the ticket's root id.
      const mailId = uuidv7();
      const root = deps.mailTokens.threadRoot(c.ticket.id);
      mails.push({
        id: mailId,
        to: u.email,
        subject: oneLine(text.title),
        text: text.mailText,
        template: `notification.${n.template}`,
        orgId: u.orgId,
        messageId: deps.mailTokens.messageId(c.ticket.id, mailId),
        headers: { inReplyTo: root, references: root, ...(replyable ? { replyTo: deps.mailTokens.replyAddress(c.ticket.id, u.id) } : {}) },
      });
    }
    delivered++;
  }
  if (portal.length) {
    await tx.insert(notifications).values(portal);
    await publishMany(tx, portal.map((p) => ({ event: 'notification', data: { id: p.id }, audience: [{ userId: p.userId }] })));
  }
  await deps.mailer.enqueueMany(tx, mails);
  return delivered;
}
