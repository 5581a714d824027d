import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { KbEditorDto, KbStatus } from '../../../../contracts/kb.js';
import type { Locale } from '../../../../contracts/common.js';
import type { Permission, Role } from '../../../../contracts/permissions.js';
import type { AuthedCtx } from '../../../platform/context.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { organizations } from '../../../platform/tenancy.js';
import { NotFoundError } from '../../../platform/errors.js';
import { userRefs } from '../../identity/index.js';
import { problemWithIncidents } from '../../tickets/index.js';
import { kbArticleOrgs, kbArticles, kbAttachments, kbFeedback, kbRelated, kbVersions, type KbContent } from '../kb.tables.js';
import type { ArticleRow } from '../visibility.js';

/** Where an article stands for its readers: live, taken off, or never published (then its working copy's state). */
export const statusOf = (a: Pick<ArticleRow, 'publishedVersion' | 'lastVersion' | 'draftStatus'>): KbStatus =>
  a.publishedVersion ? 'published' : a.lastVersion > 0 ? 'unpublished' : ((a.draftStatus as KbStatus | null) ?? 'draft');

/** The content an author works on: the working copy, else the last version. */
export async function workingContent(db: DbOrTx, a: ArticleRow): Promise<KbContent> {
  if (a.draft) return a.draft;
  if (!a.lastVersion) return {};
  const [v] = await db.select({ content: kbVersions.content }).from(kbVersions).where(eq(kbVersions.articleId, a.id)).orderBy(desc(kbVersions.number)).limit(1);
  return v?.content ?? {};
}

/** Titles (main language) of articles, from their working copy or last version: for authors' lists. */
export async function authorTitles(db: DbOrTx, rows: ArticleRow[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const need = rows.filter((r) => !r.draft && r.lastVersion > 0);
  const versions = need.length ? await db.select({ articleId: kbVersions.articleId, number: kbVersions.number, content: kbVersions.content }).from(kbVersions).where(inArray(kbVersions.articleId, need.map((r) => r.id))) : [];
  for (const r of rows) {
    const content = r.draft ?? versions.find((v) => v.articleId === r.id && v.number === r.lastVersion)?.content ?? {};
    const main = content[r.mainLang as Locale] ?? Object.values(content)[0];
    out.set(r.id, main?.title ?? '');
  }
  return out;
}

/** The author's view of an article. */
export async function presentEditor(db: DbOrTx, ctx: AuthedCtx, a: ArticleRow): Promise<KbEditorDto> {
  const [content, orgRows, relatedRows, files, versions, feedback] = await Promise.all([
    workingContent(db, a),
    db.select({ id: organizations.id, name: organizations.name }).from(kbArticleOrgs).innerJoin(organizations, eq(organizations.id, kbArticleOrgs.orgId)).where(eq(kbArticleOrgs.articleId, a.id)),
    db.select().from(kbRelated).where(eq(kbRelated.articleId, a.id)).orderBy(asc(kbRelated.position)),
    db.select().from(kbAttachments).where(eq(kbAttachments.articleId, a.id)).orderBy(asc(kbAttachments.createdAt)),
    db.select().from(kbVersions).where(eq(kbVersions.articleId, a.id)).orderBy(desc(kbVersions.number)),
    db
      .select({ helpful: kbFeedback.helpful, comment: kbFeedback.comment, lang: kbFeedback.lang, createdAt: kbFeedback.createdAt, org: organizations.name })
      .from(kbFeedback)
      .innerJoin(organizations, eq(organizations.id, kbFeedback.orgId))
      .where(eq(kbFeedback.articleId, a.id))
      .orderBy(desc(kbFeedback.createdAt))
      .limit(50),
  ]);
  const relatedArticles = relatedRows.length ? await db.select().from(kbArticles).where(inArray(kbArticles.id, relatedRows.map((r) => r.relatedId))) : [];
  const titles = await authorTitles(db, relatedArticles);
  const people = await userRefs(db, versions.map((v) => v.authorId));
  const p = a.problemId ? await problemWithIncidents(ctx, a.problemId, db).catch((err: unknown) => (err instanceof NotFoundError ? null : Promise.reject(err))) : null;
  const problem = p ? { id: p.id, ref: p.ref } : null;
  return {
    id: a.id,
    kind: a.kind as KbEditorDto['kind'],
    status: statusOf(a),
    draftStatus: (a.draftStatus as KbEditorDto['draftStatus']) ?? null,
    publishedVersion: a.publishedVersion,
    categoryId: a.categoryId,
    mainLang: a.mainLang as Locale,
    variants: content,
    visibility: a.visibility as KbEditorDto['visibility'],
    orgs: orgRows,
    roles: a.audienceRoles as Role[],
    permissions: a.audiencePermissions as Permission[],
    tags: a.tags,
    related: relatedRows.map((r) => ({ id: r.relatedId, title: titles.get(r.relatedId) ?? '' })),
    attachments: files.map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size, createdAt: f.createdAt.toISOString(), pending: f.state === 'live' ? null : f.state })),
    versions: versions.map((v) => ({ number: v.number, author: { id: v.authorId, name: people.get(v.authorId)?.name ?? '' }, createdAt: v.createdAt.toISOString(), live: v.number === a.publishedVersion })),
    feedback: feedback.map((f) => ({ helpful: f.helpful, comment: f.comment, lang: f.lang as Locale, createdAt: f.createdAt.toISOString(), org: f.org })),
    problem,
    lastReviewedAt: a.lastReviewedAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    abilities: { publish: ctx.actor.permissions.has('kb.publish') },
  };
}
