import { asc, count, eq, inArray } from 'drizzle-orm';
import {
  NewDocumentCategory,
  ReorderDocumentCategories,
  UpdateDocumentCategory,
  type CategoryNames,
  type DocumentCategoryAdminDto,
} from '../../../../contracts/documents.js';
import { DOCUMENT_LANGS } from '../../../../contracts/documents.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requirePermission, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import type { DbOrTx, Tx } from '../../../platform/db/client.js';
import { AppError, ConflictError, NotFoundError, UnprocessableError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { documentCategories, orgDocuments } from '../documents.tables.js';
import { categoryName } from '../present.js';

type CategoryRow = typeof documentCategories.$inferSelect;

/**
 * Categories generated documents are filed under (the access module's monthly access report): they may
 * be archived (no effect on generation) but never deleted.
 */
export const SYSTEM_CATEGORIES: ReadonlySet<string> = new Set(['access_report']);

const TOPIC = 'document.category_changed';

/** The names as stored: English always, the other languages only where given. */
function cleanNames(names: CategoryNames): Record<string, string> {
  const out: Record<string, string> = { en: names.en };
  for (const lang of DOCUMENT_LANGS) if (lang !== 'en' && names[lang]) out[lang] = names[lang]!;
  return out;
}

/** 422 naming `body.names.<lang>` where another category already has the same name in that language. */
function assertNamesFree(all: CategoryRow[], names: Record<string, string>, self: string | null) {
  const norm = (s: string) => s.trim().toLocaleLowerCase();
  const errors: { path: string; message: string }[] = [];
  for (const [lang, name] of Object.entries(names)) {
    const other = all.find((c) => c.key !== self && c.names[lang] !== undefined && norm(c.names[lang]!) === norm(name));
    if (other) errors.push({ path: `body.names.${lang}`, message: `is already the name of the category "${other.key}"` });
  }
  if (errors.length) throw new UnprocessableError(errors);
}

/** A key from the English name ("Site plans" → site_plans), made unique with _2, _3, … */
function keyFrom(name: string, taken: Set<string>): string {
  let base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 34);
  if (!/^[a-z]/.test(base)) base = `category${base ? `_${base}` : ''}`.slice(0, 34);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

async function usage(db: DbOrTx, keys: string[]): Promise<Map<string, number>> {
  if (!keys.length) return new Map();
  const rows = await db.select({ key: orgDocuments.category, n: count() }).from(orgDocuments).where(inArray(orgDocuments.category, keys)).groupBy(orgDocuments.category);
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

function present(ctx: AuthedCtx, c: CategoryRow, used: number): DocumentCategoryAdminDto {
  const system = SYSTEM_CATEGORIES.has(c.key);
  return {
    key: c.key,
    name: categoryName(c.names, c.key, ctx.actor.locale),
    names: { en: c.names.en ?? c.key, ...Object.fromEntries(DOCUMENT_LANGS.filter((l) => l !== 'en' && c.names[l]).map((l) => [l, c.names[l]!])) },
    position: c.position,
    archived: !!c.archivedAt,
    archivedAt: c.archivedAt?.toISOString() ?? null,
    documentCount: used,
    system,
    abilities: { delete: used === 0 && !system },
  };
}

const allCategories = (db: DbOrTx, lock = false) => {
  const q = db.select().from(documentCategories).orderBy(asc(documentCategories.position), asc(documentCategories.key));
  return lock ? q.for('update') : q;
};

async function lockCategory(tx: Tx, key: string): Promise<CategoryRow> {
  const [row] = await tx.select().from(documentCategories).where(eq(documentCategories.key, key)).for('update');
  if (!row) throw new NotFoundError('document category');
  return row;
}

/**
 * A category new documents may be filed under, else 422 at `path` (unknown or archived). With `tx` the
 * row is share-locked until commit, so it cannot be archived or deleted under a document being filed.
 */
export async function assertCategoryOffered(db: DbOrTx, key: string, path = 'body.category', lock = false): Promise<void> {
  const q = db.select({ key: documentCategories.key, archivedAt: documentCategories.archivedAt }).from(documentCategories).where(eq(documentCategories.key, key));
  const [row] = lock ? await q.for('share') : await q;
  if (!row) throw new UnprocessableError([{ path, message: 'is not a known category' }]);
  if (row.archivedAt) throw new UnprocessableError([{ path, message: 'is archived: choose another category' }]);
}

/** Every category, archived ones included, with its names and how many documents use it. Requires `documents.configure`. */
export async function listCategoriesForAdmin(ctx: Ctx): Promise<{ items: DocumentCategoryAdminDto[] }> {
  requirePermission(ctx, 'documents.configure');
  const rows = await allCategories(ctx.db);
  const used = await usage(ctx.db, rows.map((r) => r.key));
  return { items: rows.map((r) => present(ctx, r, used.get(r.key) ?? 0)) };
}

/** Adds a category at the end (key from the English name unless given; 409 when a given key is taken). Requires `documents.configure`. */
export async function createCategory(ctx: Ctx, input: NewDocumentCategory): Promise<DocumentCategoryAdminDto> {
  requirePermission(ctx, 'documents.configure');
  const data = NewDocumentCategory.parse(input);
  const names = cleanNames(data.names);
  return withTx(ctx, async (tx) => {
    const all = await allCategories(tx);
    const taken = new Set(all.map((c) => c.key));
    if (data.key && taken.has(data.key)) throw new AppError(409, 'CONFLICT', `A document category with the key "${data.key}" exists.`, { errors: [{ path: 'body.key', message: 'is already used' }] });
    assertNamesFree(all, names, null);
    const key = data.key ?? keyFrom(names.en!, taken);
    const position = Math.max(0, ...all.map((c) => c.position)) + 10;
    const [row] = await tx.insert(documentCategories).values({ key, names, position }).onConflictDoNothing().returning();
    if (!row) throw new AppError(409, 'CONFLICT', `A document category with the key "${key}" exists.`, { errors: [{ path: 'body.key', message: 'is already used' }] });
    await audit(tx, auditSource(ctx), { orgId: null, action: 'document_category.created', targetType: 'document_category', targetId: key, after: { names, position } });
    await outbox(tx, TOPIC, null, { key, change: 'created' });
    return present(ctx, row, 0);
  });
}

/** Renames a category (every language at once) and/or archives or restores it. Requires `documents.configure`. */
export async function updateCategory(ctx: Ctx, key: string, input: UpdateDocumentCategory): Promise<DocumentCategoryAdminDto> {
  requirePermission(ctx, 'documents.configure');
  const data = UpdateDocumentCategory.parse(input);
  return withTx(ctx, async (tx) => {
    const row = await lockCategory(tx, key);
    const names = data.names ? cleanNames(data.names) : row.names;
    if (data.names) assertNamesFree(await allCategories(tx), names, key);
    const archivedAt = data.archived === undefined ? row.archivedAt : data.archived ? (row.archivedAt ?? new Date()) : null;
    const [after] = await tx.update(documentCategories).set({ names, archivedAt }).where(eq(documentCategories.key, key)).returning();
    const change = !!archivedAt !== !!row.archivedAt ? (archivedAt ? 'archived' : 'restored') : 'renamed';
    await audit(tx, auditSource(ctx), {
      orgId: null,
      action: `document_category.${change}`,
      targetType: 'document_category',
      targetId: key,
      before: { names: row.names, archived: !!row.archivedAt },
      after: { names, archived: !!archivedAt },
    });
    await outbox(tx, TOPIC, null, { key, change });
    return present(ctx, after!, (await usage(tx, [key])).get(key) ?? 0);
  });
}

/**
 * Puts the named categories in the given order within the places they held (the others stay where
 * they are), then numbers every category 10, 20, … Unknown keys: 422 at `body.keys.<i>`. Requires
 * `documents.configure`.
 */
export async function reorderCategories(ctx: Ctx, input: ReorderDocumentCategories): Promise<{ items: DocumentCategoryAdminDto[] }> {
  requirePermission(ctx, 'documents.configure');
  const data = ReorderDocumentCategories.parse(input);
  await withTx(ctx, async (tx) => {
    const all = await allCategories(tx, true);
    const order = all.map((c) => c.key);
    const unknown = data.keys.map((k, i) => ({ k, i })).filter(({ k }) => !order.includes(k));
    if (unknown.length) throw new UnprocessableError(unknown.map(({ i }) => ({ path: `body.keys.${i}`, message: 'is not a known category' })));
    const slots = data.keys.map((k) => order.indexOf(k)).sort((a, b) => a - b);
    slots.forEach((slot, i) => (order[slot] = data.keys[i]!));
    const before = all.map((c) => c.key);
    for (const [i, k] of order.entries()) {
      const position = (i + 1) * 10;
      if (all.find((c) => c.key === k)!.position !== position) await tx.update(documentCategories).set({ position }).where(eq(documentCategories.key, k));
    }
    await audit(tx, auditSource(ctx), { orgId: null, action: 'document_category.reordered', targetType: 'document_category', targetId: null, before: { order: before }, after: { order } });
    await outbox(tx, TOPIC, null, { change: 'reordered', keys: order });
  });
  return listCategoriesForAdmin(ctx);
}

/** Deletes a category no document uses (else 409 IN_USE: archive it instead). Requires `documents.configure`. */
export async function deleteCategory(ctx: Ctx, key: string): Promise<void> {
  requirePermission(ctx, 'documents.configure');
  await withTx(ctx, async (tx) => {
    const row = await lockCategory(tx, key);
    if (SYSTEM_CATEGORIES.has(key)) throw new ConflictError('IN_USE', 'Generated documents are filed under this category; archive it instead.');
    const used = (await usage(tx, [key])).get(key) ?? 0;
    if (used > 0) throw new ConflictError('IN_USE', `${used} document(s) are filed under this category; archive it instead.`);
    await tx.delete(documentCategories).where(eq(documentCategories.key, key));
    await audit(tx, auditSource(ctx), { orgId: null, action: 'document_category.deleted', targetType: 'document_category', targetId: key, before: { names: row.names, position: row.position } });
    await outbox(tx, TOPIC, null, { key, change: 'deleted' });
  });
}
