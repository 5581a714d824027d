import { and, asc, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { DocumentCategoryDto, DocumentDetailDto, DocumentQuery } from '../../../../contracts/documents.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, type Ctx } from '../../../platform/context.js';
import { NotFoundError } from '../../../platform/errors.js';
import { cursorTime, decodeCursor, encodeCursor, page } from '../../../platform/http/pagination.js';
import type { FileStore } from '../../../platform/storage.js';
import { documentCategories, orgDocuments, orgDocumentVersions } from '../documents.tables.js';
import { getVisibleDocument, readsAll, visibleDocuments } from '../internal.js';
import { categoryName, presentDocuments } from '../present.js';
import { documentDetail } from './upload.js';

/** The document categories, named in the reader's language, archived ones marked (any signed-in user). */
export async function listDocumentCategories(ctx: Ctx): Promise<{ items: DocumentCategoryDto[] }> {
  requireActor(ctx);
  const rows = await ctx.db.select().from(documentCategories).orderBy(asc(documentCategories.position), asc(documentCategories.key));
  return { items: rows.map((c) => ({ key: c.key, name: categoryName(c.names, c.key, ctx.actor.locale), position: c.position, archived: !!c.archivedAt })) };
}

/**
 * The organisation's documents the caller may see, newest first (every member: by the document's
 * visibility); provider staff with `orgs.read_all` name the organisation (orgId).
 */
export async function listDocuments(ctx: Ctx, query: z.output<typeof DocumentQuery>) {
  requireActor(ctx);
  let orgId: string;
  if (readsAll(ctx)) {
    if (!query.orgId) return { items: [], nextCursor: null };
    orgId = query.orgId;
  } else {
    if (query.orgId && query.orgId !== ctx.actor.orgId) throw new NotFoundError('organisation');
    orgId = ctx.actor.orgId;
  }
  const where: (SQL | undefined)[] = [eq(orgDocuments.orgId, orgId), visibleDocuments(ctx)];
  if (query.category) where.push(eq(orgDocuments.category, query.category));
  const after = decodeCursor(query.cursor);
  if (after) {
    const at = cursorTime(after);
    where.push(or(lt(orgDocuments.updatedAt, at), and(eq(orgDocuments.updatedAt, at), lt(orgDocuments.id, after.id))));
  }
  const rows = await ctx.db
    .select()
    .from(orgDocuments)
    .where(and(...where))
    .orderBy(desc(orgDocuments.updatedAt), desc(orgDocuments.id))
    .limit(query.limit + 1);
  const p = page(rows, query.limit, (r) => encodeCursor(r.updatedAt.toISOString(), r.id));
  return { items: await presentDocuments(ctx.db, ctx, p.items), nextCursor: p.nextCursor };
}

/** One document with every version (who, when); one the caller may not see answers 404. */
export async function getDocument(ctx: Ctx, id: string): Promise<DocumentDetailDto> {
  requireActor(ctx);
  return documentDetail(ctx, id);
}

/**
 * A version's bytes, the current one without `versionId` (audited). Another organisation's document,
 * one the caller may not see, or a version of another document all answer 404.
 */
export async function openDocumentVersion(ctx: Ctx, files: FileStore, id: string, versionId?: string) {
  requireActor(ctx);
  const doc = await getVisibleDocument(ctx.db, ctx, id);
  const [version] = await ctx.db
    .select()
    .from(orgDocumentVersions)
    .where(and(eq(orgDocumentVersions.orgId, doc.orgId), eq(orgDocumentVersions.documentId, doc.id), versionId ? eq(orgDocumentVersions.id, versionId) : eq(orgDocumentVersions.version, doc.currentVersion)));
  const meta = version ?? (versionId ? null : { id: doc.id, version: doc.currentVersion, filename: doc.filename, storageKey: doc.storageKey, contentType: doc.contentType, size: doc.size });
  if (!meta) throw new NotFoundError('document version');
  await audit(ctx.db, auditSource(ctx), { orgId: doc.orgId, action: 'document.downloaded', targetType: 'org_document', targetId: doc.id, after: { title: doc.title, version: meta.version, versionId: meta.id } });
  return { meta, stream: files.get(meta.storageKey) };
}
