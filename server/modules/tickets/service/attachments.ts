import { and, asc, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, withTx, type Ctx } from '../../../platform/context.js';
import type { AppDeps } from '../../../platform/deps.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { beforeUpload, storeUpload, type FileStore, type Upload } from '../../../platform/storage.js';
import { userRefs } from '../../identity/index.js';
import { getVisibleTicket, worksTickets } from '../internal.js';
import { ticketAttachments } from '../more.tables.js';
import { ticketEvents } from '../tickets.tables.js';

export const AttachmentDto = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    visibility: z.enum(['public', 'internal']),
    uploadedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'TicketAttachment' });
export type AttachmentDto = z.infer<typeof AttachmentDto>;


/**
 * Attaches a file to a ticket, through the shared upload flow (platform/storage.ts `storeUpload`):
 * type by extension against ATTACHMENT_TYPES (415), size against ATTACHMENT_MAX_BYTES (413); nothing is
 * kept when either fails. Internal attachments are for provider staff only.
 */
export async function addAttachment(ctx: Ctx, deps: Pick<AppDeps, 'config'> & { files: FileStore }, ticketId: string, upload: Upload, internal = false): Promise<AttachmentDto> {
  requireActor(ctx);
  const t = await beforeUpload(upload, async () => {
    if (internal && !worksTickets(ctx)) throw new ForbiddenError('Internal attachments are for the provider’s staff.');
    const ticket = await getVisibleTicket(ctx.db, ctx, ticketId);
    if (ticket.status === 'closed') throw new ConflictError('TICKET_CLOSED', 'This ticket is closed; open a new one.');
    return ticket;
  });
  const id = uuidv7();
  return storeUpload(deps.files, deps.config.attachments, upload, { key: `tickets/${t.orgId}/${id}`, fallbackName: 'attachment' }, (stored) =>
    withTx(ctx, async (tx) => {
      const visibility = internal ? 'internal' : 'public';
      const { filename, size } = stored;
      const [row] = await tx
        .insert(ticketAttachments)
        .values({ id, orgId: t.orgId, ticketId: t.id, ...stored, visibility, uploadedBy: ctx.actor.userId })
        .returning();
      await tx.insert(ticketEvents).values({ id: uuidv7(), orgId: t.orgId, ticketId: t.id, type: 'attachment_added', visibility, actorId: ctx.actor.userId, data: { attachmentId: id, filename, size } });
      await audit(tx, auditSource(ctx), { orgId: t.orgId, action: 'ticket.attachment_added', targetType: 'ticket', targetId: t.id, after: { attachmentId: id, filename, size, visibility } });
      await outbox(tx, 'ticket.attachment_added', t.orgId, { ticketId: t.id, attachmentId: id, internal });
      return present(row!, new Map([[ctx.actor.userId, { name: ctx.actor.name }]]));
    }),
  );
}

const present = (a: typeof ticketAttachments.$inferSelect, people: Map<string, { name: string }>): AttachmentDto => ({
  id: a.id,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
  visibility: a.visibility as AttachmentDto['visibility'],
  uploadedBy: a.uploadedBy ? { id: a.uploadedBy, name: people.get(a.uploadedBy)?.name ?? '—' } : null,
  createdAt: a.createdAt.toISOString(),
});

/** The ticket's attachments the caller may see (customers never see internal ones). */
export async function listAttachments(ctx: Ctx, ticketId: string): Promise<{ items: AttachmentDto[] }> {
  requireActor(ctx);
  const t = await getVisibleTicket(ctx.db, ctx, ticketId);
  const where = [eq(ticketAttachments.orgId, t.orgId), eq(ticketAttachments.ticketId, t.id)];
  if (!worksTickets(ctx)) where.push(eq(ticketAttachments.visibility, 'public'));
  const rows = await ctx.db.select().from(ticketAttachments).where(and(...where)).orderBy(asc(ticketAttachments.createdAt));
  const people = await userRefs(ctx.db, rows.map((r) => r.uploadedBy ?? ''));
  return { items: rows.map((r) => present(r, people)) };
}

/** One attachment's bytes for download, or 404 (other organisation, other ticket, internal for customers). */
export async function openAttachment(ctx: Ctx, files: FileStore, ticketId: string, attachmentId: string) {
  requireActor(ctx);
  const t = await getVisibleTicket(ctx.db, ctx, ticketId);
  const [a] = await ctx.db
    .select()
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.orgId, t.orgId), eq(ticketAttachments.ticketId, t.id), eq(ticketAttachments.id, attachmentId)));
  if (!a || (a.visibility === 'internal' && !worksTickets(ctx))) throw new NotFoundError('attachment');
  return { meta: a, stream: files.get(a.storageKey) };
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
