import { Readable } from 'node:stream';
import { and, desc, eq, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Permission } from '../../../contracts/permissions.js';
import { audit } from '../../platform/audit.js';
import { auditSource, requireActor, type AuthedCtx, type Ctx } from '../../platform/context.js';
import type { Tx } from '../../platform/db/client.js';
import { ForbiddenError, NotFoundError } from '../../platform/errors.js';
import { cursorTime, decodeCursor, encodeCursor, page } from '../../platform/http/pagination.js';
import type { FileStore } from '../../platform/storage.js';
import { organizations } from '../../platform/tenancy.js';
import { userRefs } from '../identity/index.js';
import { orgDocuments } from './documents.tables.js';

export const DOCUMENT_CATEGORIES = ['access_report'] as const;

export const DocumentDto = z
  .object({
    id: z.uuid(),
    org: z.object({ id: z.uuid(), name: z.string() }),
    category: z.string(),
    title: z.string(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    period: z.string().nullable(),
    createdBy: z.object({ id: z.uuid().nullable(), name: z.string() }),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'OrgDocument' });
export type DocumentDto = z.infer<typeof DocumentDto>;

export const DocumentQuery = z.strictObject({
  orgId: z.uuid().optional(),
  category: z.string().regex(/^[a-z_]{1,40}$/).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

type Row = typeof orgDocuments.$inferSelect;

/** Provider staff who may read every organisation's documents. */
const readsAll = (ctx: AuthedCtx) => ctx.actor.orgKind === 'provider' && ctx.actor.permissions.has('orgs.read_all');

/** A member sees a document when it requires no permission or they hold the one it names. */
const visible = (ctx: AuthedCtx, r: Row) => readsAll(ctx) || r.requiredPermission === null || ctx.actor.permissions.has(r.requiredPermission as Permission);

export type NewDocument = {
  orgId: string;
  category: string;
  title: string;
  filename: string;
  contentType: string;
  content: Buffer;
  period?: string | null;
  requiredPermission?: Permission | null;
  createdBy: string | null;
  /** What made it when no user did ("monthly access report"). */
  createdBySystem?: string | null;
};

/**
 * Stores a document of an organisation: the bytes in the file store, the row in `tx`. A generated
 * document naming a period that already exists for the organisation and category is not stored again
 * (returns null); the file written for it is removed.
 */
export async function storeOrgDocument(tx: Tx, files: FileStore, doc: NewDocument): Promise<Row | null> {
  const id = uuidv7();
  const storageKey = `documents/${doc.orgId}/${id}`;
  const { bytes } = await files.put(storageKey, Readable.from([doc.content]));
  try {
    const rows = await tx
      .insert(orgDocuments)
      .values({
        id,
        orgId: doc.orgId,
        category: doc.category,
        title: doc.title,
        filename: doc.filename,
        storageKey,
        contentType: doc.contentType,
        size: bytes,
        period: doc.period ?? null,
        requiredPermission: doc.requiredPermission ?? null,
        createdBy: doc.createdBy,
        createdBySystem: doc.createdBySystem ?? null,
      })
      .onConflictDoNothing({ target: [orgDocuments.orgId, orgDocuments.category, orgDocuments.period] })
      .returning();
    if (!rows.length) {
      await files.remove(storageKey);
      return null;
    }
    await audit(tx, { actorId: doc.createdBy, actorEmail: doc.createdBy ? null : 'system', ip: null, userAgent: null, requestId: null }, {
      orgId: doc.orgId,
      action: 'document.stored',
      targetType: 'org_document',
      targetId: id,
      after: { category: doc.category, title: doc.title, period: doc.period ?? null, size: bytes },
    });
    return rows[0]!;
  } catch (err) {
    await files.remove(storageKey);
    throw err;
  }
}

/** Whether a generated document of the period exists (the monthly job skips it). */
export async function hasPeriodDocument(db: Tx | Ctx['db'], orgId: string, category: string, period: string): Promise<boolean> {
  const [row] = await db.select({ id: orgDocuments.id }).from(orgDocuments).where(and(eq(orgDocuments.orgId, orgId), eq(orgDocuments.category, category), eq(orgDocuments.period, period)));
  return !!row;
}

async function present(ctx: Ctx, rows: Row[]): Promise<DocumentDto[]> {
  const people = await userRefs(ctx.db, rows.map((r) => r.createdBy ?? ''));
  const orgIds = [...new Set(rows.map((r) => r.orgId))];
  const orgs = orgIds.length ? await ctx.db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, orgIds)) : [];
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  return rows.map((r) => ({
    id: r.id,
    org: { id: r.orgId, name: orgName.get(r.orgId) ?? '—' },
    category: r.category,
    title: r.title,
    filename: r.filename,
    contentType: r.contentType,
    size: r.size,
    period: r.period,
    createdBy: r.createdBy ? { id: r.createdBy, name: people.get(r.createdBy)?.name ?? '—' } : { id: null, name: r.createdBySystem ?? 'Portico' },
    createdAt: r.createdAt.toISOString(),
  }));
}

/**
 * The organisation's documents, newest first: every member sees those they are allowed to (by the
 * document's permission); provider staff with `orgs.read_all` name the organisation (orgId).
 */
export async function listDocuments(ctx: Ctx, query: z.output<typeof DocumentQuery>) {
  requireActor(ctx);
  let orgId: string;
  if (readsAll(ctx)) {
    if (!query.orgId) return { items: [], nextCursor: null };
    orgId = query.orgId;
  } else {
    if (ctx.actor.orgKind !== 'customer') throw new ForbiddenError();
    if (query.orgId && query.orgId !== ctx.actor.orgId) throw new NotFoundError('organisation');
    orgId = ctx.actor.orgId;
  }
  const where: (SQL | undefined)[] = [eq(orgDocuments.orgId, orgId)];
  if (query.category) where.push(eq(orgDocuments.category, query.category));
  if (!readsAll(ctx)) {
    const held = [...ctx.actor.permissions];
    where.push(or(isNull(orgDocuments.requiredPermission), held.length ? inArray(orgDocuments.requiredPermission, held) : undefined));
  }
  const after = decodeCursor(query.cursor);
  if (after) {
    const at = cursorTime(after);
    where.push(or(lt(orgDocuments.createdAt, at), and(eq(orgDocuments.createdAt, at), lt(orgDocuments.id, after.id))));
  }
  const rows = await ctx.db
    .select()
    .from(orgDocuments)
    .where(and(...where))
    .orderBy(desc(orgDocuments.createdAt), desc(orgDocuments.id))
    .limit(query.limit + 1);
  const p = page(rows, query.limit, (r) => encodeCursor(r.createdAt.toISOString(), r.id));
  return { items: await present(ctx, p.items), nextCursor: p.nextCursor };
}

/** One document's bytes (audited): another organisation's, or one the member may not see, is 404. */
export async function openDocument(ctx: Ctx, files: FileStore, id: string) {
  requireActor(ctx);
  const staff = readsAll(ctx);
  const [row] = await ctx.db
    .select()
    .from(orgDocuments)
    .where(staff ? eq(orgDocuments.id, id) : and(eq(orgDocuments.orgId, ctx.actor.orgId), eq(orgDocuments.id, id)));
  if (!row || !visible(ctx, row)) throw new NotFoundError('document');
  await audit(ctx.db, auditSource(ctx), { orgId: row.orgId, action: 'document.downloaded', targetType: 'org_document', targetId: row.id, after: { title: row.title } });
  return { meta: row, stream: files.get(row.storageKey) };
}
