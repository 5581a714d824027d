import { z } from 'zod';
import { FormDefinitionSchema, LocalText, type FormDefinition } from './forms.js';

/**
 * The service catalogue: what a customer can order (provider-owned configuration, no org_id). Each
 * item carries its texts per language, its order form as data (contracts/forms.ts), who may order it,
 * its approval rule and the fulfilment tasks an order of it creates. Shared by server and web.
 */
export const ITEM_KINDS = [
  'generic',
  'access_visit',
  'access_badge',
  'smart_hands',
  'shipment_inbound',
  'shipment_outbound',
  'cross_connect',
  'decommission',
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const APPROVAL_RULES = ['none', 'customer_admin', 'provider', 'both'] as const;
export type ApprovalRule = (typeof APPROVAL_RULES)[number];

/** Who may order: everybody of a customer organisation, its admins, or holders of one permission. */
export const ORDERABLE_BY = ['all', 'customer_admin', 'permission'] as const;
export type OrderableBy = (typeof ORDERABLE_BY)[number];

/** Icons the web knows (Tabler names without prefix); the editor offers exactly these. */
export const CATALOGUE_ICONS = [
  'door-enter',
  'id-badge',
  'hand-finger',
  'truck-delivery',
  'truck',
  'plug-connected',
  'cable',
  'spray',
  'server',
  'trash',
  'help',
  'package',
  'tool',
  'shield-lock',
  'box',
] as const;
export type CatalogueIcon = (typeof CATALOGUE_ICONS)[number];

export type Lang = 'en' | 'de' | 'nb' | 'ru';
export type LangRecord = Record<Lang, string>;

/** What the orders module needs of an item (the snapshot an order keeps). */
export type OrderableItem = {
  id: string;
  key: string;
  kind: ItemKind;
  version: number;
  /** In every language (en, de, nb, ru), each falling back to English. */
  names: Record<string, string>;
  approvalRule: ApprovalRule;
  form: FormDefinition;
  tasks: { title: Record<string, string>; groupId: string | null }[];
  fulfilmentSlaHours: number | null;
  leadTimeHours: number | null;
  /** null = on quote */
  price: { amountCents: number; currency: string } | null;
};

const Key = z.string().regex(/^[a-z][a-z0-9_-]{1,59}$/, 'must be 2–60 lower-case letters, digits, _ or -');
const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code (EUR, NOK)');

export const ItemTexts = z.strictObject({
  name: z.string().trim().min(1).max(120),
  short: z.string().trim().max(300).default(''),
  /** Markdown, rendered sanitised. */
  long: z.string().trim().max(20_000).default(''),
});
/** Texts per language; English required (the fallback), the others optional. */
export const ItemTextsByLang = z.strictObject({
  en: ItemTexts,
  de: ItemTexts.optional(),
  nb: ItemTexts.optional(),
  ru: ItemTexts.optional(),
});
export type ItemTextsByLang = z.infer<typeof ItemTextsByLang>;

export const FulfilmentTask = z.strictObject({ title: LocalText(200), groupId: z.uuid().nullable() });
export type FulfilmentTask = z.infer<typeof FulfilmentTask>;

export const Price = z.strictObject({ amountCents: z.number().int().min(0).max(100_000_000_00), currency: Currency });

/** Create or replace an item (the editor sends the whole item; each save increments its version). */
export const ItemInput = z
  .strictObject({
    key: Key,
    kind: z.enum(ITEM_KINDS),
    categoryId: z.uuid().nullable(),
    icon: z.enum(CATALOGUE_ICONS),
    texts: ItemTextsByLang,
    leadTimeHours: z.number().int().min(0).max(8760).nullable(),
    price: Price.nullable(),
    orderableBy: z.enum(ORDERABLE_BY),
    orderPermission: z.string().max(60).nullable(),
    approvalRule: z.enum(APPROVAL_RULES),
    tasks: z.array(FulfilmentTask).max(30),
    fulfilmentSlaHours: z.number().int().min(1).max(8760).nullable(),
    form: FormDefinitionSchema,
    active: z.boolean(),
    sort: z.number().int().min(0).max(100_000),
  })
  .superRefine((v, ctx) => {
    if (v.orderableBy === 'permission' && !v.orderPermission)
      ctx.addIssue({ code: 'custom', path: ['orderPermission'], message: 'is required when holders of a permission may order' });
    if (v.orderableBy !== 'permission' && v.orderPermission)
      ctx.addIssue({ code: 'custom', path: ['orderPermission'], message: 'only applies when holders of a permission may order' });
  });
export type ItemInput = z.input<typeof ItemInput>;

export const CategoryInput = z.strictObject({
  key: Key,
  names: LocalText(80),
  icon: z.enum(CATALOGUE_ICONS),
  sort: z.number().int().min(0).max(100_000),
});
export type CategoryInput = z.input<typeof CategoryInput>;

export const CategoryDto = z
  .object({
    id: z.uuid(),
    key: z.string(),
    /** In the reader's language (fallback en). */
    name: z.string(),
    names: z.object({ en: z.string(), de: z.string().optional(), nb: z.string().optional(), ru: z.string().optional() }),
    icon: z.string(),
    sort: z.number(),
  })
  .meta({ id: 'CatalogueCategory' });
export type CategoryDto = z.infer<typeof CategoryDto>;

const PriceDto = z.object({ amountCents: z.number(), currency: z.string() }).nullable();

/** An item as a card in the catalogue (reader's language). */
export const ItemSummaryDto = z
  .object({
    id: z.uuid(),
    key: z.string(),
    kind: z.enum(ITEM_KINDS),
    categoryId: z.uuid().nullable(),
    icon: z.string(),
    name: z.string(),
    short: z.string(),
    leadTimeHours: z.number().nullable(),
    price: PriceDto,
    approvalRule: z.enum(APPROVAL_RULES),
    orderCount: z.number(),
    /** Staff see inactive items and items customers may not order; false when the reader may not order it. */
    active: z.boolean(),
    canOrder: z.boolean(),
  })
  .meta({ id: 'CatalogueItemSummary' });
export type ItemSummaryDto = z.infer<typeof ItemSummaryDto>;

export const CatalogueHomeDto = z.object({
  categories: z.array(CategoryDto),
  items: z.array(ItemSummaryDto),
  /** Up to six of the items, most ordered first (items nobody ordered yet are left out). */
  popular: z.array(z.uuid()),
});
export type CatalogueHomeDto = z.infer<typeof CatalogueHomeDto>;

/** One item with its form, for the order page (reader's language). */
export const ItemDetailDto = ItemSummaryDto.extend({
  long: z.string(),
  /** The long description rendered from Markdown and sanitised: safe to insert as HTML. */
  longHtml: z.string(),
  categoryName: z.string().nullable(),
  version: z.number(),
  form: z.any(),
  fulfilmentSlaHours: z.number().nullable(),
  /** Names of the groups that fulfil it, in task order without repeats. */
  fulfilledBy: z.array(z.string()),
}).meta({ id: 'CatalogueItemDetail' });
export type ItemDetailDto = Omit<z.infer<typeof ItemDetailDto>, 'form'> & { form: FormDefinition };

/** An item as the editor sees it (all languages, all settings). */
export const ItemAdminDto = z
  .object({
    id: z.uuid(),
    key: z.string(),
    kind: z.enum(ITEM_KINDS),
    categoryId: z.uuid().nullable(),
    icon: z.string(),
    texts: z.any(),
    leadTimeHours: z.number().nullable(),
    price: PriceDto,
    orderableBy: z.enum(ORDERABLE_BY),
    orderPermission: z.string().nullable(),
    approvalRule: z.enum(APPROVAL_RULES),
    tasks: z.array(z.object({ title: z.any(), groupId: z.uuid().nullable() })),
    fulfilmentSlaHours: z.number().nullable(),
    form: z.any(),
    active: z.boolean(),
    sort: z.number(),
    version: z.number(),
    orderCount: z.number(),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'CatalogueItemAdmin' });
export type ItemAdminDto = Omit<z.infer<typeof ItemAdminDto>, 'texts' | 'form' | 'tasks'> & {
  texts: ItemTextsByLang;
  form: FormDefinition;
  tasks: FulfilmentTask[];
};

export const CatalogueQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  categoryId: z.uuid().optional(),
});
