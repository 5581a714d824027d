import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { DocumentLang } from '../../../../contracts/documents.js';
import type { Permission } from '../../../../contracts/permissions.js';
import { audit } from '../../../platform/audit.js';
import type { Ctx } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/client.js';
import { outbox } from '../../../platform/outbox.js';
import type { FileStore } from '../../../platform/storage.js';
import { orgDocuments, orgDocumentVersions } from '../documents.tables.js';
import type { DocumentRow } from '../internal.js';

export type NewDocument = {
  orgId: string;
  /** A key of document_categories (access_report, report, operations_manual, …). */
  category: string;
  title: string;
  description?: string;
  language?: DocumentLang;
  filename: string;
  contentType: string;
  content: Buffer;
  period?: string | null;
  /** Only holders of this permission see it (visibility "permission"); null: every member. */
  requiredPermission?: Permission | null;
  /** Only the organisation's customer admins see it (ignored when a permission is named). */
  adminsOnly?: boolean;
  createdBy: string | null;
  /** What made it when no user did ("monthly access report"). */
  createdBySystem?: string | null;
};

/**
 * Stores a document of an organisation as its version 1: the bytes in the file store, the rows in `tx`
 * (generated reports and the demo data use it). A generated document naming a period that already
 * exists for the organisation and category is not stored again (returns null); the file written for it
 * is removed. Its text is extracted for search by the `documents.extract-text` job.
 */
export async function storeOrgDocument(tx: Tx, files: FileStore, doc: NewDocument): Promise<DocumentRow | null> {
  const id = uuidv7();
  const storageKey = `documents/${doc.orgId}/${id}`;
  const { bytes } = await files.put(storageKey, Readable.from([doc.content]));
  const visibility = doc.requiredPermission ? 'permission' : doc.adminsOnly ? 'admins' : 'members';
  try {
    const rows = await tx
      .insert(orgDocuments)
      .values({
        id,
        orgId: doc.orgId,
        category: doc.category,
        title: doc.title,
        description: doc.description ?? '',
        language: doc.language ?? 'en',
        visibility,
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
    await tx.insert(orgDocumentVersions).values({ id, orgId: doc.orgId, documentId: id, version: 1, filename: doc.filename, storageKey, contentType: doc.contentType, size: bytes, createdBy: doc.createdBy, createdBySystem: doc.createdBySystem ?? null });
    await audit(tx, { actorId: doc.createdBy, actorEmail: doc.createdBy ? null : 'system', ip: null, userAgent: null, requestId: null }, {
      orgId: doc.orgId,
      action: 'document.stored',
      targetType: 'org_document',
      targetId: id,
      after: { category: doc.category, title: doc.title, period: doc.period ?? null, size: bytes, visibility, requiredPermission: doc.requiredPermission ?? null },
    });
    await outbox(tx, 'document.published', doc.orgId, { documentId: id, version: 1, category: doc.category });
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
