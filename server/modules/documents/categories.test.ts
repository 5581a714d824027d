import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentCategoryAdminDto, DocumentCategoryDto } from '../../../contracts/documents.js';
import { auditLog } from '../../platform/audit.js';
import { outboxEvents } from '../../platform/outbox.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { documentCategories } from './documents.tables.js';

/**
 * Document categories as configuration (`documents.configure`, provider admins): list, add, rename
 * per language, reorder, archive/restore, delete only when unused (409 IN_USE). Categories are one
 * table for every organisation, so each test makes and changes only categories of its own (unique
 * keys and names) and never a built-in one: other tests on a shared database use those.
 */
type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let acme: { id: string };
let padmin: Signed, agent: Signed, cadmin: Signed, cuser: Signed;

const call = (who: Signed, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.http({ method, url, cookie: who.cookie, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
const list = async (who: Signed) => ((await call(who, 'GET', '/api/v1/documents/categories')).json() as { items: DocumentCategoryAdminDto[] }).items;
const readerList = async (who: Signed) => ((await call(who, 'GET', '/api/v1/document-categories')).json() as { items: DocumentCategoryDto[] }).items;
const stored = async (key: string) => (await t.deps.db.select().from(documentCategories).where(eq(documentCategories.key, key)))[0];
const auditOf = async (key: string) => (await t.deps.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.targetType, 'document_category'), eq(auditLog.targetId, key)))).map((r) => r.action);

async function create(names: Record<string, string>, key?: string) {
  const res = await call(padmin, 'POST', '/api/v1/documents/categories', { ...(key ? { key } : {}), names });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as DocumentCategoryAdminDto;
}

function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = `----portico${uniq()}`;
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/plain\r\n\r\n${file.content}\r\n--${boundary}--\r\n`);
  return { payload: Buffer.from(parts.join('')), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (category: string, title = `Doc ${uniq()}`) =>
  t.http({ method: 'POST', url: '/api/v1/documents', cookie: agent.cookie, ...multipart({ orgId: acme.id, category, title }, { name: 'doc.txt', content: 'plain words' }) });

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  acme = await createOrg(t, 'customer', `Acme ${uniq()}`);
  padmin = await signedInUser(t, provider.id, 'provider_admin');
  agent = await signedInUser(t, provider.id, 'provider_agent');
  cadmin = await signedInUser(t, acme.id, 'customer_admin');
  cuser = await signedInUser(t, acme.id, 'customer_user');
}, 60_000);
afterAll(async () => t?.close());

describe('document categories', () => {
  it('adds a category (key from the English name), renames it per language, with audit and outbox', async () => {
    const u = uniq();
    const made = await create({ en: `Site plans ${u}`, de: `Lagepläne ${u}` });
    expect(made).toMatchObject({ key: `site_plans_${u}`, name: `Site plans ${u}`, names: { en: `Site plans ${u}`, de: `Lagepläne ${u}` }, archived: false, documentCount: 0, system: false, abilities: { delete: true } });
    // At the end: after every built-in category.
    const all = await list(padmin);
    expect(made.position).toBeGreaterThan(all.find((c) => c.key === 'other')!.position);

    const renamed = await call(padmin, 'PATCH', `/api/v1/documents/categories/${made.key}`, { names: { en: `Floor plans ${u}`, de: `Grundrisse ${u}`, nb: `Plantegninger ${u}`, ru: `Планы ${u}` } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ key: made.key, names: { en: `Floor plans ${u}`, nb: `Plantegninger ${u}`, ru: `Планы ${u}` } });
    expect((await stored(made.key))?.names).toEqual({ en: `Floor plans ${u}`, de: `Grundrisse ${u}`, nb: `Plantegninger ${u}`, ru: `Планы ${u}` });
    // Readers see it in their language (English fallback for a language it has no name in).
    expect((await readerList(cuser)).find((c) => c.key === made.key)).toMatchObject({ name: `Floor plans ${u}`, archived: false });
    expect(await auditOf(made.key)).toEqual(['document_category.created', 'document_category.renamed']);
    const events = await t.deps.db.select({ payload: outboxEvents.payload }).from(outboxEvents).where(eq(outboxEvents.topic, 'document.category_changed'));
    expect(events.filter((e) => (e.payload as { key?: string }).key === made.key).map((e) => (e.payload as { change: string }).change)).toEqual(['created', 'renamed']);

    // A key given explicitly is kept; a taken one is 409 naming body.key.
    const explicit = await create({ en: `Drawings ${u}` }, `drawings_${u}`);
    expect(explicit.key).toBe(`drawings_${u}`);
    const taken = await call(padmin, 'POST', '/api/v1/documents/categories', { key: `drawings_${u}`, names: { en: `Other drawings ${u}` } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors).toEqual([{ path: 'body.key', message: 'is already used' }]);
  });

  it('reorders the named categories within the places they held', async () => {
    const u = uniq();
    const a = await create({ en: `A ${u}` });
    const b = await create({ en: `B ${u}` });
    const c = await create({ en: `C ${u}` });
    const res = await call(padmin, 'PUT', '/api/v1/documents/categories/order', { keys: [c.key, a.key, b.key] });
    expect(res.statusCode, res.body).toBe(200);
    const keys = (res.json() as { items: DocumentCategoryAdminDto[] }).items.map((x) => x.key);
    const mine = keys.filter((k) => [a.key, b.key, c.key].includes(k));
    expect(mine).toEqual([c.key, a.key, b.key]);
    // The built-in ones keep their order among themselves, and the readers' list follows the same order.
    const builtIn = ['operations_manual', 'service_description', 'contract', 'report', 'access_report', 'billing', 'other'];
    expect(keys.filter((k) => builtIn.includes(k))).toEqual(builtIn);
    expect((await readerList(cuser)).map((x) => x.key).filter((k) => [a.key, b.key, c.key].includes(k))).toEqual([c.key, a.key, b.key]);
    expect(await auditOf(c.key)).toEqual(['document_category.created']);
  });

  it('archives a category: not offered for new documents (422), its documents keep it; restore offers it again', async () => {
    const u = uniq();
    const cat = await create({ en: `Floor drawings ${u}` });
    const doc = await upload(cat.key);
    expect(doc.statusCode, doc.body).toBe(201);
    const docId = (doc.json() as { id: string }).id;

    const archived = await call(padmin, 'PATCH', `/api/v1/documents/categories/${cat.key}`, { archived: true });
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json()).toMatchObject({ archived: true, documentCount: 1, abilities: { delete: false } });
    expect((await readerList(cuser)).find((c) => c.key === cat.key)).toMatchObject({ archived: true });

    const refused = await upload(cat.key);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([{ path: 'body.category', message: 'is archived: choose another category' }]);
    // Another document cannot be moved into it either …
    const other = await upload('other');
    expect(other.statusCode).toBe(201);
    const move = await call(agent, 'PATCH', `/api/v1/documents/${(other.json() as { id: string }).id}`, { category: cat.key });
    expect(move.statusCode).toBe(422);
    expect(move.json().errors[0].path).toBe('body.category');
    // … but the document filed under it still shows it, and can still be edited.
    const seen = await call(cadmin, 'GET', `/api/v1/documents/${docId}`);
    expect(seen.json()).toMatchObject({ category: cat.key, categoryName: `Floor drawings ${u}` });
    expect((await call(agent, 'PATCH', `/api/v1/documents/${docId}`, { title: `Renamed ${u}` })).statusCode).toBe(200);

    const restored = await call(padmin, 'PATCH', `/api/v1/documents/categories/${cat.key}`, { archived: false });
    expect(restored.json()).toMatchObject({ archived: false, archivedAt: null });
    expect((await upload(cat.key)).statusCode).toBe(201);
    expect(await auditOf(cat.key)).toEqual(['document_category.created', 'document_category.archived', 'document_category.restored']);
  });

  it('deletes only an unused category: one in use or a system one answers 409 IN_USE and stays', async () => {
    const u = uniq();
    const used = await create({ en: `Used ${u}` });
    expect((await upload(used.key)).statusCode).toBe(201);
    const inUse = await call(padmin, 'DELETE', `/api/v1/documents/categories/${used.key}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().code).toBe('IN_USE');
    expect(await stored(used.key)).toBeDefined();
    const system = await call(padmin, 'DELETE', '/api/v1/documents/categories/access_report');
    expect(system.statusCode).toBe(409);
    expect(system.json().code).toBe('IN_USE');
    expect((await list(padmin)).find((c) => c.key === 'access_report')).toMatchObject({ system: true, abilities: { delete: false } });

    const unused = await create({ en: `Unused ${u}` });
    const gone = await call(padmin, 'DELETE', `/api/v1/documents/categories/${unused.key}`);
    expect(gone.statusCode, gone.body).toBe(204);
    expect(await stored(unused.key)).toBeUndefined();
    expect(await auditOf(unused.key)).toEqual(['document_category.created', 'document_category.deleted']);
    expect((await call(padmin, 'DELETE', `/api/v1/documents/categories/${unused.key}`)).statusCode).toBe(404);
    expect((await call(padmin, 'PATCH', `/api/v1/documents/categories/${unused.key}`, { archived: true })).statusCode).toBe(404);
  });

  it('is for provider admins only: customers and agents get 403 and change nothing', async () => {
    const u = uniq();
    const cat = await create({ en: `Guarded ${u}` });
    for (const who of [cuser, cadmin, agent]) {
      expect((await call(who, 'GET', '/api/v1/documents/categories')).statusCode).toBe(403);
      expect((await call(who, 'POST', '/api/v1/documents/categories', { names: { en: `Sneaky ${u}` } })).statusCode).toBe(403);
      expect((await call(who, 'PATCH', `/api/v1/documents/categories/${cat.key}`, { archived: true })).statusCode).toBe(403);
      expect((await call(who, 'PUT', '/api/v1/documents/categories/order', { keys: [cat.key] })).statusCode).toBe(403);
      expect((await call(who, 'DELETE', `/api/v1/documents/categories/${cat.key}`)).statusCode).toBe(403);
    }
    expect(await stored(cat.key)).toMatchObject({ archivedAt: null, names: { en: `Guarded ${u}` } });
    expect((await t.deps.db.select().from(documentCategories).where(eq(documentCategories.key, `sneaky_${u}`))).length).toBe(0);
    expect(await auditOf(cat.key)).toEqual(['document_category.created']);
  });

  it('refuses bad input naming the field: shape 400, a name another category has or an unknown key 422; nothing changes', async () => {
    const u = uniq();
    const cat = await create({ en: `Permits ${u}`, nb: `Tillatelser ${u}` });
    const shape: [string, string, unknown, string][] = [
      ['POST', '/api/v1/documents/categories', { names: { de: 'Nur Deutsch' } }, 'body.names.en'],
      ['POST', '/api/v1/documents/categories', { names: { en: '   ' } }, 'body.names.en'],
      ['POST', '/api/v1/documents/categories', { names: { en: 'x'.repeat(81) } }, 'body.names.en'],
      ['POST', '/api/v1/documents/categories', { key: 'Bad Key', names: { en: `Bad ${u}` } }, 'body.key'],
      ['POST', '/api/v1/documents/categories', { names: { en: `X ${u}`, fr: 'Permis' } }, 'body.names.fr'],
      ['PATCH', `/api/v1/documents/categories/${cat.key}`, { names: { en: '' } }, 'body.names.en'],
      ['PATCH', `/api/v1/documents/categories/${cat.key}`, { archived: 'yes' }, 'body.archived'],
      ['PUT', '/api/v1/documents/categories/order', { keys: [cat.key, cat.key] }, 'body.keys'],
      ['PUT', '/api/v1/documents/categories/order', { keys: [] }, 'body.keys'],
    ];
    for (const [method, url, payload, path] of shape) {
      const res = await call(padmin, method as 'POST', url, payload);
      expect(res.statusCode, `${method} ${JSON.stringify(payload)}: ${res.body}`).toBe(400);
      expect((res.json() as { errors: { path: string }[] }).errors.map((e) => e.path), JSON.stringify(payload)).toContain(path);
    }
    const rules: [string, string, unknown, string[]][] = [
      ['POST', '/api/v1/documents/categories', { names: { en: `permits ${u}` } }, ['body.names.en']],
      ['POST', '/api/v1/documents/categories', { names: { en: `Licences ${u}`, nb: `Tillatelser ${u}` } }, ['body.names.nb']],
      ['PATCH', '/api/v1/documents/categories/other', { names: { en: `Permits ${u}` } }, ['body.names.en']],
      ['PUT', '/api/v1/documents/categories/order', { keys: [cat.key, `nope_${u}`] }, ['body.keys.1']],
    ];
    for (const [method, url, payload, paths] of rules) {
      const res = await call(padmin, method as 'POST', url, payload);
      expect(res.statusCode, `${method} ${JSON.stringify(payload)}: ${res.body}`).toBe(422);
      expect((res.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(paths);
    }
    // An unknown category on upload is 422 too (it never existed).
    const unknown = await upload(`nope_${u}`);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([{ path: 'body.category', message: 'is not a known category' }]);
    // Nothing was written: no category of those names, the built-in "other" keeps its name, ours is unchanged.
    const names = (await t.deps.db.select({ names: documentCategories.names }).from(documentCategories)).map((r) => r.names.en);
    expect(names.filter((n) => n?.endsWith(u))).toEqual([`Permits ${u}`]);
    expect((await stored('other'))?.names.en).toBe('Other');
    expect(await auditOf(cat.key)).toEqual(['document_category.created']);
    expect((await t.deps.db.select().from(documentCategories).where(inArray(documentCategories.key, [`licences_${u}`, `x_${u}`]))).length).toBe(0);
  });
});
