import { z } from 'zod';
import { Locale, LOCALES } from './common.js';
import { PERMISSIONS, ROLES } from './permissions.js';
import { TICKET_STATUSES } from './tickets.js';

/** Knowledge base (issue 5): articles by provider staff, read by customers and, when public, by anyone. */
export const KB_VISIBILITIES = ['public', 'customers', 'organisations', 'audience', 'internal'] as const;
export const KbVisibility = z.enum(KB_VISIBILITIES);
export type KbVisibility = z.infer<typeof KbVisibility>;
export const KB_LANGS = LOCALES;

export const KbVariantInput = z.strictObject({ title: z.string().trim().min(1).max(200), body: z.string().max(100_000) });
export const KbVariants = z.partialRecord(Locale, KbVariantInput);
export type KbVariants = z.infer<typeof KbVariants>;

/** What an author sets on an article. The content goes to the working copy; the rest applies at once. */
export const KbArticleInput = z.strictObject({
  categoryId: z.uuid().nullable().default(null),
  mainLang: Locale,
  variants: KbVariants,
  visibility: KbVisibility,
  orgIds: z.array(z.uuid()).max(500).default([]),
  roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
  permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length).default([]),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  relatedIds: z.array(z.uuid()).max(20).default([]),
});
export type KbArticleInput = z.input<typeof KbArticleInput>;

export const KbRef = z.object({ id: z.uuid(), title: z.string() });
export const KbCategoryDto = z
  .object({ id: z.uuid(), parentId: z.uuid().nullable(), name: z.string(), names: z.record(z.string(), z.string()), position: z.number().int(), articleCount: z.number().int() })
  .meta({ id: 'KbCategory' });
export type KbCategoryDto = z.infer<typeof KbCategoryDto>;

export const KbArticleSummary = z
  .object({
    id: z.uuid(),
    kind: z.enum(['article', 'known_error']),
    title: z.string(),
    lang: Locale,
    category: KbRef.nullable(),
    tags: z.array(z.string()),
    viewCount: z.number().int(),
    updatedAt: z.iso.datetime({ offset: true }),
    lastReviewedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'KbArticleSummary' });
export type KbArticleSummary = z.infer<typeof KbArticleSummary>;

export const KbHomeDto = z.object({ categories: z.array(KbCategoryDto), mostViewed: z.array(KbArticleSummary), recentlyUpdated: z.array(KbArticleSummary) });
export type KbHomeDto = z.infer<typeof KbHomeDto>;

export const KbAttachmentDto = z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), size: z.number().int(), createdAt: z.iso.datetime({ offset: true }) }).meta({ id: 'KbAttachment' });
/** The author's view: `pending` 'added' (readers see it from the next publish) or 'removed' (readers see it until then). */
export const KbEditorAttachmentDto = KbAttachmentDto.extend({ pending: z.enum(['added', 'removed']).nullable() }).meta({ id: 'KbEditorAttachment' });

export const KbArticleDto = z
  .object({
    id: z.uuid(),
    kind: z.enum(['article', 'known_error']),
    /** The language shown; `fallback` when it is not the one asked for (the main language instead). */
    lang: Locale,
    requestedLang: Locale,
    fallback: z.boolean(),
    mainLang: Locale,
    languages: z.array(Locale),
    title: z.string(),
    /** Sanitised HTML of the Markdown body. */
    html: z.string(),
    category: KbRef.nullable(),
    tags: z.array(z.string()),
    related: z.array(KbRef),
    attachments: z.array(KbAttachmentDto),
    viewCount: z.number().int(),
    helpful: z.object({ yes: z.number().int(), no: z.number().int() }),
    myRating: z.boolean().nullable(),
    publishedAt: z.iso.datetime({ offset: true }).nullable(),
    updatedAt: z.iso.datetime({ offset: true }),
    lastReviewedAt: z.iso.datetime({ offset: true }),
    /** Known errors: the problem, when the reader may see it (provider staff; a customer never sees a problem ticket). */
    problem: z.object({ id: z.uuid(), ref: z.string() }).nullable(),
    /** Known errors: the incidents linked to the problem that the reader may see (staff: all; a customer: their organisation's, by the ticket list's rule). */
    incidents: z.array(z.object({ id: z.uuid(), ref: z.string(), title: z.string(), status: z.enum(TICKET_STATUSES) })),
    abilities: z.object({ rate: z.boolean(), edit: z.boolean() }),
  })
  .meta({ id: 'KbArticle' });
export type KbArticleDto = z.infer<typeof KbArticleDto>;

export const KbListQuery = z.strictObject({
  categoryId: z.uuid().optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  lang: Locale.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const KbReaderQuery = z.strictObject({ lang: Locale.optional() });

export const KbFeedbackInput = z.strictObject({ helpful: z.boolean(), comment: z.string().trim().max(2000).optional() });

export const KbStatus = z.enum(['draft', 'in_review', 'published', 'unpublished']);
export type KbStatus = z.infer<typeof KbStatus>;

export const KbVersionDto = z.object({ number: z.number().int(), author: z.object({ id: z.uuid(), name: z.string() }), createdAt: z.iso.datetime({ offset: true }), live: z.boolean() });
export type KbVersionDto = z.infer<typeof KbVersionDto>;

export const KbFeedbackDto = z.object({ helpful: z.boolean(), comment: z.string().nullable(), lang: Locale, createdAt: z.iso.datetime({ offset: true }), org: z.string() });

/** The author's view of an article: settings, the working copy (or the live content), versions, feedback. */
export const KbEditorDto = z
  .object({
    id: z.uuid(),
    kind: z.enum(['article', 'known_error']),
    status: KbStatus,
    draftStatus: z.enum(['draft', 'in_review']).nullable(),
    publishedVersion: z.number().int().nullable(),
    categoryId: z.uuid().nullable(),
    mainLang: Locale,
    variants: KbVariants,
    visibility: KbVisibility,
    orgs: z.array(z.object({ id: z.uuid(), name: z.string() })),
    roles: z.array(z.enum(ROLES)),
    permissions: z.array(z.enum(PERMISSIONS)),
    tags: z.array(z.string()),
    related: z.array(KbRef),
    attachments: z.array(KbEditorAttachmentDto),
    versions: z.array(KbVersionDto),
    feedback: z.array(KbFeedbackDto),
    problem: z.object({ id: z.uuid(), ref: z.string() }).nullable(),
    lastReviewedAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
    abilities: z.object({ publish: z.boolean() }),
  })
  .meta({ id: 'KbEditor' });
export type KbEditorDto = z.infer<typeof KbEditorDto>;

export const KbManageItem = z.object({
  id: z.uuid(),
  title: z.string(),
  kind: z.enum(['article', 'known_error']),
  status: KbStatus,
  draftStatus: z.enum(['draft', 'in_review']).nullable(),
  visibility: KbVisibility,
  languages: z.array(Locale),
  updatedAt: z.iso.datetime({ offset: true }),
  lastReviewedAt: z.iso.datetime({ offset: true }),
  reviewDue: z.boolean(),
  /** Why it is due: `age` (not reviewed for the review interval), `workaround_changed` (a known error's problem changed its workaround since). */
  reviewReason: z.enum(['age', 'workaround_changed']).nullable(),
});
export type KbManageItem = z.infer<typeof KbManageItem>;
export const KbManageQuery = z.strictObject({ status: KbStatus.optional(), due: z.enum(['true', 'false']).optional() });

export const KbDiffLine = z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() });
export const KbDiffDto = z.object({ from: z.number().int(), to: z.union([z.number().int(), z.literal('draft')]), langs: z.array(z.object({ lang: Locale, lines: z.array(KbDiffLine) })) });
export type KbDiffDto = z.infer<typeof KbDiffDto>;
export const KbDiffQuery = z.strictObject({ from: z.coerce.number().int().min(1), to: z.union([z.literal('draft'), z.coerce.number().int().min(1)]) });

export const KbSettingsDto = z.object({ reviewAfterDays: z.number().int() });
export const KbSettingsInput = z.strictObject({ reviewAfterDays: z.number().int().min(1).max(3650) });
export const KbCategoryInput = z.strictObject({
  parentId: z.uuid().nullable().default(null),
  names: z.partialRecord(Locale, z.string().trim().min(1).max(80)).refine((n) => !!n.en, { message: 'needs an English name', path: ['en'] }),
  position: z.number().int().min(0).max(10_000).default(0),
});
export const KbKnownErrorInput = z.strictObject({ problemId: z.uuid(), visibility: KbVisibility.default('customers') });
export const KbKnownErrorQuery = z.strictObject({ problemId: z.uuid() });
/** The known-error article of a problem, for its authors (null: none yet). */
export const KbKnownErrorLookup = z.object({
  article: z
    .object({ id: z.uuid(), title: z.string(), status: KbStatus, draftStatus: z.enum(['draft', 'in_review']).nullable(), reviewDue: z.boolean() })
    .nullable(),
});
export type KbKnownErrorLookup = z.infer<typeof KbKnownErrorLookup>;
export const KbPreviewInput = z.strictObject({ body: z.string().max(100_000) });
