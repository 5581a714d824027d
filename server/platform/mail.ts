import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import nodemailer, { type Transporter } from 'nodemailer';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from './db/client.js';

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
    status: text('status').notNull(), // queued | sent | kept | failed
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('mail_messages_status_idx').on(t.status, t.createdAt), index('mail_messages_to_idx').on(t.to)],
);

export type OutgoingMail = { to: string; subject: string; text: string; template: string; orgId: string | null };

export type Mailer = {
  /** Queues a message in the caller's transaction (delivered after commit). */
  enqueue(tx: DbOrTx, mail: OutgoingMail): Promise<string>;
  /** Delivers queued messages; returns how many were sent. Safe to run on several instances. */
  deliverQueued(db: Db, limit?: number): Promise<number>;
  readonly smtp: boolean;
  close(): void;
};

/** Builds the mailer; `smtpUrl` undefined keeps mail in the portal outbox. */
export function createMailer(opts: { smtpUrl: string | undefined; from: string }): Mailer {
  const transport: Transporter | null = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  return {
    smtp: transport !== null,
    async enqueue(tx, mail) {
      const id = uuidv7();
      await tx.insert(mailMessages).values({ id, ...mail, status: transport ? 'queued' : 'kept' });
      return id;
    },
    async deliverQueued(db, limit = 20) {
      if (!transport) return 0;
      // Claim a batch atomically so two instances never send the same message twice.
      const claimed = await db.transaction(async (tx) => {
        const rows = await tx
          .select()
          .from(mailMessages)
          .where(and(eq(mailMessages.status, 'queued'), lt(mailMessages.attempts, 5)))
          .orderBy(asc(mailMessages.createdAt))
          .limit(limit)
          .for('update', { skipLocked: true });
        if (rows.length === 0) return [];
        await tx
          .update(mailMessages)
          .set({ status: 'sending', attempts: sql`${mailMessages.attempts} + 1` })
          .where(inArray(mailMessages.id, rows.map((r) => r.id)));
        return rows;
      });
      let sent = 0;
      for (const m of claimed) {
        try {
          await transport.sendMail({ from: opts.from, to: m.to, subject: m.subject, text: m.text });
          await db.update(mailMessages).set({ status: 'sent', sentAt: new Date(), error: null }).where(eq(mailMessages.id, m.id));
          sent++;
        } catch (err) {
          const status = m.attempts + 1 >= 5 ? 'failed' : 'queued';
          await db.update(mailMessages).set({ status, error: String(err) }).where(eq(mailMessages.id, m.id));
        }
      }
      return sent;
    },
    close() {
      transport?.close();
    },
  };
}
