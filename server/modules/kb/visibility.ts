import { and, eq, exists, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { NotFoundError } from '../../platform/errors.js';
import { kbArticleOrgs, kbArticles } from './kb.tables.js';

export type ArticleRow = typeof kbArticles.$inferSelect;

/** Provider staff who write articles: they see drafts, every status and every visibility. */
export const writesKb = (ctx: Ctx) => !!ctx.actor && ctx.actor.orgKind === 'provider' && ctx.actor.permissions.has('kb.write');

/**
 * THE reader rule, as one WHERE clause over kb_articles, used by every read path (home, list, article,
 * related links, attachment download, search): only live articles, and of those
 * - signed out: public ones;
 * - provider staff: all (internal included);
 * - a customer: public and all-customers ones, "organisations" ones naming their organisation, and
 *   "audience" ones naming their role or one of their permissions.
 */
export function articleVisibleSql(ctx: Ctx): SQL {
  const live = isNotNull(kbArticles.publishedVersion);
  const actor = ctx.actor;
  if (!actor) return and(live, eq(kbArticles.visibility, 'public'))!;
  if (actor.orgKind === 'provider') return live;
  const perms = [...actor.permissions];
  const permArray = perms.length ? sql`ARRAY[${sql.join(perms.map((p) => sql`${p}`), sql`, `)}]::text[]` : sql`'{}'::text[]`;
  return and(
    live,
    or(
      inArray(kbArticles.visibility, ['public', 'customers']),
      and(
        eq(kbArticles.visibility, 'organisations'),
        exists(sql`(SELECT 1 FROM ${kbArticleOrgs} WHERE ${kbArticleOrgs.articleId} = ${kbArticles.id} AND ${kbArticleOrgs.orgId} = ${actor.orgId})`),
      ),
      and(eq(kbArticles.visibility, 'audience'), or(sql`${actor.role} = ANY(${kbArticles.audienceRoles})`, sql`${kbArticles.audiencePermissions} && ${permArray}`)),
    ),
  )!;
}

/** A live article the caller may read, or 404 (also for drafts, internal and other organisations' articles). */
export async function getReadableArticle(tx: DbOrTx, ctx: Ctx, id: string): Promise<ArticleRow> {
  const [row] = await tx.select().from(kbArticles).where(and(eq(kbArticles.id, id), articleVisibleSql(ctx)));
  if (!row) throw new NotFoundError('article');
  return row;
}

/** Any article, for its authors (kb.write checked by the caller), or 404. */
export async function getArticleForEdit(tx: DbOrTx, id: string, lock = false): Promise<ArticleRow> {
  const q = tx.select().from(kbArticles).where(eq(kbArticles.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('article');
  return row;
}
