import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { DocumentDto, DocumentLang, DocumentVersionDto, DocumentVisibility } from '../../../contracts/documents.js';
import type { AuthedCtx } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { organizations } from '../../platform/tenancy.js';
import { userRefs } from '../identity/index.js';
import { documentCategories, orgDocumentVersions } from './documents.tables.js';
import { managesDocuments, type DocumentRow } from './internal.js';

type VersionRow = typeof orgDocumentVersions.$inferSelect;
type Names = Map<string, { name: string }>;

/** A category's name in the reader's language, else English, else its key. */
export const categoryName = (names: Record<string, string> | undefined, key: string, lang: string) => names?.[lang] ?? names?.en ?? key;

const by = (people: Names, id: string | null, system: string | null) => (id ? { id, name: people.get(id)?.name ?? '—' } : { id: null, name: system ?? 'Portico' });

export function presentVersion(v: VersionRow, people: Names): DocumentVersionDto {
  return {
    id: v.id,
    version: v.version,
    filename: v.filename,
    contentType: v.contentType,
    size: v.size,
    textStatus: v.textStatus as DocumentVersionDto['textStatus'],
    createdBy: by(people, v.createdBy, v.createdBySystem),
    createdAt: v.createdAt.toISOString(),
  };
}

/** Documents as DTOs: organisation names, category names in the reader's language, current versions, counts. */
export async function presentDocuments(db: DbOrTx, ctx: AuthedCtx, rows: DocumentRow[]): Promise<DocumentDto[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const versions = await db
    .select()
    .from(orgDocumentVersions)
    .where(inArray(orgDocumentVersions.documentId, ids))
    .orderBy(asc(orgDocumentVersions.version));
  const wanted = new Map(rows.map((r) => [r.id, r.currentVersion]));
  const current = new Map<string, VersionRow>();
  const count = new Map<string, number>();
  for (const v of versions) {
    count.set(v.documentId, (count.get(v.documentId) ?? 0) + 1);
    if (wanted.get(v.documentId) === v.version) current.set(v.documentId, v);
  }
  const people = await userRefs(db, [...rows.map((r) => r.createdBy ?? ''), ...versions.map((v) => v.createdBy ?? '')]);
  const orgIds = [...new Set(rows.map((r) => r.orgId))];
  const orgs = await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, orgIds));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const cats = await db.select().from(documentCategories).where(inArray(documentCategories.key, [...new Set(rows.map((r) => r.category))]));
  const catNames = new Map(cats.map((c) => [c.key, c.names]));
  const manage = managesDocuments(ctx);
  return rows.map((r) => {
    const v = current.get(r.id);
    return {
      id: r.id,
      org: { id: r.orgId, name: orgName.get(r.orgId) ?? '—' },
      category: r.category,
      categoryName: categoryName(catNames.get(r.category), r.category, ctx.actor.locale),
      title: r.title,
      description: r.description,
      language: r.language as DocumentLang,
      visibility: r.visibility as DocumentVisibility,
      requiredPermission: r.requiredPermission,
      period: r.period,
      current: v
        ? presentVersion(v, people)
        : { id: r.id, version: r.currentVersion, filename: r.filename, contentType: r.contentType, size: r.size, textStatus: 'pending', createdBy: by(people, r.createdBy, r.createdBySystem), createdAt: r.createdAt.toISOString() },
      versionCount: count.get(r.id) ?? 1,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      abilities: { manage },
    };
  });
}

/** Every version of one document, newest first. */
export async function presentVersions(db: DbOrTx, doc: DocumentRow): Promise<DocumentVersionDto[]> {
  const rows = await db.select().from(orgDocumentVersions).where(eq(orgDocumentVersions.documentId, doc.id)).orderBy(sql`${orgDocumentVersions.version} desc`);
  const people = await userRefs(db, rows.map((v) => v.createdBy ?? ''));
  return rows.filter((v) => v.orgId === doc.orgId).map((v) => presentVersion(v, people));
}
