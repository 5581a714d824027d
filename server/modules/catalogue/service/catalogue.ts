import { asc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import {
  CategoryInput,
  ItemInput,
  type ApprovalRule,
  type CatalogueHomeDto,
  type CategoryDto,
  type ItemAdminDto,
  type ItemDetailDto,
  type ItemKind,
  type ItemSummaryDto,
  type LangRecord,
  type OrderableBy,
  type OrderableItem,
} from '../../../../contracts/catalogue.js';
import { formJsonSchema, localText, type LocalText } from '../../../../contracts/forms.js';
import { PERMISSIONS, type Permission } from '../../../../contracts/permissions.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, requirePermission, withTx, type Actor, type Ctx } from '../../../platform/context.js';
import type { DbOrTx, Tx } from '../../../platform/db/client.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../../platform/errors.js';
import { activeOrgMembers } from '../../identity/index.js';
import { renderMarkdown, supportGroupRefs } from '../../tickets/index.js';
import { organizations } from '../../../platform/tenancy.js';
import { catalogueCategories, catalogueItems } from '../catalogue.tables.js';

type ItemRow = typeof catalogueItems.$inferSelect;
type CategoryRow = typeof catalogueCategories.$inferSelect;
const LANGS = ['en', 'de', 'nb', 'ru'] as const;

/** Texts of an item in the reader's language, each falling back to English. */
function textsIn(row: ItemRow, lang: string) {
  const t = row.texts as Record<string, { name: string; short: string; long: string } | undefined>;
  const own = t[lang];
  const en = row.texts.en;
  return { name: own?.name || en.name, short: own?.short || en.short, long: own?.long || en.long };
}
const allNames = (row: ItemRow): LangRecord => Object.fromEntries(LANGS.map((l) => [l, textsIn(row, l).name])) as LangRecord;
const allOf = (t: LocalText): LangRecord => Object.fromEntries(LANGS.map((l) => [l, localText(t, l)])) as LangRecord;
const priceOf = (row: ItemRow) => (row.priceCents === null || !row.currency ? null : { amountCents: row.priceCents, currency: row.currency });

/** Whether a person may order the item: customers only, and by the item's rule. */
export function mayOrder(actor: Actor, row: Pick<ItemRow, 'orderableBy' | 'orderPermission' | 'active'>): boolean {
  if (actor.orgKind !== 'customer' || !row.active) return false;
  if (!actor.permissions.has('orders.create')) return false;
  switch (row.orderableBy as OrderableBy) {
    case 'all':
      return true;
    case 'customer_admin':
      return actor.role === 'customer_admin';
    case 'permission':
      return !!row.orderPermission && actor.permissions.has(row.orderPermission as Permission);
    default:
      return false;
  }
}
const isStaff = (actor: Actor) => actor.orgKind === 'provider';

function presentCategory(row: CategoryRow, lang: string): CategoryDto {
  return { id: row.id, key: row.key, name: localText(row.names, lang), names: row.names, icon: row.icon, sort: row.sort };
}
function presentSummary(row: ItemRow, actor: Actor): ItemSummaryDto {
  const t = textsIn(row, actor.locale);
  return {
    id: row.id,
    key: row.key,
    kind: row.kind as ItemKind,
    categoryId: row.categoryId,
    icon: row.icon,
    name: t.name,
    short: t.short,
    leadTimeHours: row.leadTimeHours,
    price: priceOf(row),
    approvalRule: row.approvalRule as ApprovalRule,
    orderCount: row.orderCount,
    active: row.active,
    canOrder: mayOrder(actor, row),
  };
}
function presentAdmin(row: ItemRow): ItemAdminDto {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind as ItemKind,
    categoryId: row.categoryId,
    icon: row.icon,
    texts: row.texts,
    leadTimeHours: row.leadTimeHours,
    price: priceOf(row),
    orderableBy: row.orderableBy as OrderableBy,
    orderPermission: row.orderPermission,
    approvalRule: row.approvalRule as ApprovalRule,
    tasks: row.tasks,
    fulfilmentSlaHours: row.fulfilmentSlaHours,
    form: row.form,
    active: row.active,
    sort: row.sort,
    version: row.version,
    orderCount: row.orderCount,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Whether the reader may see the item at all: staff every item, customers the active ones they may order. */
const visibleTo = (actor: Actor, row: ItemRow) => isStaff(actor) || mayOrder(actor, row);

/** Case- and accent-insensitive search text. */
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
function matches(row: ItemRow, q: string): boolean {
  const words = fold(q).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = fold(
    [row.key, ...Object.values(row.texts as Record<string, { name: string; short: string; long: string } | undefined>).flatMap((t) => (t ? [t.name, t.short, t.long] : []))].join(' '),
  );
  return words.every((w) => hay.includes(w));
}

/**
 * The catalogue as the reader sees it: categories, the active items they may order (staff: every
 * active item), the most ordered ones. `q` searches names and descriptions in every language.
 */
export async function listCatalogue(ctx: Ctx, query: { q?: string; categoryId?: string } = {}): Promise<CatalogueHomeDto> {
  requireActor(ctx);
  const actor = ctx.actor;
  const [cats, rows] = await Promise.all([
    ctx.db.select().from(catalogueCategories).orderBy(asc(catalogueCategories.sort), asc(catalogueCategories.key)),
    ctx.db.select().from(catalogueItems).where(eq(catalogueItems.active, true)).orderBy(asc(catalogueItems.sort), asc(catalogueItems.key)),
  ]);
  const seen = rows.filter((r) => visibleTo(actor, r));
  const items = seen.filter((r) => (!query.categoryId || r.categoryId === query.categoryId) && (!query.q || matches(r, query.q)));
  const popular = [...seen]
    .filter((r) => r.orderCount > 0)
    .sort((a, b) => b.orderCount - a.orderCount || a.sort - b.sort)
    .slice(0, 6)
    .map((r) => r.id);
  const used = new Set(seen.map((r) => r.categoryId));
  return {
    categories: cats.filter((c) => used.has(c.id)).map((c) => presentCategory(c, actor.locale)),
    items: items.map((r) => presentSummary(r, actor)),
    popular,
  };
}

async function itemRow(db: DbOrTx, id: string): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(catalogueItems).where(eq(catalogueItems.id, id));
  return row;
}

/** One item with its form, in the reader's language. 404 when the reader may not see it. */
export async function getCatalogueItem(ctx: Ctx, id: string): Promise<ItemDetailDto> {
  requireActor(ctx);
  const row = await itemRow(ctx.db, id);
  if (!row || !visibleTo(ctx.actor, row)) throw new NotFoundError();
  const t = textsIn(row, ctx.actor.locale);
  const [cat] = row.categoryId ? await ctx.db.select().from(catalogueCategories).where(eq(catalogueCategories.id, row.categoryId)) : [];
  const groupIds = [...new Set(row.tasks.map((x) => x.groupId).filter((g): g is string => !!g))];
  const groups = await supportGroupRefs(ctx.db, groupIds);
  return {
    ...presentSummary(row, ctx.actor),
    long: t.long,
    longHtml: t.long ? renderMarkdown(t.long) : '',
    categoryName: cat ? localText(cat.names, ctx.actor.locale) : null,
    version: row.version,
    form: row.form,
    fulfilmentSlaHours: row.fulfilmentSlaHours,
    fulfilledBy: groupIds.map((g) => groups.get(g)?.name).filter((n): n is string => !!n),
  };
}

/** The item's order form as JSON Schema 2020-12 with x-ui hints (for API clients). */
export async function getCatalogueItemSchema(ctx: Ctx, id: string) {
  requireActor(ctx);
  const row = await itemRow(ctx.db, id);
  if (!row || !visibleTo(ctx.actor, row)) throw new NotFoundError();
  return { ...formJsonSchema(row.form), $id: `urn:portico:catalogue:${row.key}:v${row.version}`, title: textsIn(row, ctx.actor.locale).name };
}

/**
 * What the orders module needs to place an order: 404 if the item is unknown or inactive (or the
 * reader is staff), 403 if this person may not order it.
 */
export async function getOrderableItem(ctx: Ctx, itemId: string, db: DbOrTx = ctx.db): Promise<OrderableItem> {
  requireActor(ctx);
  const row = await itemRow(db, itemId);
  if (!row || !row.active) throw new NotFoundError();
  if (!mayOrder(ctx.actor, row)) {
    if (isStaff(ctx.actor)) throw new ForbiddenError('Only customers order from the catalogue.');
    // A refused order is on the record (seed 000: who tried to request access without the right).
    await audit(ctx.db, auditSource(ctx), {
      orgId: ctx.actor.orgId,
      action: 'catalogue.order_refused',
      targetType: 'catalogue_item',
      targetId: row.id,
      after: { item: row.key, kind: row.kind, needs: row.orderableBy === 'permission' ? row.orderPermission : row.orderableBy },
    });
    throw new ForbiddenError();
  }
  return {
    id: row.id,
    key: row.key,
    kind: row.kind as ItemKind,
    version: row.version,
    names: allNames(row),
    approvalRule: row.approvalRule as ApprovalRule,
    form: row.form,
    tasks: row.tasks.map((x) => ({ title: allOf(x.title), groupId: x.groupId })),
    fulfilmentSlaHours: row.fulfilmentSlaHours,
    leadTimeHours: row.leadTimeHours,
    price: priceOf(row),
  };
}

/** Counts one submitted order of the item (popularity); called by orders inside its transaction. */
export async function recordItemOrdered(tx: Tx, itemId: string): Promise<void> {
  await tx
    .update(catalogueItems)
    .set({ orderCount: sql`${catalogueItems.orderCount} + 1` })
    .where(eq(catalogueItems.id, itemId));
}

// ───────────────────────────── administration (catalogue.manage) ─────────────────────────────

export async function listItemsAdmin(ctx: Ctx): Promise<{ items: ItemAdminDto[] }> {
  requirePermission(ctx, 'catalogue.manage');
  const rows = await ctx.db.select().from(catalogueItems).orderBy(asc(catalogueItems.sort), asc(catalogueItems.key));
  return { items: rows.map(presentAdmin) };
}

export async function getItemAdmin(ctx: Ctx, id: string): Promise<ItemAdminDto> {
  requirePermission(ctx, 'catalogue.manage');
  const row = await itemRow(ctx.db, id);
  if (!row) throw new NotFoundError();
  return presentAdmin(row);
}

/** Database checks of an item: its category and its tasks' groups exist (422 naming the field). */
async function checkReferences(tx: DbOrTx, data: ReturnType<typeof ItemInput.parse>) {
  const errors: { path: string; message: string }[] = [];
  if (data.categoryId) {
    const [cat] = await tx.select({ id: catalogueCategories.id }).from(catalogueCategories).where(eq(catalogueCategories.id, data.categoryId));
    if (!cat) errors.push({ path: 'categoryId', message: 'is not a catalogue category' });
  }
  const ids = [...new Set(data.tasks.map((x) => x.groupId).filter((g): g is string => !!g))];
  const groups = await supportGroupRefs(tx, ids);
  data.tasks.forEach((x, i) => {
    if (x.groupId && !groups.has(x.groupId)) errors.push({ path: `tasks.${i}.groupId`, message: 'is not a support group' });
  });
  if (data.orderPermission && !(PERMISSIONS as readonly string[]).includes(data.orderPermission))
    errors.push({ path: 'orderPermission', message: 'is not a permission' });
  if (errors.length) throw new UnprocessableError(errors);
}

function columnsOf(data: ReturnType<typeof ItemInput.parse>) {
  return {
    key: data.key,
    kind: data.kind,
    categoryId: data.categoryId,
    icon: data.icon,
    texts: data.texts,
    leadTimeHours: data.leadTimeHours,
    priceCents: data.price?.amountCents ?? null,
    currency: data.price?.currency ?? null,
    orderableBy: data.orderableBy,
    orderPermission: data.orderPermission,
    approvalRule: data.approvalRule,
    tasks: data.tasks,
    fulfilmentSlaHours: data.fulfilmentSlaHours,
    form: data.form,
    active: data.active,
    sort: data.sort,
  };
}

async function keyTaken(tx: DbOrTx, key: string, exceptId: string | null) {
  const [other] = await tx.select({ id: catalogueItems.id }).from(catalogueItems).where(eq(catalogueItems.key, key));
  return !!other && other.id !== exceptId;
}

/** Adds an item (version 1). Requires `catalogue.manage`. */
export async function createItem(ctx: Ctx, input: ItemInput): Promise<ItemAdminDto> {
  requirePermission(ctx, 'catalogue.manage');
  const data = ItemInput.parse(input);
  return withTx(ctx, async (tx) => {
    await checkReferences(tx, data);
    if (await keyTaken(tx, data.key, null)) throw new ConflictError('CONFLICT', `An item with the key "${data.key}" exists.`);
    const [row] = await tx.insert(catalogueItems).values({ id: uuidv7(), ...columnsOf(data), version: 1 }).returning();
    await audit(tx, auditSource(ctx), { orgId: null, action: 'catalogue.item_created', targetType: 'catalogue_item', targetId: row!.id, after: { key: row!.key, version: 1 } });
    return presentAdmin(row!);
  });
}

/** Replaces an item's settings, texts and form; its version goes up by one. Requires `catalogue.manage`. */
export async function updateItem(ctx: Ctx, id: string, input: ItemInput): Promise<ItemAdminDto> {
  requirePermission(ctx, 'catalogue.manage');
  const data = ItemInput.parse(input);
  return withTx(ctx, async (tx) => {
    const [before] = await tx.select().from(catalogueItems).where(eq(catalogueItems.id, id)).for('update');
    if (!before) throw new NotFoundError();
    await checkReferences(tx, data);
    if (await keyTaken(tx, data.key, id)) throw new ConflictError('CONFLICT', `An item with the key "${data.key}" exists.`);
    const [row] = await tx
      .update(catalogueItems)
      .set({ ...columnsOf(data), version: before.version + 1, updatedAt: new Date() })
      .where(eq(catalogueItems.id, id))
      .returning();
    const changed = (Object.keys(columnsOf(data)) as (keyof ReturnType<typeof columnsOf>)[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(row![k]),
    );
    await audit(tx, auditSource(ctx), {
      orgId: null,
      action: 'catalogue.item_updated',
      targetType: 'catalogue_item',
      targetId: id,
      before: { version: before.version },
      after: { version: row!.version, changed },
    });
    return presentAdmin(row!);
  });
}

export async function listCategoriesAll(ctx: Ctx): Promise<{ items: CategoryDto[] }> {
  requireActor(ctx);
  const rows = await ctx.db.select().from(catalogueCategories).orderBy(asc(catalogueCategories.sort), asc(catalogueCategories.key));
  return { items: rows.map((c) => presentCategory(c, ctx.actor!.locale)) };
}

/** Adds (id null) or replaces a category. Requires `catalogue.manage`. */
export async function saveCategory(ctx: Ctx, id: string | null, input: CategoryInput): Promise<CategoryDto> {
  requirePermission(ctx, 'catalogue.manage');
  const data = CategoryInput.parse(input);
  return withTx(ctx, async (tx) => {
    const [other] = await tx.select({ id: catalogueCategories.id }).from(catalogueCategories).where(eq(catalogueCategories.key, data.key));
    if (other && other.id !== id) throw new ConflictError('CONFLICT', `A category with the key "${data.key}" exists.`);
    let row: CategoryRow | undefined;
    if (id) {
      [row] = await tx.update(catalogueCategories).set(data).where(eq(catalogueCategories.id, id)).returning();
      if (!row) throw new NotFoundError();
    } else {
      [row] = await tx.insert(catalogueCategories).values({ id: uuidv7(), ...data }).returning();
    }
    await audit(tx, auditSource(ctx), { orgId: null, action: id ? 'catalogue.category_updated' : 'catalogue.category_created', targetType: 'catalogue_category', targetId: row!.id, after: { key: row!.key } });
    return presentCategory(row!, ctx.actor.locale);
  });
}

/** Support groups an item's tasks may be assigned to (for the editor). Requires `catalogue.manage`. */
export async function listTaskGroups(ctx: Ctx) {
  requirePermission(ctx, 'catalogue.manage');
  return { items: [...(await supportGroupRefs(ctx.db)).values()] };
}

/**
 * Who a person field may name: the active members of the caller's organisation (customers with
 * `orders.create`), or of `orgId` for provider staff with `orgs.read_all` (previewing a form for a
 * customer). Another organisation's id from a customer → 404.
 */
export async function listOrderPeople(ctx: Ctx, orgId?: string): Promise<{ items: { id: string; name: string; email: string }[] }> {
  requireActor(ctx);
  const actor = ctx.actor;
  let target: string;
  if (actor.orgKind === 'customer') {
    requirePermission(ctx, 'orders.create');
    if (orgId && orgId !== actor.orgId) throw new NotFoundError();
    target = actor.orgId;
  } else {
    requirePermission(ctx, 'orgs.read_all');
    if (!orgId) throw new UnprocessableError([{ path: 'orgId', message: 'name the organisation' }]);
    const [org] = await ctx.db.select({ id: organizations.id, kind: organizations.kind }).from(organizations).where(eq(organizations.id, orgId));
    if (!org || org.kind !== 'customer') throw new NotFoundError();
    target = orgId;
  }
  const members = await activeOrgMembers(ctx.db, target);
  return { items: members.map((m) => ({ id: m.id, name: m.name, email: m.email })) };
}
