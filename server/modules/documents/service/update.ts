import { and, eq } from 'drizzle-orm';
import { UpdateDocument, type DocumentDetailDto } from '../../../../contracts/documents.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, withTx, type Ctx } from '../../../platform/context.js';
import { ForbiddenError, UnprocessableError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { orgDocuments } from '../documents.tables.js';
import { getVisibleDocument, managesDocuments } from '../internal.js';
import { assertCategoryOffered } from './categories.js';
import { documentDetail } from './upload.js';

/** Changes a document's title, description, category, language or visibility (provider staff with `documents.manage`). */
export async function updateDocument(ctx: Ctx, id: string, input: UpdateDocument): Promise<DocumentDetailDto> {
  requireActor(ctx);
  if (!managesDocuments(ctx)) throw new ForbiddenError();
  const data = UpdateDocument.parse(input);
  await withTx(ctx, async (tx) => {
    const doc = await getVisibleDocument(tx, ctx, id, true);
    // Moving a document to another category: only to one that is offered (known, not archived); its own archived category stays.
    if (data.category && data.category !== doc.category) await assertCategoryOffered(tx, data.category, 'body.category', true);
    const visibility = data.visibility ?? doc.visibility;
    const requiredPermission = visibility === 'permission' ? (data.requiredPermission ?? doc.requiredPermission) : null;
    if (visibility === 'permission' && !requiredPermission) throw new UnprocessableError([{ path: 'body.requiredPermission', message: 'is required when visibility is "permission"' }]);
    const after = {
      title: data.title ?? doc.title,
      description: data.description ?? doc.description,
      category: data.category ?? doc.category,
      language: data.language ?? doc.language,
      visibility,
      requiredPermission,
    };
    await tx
      .update(orgDocuments)
      .set({ ...after, updatedAt: new Date() })
      .where(and(eq(orgDocuments.orgId, doc.orgId), eq(orgDocuments.id, doc.id)));
    const before = { title: doc.title, description: doc.description, category: doc.category, language: doc.language, visibility: doc.visibility, requiredPermission: doc.requiredPermission };
    await audit(tx, auditSource(ctx), { orgId: doc.orgId, action: 'document.updated', targetType: 'org_document', targetId: doc.id, before, after });
    await outbox(tx, 'document.updated', doc.orgId, { documentId: doc.id });
  });
  return documentDetail(ctx, id);
}
