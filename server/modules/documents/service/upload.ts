import { and, eq } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import { DOCUMENT_TYPES, NewDocumentFields, type DocumentDetailDto } from '../../../../contracts/documents.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { extensionOf, sanitiseFilename, type FileStore } from '../../../platform/storage.js';
import { organizations } from '../../../platform/tenancy.js';
import { orgDocuments, orgDocumentVersions } from '../documents.tables.js';
import { getVisibleDocument, managesDocuments } from '../internal.js';
import { presentDocuments, presentVersions } from '../present.js';
import { assertCategoryOffered } from './categories.js';

/** One file of a multipart upload; `fields` are the form fields sent before it. */
export type Upload = { filename: string; mimetype: string; file: Readable & { truncated?: boolean }; fields: Record<string, string> };
export type FileDeps = Pick<AppDeps, 'config'> & { files: FileStore };

const fieldErrors = (issues: { path: PropertyKey[]; message: string }[]) => new ValidationError(issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })));

/** Checks type (415) and size (413) while streaming to the store; nothing stays stored when either fails. */
async function putFile(deps: FileDeps, upload: Upload, orgId: string) {
  const filename = sanitiseFilename(upload.filename, 'document');
  const ext = extensionOf(filename);
  const contentType = DOCUMENT_TYPES[ext];
  if (!contentType) {
    upload.file.resume();
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', `Documents of type .${ext || '(none)'} cannot be stored. Allowed: ${Object.keys(DOCUMENT_TYPES).join(', ')}.`);
  }
  const id = uuidv7();
  const storageKey = `documents/${orgId}/${id}`;
  const tooLarge = () => new AppError(413, 'BODY_TOO_LARGE', `The file is larger than ${Math.round(deps.config.attachments.maxBytes / 1024 / 1024)} MB.`);
  let bytes: number;
  try {
    ({ bytes } = await deps.files.put(storageKey, upload.file));
  } catch (err) {
    await deps.files.remove(storageKey);
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw err;
  }
  if (upload.file.truncated || bytes > deps.config.attachments.maxBytes) {
    await deps.files.remove(storageKey);
    throw tooLarge();
  }
  return { id, storageKey, filename, contentType, bytes };
}

async function detail(ctx: AuthedCtx, id: string): Promise<DocumentDetailDto> {
  const row = await getVisibleDocument(ctx.db, ctx, id);
  const [dto] = await presentDocuments(ctx.db, ctx, [row]);
  return { ...dto!, versions: await presentVersions(ctx.db, row) };
}

/**
 * Uploads a new document for a customer organisation (provider staff with `documents.manage`): form
 * fields first (orgId, category, title, description, language, visibility, requiredPermission), then the
 * file. Its text is extracted for search by the `documents.extract-text` job.
 */
export async function createDocument(ctx: Ctx, deps: FileDeps, upload: Upload): Promise<DocumentDetailDto> {
  requireActor(ctx);
  const drain = () => upload.file.resume();
  if (!managesDocuments(ctx)) {
    drain();
    throw new ForbiddenError();
  }
  const parsed = NewDocumentFields.safeParse(upload.fields);
  if (!parsed.success) {
    drain();
    throw fieldErrors(parsed.error.issues);
  }
  const data = parsed.data;
  const [org] = await ctx.db.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.id, data.orgId), eq(organizations.kind, 'customer')));
  if (!org) {
    drain();
    throw new NotFoundError('organisation');
  }
  try {
    await assertCategoryOffered(ctx.db, data.category);
  } catch (err) {
    drain();
    throw err;
  }
  const file = await putFile(deps, upload, org.id);
  try {
    await withTx(ctx, async (tx) => {
      await assertCategoryOffered(tx, data.category, 'body.category', true);
      await tx.insert(orgDocuments).values({
        id: file.id,
        orgId: org.id,
        category: data.category,
        title: data.title,
        description: data.description,
        language: data.language,
        visibility: data.visibility,
        requiredPermission: data.visibility === 'permission' ? (data.requiredPermission ?? null) : null,
        filename: file.filename,
        storageKey: file.storageKey,
        contentType: file.contentType,
        size: file.bytes,
        createdBy: ctx.actor.userId,
      });
      await tx.insert(orgDocumentVersions).values({ id: file.id, orgId: org.id, documentId: file.id, version: 1, filename: file.filename, storageKey: file.storageKey, contentType: file.contentType, size: file.bytes, createdBy: ctx.actor.userId });
      await audit(tx, auditSource(ctx), { orgId: org.id, action: 'document.created', targetType: 'org_document', targetId: file.id, after: { title: data.title, category: data.category, visibility: data.visibility, requiredPermission: data.requiredPermission ?? null, filename: file.filename, size: file.bytes } });
      await outbox(tx, 'document.published', org.id, { documentId: file.id, version: 1, category: data.category });
    });
  } catch (err) {
    await deps.files.remove(file.storageKey);
    throw err;
  }
  return detail(ctx, file.id);
}

/** Adds a new version of a document's file (provider staff with `documents.manage`); earlier versions stay downloadable. */
export async function addDocumentVersion(ctx: Ctx, deps: FileDeps, documentId: string, upload: Upload): Promise<DocumentDetailDto> {
  requireActor(ctx);
  if (!managesDocuments(ctx)) {
    upload.file.resume();
    throw new ForbiddenError();
  }
  const doc = await getVisibleDocument(ctx.db, ctx, documentId).catch((err: unknown) => {
    upload.file.resume();
    throw err;
  });
  const file = await putFile(deps, upload, doc.orgId);
  try {
    await withTx(ctx, async (tx) => {
      const locked = await getVisibleDocument(tx, ctx, documentId, true);
      const version = locked.currentVersion + 1;
      await tx.insert(orgDocumentVersions).values({ id: file.id, orgId: locked.orgId, documentId: locked.id, version, filename: file.filename, storageKey: file.storageKey, contentType: file.contentType, size: file.bytes, createdBy: ctx.actor.userId });
      await tx
        .update(orgDocuments)
        .set({ currentVersion: version, filename: file.filename, storageKey: file.storageKey, contentType: file.contentType, size: file.bytes, updatedAt: new Date() })
        .where(and(eq(orgDocuments.orgId, locked.orgId), eq(orgDocuments.id, locked.id)));
      await audit(tx, auditSource(ctx), { orgId: locked.orgId, action: 'document.version_added', targetType: 'org_document', targetId: locked.id, before: { version: locked.currentVersion }, after: { version, filename: file.filename, size: file.bytes } });
      await outbox(tx, 'document.published', locked.orgId, { documentId: locked.id, version, category: locked.category });
    });
  } catch (err) {
    await deps.files.remove(file.storageKey);
    throw err;
  }
  return detail(ctx, documentId);
}

export { detail as documentDetail };
