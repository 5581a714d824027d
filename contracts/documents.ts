import { z } from 'zod';
import { PERMISSIONS } from './permissions.js';

/** The organisation's document library (issue 5, seed 000: "instructions, monthly customer reports, service descriptions"). */

export const DOCUMENT_LANGS = ['en', 'de', 'nb', 'ru'] as const;
export type DocumentLang = (typeof DOCUMENT_LANGS)[number];

/** Who of the organisation sees a document: every member, its customer admins, or holders of one permission. */
export const DOCUMENT_VISIBILITIES = ['members', 'admins', 'permission'] as const;
export type DocumentVisibility = (typeof DOCUMENT_VISIBILITIES)[number];

/** Extraction of a version's text for search: queued after upload, done by a job. */
export const TEXT_STATUSES = ['pending', 'done', 'none', 'failed'] as const;

/** File types a document may have (by extension) and the type they are stored with. */
export const DOCUMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  zip: 'application/zip',
};

const Iso = z.iso.datetime({ offset: true });
const Ref = z.object({ id: z.uuid(), name: z.string() });
const By = z.object({ id: z.uuid().nullable(), name: z.string() });
const CategoryKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'is not a category key');

/** A category as readers see it; an archived one is not offered for new documents (its documents keep it). */
export const DocumentCategoryDto = z
  .object({ key: z.string(), name: z.string(), position: z.number().int(), archived: z.boolean() })
  .meta({ id: 'DocumentCategory' });
export type DocumentCategoryDto = z.infer<typeof DocumentCategoryDto>;

/** A category's name in each portal language: English required (the fallback), the others optional. */
const CategoryName = z.string().trim().min(1, 'is required').max(80);
export const CategoryNames = z.strictObject({
  en: CategoryName,
  de: z.string().trim().max(80).optional(),
  nb: z.string().trim().max(80).optional(),
  ru: z.string().trim().max(80).optional(),
});
export type CategoryNames = z.output<typeof CategoryNames>;

/** A category as provider admins configure it (`documents.configure`): every name, how many documents use it. */
export const DocumentCategoryAdminDto = z
  .object({
    key: z.string(),
    name: z.string(),
    names: z.object({ en: z.string(), de: z.string().optional(), nb: z.string().optional(), ru: z.string().optional() }),
    position: z.number().int(),
    archived: z.boolean(),
    archivedAt: Iso.nullable(),
    /** Documents of every organisation filed under it; a category in use cannot be deleted, only archived. */
    documentCount: z.number().int(),
    /** Generated documents (the monthly access report) are filed under it: never deleted. */
    system: z.boolean(),
    abilities: z.object({ delete: z.boolean() }),
  })
  .meta({ id: 'DocumentCategoryAdmin' });
export type DocumentCategoryAdminDto = z.infer<typeof DocumentCategoryAdminDto>;

/** A new category; without a key one is made from the English name. */
export const NewDocumentCategory = z.strictObject({ key: CategoryKey.optional(), names: CategoryNames });
export type NewDocumentCategory = z.input<typeof NewDocumentCategory>;

/** Rename (every name at once) and/or archive or restore. */
export const UpdateDocumentCategory = z
  .strictObject({ names: CategoryNames.optional(), archived: z.boolean().optional() })
  .refine((v) => v.names !== undefined || v.archived !== undefined, { message: 'names or archived is required' });
export type UpdateDocumentCategory = z.input<typeof UpdateDocumentCategory>;

/** The categories in their new order (a part of them is moved within the places they held). */
export const ReorderDocumentCategories = z.strictObject({
  keys: z
    .array(CategoryKey)
    .min(1)
    .max(500)
    .refine((k) => new Set(k).size === k.length, { message: 'names a category twice' }),
});
export type ReorderDocumentCategories = z.input<typeof ReorderDocumentCategories>;

export const CategoryKeyParams = z.strictObject({ key: CategoryKey });

export const DocumentVersionDto = z
  .object({
    id: z.uuid(),
    version: z.number().int(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    textStatus: z.enum(TEXT_STATUSES),
    createdBy: By,
    createdAt: Iso,
  })
  .meta({ id: 'DocumentVersion' });
export type DocumentVersionDto = z.infer<typeof DocumentVersionDto>;

export const DocumentDto = z
  .object({
    id: z.uuid(),
    org: Ref,
    /** The category's key; `categoryName` is its name in the reader's language. */
    category: z.string(),
    categoryName: z.string(),
    title: z.string(),
    description: z.string(),
    language: z.enum(DOCUMENT_LANGS),
    visibility: z.enum(DOCUMENT_VISIBILITIES),
    requiredPermission: z.string().nullable(),
    period: z.string().nullable(),
    /** The current version (what a plain download returns). */
    current: DocumentVersionDto,
    versionCount: z.number().int(),
    createdAt: Iso,
    updatedAt: Iso,
    abilities: z.object({ manage: z.boolean() }),
  })
  .meta({ id: 'OrgDocument' });
export type DocumentDto = z.infer<typeof DocumentDto>;

export const DocumentDetailDto = DocumentDto.extend({ versions: z.array(DocumentVersionDto) }).meta({ id: 'OrgDocumentDetail' });
export type DocumentDetailDto = z.infer<typeof DocumentDetailDto>;

export const DocumentQuery = z.strictObject({
  orgId: z.uuid().optional(),
  category: CategoryKey.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const Title = z.string().trim().min(1, 'is required').max(200);
const Description = z.string().trim().max(2000);
const Permission = z.enum(PERMISSIONS);

/** Who sees it; a permission is named only with visibility "permission". */
const withVisibility = <T extends z.ZodObject>(s: T) =>
  s.superRefine((v: { visibility?: DocumentVisibility; requiredPermission?: string | null }, c) => {
    if (v.visibility === 'permission' && !v.requiredPermission) c.addIssue({ code: 'custom', path: ['requiredPermission'], message: 'is required when visibility is "permission"' });
    if (v.visibility && v.visibility !== 'permission' && v.requiredPermission) c.addIssue({ code: 'custom', path: ['requiredPermission'], message: 'is only allowed when visibility is "permission"' });
  });

/** The fields of a new document's upload (multipart form fields before the file). */
export const NewDocumentFields = withVisibility(
  z.strictObject({
    orgId: z.uuid(),
    category: CategoryKey,
    title: Title,
    description: Description.default(''),
    language: z.enum(DOCUMENT_LANGS).default('en'),
    visibility: z.enum(DOCUMENT_VISIBILITIES).default('members'),
    requiredPermission: Permission.optional(),
  }),
);
export type NewDocumentFields = z.output<typeof NewDocumentFields>;

export const UpdateDocument = withVisibility(
  z.strictObject({
    category: CategoryKey.optional(),
    title: Title.optional(),
    description: Description.optional(),
    language: z.enum(DOCUMENT_LANGS).optional(),
    visibility: z.enum(DOCUMENT_VISIBILITIES).optional(),
    requiredPermission: Permission.nullable().optional(),
  }),
);
export type UpdateDocument = z.output<typeof UpdateDocument>;

export const VersionParams = z.strictObject({ id: z.uuid(), versionId: z.uuid() });
