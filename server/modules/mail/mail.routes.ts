import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MailDto } from '../../../contracts/audit.js';
import { IdParams, Page } from '../../../contracts/common.js';
import { requirePermission, type Ctx } from '../../platform/context.js';
import { NotFoundError } from '../../platform/errors.js';
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
  createdAt: m.createdAt.toISOString(),
  sentAt: m.sentAt?.toISOString() ?? null,
});

/** The mail outbox, newest first. Requires `mail.read_outbox` (provider admins). */
export async function listMail(ctx: Ctx, q: PageQuery) {
  requirePermission(ctx, 'mail.read_outbox');
  const after = decodeCursor(q.cursor);
  const where: SQL[] = [];
  if (after) {
    const at = new Date(after.key);
    where.push(or(lt(mailMessages.createdAt, at), and(eq(mailMessages.createdAt, at), lt(mailMessages.id, after.id)))!);
  }
  const rows = await ctx.db.select().from(mailMessages).where(and(...where)).orderBy(desc(mailMessages.createdAt), desc(mailMessages.id)).limit(q.limit + 1);
  const p = page(rows, q.limit, (m) => encodeCursor(m.createdAt.toISOString(), m.id));
  return { items: p.items.map(present), nextCursor: p.nextCursor };
}

/** One message of the outbox. Requires `mail.read_outbox`. */
export async function getMail(ctx: Ctx, id: string) {
  requirePermission(ctx, 'mail.read_outbox');
  const [m] = await ctx.db.select().from(mailMessages).where(eq(mailMessages.id, id));
  if (!m) throw new NotFoundError('message');
  return present(m);
}

export async function mailRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const tags = ['mail'];
  app.get('/api/v1/mail', { schema: { tags, summary: 'Mail outbox (provider admins)', querystring: PageQuery, response: { 200: Page(MailDto) } } }, async (req) => listMail(req.ctx, req.query));
  app.get('/api/v1/mail/:id', { schema: { tags, summary: 'One outgoing message', params: IdParams, response: { 200: MailDto } } }, async (req) => getMail(req.ctx, req.params.id));
}
