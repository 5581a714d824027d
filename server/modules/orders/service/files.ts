import { and, eq, inArray, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { LinkOrderFiles, ORDER_TRANSITIONS, type OrderDto, type OrderFileDto } from '../../../../contracts/orders.js';
import type { z } from 'zod';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import type { AppDeps } from '../../../platform/deps.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { beforeUpload, storeUpload, type FileStore, type Upload } from '../../../platform/storage.js';
import { addEvent, fulfilsOrders, getVisibleOrder, presentOrder } from '../internal.js';
import { orderFiles } from '../orders.tables.js';

type FileDeps = Pick<AppDeps, 'config'> & { files: FileStore };

const present = (f: typeof orderFiles.$inferSelect): OrderFileDto => ({ id: f.id, name: f.filename, size: f.size, contentType: f.contentType });

/**
 * Stages an upload for an order form's file field (customers with `orders.create`), with the limits of
 * ticket attachments: ATTACHMENT_TYPES by extension (415) and ATTACHMENT_MAX_BYTES (413); nothing is
 * kept when either fails. The file belongs to its uploader until an order is submitted with it.
 */
export async function stageOrderFile(ctx: Ctx, deps: FileDeps, upload: Upload): Promise<OrderFileDto> {
  requireActor(ctx);
  await beforeUpload(upload, () => {
    if (!ctx.actor.permissions.has('orders.create') && !fulfilsOrders(ctx)) throw new ForbiddenError();
  });
  return storeFile(ctx, deps, upload, null, false);
}

/** The shared upload flow (platform/storage.ts), then the file's row and, on an order, its timeline entry, audit and event. */
function storeFile(ctx: AuthedCtx, deps: FileDeps, upload: Upload, order: { id: string; orgId: string } | null, internal: boolean): Promise<OrderFileDto> {
  const orgId = order?.orgId ?? ctx.actor.orgId;
  const id = uuidv7();
  return storeUpload(deps.files, deps.config.attachments, upload, { key: `orders/${orgId}/${id}` }, (stored) =>
    withTx(ctx, async (tx) => {
      const { filename, size } = stored;
      const [row] = await tx
        .insert(orderFiles)
        .values({ id, orgId, orderId: order?.id ?? null, ...stored, visibility: internal ? 'internal' : 'public', uploadedBy: ctx.actor.userId })
        .returning();
      if (order) {
        await addEvent(tx, order, 'attachment_added', ctx.actor.userId, { internal, data: { fileId: id, filename, size } });
        await audit(tx, auditSource(ctx), { orgId, action: 'order.attachment_added', targetType: 'order', targetId: order.id, after: { fileId: id, filename, size, internal } });
        if (!internal) await outbox(tx, 'order.attachment_added', orgId, { orderId: order.id, fileId: id, filename, actorId: ctx.actor.userId });
      }
      return present(row!);
    }),
  );
}

/** Attaches a file to a submitted order (its organisation's users, staff; internal files staff-only). */
export async function attachOrderFile(ctx: Ctx, deps: FileDeps, orderId: string, upload: Upload, internal: boolean): Promise<OrderFileDto> {
  requireActor(ctx);
  const o = await beforeUpload(upload, async () => {
    if (internal && !fulfilsOrders(ctx)) throw new ForbiddenError('Internal files are for the provider’s staff.');
    const order = await getVisibleOrder(ctx.db, ctx, orderId);
    if (order.status === 'draft') throw new ConflictError('INVALID_TRANSITION', 'Submit the order before attaching files to it.', [...ORDER_TRANSITIONS.draft]);
    return order;
  });
  return storeFile(ctx, deps, upload, o, internal);
}

/** Links files the caller staged to a submitted order as attachments (the web uploads first, then links). */
export async function linkOrderFiles(ctx: Ctx, orderId: string, input: z.input<typeof LinkOrderFiles>): Promise<OrderDto> {
  requireActor(ctx);
  const data = LinkOrderFiles.parse(input);
  if (data.internal && !fulfilsOrders(ctx)) throw new ForbiddenError('Internal files are for the provider’s staff.');
  return withTx(ctx, async (tx) => {
    const o = await getVisibleOrder(tx, ctx, orderId);
    if (o.status === 'draft') throw new ConflictError('INVALID_TRANSITION', 'Submit the order before attaching files to it.', [...ORDER_TRANSITIONS.draft]);
    const rows = await tx
      .select()
      .from(orderFiles)
      .where(and(eq(orderFiles.orgId, ctx.actor.orgId), eq(orderFiles.uploadedBy, ctx.actor.userId), isNull(orderFiles.orderId), inArray(orderFiles.id, data.fileIds)));
    const found = new Set(rows.map((r) => r.id));
    const bad = data.fileIds.findIndex((id) => !found.has(id));
    if (bad >= 0) throw new ValidationError([{ path: `body.fileIds.${bad}`, message: 'is not a file you uploaded and have not used yet' }]);
    if (rows.some((r) => r.orgId !== o.orgId)) {
      // Staff stage files under the provider: move them under the order's organisation in the row (the stored key stays).
      await tx.update(orderFiles).set({ orgId: o.orgId }).where(inArray(orderFiles.id, data.fileIds));
    }
    await tx
      .update(orderFiles)
      .set({ orderId: o.id, visibility: data.internal ? 'internal' : 'public' })
      .where(inArray(orderFiles.id, data.fileIds));
    for (const r of rows) {
      await addEvent(tx, o, 'attachment_added', ctx.actor.userId, { internal: data.internal, data: { fileId: r.id, filename: r.filename, size: r.size } });
      await audit(tx, auditSource(ctx), { orgId: o.orgId, action: 'order.attachment_added', targetType: 'order', targetId: o.id, after: { fileId: r.id, filename: r.filename, internal: data.internal } });
      if (!data.internal) await outbox(tx, 'order.attachment_added', o.orgId, { orderId: o.id, fileId: r.id, filename: r.filename, actorId: ctx.actor.userId });
    }
    return presentOrder(tx, ctx, o);
  });
}

/** One file of an order for download, or 404 (other organisation, other order, internal for customers). */
export async function openOrderFile(ctx: Ctx, files: FileStore, orderId: string, fileId: string) {
  requireActor(ctx);
  const o = await getVisibleOrder(ctx.db, ctx, orderId);
  const [f] = await ctx.db.select().from(orderFiles).where(and(eq(orderFiles.orgId, o.orgId), eq(orderFiles.orderId, o.id), eq(orderFiles.id, fileId)));
  if (!f || (f.visibility === 'internal' && !fulfilsOrders(ctx))) throw new NotFoundError('file');
  return { meta: f, stream: files.get(f.storageKey) };
}

/** A file the caller staged and has not used yet (the draft form shows its name), or 404. */
export async function openStagedFile(ctx: Ctx, files: FileStore, fileId: string) {
  requireActor(ctx);
  const [f] = await ctx.db
    .select()
    .from(orderFiles)
    .where(and(eq(orderFiles.orgId, ctx.actor.orgId), eq(orderFiles.uploadedBy, ctx.actor.userId), eq(orderFiles.id, fileId)));
  if (!f) throw new NotFoundError('file');
  return { meta: f, stream: files.get(f.storageKey) };
}
