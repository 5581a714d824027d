import { desc, eq, lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MailDto } from '../../../contracts/audit.js';
import { IdParams, Page } from '../../../contracts/common.js';
import { audit } from '../../platform/audit.js';
import { auditSource, requirePermission, withTx, type Ctx } from '../../platform/context.js';
import type { AppDeps } from '../../platform/deps.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import { outbox } from '../../platform/outbox.js';
import { mailMessages } from '../../platform/mail.js';
import { decodeCursor, encodeCursor, page, PageQuery } from '../../platform/http/pagination.js';

type Row = typeof mailMessages.$inferSelect;
const present = (m: Row) => ({
  id: m.id,
  to: m.to,
  subject: m.subject,
  text: m.text,
  template: m.template,
  status: m.status,
  attempts: m.attempts,
  error: m.status === 'sent' ? null : m.error,
  nextAttemptAt: m.status === 'queued' ? m.nextAttemptAt.toISOString() : null,
  createdAt: m.createdAt.toISOString(),
  sentAt: m.sentAt?.toISOString() ?? null,
});

/** The mail outbox, newest first. Requires `mail.read_outbox` (provider admins). */
export async function listMail(ctx: Ctx, q: PageQuery) {
  requirePermission(ctx, 'mail.read_outbox');
  const after = decodeCursor(q.cursor);
  // Ids are uuidv7 (time-ordered), so the id alone is the keyset: no timestamp precision to lose.
  const rows = await ctx.db
    .select()
    .from(mailMessages)
    .where(after ? lt(mailMessages.id, after.id) : undefined)
    .orderBy(desc(mailMessages.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (m) => encodeCursor('', m.id));
  return { items: p.items.map(present), nextCursor: p.nextCursor };
}

/** One message of the outbox. Requires `mail.read_outbox`. */
export async function getMail(ctx: Ctx, id: string) {
  requirePermission(ctx, 'mail.read_outbox');
  const [m] = await ctx.db.select().from(mailMessages).where(eq(mailMessages.id, id));
  if (!m) throw new NotFoundError('message');
  return present(m);
}

/**
 * Queues a message that failed for good once more (after the SMTP server or the address was
 * fixed). Requires `mail.read_outbox`; 409 unless it failed.
 */
export async function retryMail(ctx: Ctx, deps: Pick<AppDeps, 'mailer'>, id: string) {
  requirePermission(ctx, 'mail.read_outbox');
  return withTx(ctx, async (tx) => {
    const [m] = await tx.select().from(mailMessages).where(eq(mailMessages.id, id)).for('update');
    if (!m) throw new NotFoundError('message');
    if (!(await deps.mailer.retry(tx, id))) throw new ConflictError('CONFLICT', 'Only a message that failed can be sent again.');
    await audit(tx, auditSource(ctx), { orgId: m.orgId, action: 'mail.retried', targetType: 'mail', targetId: id, before: { status: m.status, error: m.error } });
    await outbox(tx, 'mail.retried', m.orgId, { id });
    const [after] = await tx.select().from(mailMessages).where(eq(mailMessages.id, id));
    return present(after!);
  });
}

export async function mailRoutes(appRaw: FastifyInstance, deps: AppDeps) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['mail'];
  app.get('/api/v1/mail', { schema: { tags, summary: 'Mail outbox (provider admins)', querystring: PageQuery, response: { 200: Page(MailDto) } } }, async (req) => listMail(req.ctx, req.query));
  app.get('/api/v1/mail/:id', { schema: { tags, summary: 'One outgoing message', params: IdParams, response: { 200: MailDto } } }, async (req) => getMail(req.ctx, req.params.id));
  app.post(
    '/api/v1/mail/:id/retry',
    { schema: { tags, summary: 'Send a failed message again', params: IdParams, response: { 200: MailDto } } },
    async (req) => retryMail(req.ctx, deps, req.params.id),
  );
}
