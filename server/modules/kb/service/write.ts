import { and, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { KbArticleInput, type KbEditorDto } from '../../../../contracts/kb.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requirePermission, withTx, type AuthedCtx, type Ctx } from '../../../platform/context.js';
import type { DbOrTx, Tx } from '../../../platform/db/client.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../../platform/errors.js';
import { outbox } from '../../../platform/outbox.js';
import { organizations } from '../../../platform/tenancy.js';
import { kbArticleOrgs, kbArticleVariants, kbArticles, kbAttachments, kbCategories, kbRelated, kbVersions, type KbContent } from '../kb.tables.js';
import type { FileStore } from '../../../platform/storage.js';
import { getArticleForEdit, type ArticleRow } from '../visibility.js';
import { presentEditor } from './editor.js';

type Parsed = ReturnType<typeof KbArticleInput.parse>;

/** Authors are provider staff with kb.write (a customer holding a provider permission is still refused). */
export function requireAuthor(ctx: Ctx, permission: 'kb.write' | 'kb.publish' = 'kb.write'): asserts ctx is AuthedCtx {
  requirePermission(ctx, permission);
  if (ctx.actor.orgKind !== 'provider') throw new ForbiddenError();
}

/** The domain rules of an article's settings (422 naming the field); the shape was checked by zod. */
async function checkArticle(tx: Tx, data: Parsed, selfId: string | null) {
  const errors: { path: string; message: string }[] = [];
  if (!data.variants[data.mainLang]) errors.push({ path: `variants.${data.mainLang}`, message: 'the main language needs a title and a text' });
  if (data.visibility === 'organisations' && data.orgIds.length === 0) errors.push({ path: 'orgIds', message: 'name at least one organisation' });
  if (data.visibility === 'audience' && data.roles.length === 0 && data.permissions.length === 0) errors.push({ path: 'roles', message: 'name at least one role or permission' });
  if (data.orgIds.length) {
    const found = await tx.select({ id: organizations.id }).from(organizations).where(and(inArray(organizations.id, data.orgIds), eq(organizations.kind, 'customer')));
    const ok = new Set(found.map((o) => o.id));
    data.orgIds.forEach((id, i) => !ok.has(id) && errors.push({ path: `orgIds.${i}`, message: 'is not a customer organisation' }));
  }
  if (data.categoryId) {
    const [c] = await tx.select({ id: kbCategories.id }).from(kbCategories).where(eq(kbCategories.id, data.categoryId));
    if (!c) errors.push({ path: 'categoryId', message: 'is not a category' });
  }
  if (data.relatedIds.length) {
    const found = await tx.select({ id: kbArticles.id }).from(kbArticles).where(inArray(kbArticles.id, data.relatedIds));
    const ok = new Set(found.map((o) => o.id));
    data.relatedIds.forEach((id, i) => (!ok.has(id) || id === selfId) && errors.push({ path: `relatedIds.${i}`, message: id === selfId ? 'is the article itself' : 'is not an article' }));
  }
  if (errors.length) throw new UnprocessableError(errors);
}

const settingsOf = (data: Parsed) => ({
  categoryId: data.categoryId,
  mainLang: data.mainLang,
  visibility: data.visibility,
  audienceRoles: data.visibility === 'audience' ? data.roles : [],
  audiencePermissions: data.visibility === 'audience' ? data.permissions : [],
  tags: [...new Set(data.tags)],
});

async function writeLinks(tx: Tx, id: string, data: Parsed) {
  await tx.delete(kbArticleOrgs).where(eq(kbArticleOrgs.articleId, id));
  if (data.visibility === 'organisations') await tx.insert(kbArticleOrgs).values([...new Set(data.orgIds)].map((orgId) => ({ articleId: id, orgId })));
  await tx.delete(kbRelated).where(eq(kbRelated.articleId, id));
  const related = [...new Set(data.relatedIds)];
  if (related.length) await tx.insert(kbRelated).values(related.map((relatedId, position) => ({ articleId: id, relatedId, position })));
}

const contentOf = (data: Parsed): KbContent => Object.fromEntries(Object.entries(data.variants).filter(([, v]) => v)) as KbContent;

/** Creates an article as a draft. Requires kb.write (provider staff). */
export async function createArticle(ctx: Ctx, input: unknown, extra: { kind?: 'article' | 'known_error'; problemId?: string } = {}): Promise<KbEditorDto> {
  requireAuthor(ctx);
  const data = KbArticleInput.parse(input);
  const actor = ctx.actor;
  return withTx(ctx, async (tx) => {
    await checkArticle(tx, data, null);
    const id = uuidv7();
    const [row] = await tx
      .insert(kbArticles)
      .values({ id, kind: extra.kind ?? 'article', problemId: extra.problemId ?? null, ...settingsOf(data), draft: contentOf(data), draftStatus: 'draft', createdBy: actor.userId, updatedBy: actor.userId })
      .returning();
    await writeLinks(tx, id, data);
    await audit(tx, auditSource(ctx), { orgId: actor.orgId, action: 'kb.article.create', targetType: 'kb_article', targetId: id, after: { ...settingsOf(data), orgIds: data.orgIds } });
    return presentEditor(tx, ctx, row!);
  });
}

/** Changes an article: settings apply at once, the content becomes the working copy (back to draft). Requires kb.write. */
export async function updateArticle(ctx: Ctx, id: string, input: unknown): Promise<KbEditorDto> {
  requireAuthor(ctx);
  const data = KbArticleInput.parse(input);
  const actor = ctx.actor;
  return withTx(ctx, async (tx) => {
    const before = await getArticleForEdit(tx, id, true);
    await checkArticle(tx, data, id);
    const content = contentOf(data);
    const live = before.publishedVersion ? await versionContent(tx, id, before.publishedVersion) : null;
    const unchanged = !before.draft && live && JSON.stringify(live) === JSON.stringify(content);
    const [row] = await tx
      .update(kbArticles)
      .set({ ...settingsOf(data), ...(unchanged ? {} : { draft: content, draftStatus: 'draft' }), updatedBy: actor.userId })
      .where(eq(kbArticles.id, id))
      .returning();
    await writeLinks(tx, id, data);
    await audit(tx, auditSource(ctx), { orgId: actor.orgId, action: 'kb.article.update', targetType: 'kb_article', targetId: id, before: { ...pick(before), draftStatus: before.draftStatus }, after: { ...settingsOf(data), orgIds: data.orgIds, draftStatus: row!.draftStatus } });
    return presentEditor(tx, ctx, row!);
  });
}

const pick = (r: ArticleRow) => ({ categoryId: r.categoryId, mainLang: r.mainLang, visibility: r.visibility, audienceRoles: r.audienceRoles, audiencePermissions: r.audiencePermissions, tags: r.tags });

export async function versionContent(tx: DbOrTx, articleId: string, n: number): Promise<KbContent | null> {
  const [v] = await tx.select({ content: kbVersions.content }).from(kbVersions).where(and(eq(kbVersions.articleId, articleId), eq(kbVersions.number, n)));
  return v?.content ?? null;
}

async function transition(ctx: AuthedCtx, id: string, action: string, change: (tx: Tx, a: ArticleRow) => Promise<Partial<typeof kbArticles.$inferInsert>>): Promise<KbEditorDto> {
  return withTx(ctx, async (tx) => {
    const a = await getArticleForEdit(tx, id, true);
    const set = await change(tx, a);
    const [row] = await tx.update(kbArticles).set(set).where(eq(kbArticles.id, id)).returning();
    await audit(tx, auditSource(ctx), { orgId: ctx.actor.orgId, action: `kb.article.${action}`, targetType: 'kb_article', targetId: id, before: { draftStatus: a.draftStatus, publishedVersion: a.publishedVersion }, after: { draftStatus: row!.draftStatus, publishedVersion: row!.publishedVersion } });
    await outbox(tx, `kb.article.${action}`, null, { articleId: id, publishedVersion: row!.publishedVersion });
    return presentEditor(tx, ctx, row!);
  });
}

/** Sends the working copy for review (draft → in review). Requires kb.write. */
export async function submitArticle(ctx: Ctx, id: string): Promise<KbEditorDto> {
  requireAuthor(ctx);
  return transition(ctx, id, 'submit', async (_tx, a) => {
    if (a.draftStatus !== 'draft') throw new ConflictError('INVALID_TRANSITION', 'Only a draft can be sent for review.', a.draftStatus === 'in_review' ? ['published', 'draft'] : []);
    return { draftStatus: 'in_review' };
  });
}

async function makeLive(tx: Tx, articleId: string, content: KbContent) {
  await tx.delete(kbArticleVariants).where(eq(kbArticleVariants.articleId, articleId));
  const rows = Object.entries(content).flatMap(([lang, v]) => (v ? [{ articleId, lang, title: v.title, body: v.body }] : []));
  if (rows.length) await tx.insert(kbArticleVariants).values(rows);
}

/**
 * An article's working copy, made from its live (or last) version when it has none: a change to its
 * attachments is a change of the working copy, reviewed and published with it.
 */
export async function ensureWorkingCopy(tx: Tx, a: ArticleRow, userId: string): Promise<void> {
  if (a.draft) return;
  const content = (await versionContent(tx, a.id, a.publishedVersion ?? a.lastVersion)) ?? {};
  await tx.update(kbArticles).set({ draft: content, draftStatus: 'draft', updatedBy: userId, updatedAt: new Date() }).where(eq(kbArticles.id, a.id));
}

/** The working copy's attachment changes go live: added → live, removed → deleted (their stored files' keys returned, to remove after the commit). */
async function attachmentsLive(tx: Tx, articleId: string): Promise<string[]> {
  await tx.update(kbAttachments).set({ state: 'live' }).where(and(eq(kbAttachments.articleId, articleId), eq(kbAttachments.state, 'added')));
  const gone = await tx.delete(kbAttachments).where(and(eq(kbAttachments.articleId, articleId), eq(kbAttachments.state, 'removed'))).returning({ key: kbAttachments.storageKey });
  return gone.map((g) => g.key);
}

/**
 * Publishes: a working copy in review becomes a new version (kept with author and time) and goes live,
 * with its attachment changes; an unpublished article without a working copy goes live again with its
 * last version. Requires kb.publish. `files`: where removed attachments' files are deleted from.
 */
export async function publishArticle(ctx: Ctx, id: string, files?: FileStore): Promise<KbEditorDto> {
  requireAuthor(ctx, 'kb.publish');
  const actor = ctx.actor;
  const removed: string[] = [];
  const dto = await transition(ctx, id, 'publish', async (tx, a) => {
    const now = new Date();
    if (a.draftStatus === 'in_review' && a.draft) {
      const number = a.lastVersion + 1;
      await tx.insert(kbVersions).values({ articleId: id, number, content: a.draft, authorId: actor.userId, createdAt: now });
      await makeLive(tx, id, a.draft);
      removed.push(...(await attachmentsLive(tx, id)));
      return { draft: null, draftStatus: null, publishedVersion: number, lastVersion: number, updatedAt: now, publishedAt: now, lastReviewedAt: now, lastReviewedBy: actor.userId, updatedBy: actor.userId };
    }
    if (!a.draftStatus && !a.publishedVersion && a.lastVersion > 0) {
      const content = await versionContent(tx, id, a.lastVersion);
      if (content) await makeLive(tx, id, content);
      return { publishedVersion: a.lastVersion, updatedAt: now, publishedAt: now, updatedBy: actor.userId };
    }
    throw new ConflictError('INVALID_TRANSITION', a.draftStatus === 'draft' ? 'Send the draft for review before publishing it.' : 'There is nothing to publish.', a.draftStatus === 'draft' ? ['in_review'] : []);
  });
  for (const key of removed) await files?.remove(key).catch((err: unknown) => ctx.log.warn({ err, key }, 'kb: could not delete a removed attachment file'));
  return dto;
}

/** Takes an article off the portal (its versions stay). Requires kb.publish. */
export async function unpublishArticle(ctx: Ctx, id: string): Promise<KbEditorDto> {
  requireAuthor(ctx, 'kb.publish');
  return transition(ctx, id, 'unpublish', async (tx, a) => {
    if (!a.publishedVersion) throw new ConflictError('INVALID_TRANSITION', 'The article is not published.', []);
    await tx.delete(kbArticleVariants).where(eq(kbArticleVariants.articleId, id));
    return { publishedVersion: null, updatedBy: ctx.actor!.userId };
  });
}

/** Marks the live article as reviewed now (off the to-do list). Requires kb.write. */
export async function markReviewed(ctx: Ctx, id: string): Promise<KbEditorDto> {
  requireAuthor(ctx);
  return transition(ctx, id, 'review', async () => ({ lastReviewedAt: new Date(), lastReviewedBy: ctx.actor!.userId }));
}

/** Restores an old version as the working copy (a new draft; the live version stays until published). Requires kb.publish. */
export async function restoreVersion(ctx: Ctx, id: string, number: number): Promise<KbEditorDto> {
  requireAuthor(ctx, 'kb.publish');
  return transition(ctx, id, 'restore', async (tx) => {
    const content = await versionContent(tx, id, number);
    if (!content) throw new NotFoundError('version');
    return { draft: content, draftStatus: 'draft', updatedBy: ctx.actor!.userId };
  });
}
