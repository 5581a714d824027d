import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import nodemailer, { type Transporter } from 'nodemailer';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from './db/client.js';
import type { FileStore } from './storage.js';

/** Headers of a ticket mail that let mail clients thread it and route a reply back to the ticket. */
export type MailHeaders = { inReplyTo?: string; references?: string; replyTo?: string };
/** A file sent with a message, read from the file store when the message goes out (never kept in the row). */
export type MailAttachment = { filename: string; contentType: string; storageKey: string };

/**
 * Every message Portico sends. With SMTP_URL set a job delivers queued rows over SMTP; without it
 * (the embedded default) rows are kept, and a provider admin reads them in the portal's mail outbox,
 * so invitations and password resets work out of the box.
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id'),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    template: text('template').notNull(),
    /** Our Message-ID (`<ticket.<ticketId>.<id>@domain>` for ticket mail), so a reply's In-Reply-To finds its ticket. */
    messageId: text('message_id'),
    /** Threading and reply headers sent with it: In-Reply-To, References, Reply-To. */
    headers: jsonb('headers').$type<MailHeaders>(),
    /** Files sent with it (e.g. the monthly access report PDF), by their file-store key. */
    attachments: jsonb('attachments').$type<MailAttachment[]>(),
    status: text('status').notNull(), // queued | sent | kept | failed
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    /** A queued message is not tried before this time (back-off after a failure). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** When an instance claimed it for sending; a claim older than CLAIM_TIMEOUT_MS is taken over. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('mail_messages_status_idx').on(t.status, t.createdAt),
    index('mail_messages_due_idx').on(t.status, t.nextAttemptAt),
    index('mail_messages_to_idx').on(t.to),
    index('mail_messages_message_id_idx').on(t.messageId),
  ],
);

/** Attempts before a message is given up as failed (a provider admin can queue it again). */
export const MAX_ATTEMPTS = 10;
/** A message claimed this long ago whose sender never reported back (it died) is sent again. */
export const CLAIM_TIMEOUT_MS = 5 * 60_000;
/** Back-off after the n-th failed attempt: 30 s, 1 min, 2 min, … capped at 1 h (about 5 h in all). */
export const retryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

/** SMTP answers 5xx for a message that will never be accepted (unknown mailbox, policy): no retry. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  template: string;
  orgId: string | null;
  /** The row's id, when the caller built the Message-ID from it (ticket mail). */
  id?: string;
  messageId?: string;
  headers?: MailHeaders;
  attachments?: MailAttachment[];
};

export type Mailer = {
  /** Queues a message in the caller's transaction (delivered after commit). */
  enqueue(tx: DbOrTx, mail: OutgoingMail): Promise<string>;
  /** Queues several messages in one statement (each must carry its id). */
  enqueueMany(tx: DbOrTx, mails: (OutgoingMail & { id: string })[]): Promise<void>;
  /** Delivers queued messages; returns how many were sent. Safe to run on several instances. */
  deliverQueued(db: Db, limit?: number): Promise<number>;
  /** Queues a failed message again, from now (a provider admin's "retry"). Returns false if it was not failed. */
  retry(db: DbOrTx, id: string): Promise<boolean>;
  readonly smtp: boolean;
  close(): void;
};

/** Builds the mailer; `smtpUrl` undefined keeps mail in the portal outbox. Attachments are read from `files`. */
export function createMailer(opts: { smtpUrl: string | undefined; from: string; files?: FileStore }): Mailer {
  const transport: Transporter | null = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  const enqueueMany: Mailer['enqueueMany'] = async (tx, mails) => {
    if (mails.length) await tx.insert(mailMessages).values(mails.map((mail) => ({ ...mail, status: transport ? ('queued' as const) : ('kept' as const) })));
  };
  return {
    smtp: transport !== null,
    async enqueue(tx, mail) {
      const id = mail.id ?? uuidv7();
      await enqueueMany(tx, [{ ...mail, id }]);
      return id;
    },
    enqueueMany,
    async deliverQueued(db, limit = 20) {
      if (!transport) return 0;
      // Claim a batch atomically so two instances never send the same message twice. Due messages,
      // and messages whose claimant died before reporting back, are claimed.
      const claimed = await db.transaction(async (tx) => {
        const now = new Date();
        const rows = await tx
          .select()
          .from(mailMessages)
          .where(
            or(
              and(eq(mailMessages.status, 'queued'), lte(mailMessages.nextAttemptAt, now)),
              and(eq(mailMessages.status, 'sending'), lt(mailMessages.claimedAt, new Date(now.getTime() - CLAIM_TIMEOUT_MS))),
            ),
          )
          .orderBy(asc(mailMessages.createdAt))
          .limit(limit)
          .for('update', { skipLocked: true });
        if (rows.length === 0) return [];
        await tx
          .update(mailMessages)
          .set({ status: 'sending', claimedAt: now, attempts: sql`${mailMessages.attempts} + 1` })
          .where(inArray(mailMessages.id, rows.map((r) => r.id)));
        return rows;
      });
      let sent = 0;
      for (const m of claimed) {
        try {
          const h = m.headers ?? {};
          if (m.attachments?.length && !opts.files) throw new Error('this mailer has no file store for attachments');
          await transport.sendMail({
            from: opts.from,
            to: m.to,
            subject: m.subject,
            text: m.text,
            ...(m.messageId ? { messageId: m.messageId } : {}),
            ...(h.replyTo ? { replyTo: h.replyTo } : {}),
            ...(h.inReplyTo ? { inReplyTo: h.inReplyTo } : {}),
            ...(h.references ? { references: h.references } : {}),
            ...(m.attachments?.length ? { attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: opts.files!.get(a.storageKey) })) } : {}),
          });
          await db.update(mailMessages).set({ status: 'sent', sentAt: new Date(), error: null }).where(eq(mailMessages.id, m.id));
          sent++;
        } catch (err) {
          const attempts = m.attempts + 1;
          const status = attempts >= MAX_ATTEMPTS || isPermanent(err) ? 'failed' : 'queued';
          await db
            .update(mailMessages)
            .set({ status, error: String(err), claimedAt: null, nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)) })
            .where(eq(mailMessages.id, m.id));
        }
      }
      return sent;
    },
    async retry(db, id) {
      const rows = await db
        .update(mailMessages)
        .set({ status: 'queued', attempts: 0, nextAttemptAt: new Date(), claimedAt: null })
        .where(and(eq(mailMessages.id, id), eq(mailMessages.status, 'failed')))
        .returning({ id: mailMessages.id });
      return rows.length > 0;
    },
    close() {
      transport?.close();
    },
  };
}
