import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { isProviderRole } from '../../../../contracts/permissions.js';
import type { AuthedCtx } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/client.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError } from '../../../platform/errors.js';
import { mailMessages } from '../../../platform/mail.js';
import { parseTicketMessageId } from '../../../platform/mail-tokens.js';
import { loadActor, userIdsByEmail } from '../../identity/index.js';
import { addCommentFromMail } from '../../tickets/index.js';
import { inboundMails } from '../mail-in.tables.js';
import { htmlToText, stripQuoted } from '../strip-quotes.js';

/** One mail as the listener hands it over (parsed by mailparser, envelope from the SMTP session). */
export type InboundMail = {
  /** Envelope recipients (RCPT TO) and the To/Cc addresses of the header. */
  recipients: string[];
  /** The header From address. */
  from: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  text: string | null;
  html: string | null;
  size: number;
  /** Auto-Submitted / Precedence / X-Autoreply: an out-of-office or bounce. */
  automatic: boolean;
  remoteAddress: string | null;
};

export type Reason = 'unknown_sender' | 'staff_sender' | 'auto_reply' | 'bad_token' | 'no_ticket' | 'not_allowed' | 'ticket_closed' | 'empty' | 'invalid';
export type Outcome = { outcome: 'accepted' | 'rejected' | 'duplicate'; reason: Reason | null; ticketId: string | null; eventId: string | null; logId: string };

type MailInDeps = Pick<AppDeps, 'db' | 'mailTokens'>;

class Duplicate extends Error {}

/** The reply token of a `reply+<token>@<our domain>` recipient, if any. */
function replyToken(recipients: string[], domain: string): string | null {
  for (const r of recipients) {
    const m = /^reply\+([a-z2-7]+)@(.+)$/i.exec(r.trim());
    if (m && m[2]!.toLowerCase() === domain) return m[1]!;
  }
  return null;
}

/**
 * The ticket a reply without a token belongs to: its In-Reply-To or References name one of our ticket
 * mails (`<ticket.<ticket>.<mail>@…>`) that was sent to this very address. A Message-ID alone
 * (guessable once a ticket id is known) is not enough; the mail must have gone to the sender.
 */
async function ticketOfThread(db: Db, mail: InboundMail, from: string): Promise<string | null> {
  const ids = [mail.inReplyTo, ...mail.references].filter((x): x is string => !!x).map((x) => x.trim());
  const ours = ids.filter((id) => parseTicketMessageId(id)?.mailId).map((id) => (id.startsWith('<') ? id : `<${id}>`));
  if (ours.length === 0) return null;
  const rows = await db
    .select({ messageId: mailMessages.messageId })
    .from(mailMessages)
    .where(and(inArray(mailMessages.messageId, ours), eq(sql`lower(${mailMessages.to})`, from)));
  const hit = rows[0]?.messageId;
  return hit ? parseTicketMessageId(hit)!.ticketId : null;
}

/**
 * Takes one inbound mail: finds the ticket (reply token, else Message-ID threading), checks that the
 * sender is an active customer user allowed on it, strips quoted history and signature, and adds the
 * rest as the sender's public reply through the tickets module (the portal's rules). Whatever the
 * outcome, one row in inbound_mails and a log line; a rejected mail changes nothing else.
 * Only customers reply by mail: an agent's reply could not say whether it is public or internal.
 */
export async function receiveMail(deps: MailInDeps, mail: InboundMail, log: FastifyBaseLogger): Promise<Outcome> {
  const from = mail.from?.trim().toLowerCase() ?? '';
  const base = { messageId: mail.messageId, fromAddress: from || '(none)', recipients: mail.recipients.join(', ').slice(0, 2000), subject: mail.subject.slice(0, 500), size: mail.size };
  let userId: string | null = null;
  let orgId: string | null = null;
  let ticketId: string | null = null;
  let matchedBy: 'token' | 'thread' | null = null;

  const finish = async (outcome: 'rejected' | 'duplicate', reason: Reason | null): Promise<Outcome> => {
    const id = uuidv7();
    await deps.db.insert(inboundMails).values({ id, ...base, outcome, reason, matchedBy, orgId, ticketId, userId });
    log.warn({ inboundMail: id, outcome, reason, from, messageId: mail.messageId, ticketId }, `inbound mail ${outcome}${reason ? `: ${reason}` : ''}`);
    return { outcome, reason, ticketId, eventId: null, logId: id };
  };

  if (mail.automatic) return finish('rejected', 'auto_reply');
  const found = from ? (await userIdsByEmail(deps.db, [from])).get(from) : undefined;
  const loaded = found ? await loadActor(deps.db, found) : null;
  if (!loaded) return finish('rejected', 'unknown_sender');
  userId = loaded.actor.userId;
  orgId = loaded.actor.orgId;
  if (isProviderRole(loaded.actor.role)) return finish('rejected', 'staff_sender');

  const token = replyToken(mail.recipients, deps.mailTokens.domain);
  if (token) {
    ticketId = deps.mailTokens.verifyReply(token, userId);
    matchedBy = 'token';
    if (!ticketId) return finish('rejected', 'bad_token');
  } else {
    ticketId = await ticketOfThread(deps.db, mail, from);
    matchedBy = ticketId ? 'thread' : null;
    if (!ticketId) return finish('rejected', 'no_ticket');
  }

  const body = stripQuoted(mail.text ?? (mail.html ? htmlToText(mail.html) : ''));
  if (!body) return finish('rejected', 'empty');

  const id = uuidv7();
  try {
    const eventId = await deps.db.transaction(async (tx) => {
      const claimed = await tx
        .insert(inboundMails)
        .values({ id, ...base, outcome: 'accepted', matchedBy, orgId, ticketId, userId })
        .onConflictDoNothing()
        .returning({ id: inboundMails.id });
      if (claimed.length === 0) throw new Duplicate();
      const ctx: AuthedCtx = {
        // The comment is written in this transaction (a savepoint), so the log row and the reply commit together.
        db: tx as unknown as Db,
        actor: loaded.actor,
        via: 'none',
        sessionId: null,
        mfa: 'ok',
        requestId: `mail-${id}`,
        ip: mail.remoteAddress,
        userAgent: 'inbound-mail',
        log,
      };
      const event = await addCommentFromMail(ctx, ticketId!, body);
      await tx.update(inboundMails).set({ eventId: event.id }).where(eq(inboundMails.id, id));
      return event.id;
    });
    log.info({ inboundMail: id, from, messageId: mail.messageId, ticketId, eventId, matchedBy }, 'inbound mail added to ticket');
    return { outcome: 'accepted', reason: null, ticketId, eventId, logId: id };
  } catch (err) {
    if (err instanceof Duplicate) return finish('duplicate', null);
    if (err instanceof AppError) {
      const reason: Reason = err.status === 404 || err.status === 403 ? 'not_allowed' : err.code === 'TICKET_CLOSED' ? 'ticket_closed' : 'invalid';
      return finish('rejected', reason);
    }
    throw err;
  }
}
