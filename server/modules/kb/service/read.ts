import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { KbArticleDto, KbArticleSummary, KbCategoryDto, KbHomeDto } from '../../../../contracts/kb.js';
import { KbFeedbackInput, KbListQuery, KbReaderQuery } from '../../../../contracts/kb.js';
import type { Locale } from '../../../../contracts/common.js';
import { audit } from '../../../platform/audit.js';
import { auditSource, requireActor, withTx, type Ctx } from '../../../platform/context.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { NotFoundError } from '../../../platform/errors.js';
import type { FileStore } from '../../../platform/storage.js';
import { incidentsOfProblem, problemWithIncidents } from '../../tickets/index.js';
import { kbArticleVariants, kbArticles, kbAttachments, kbCategories, kbFeedback, kbRelated } from '../kb.tables.js';
import { renderArticle } from '../render.js';
import { articleVisibleSql, getReadableArticle, writesKb, type ArticleRow } from '../visibility.js';

const LANGS = ['en', 'de', 'nb', 'ru'] as const;
const asLang = (s: string | null | undefined): Locale => ((LANGS as readonly string[]).includes(s ?? '') ? (s as Locale) : 'en');

/** The reader's language: asked for explicitly, else their profile's, else English. */
export const readerLang = (ctx: Ctx, asked?: Locale): Locale => asked ?? asLang(ctx.actor?.locale);

/** A category's name in a language (English when it has none). */
export const categoryName = (names: Record<string, string>, lang: Locale) => names[lang] ?? names.en ?? Object.values(names)[0] ?? '';

/**
 * Titles of visible articles in the reader's language (else the main language): one query for a list.
 * Only ids that pass the reader rule come back.
 */
export async function visibleTitles(db: DbOrTx, ctx: Ctx, ids: string[], lang: Locale) {
  if (!ids.length) return new Map<string, { title: string; lang: Locale }>();
  const rows = await db
    .select({ id: kbArticles.id, mainLang: kbArticles.mainLang, lang: kbArticleVariants.lang, title: kbArticleVariants.title })
    .from(kbArticles)
    .innerJoin(kbArticleVariants, eq(kbArticleVariants.articleId, kbArticles.id))
    .where(and(inArray(kbArticles.id, ids), articleVisibleSql(ctx)));
  const out = new Map<string, { title: string; lang: Locale }>();
  for (const r of rows) {
    const have = out.get(r.id);
    if (r.lang === lang || (!have && r.lang === r.mainLang)) out.set(r.id, { title: r.title, lang: asLang(r.lang) });
  }
  return out;
}

async function summaries(db: DbOrTx, ctx: Ctx, rows: ArticleRow[], lang: Locale): Promise<KbArticleSummary[]> {
  const titles = await visibleTitles(db, ctx, rows.map((r) => r.id), lang);
  const catIds = [...new Set(rows.map((r) => r.categoryId).filter((x): x is string => !!x))];
  const cats = catIds.length ? await db.select().from(kbCategories).where(inArray(kbCategories.id, catIds)) : [];
  const catMap = new Map(cats.map((c) => [c.id, c]));
  return rows.flatMap((r) => {
    const t = titles.get(r.id);
    if (!t) return [];
    const c = r.categoryId ? catMap.get(r.categoryId) : undefined;
    return [
      {
        id: r.id,
        kind: r.kind as KbArticleSummary['kind'],
        title: t.title,
        lang: t.lang,
        category: c ? { id: c.id, title: categoryName(c.names, lang) } : null,
        tags: r.tags,
        viewCount: r.viewCount,
        updatedAt: r.updatedAt.toISOString(),
        lastReviewedAt: r.lastReviewedAt.toISOString(),
      },
    ];
  });
}

/** The category tree with the number of articles the caller may read in each. Public. */
export async function listCategories(ctx: Ctx, lang: Locale): Promise<KbCategoryDto[]> {
  const cats = await ctx.db.select().from(kbCategories).orderBy(asc(kbCategories.position), asc(kbCategories.createdAt));
  const counts = await ctx.db
    .select({ categoryId: kbArticles.categoryId, n: sql<number>`count(*)::int` })
    .from(kbArticles)
    .where(articleVisibleSql(ctx))
    .groupBy(kbArticles.categoryId);
  const countMap = new Map(counts.map((c) => [c.categoryId, c.n]));
  return cats.map((c) => ({ id: c.id, parentId: c.parentId, name: categoryName(c.names, lang), names: c.names, position: c.position, articleCount: countMap.get(c.id) ?? 0 }));
}

/** The KB home: categories, most viewed, recently updated — what the caller may read. Public. */
export async function kbHome(ctx: Ctx, query: { lang?: Locale }): Promise<KbHomeDto> {
  const lang = readerLang(ctx, query.lang);
  const [categories, viewed, recent] = await Promise.all([
    listCategories(ctx, lang),
    ctx.db.select().from(kbArticles).where(articleVisibleSql(ctx)).orderBy(desc(kbArticles.viewCount), desc(kbArticles.updatedAt)).limit(6),
    ctx.db.select().from(kbArticles).where(articleVisibleSql(ctx)).orderBy(desc(kbArticles.updatedAt)).limit(6),
  ]);
  return { categories, mostViewed: await summaries(ctx.db, ctx, viewed, lang), recentlyUpdated: await summaries(ctx.db, ctx, recent, lang) };
}

/** Articles the caller may read, by category or tag, most recently updated first. Public. */
export async function listArticles(ctx: Ctx, input: unknown): Promise<{ items: KbArticleSummary[] }> {
  const q = KbListQuery.parse(input);
  const lang = readerLang(ctx, q.lang);
  const rows = await ctx.db
    .select()
    .from(kbArticles)
    .where(and(articleVisibleSql(ctx), q.categoryId ? eq(kbArticles.categoryId, q.categoryId) : undefined, q.tag ? sql`${q.tag} = ANY(${kbArticles.tags})` : undefined))
    .orderBy(desc(kbArticles.updatedAt))
    .limit(q.limit);
  return { items: await summaries(ctx.db, ctx, rows, lang) };
}

/** One article in the reader's language (or its main language, marked as a fallback); counts a view. Public. */
export async function readArticle(ctx: Ctx, id: string, input: unknown): Promise<KbArticleDto> {
  const q = KbReaderQuery.parse(input);
  const requestedLang = readerLang(ctx, q.lang);
  return withTx(ctx, async (tx) => {
    const a = await getReadableArticle(tx, ctx, id);
    const variants = await tx.select().from(kbArticleVariants).where(eq(kbArticleVariants.articleId, a.id));
    const v = variants.find((x) => x.lang === requestedLang) ?? variants.find((x) => x.lang === a.mainLang) ?? variants[0];
    if (!v) throw new NotFoundError('article');
    await tx.update(kbArticles).set({ viewCount: sql`${kbArticles.viewCount} + 1` }).where(eq(kbArticles.id, a.id));
    const relatedRows = await tx.select({ id: kbRelated.relatedId }).from(kbRelated).where(eq(kbRelated.articleId, a.id)).orderBy(asc(kbRelated.position));
    const titles = await visibleTitles(tx, ctx, relatedRows.map((r) => r.id), requestedLang);
    const files = await tx.select().from(kbAttachments).where(and(eq(kbAttachments.articleId, a.id), publishedAttachment)).orderBy(asc(kbAttachments.createdAt));
    const [cat] = a.categoryId ? await tx.select().from(kbCategories).where(eq(kbCategories.id, a.categoryId)) : [];
    const [mine] = ctx.actor ? await tx.select({ helpful: kbFeedback.helpful }).from(kbFeedback).where(and(eq(kbFeedback.articleId, a.id), eq(kbFeedback.userId, ctx.actor.userId))) : [];
    let problem: KbArticleDto['problem'] = null;
    let incidents: KbArticleDto['incidents'] = [];
    if (a.problemId && ctx.actor) {
      // Only what the reader may see: staff the problem and every incident; a customer (who never sees the
      // provider's problem ticket) the incidents of their organisation they may see by the ticket list's rule.
      const reader = { ...ctx, actor: ctx.actor };
      const p = await problemWithIncidents(reader, a.problemId, tx).catch((err: unknown) => {
        if (err instanceof NotFoundError) return null;
        throw err;
      });
      if (p) problem = { id: p.id, ref: p.ref };
      const rows = p ? p.incidents : await incidentsOfProblem(reader, a.problemId, tx);
      incidents = rows.map((i) => ({ id: i.id, ref: i.ref, title: i.title, status: i.status as KbArticleDto['incidents'][number]['status'] }));
    }
    const lang = asLang(v.lang);
    return {
      id: a.id,
      kind: a.kind as KbArticleDto['kind'],
      lang,
      requestedLang,
      fallback: lang !== requestedLang,
      mainLang: asLang(a.mainLang),
      languages: variants.map((x) => asLang(x.lang)),
      title: v.title,
      html: renderArticle(v.body, a.id, files),
      category: cat ? { id: cat.id, title: categoryName(cat.names, requestedLang) } : null,
      tags: a.tags,
      related: relatedRows.flatMap((r) => {
        const t = titles.get(r.id);
        return t ? [{ id: r.id, title: t.title }] : [];
      }),
      attachments: files.map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size, createdAt: f.createdAt.toISOString() })),
      viewCount: a.viewCount + 1,
      helpful: { yes: a.helpfulYes, no: a.helpfulNo },
      myRating: mine ? mine.helpful : null,
      publishedAt: a.publishedAt?.toISOString() ?? null,
      updatedAt: a.updatedAt.toISOString(),
      lastReviewedAt: a.lastReviewedAt.toISOString(),
      problem,
      incidents,
      abilities: { rate: !!ctx.actor, edit: writesKb(ctx) },
    };
  });
}

/** Attachments readers see: the published ones (live, or removed in a working copy not yet published), not one only added. */
const publishedAttachment = inArray(kbAttachments.state, ['live', 'removed']);

/** An attachment of an article the caller may read, for download (404 otherwise, also for one only in the working copy). Public for public articles. */
export async function openKbAttachment(ctx: Ctx, files: FileStore, articleId: string, attachmentId: string) {
  const a = await getReadableArticle(ctx.db, ctx, articleId);
  const [meta] = await ctx.db.select().from(kbAttachments).where(and(eq(kbAttachments.id, attachmentId), eq(kbAttachments.articleId, a.id), publishedAttachment));
  if (!meta) throw new NotFoundError('attachment');
  return { meta, stream: files.get(meta.storageKey) };
}

/** "Did this help?": the signed-in reader's answer (a new one replaces theirs), with an optional comment. */
export async function rateArticle(ctx: Ctx, id: string, input: unknown): Promise<{ yes: number; no: number }> {
  requireActor(ctx);
  const data = KbFeedbackInput.parse(input);
  const actor = ctx.actor;
  return withTx(ctx, async (tx) => {
    const a = await getReadableArticle(tx, ctx, id);
    const [old] = await tx.select().from(kbFeedback).where(and(eq(kbFeedback.articleId, a.id), eq(kbFeedback.userId, actor.userId))).for('update');
    if (old) await tx.delete(kbFeedback).where(eq(kbFeedback.id, old.id));
    await tx.insert(kbFeedback).values({ id: uuidv7(), articleId: a.id, orgId: actor.orgId, userId: actor.userId, helpful: data.helpful, comment: data.comment || null, lang: asLang(actor.locale) });
    const dYes = (data.helpful ? 1 : 0) - (old?.helpful === true ? 1 : 0);
    const dNo = (data.helpful ? 0 : 1) - (old?.helpful === false ? 1 : 0);
    const [counts] = await tx
      .update(kbArticles)
      .set({ helpfulYes: sql`${kbArticles.helpfulYes} + ${dYes}`, helpfulNo: sql`${kbArticles.helpfulNo} + ${dNo}` })
      .where(eq(kbArticles.id, a.id))
      .returning({ yes: kbArticles.helpfulYes, no: kbArticles.helpfulNo });
    await audit(tx, auditSource(ctx), { orgId: actor.orgId, action: 'kb.article.rate', targetType: 'kb_article', targetId: a.id, after: { helpful: data.helpful } });
    return counts!;
  });
}
