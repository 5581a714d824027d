import { and, eq, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Permission } from '../../../contracts/permissions.js';
import type { AuthedCtx } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { NotFoundError } from '../../platform/errors.js';
import { orgDocuments } from './documents.tables.js';

export type DocumentRow = typeof orgDocuments.$inferSelect;

/** Provider staff who may read every organisation's documents. */
export const readsAll = (ctx: AuthedCtx) => ctx.actor.orgKind === 'provider' && ctx.actor.permissions.has('orgs.read_all');

/** Provider staff who upload documents, add versions and set visibility. */
export const managesDocuments = (ctx: AuthedCtx) => ctx.actor.orgKind === 'provider' && ctx.actor.permissions.has('documents.manage');

/**
 * The one predicate every read path uses (list, get, version download, search): the caller's own
 * organisation's documents they may see — `admins` only for customer admins, `permission` (and any
 * document naming a permission) only for holders of it. Staff with `orgs.read_all` see every one.
 */
export function visibleDocuments(ctx: AuthedCtx): SQL {
  if (readsAll(ctx)) return sql`true`;
  const held = [...ctx.actor.permissions] as Permission[];
  const byPermission = and(ne(orgDocuments.visibility, 'admins'), or(isNull(orgDocuments.requiredPermission), held.length ? inArray(orgDocuments.requiredPermission, held) : undefined));
  const byRole = ctx.actor.orgKind === 'customer' && ctx.actor.role === 'customer_admin' ? eq(orgDocuments.visibility, 'admins') : undefined;
  return and(eq(orgDocuments.orgId, ctx.actor.orgId), or(byRole, byPermission))!;
}

/** A document the caller may see, else 404 (another organisation's and a hidden one alike). */
export async function getVisibleDocument(db: DbOrTx, ctx: AuthedCtx, id: string, lock = false): Promise<DocumentRow> {
  const q = db.select().from(orgDocuments).where(and(eq(orgDocuments.id, id), visibleDocuments(ctx)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('document');
  return row;
}
