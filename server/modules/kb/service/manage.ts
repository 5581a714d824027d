import { diffLines } from 'diff';
import { and, desc, eq, gt, isNotNull, lt, ne, or, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Locale } from '../../../../contracts/common.js';
import { KbCategoryInput, KbDiffQuery, KbKnownErrorInput, KbKnownErrorQuery, KbManageQuery, KbPreviewInput, KbSettingsInput, type KbCategoryDto, type KbDiffDto, type KbEditorDto, type KbKnownErrorLookup, type KbManageItem } from '../../../../contracts/kb.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, withTx, type Ctx } from '../../../platform/context.js';
import type { DbOrTx, Tx } from '../../../platform/db/client.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../../platform/errors.js';
import type { OutboxEvent } from '../../../platform/outbox.js';
import { beforeUpload, storeUpload, type FileStore, type Upload, type UploadLimits } from '../../../platform/storage.js';
import { problemWithIncidents } from '../../tickets/index.js';
import { kbArticles, kbAttachments, kbCategories, kbSettings, type KbContent } from '../kb.tables.js';
import type { ArticleRow } from '../visibility.js';
import { renderArticle } from '../render.js';
import { getArticleForEdit } from '../visibility.js';
import { authorTitles, presentEditor, statusOf, workingContent } from './editor.js';
import { categoryName } from './read.js';
import { createArticle, ensureWorkingCopy, requireAuthor, versionContent } from './write.js';

export async function reviewAfterDays(db: DbOrTx): Promise<number> {
  const [s] = await db.select().from(kbSettings).where(eq(kbSettings.id, 1));
  return s?.reviewAfterDays ?? 180;
}

/**
 * Why an article is on the review to-do list, or null: a known error whose problem changed its workaround
 * since the last review (any status: the text was taken from the old workaround), else a live article not
 * reviewed within the interval. Publishing and "Mark as reviewed" set last_reviewed_at, which clears both.
 */
export function reviewReason(r: Pick<ArticleRow, 'publishedVersion' | 'lastReviewedAt' | 'reviewRequestedAt'>, cutoff: number): KbManageItem['reviewReason'] {
  if (r.reviewRequestedAt && r.reviewRequestedAt > r.lastReviewedAt) return 'workaround_changed';
  return r.publishedVersion && r.lastReviewedAt.getTime() < cutoff ? 'age' : null;
}

/** Every article for its authors (any status), newest change first; `due`: what is on the review to-do list. Requires kb.write. */
export async function listForAuthors(ctx: Ctx, input: unknown): Promise<{ items: KbManageItem[]; reviewAfterDays: number }> {
  requireAuthor(ctx);
  const q = KbManageQuery.parse(input);
  const days = await reviewAfterDays(ctx.db);
  const dueBefore = sql`now() - make_interval(days => ${days})`;
  const rows = await ctx.db
    .select()
    .from(kbArticles)
    .where(q.due === 'true' ? or(and(isNotNull(kbArticles.publishedVersion), lt(kbArticles.lastReviewedAt, dueBefore)), gt(kbArticles.reviewRequestedAt, kbArticles.lastReviewedAt)) : undefined)
    .orderBy(desc(kbArticles.updatedAt))
    .limit(500);
  const titles = await authorTitles(ctx.db, rows);
  const cutoff = Date.now() - days * 86_400_000;
  const items = rows
    .map((r) => ({
      id: r.id,
      reviewReason: reviewReason(r, cutoff),
      title: titles.get(r.id) ?? '',
      kind: r.kind as KbManageItem['kind'],
      status: statusOf(r),
      draftStatus: (r.draftStatus as KbManageItem['draftStatus']) ?? null,
      visibility: r.visibility as KbManageItem['visibility'],
      languages: Object.keys(r.draft ?? {}) as Locale[],
      updatedAt: r.updatedAt.toISOString(),
      lastReviewedAt: r.lastReviewedAt.toISOString(),
      reviewDue: !!reviewReason(r, cutoff),
    }))
    .filter((i) => !q.status || i.status === q.status);
  return { items, reviewAfterDays: days };
}

/** The author's view of one article. Requires kb.write. */
export async function getForAuthor(ctx: Ctx, id: string): Promise<KbEditorDto> {
  requireAuthor(ctx);
  return presentEditor(ctx.db, ctx, await getArticleForEdit(ctx.db, id));
}

/** The review interval. Requires kb.write to read, kb.publish to change. */
export async function getKbSettings(ctx: Ctx) {
  requireAuthor(ctx);
  return { reviewAfterDays: await reviewAfterDays(ctx.db) };
}
export async function updateKbSettings(ctx: Ctx, input: unknown) {
  requireAuthor(ctx, 'kb.publish');
  const data = KbSettingsInput.parse(input);
  return withTx(ctx, async (tx) => {
    const before = await reviewAfterDays(tx);
    await tx.insert(kbSettings).values({ id: 1, reviewAfterDays: data.reviewAfterDays }).onConflictDoUpdate({ target: kbSettings.id, set: { reviewAfterDays: data.reviewAfterDays, updatedAt: new Date() } });
    await audit(tx, auditSource(ctx), { orgId: ctx.actor!.orgId, action: 'kb.settings.update', before: { reviewAfterDays: before }, after: data });
    return data;
  });
}

/** Adds a category (under a parent, or at the top). Requires kb.write. */
export async function createCategory(ctx: Ctx, input: unknown): Promise<KbCategoryDto> {
  requireAuthor(ctx);
  const data = KbCategoryInput.parse(input);
  return withTx(ctx, async (tx) => {
    if (data.parentId) {
      const [p] = await tx.select({ id: kbCategories.id }).from(kbCategories).where(eq(kbCategories.id, data.parentId));
      if (!p) throw new UnprocessableError([{ path: 'parentId', message: 'is not a category' }]);
    }
    const names = Object.fromEntries(Object.entries(data.names).filter(([, v]) => v)) as Record<string, string>;
    const [c] = await tx.insert(kbCategories).values({ id: uuidv7(), parentId: data.parentId, names, position: data.position }).returning();
    await audit(tx, auditSource(ctx), { orgId: ctx.actor!.orgId, action: 'kb.category.create', targetType: 'kb_category', targetId: c!.id, after: { names, parentId: data.parentId } });
    return { id: c!.id, parentId: c!.parentId, name: categoryName(names, (ctx.actor!.locale as Locale) ?? 'en'), names, position: c!.position, articleCount: 0 };
  });
}

const asText = (v: { title: string; body: string } | undefined) => (v ? `# ${v.title}\n\n${v.body}\n` : '');

/** A line diff between two versions, or a version and the working copy, per language. Requires kb.write. */
export async function diffVersions(ctx: Ctx, id: string, input: unknown): Promise<KbDiffDto> {
  requireAuthor(ctx);
  const q = KbDiffQuery.parse(input);
  const a = await getArticleForEdit(ctx.db, id);
  const from = await versionContent(ctx.db, id, q.from);
  const to: KbContent | null = q.to === 'draft' ? (a.draft ?? (await workingContent(ctx.db, a))) : await versionContent(ctx.db, id, q.to);
  if (!from) throw new NotFoundError('version');
  if (!to) throw new NotFoundError('version');
  const langs = (['en', 'de', 'nb', 'ru'] as const).filter((l) => from[l] || to[l]);
  return {
    from: q.from,
    to: q.to,
    langs: langs.map((lang) => ({
      lang,
      lines: diffLines(asText(from[lang]), asText(to[lang])).flatMap((part) =>
        part.value
          .replace(/\n$/, '')
          .split('\n')
          .map((text) => ({ op: part.added ? ('add' as const) : part.removed ? ('del' as const) : ('same' as const), text })),
      ),
    })),
  };
}

/** Renders Markdown as a reader will see it (the editor's live preview). Requires kb.write. */
export async function previewMarkdown(ctx: Ctx, id: string | null, input: unknown): Promise<{ html: string }> {
  requireAuthor(ctx);
  const data = KbPreviewInput.parse(input);
  // As readers will see it after publishing: without the attachments the working copy removes.
  const files = id ? await ctx.db.select().from(kbAttachments).where(and(eq(kbAttachments.articleId, id), ne(kbAttachments.state, 'removed'))) : [];
  return { html: renderArticle(data.body, id ?? '00000000-0000-0000-0000-000000000000', files) };
}

/**
 * Publishes a problem's workaround as a known-error article (a draft linked to the problem; its
 * incidents show on the article for readers who may see them). Requires kb.write and sight of the problem.
 */
export async function createKnownError(ctx: Ctx, input: unknown): Promise<KbEditorDto> {
  requireAuthor(ctx);
  const data = KbKnownErrorInput.parse(input);
  const problem = await problemWithIncidents(ctx, data.problemId).catch((err: unknown) => {
    if (err instanceof NotFoundError) throw new UnprocessableError([{ path: 'problemId', message: 'is not a problem you can see' }]);
    throw err;
  });
  if (!problem.workaround?.trim()) throw new UnprocessableError([{ path: 'problemId', message: 'the problem has no workaround yet' }]);
  const [existing] = await ctx.db.select({ id: kbArticles.id }).from(kbArticles).where(eq(kbArticles.problemId, problem.id));
  if (existing) throw new ConflictError('CONFLICT', 'This problem already has a known-error article.');
  const lang = (['en', 'de', 'nb', 'ru'] as const).find((l) => l === ctx.actor.locale) ?? 'en';
  return createArticle(
    ctx,
    { mainLang: lang, visibility: data.visibility, variants: { [lang]: { title: problem.title, body: `${problem.workaround.trim()}\n` } }, tags: ['known-error'] },
    { kind: 'known_error', problemId: problem.id },
  );
}

/** The known-error article of a problem (any status), or null: the problem ticket's page offers to publish one or links it. Requires kb.write. */
export async function knownErrorOfProblem(ctx: Ctx, input: unknown): Promise<KbKnownErrorLookup> {
  requireAuthor(ctx);
  const q = KbKnownErrorQuery.parse(input);
  const [a] = await ctx.db.select().from(kbArticles).where(eq(kbArticles.problemId, q.problemId)).orderBy(kbArticles.createdAt).limit(1);
  if (!a) return { article: null };
  const titles = await authorTitles(ctx.db, [a]);
  const cutoff = Date.now() - (await reviewAfterDays(ctx.db)) * 86_400_000;
  return { article: { id: a.id, title: titles.get(a.id) ?? '', status: statusOf(a), draftStatus: (a.draftStatus as 'draft' | 'in_review' | null) ?? null, reviewDue: !!reviewReason(a, cutoff) } };
}

/**
 * Outbox subscriber of `ticket.workaround_changed`: the known-error article of that problem goes on its
 * authors' review to-do list (review_requested_at), so the published text does not silently go stale.
 */
export async function onWorkaroundChanged(tx: Tx, event: OutboxEvent) {
  const problemId = typeof event.payload.ticketId === 'string' ? event.payload.ticketId : null;
  if (!problemId) return;
  await tx.update(kbArticles).set({ reviewRequestedAt: event.createdAt }).where(and(eq(kbArticles.problemId, problemId), eq(kbArticles.kind, 'known_error')));
}

/**
 * Attaches a file to an article (images can be shown in the text as `![alt](attachment:name)`). Part of
 * the working copy (made if there is none): readers see it once that is published. Requires kb.write.
 */
export async function addKbAttachment(ctx: Ctx, deps: { files: FileStore; limits: UploadLimits }, articleId: string, upload: Upload) {
  const a = await beforeUpload(upload, async () => {
    requireAuthor(ctx);
    return getArticleForEdit(ctx.db, articleId);
  });
  const id = uuidv7();
  return storeUpload(deps.files, deps.limits, upload, { key: `kb/${a.id}/${id}`, fallbackName: 'attachment' }, (stored) =>
    withTx(ctx, async (tx) => {
      const locked = await getArticleForEdit(tx, a.id, true);
      await ensureWorkingCopy(tx, locked, ctx.actor!.userId);
      const [row] = await tx.insert(kbAttachments).values({ id, articleId: a.id, state: 'added', ...stored, createdBy: ctx.actor!.userId }).returning();
      await audit(tx, auditSource(ctx), { orgId: ctx.actor!.orgId, action: 'kb.attachment.add', targetType: 'kb_article', targetId: a.id, after: { filename: stored.filename, size: stored.size } });
      return { id: row!.id, filename: row!.filename, contentType: row!.contentType, size: row!.size, createdAt: row!.createdAt.toISOString() };
    }),
  );
}

/**
 * Removes an attachment of an article: one added in the working copy goes at once; a live one is marked
 * and goes when the working copy (made if there is none) is published — readers keep it until then.
 * Requires kb.write.
 */
export async function removeKbAttachment(ctx: Ctx, files: FileStore, articleId: string, attachmentId: string) {
  requireAuthor(ctx);
  const deleted = await withTx(ctx, async (tx) => {
    const a = await getArticleForEdit(tx, articleId, true);
    const [row] = await tx.select().from(kbAttachments).where(and(eq(kbAttachments.id, attachmentId), eq(kbAttachments.articleId, a.id))).for('update');
    if (!row) throw new NotFoundError('attachment');
    if (row.state === 'removed') return null;
    if (row.state === 'added') await tx.delete(kbAttachments).where(eq(kbAttachments.id, row.id));
    else {
      await tx.update(kbAttachments).set({ state: 'removed' }).where(eq(kbAttachments.id, row.id));
      await ensureWorkingCopy(tx, a, ctx.actor!.userId);
    }
    await audit(tx, auditSource(ctx), { orgId: ctx.actor!.orgId, action: 'kb.attachment.remove', targetType: 'kb_article', targetId: articleId, before: { filename: row.filename, state: row.state } });
    return row.state === 'added' ? row : null;
  });
  if (deleted) await files.remove(deleted.storageKey);
}
