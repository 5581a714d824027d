import { sql, type SQL } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { organizations } from '../../platform/tenancy.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
// Column helpers: functions, so that every table gets its own column builder.
const createdAt = () => ts('created_at').notNull().defaultNow();
const orgRef = () => uuid('org_id').notNull().references(() => organizations.id);
/** The owning article; its rows go with it. */
const articleRef = () =>
  uuid('article_id')
    .notNull()
    .references(() => kbArticles.id, { onDelete: 'cascade' });

/** A language's title and Markdown body. */
export type KbVariantContent = { title: string; body: string };
/** An article's content in its languages (the main language always present). */
export type KbContent = Partial<Record<'en' | 'de' | 'nb' | 'ru', KbVariantContent>>;

/**
 * Knowledge-base articles are the provider's, not a customer's: no org_id. Who may read one is its
 * `visibility` (public | customers | organisations | audience | internal), with `kb_article_orgs`
 * for "organisations" and `audience_roles` / `audience_permissions` for "audience"; one predicate in
 * visibility.ts applies it on every read path.
 */
export const kbCategories = pgTable(
  'kb_categories',
  {
    id: uuid('id').primaryKey(),
    parentId: uuid('parent_id').references((): AnyPgColumn => kbCategories.id),
    /** Names per language ({ en, de?, nb?, ru? }); en always. */
    names: jsonb('names').$type<Record<string, string>>().notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('kb_categories_parent_idx').on(t.parentId, t.position)],
);

export const kbArticles = pgTable(
  'kb_articles',
  {
    id: uuid('id').primaryKey(),
    /** article | known_error (published from a problem ticket's workaround). */
    kind: text('kind').notNull().default('article'),
    categoryId: uuid('category_id').references(() => kbCategories.id),
    mainLang: text('main_lang').notNull(),
    visibility: text('visibility').notNull(),
    audienceRoles: text('audience_roles').array().notNull().default(sql`'{}'::text[]`),
    audiencePermissions: text('audience_permissions').array().notNull().default(sql`'{}'::text[]`),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** The working copy: what the next publish makes live. Null when nothing is pending. */
    draft: jsonb('draft').$type<KbContent>(),
    /** draft | in_review while a working copy is pending, else null. */
    draftStatus: text('draft_status'),
    /** The live version's number; null while not published (never, or unpublished). */
    publishedVersion: integer('published_version'),
    lastVersion: integer('last_version').notNull().default(0),
    problemId: uuid('problem_id'),
    viewCount: integer('view_count').notNull().default(0),
    helpfulYes: integer('helpful_yes').notNull().default(0),
    helpfulNo: integer('helpful_no').notNull().default(0),
    createdBy: uuid('created_by').notNull(),
    updatedBy: uuid('updated_by').notNull(),
    createdAt: createdAt(),
    /** Last change of the live content (publish); "recently updated" orders by it. */
    updatedAt: ts('updated_at').notNull().defaultNow(),
    publishedAt: ts('published_at'),
    lastReviewedAt: ts('last_reviewed_at').notNull().defaultNow(),
    lastReviewedBy: uuid('last_reviewed_by'),
    /** Known errors: when the problem's workaround last changed; due for review while after last_reviewed_at. */
    reviewRequestedAt: ts('review_requested_at'),
  },
  (t) => [
    index('kb_articles_live_idx').on(t.visibility, t.updatedAt).where(sql`published_version is not null`),
    index('kb_articles_views_idx').on(t.viewCount).where(sql`published_version is not null`),
    index('kb_articles_category_idx').on(t.categoryId),
    index('kb_articles_problem_idx').on(t.problemId).where(sql`problem_id is not null`),
    index('kb_articles_tags_idx').using('gin', t.tags),
  ],
);

/** The organisations an article of visibility "organisations" is shown to. */
export const kbArticleOrgs = pgTable(
  'kb_article_orgs',
  {
    articleId: articleRef(),
    orgId: orgRef(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.orgId] }), index('kb_article_orgs_org_idx').on(t.orgId, t.articleId)],
);

const CONFIG_OF_LANG: SQL = sql`(CASE lang WHEN 'de' THEN 'german'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END)`;

/**
 * The live content per language (written on publish): what readers read and search finds. `tsv`:
 * title weight A, body weight B, in the language's own configuration.
 */
export const kbArticleVariants = pgTable(
  'kb_article_variants',
  {
    articleId: articleRef(),
    lang: text('lang').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    tsv: tsvector('tsv')
      .notNull()
      .generatedAlwaysAs(sql`setweight(to_tsvector(${CONFIG_OF_LANG}, coalesce(title, '')), 'A') || setweight(to_tsvector(${CONFIG_OF_LANG}, coalesce(body, '')), 'B')`),
    /** The title's vector alone (small, stored inline): search as you type ranks on it without reading bodies. */
    titleTsv: tsvector('title_tsv')
      .notNull()
      .generatedAlwaysAs(sql`setweight(to_tsvector(${CONFIG_OF_LANG}, coalesce(title, '')), 'A')`),
    /** When this content went live (variants are rewritten on publish): search's recency, without reading the article. */
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.lang] }),
    // One index per language and vector (partial, `lang = '…'`): search matches each language's
    // variants with that language's query, and each index answers its branch alone, exactly. (One index
    // on (lang, vector) read the language's whole posting list on every search.)
    ...(['en', 'de', 'nb', 'ru'] as const).flatMap((l) => [
      index(`kb_article_variants_tsv_${l}_idx`).using('gin', t.tsv).where(sql.raw(`lang = '${l}'`)),
      index(`kb_article_variants_title_tsv_${l}_idx`).using('gin', t.titleTsv).where(sql.raw(`lang = '${l}'`)),
    ]),
  ],
);

/** Every published version, kept: its content, who published it and when. */
export const kbVersions = pgTable(
  'kb_versions',
  {
    articleId: articleRef(),
    number: integer('number').notNull(),
    content: jsonb('content').$type<KbContent>().notNull(),
    authorId: uuid('author_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.number] })],
);

export const kbRelated = pgTable(
  'kb_related',
  {
    articleId: articleRef(),
    relatedId: uuid('related_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.relatedId] })],
);

/**
 * An article's files. Like its text, a change goes live on publish: `state` 'live' (readers see it),
 * 'added' (in the working copy only: readers see it from the next publish), 'removed' (readers still see
 * it; the next publish deletes it).
 */
export const kbAttachments = pgTable(
  'kb_attachments',
  {
    id: uuid('id').primaryKey(),
    articleId: articleRef(),
    state: text('state').$type<'live' | 'added' | 'removed'>().notNull().default('live'),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('kb_attachments_article_idx').on(t.articleId, t.createdAt)],
);

/** "Did this help?": one answer per signed-in reader and article (a new answer replaces the old). */
export const kbFeedback = pgTable(
  'kb_feedback',
  {
    id: uuid('id').primaryKey(),
    articleId: articleRef(),
    orgId: orgRef(),
    userId: uuid('user_id').notNull(),
    helpful: boolean('helpful').notNull(),
    comment: text('comment'),
    lang: text('lang').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('kb_feedback_user_uq').on(t.articleId, t.userId), index('kb_feedback_org_idx').on(t.orgId, t.createdAt)],
);

/** The knowledge base's settings (one row, id 1): after how many days an article is due for review. */
export const kbSettings = pgTable('kb_settings', {
  id: integer('id').primaryKey().default(1),
  reviewAfterDays: integer('review_after_days').notNull().default(180),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
