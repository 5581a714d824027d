import { readdirSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import type { DocumentDetailDto, DocumentDto } from '../../../contracts/documents.js';
import { auditLog } from '../../platform/audit.js';
import { localFileStore } from '../../platform/storage.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { orgDocuments, orgDocumentVersions } from './documents.tables.js';
import { extractPendingTexts, officeText } from './service/extract.js';
import { storeOrgDocument } from './service/store.js';
import { seedDocumentsDemo } from './service/demo.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
const MAX = 40_000;

let t: TestApp;
let acme: { id: string; name: string };
let globex: { id: string; name: string };
let agent: Signed, admin: Signed, user: Signed, biller: Signed, other: Signed;

function pdfOf(lines: string[]): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', compress: true });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    for (const l of lines) doc.text(l);
    doc.end();
  });
}

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer | string; type?: string } | null) {
  const boundary = `----portico${uniq()}`;
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const storedFiles = () => {
  const root = path.join(t.deps.config.dataDir, 'files', 'documents');
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  } catch {
    return 0;
  }
};
const docCount = async (orgId: string) => (await t.deps.db.select({ id: orgDocuments.id }).from(orgDocuments).where(eq(orgDocuments.orgId, orgId))).length;

async function upload(who: Signed, fields: Record<string, string>, file: { name: string; content: Buffer | string; type?: string }) {
  return t.http({ method: 'POST', url: '/api/v1/documents', cookie: who.cookie, ...multipart(fields, file) });
}
const get = (who: Signed, url: string) => t.http({ method: 'GET', url, cookie: who.cookie });
const listIds = async (who: Signed, qs = '') => ((await get(who, `/api/v1/documents${qs}`)).json() as { items: DocumentDto[] }).items.map((d) => d.id);
const searchIds = async (who: Signed, q: string) => {
  const res = await get(who, `/api/v1/search?kinds=document&q=${encodeURIComponent(q)}`);
  expect(res.statusCode).toBe(200);
  return (res.json() as { items: { id: string; snippet: string }[] }).items;
};

let manual: DocumentDetailDto;
let billing: DocumentDetailDto;
let adminsOnly: DocumentDetailDto;

beforeAll(async () => {
  t = await createTestApp({ ATTACHMENT_MAX_BYTES: String(MAX) });
  const provider = await createOrg(t, 'provider');
  acme = await createOrg(t, 'customer', `Acme ${uniq()}`);
  globex = await createOrg(t, 'customer', `Globex ${uniq()}`);
  agent = await signedInUser(t, provider.id, 'provider_agent');
  admin = await signedInUser(t, acme.id, 'customer_admin');
  user = await signedInUser(t, acme.id, 'customer_user');
  biller = await signedInUser(t, acme.id, 'customer_user', { granted: ['billing.read'] });
  other = await signedInUser(t, globex.id, 'customer_admin');

  const pdf = await pdfOf(['Operations manual', 'Emergency generator refuelling happens every quarter.', 'Contact the service desk for smart hands.']);
  const res = await upload(agent, { orgId: acme.id, category: 'operations_manual', title: 'Operations manual OSL1', description: 'How the data centre is run', language: 'en' }, { name: 'ops-manual.pdf', content: pdf, type: 'application/pdf' });
  expect(res.statusCode, res.body).toBe(201);
  manual = res.json();
  const b = await upload(agent, { orgId: acme.id, category: 'billing', title: 'Price list 2027', language: 'en', visibility: 'permission', requiredPermission: 'billing.read' }, { name: 'prices.txt', content: 'Rack rental quarterly invoice xylophone', type: 'text/plain' });
  expect(b.statusCode, b.body).toBe(201);
  billing = b.json();
  const a = await upload(agent, { orgId: acme.id, category: 'contract', title: 'Master agreement', visibility: 'admins' }, { name: 'contract.md', content: '# Master agreement\nSignatories only, marimba clause.', type: 'text/markdown' });
  expect(a.statusCode, a.body).toBe(201);
  adminsOnly = a.json();
  await extractPendingTexts({ db: t.deps.db, files: localFileStore(path.join(t.deps.config.dataDir, 'files')) });
}, 60_000);
afterAll(async () => t?.close());

describe('document library', () => {
  it('lists categories in the reader’s language and the documents a member may see', async () => {
    const cats = (await get(user, '/api/v1/document-categories')).json() as { items: { key: string; name: string }[] };
    expect(cats.items.map((c) => c.key)).toEqual(expect.arrayContaining(['operations_manual', 'service_description', 'contract', 'report', 'billing', 'access_report', 'other']));
    expect(cats.items.find((c) => c.key === 'operations_manual')?.name).toBe('Operations manuals');
    expect(manual.current).toMatchObject({ version: 1, filename: 'ops-manual.pdf', contentType: 'application/pdf' });
    expect(manual.versions).toHaveLength(1);
    expect(await listIds(user)).toEqual([manual.id]);
    expect(new Set(await listIds(admin))).toEqual(new Set([manual.id, billing.id, adminsOnly.id]));
    expect(new Set(await listIds(biller))).toEqual(new Set([manual.id, billing.id]));
    expect(await listIds(admin, '?category=billing')).toEqual([billing.id]);
    // Staff name the organisation; without it the list is empty.
    expect(await listIds(agent)).toEqual([]);
    expect((await listIds(agent, `?orgId=${acme.id}`)).length).toBe(3);
  });

  it('keeps every version downloadable, with who and when, and audits each download', async () => {
    const v2 = await t.http({ method: 'POST', url: `/api/v1/documents/${manual.id}/versions`, cookie: agent.cookie, ...multipart({}, { name: 'ops-manual-v2.txt', content: 'Version two: the generator is refuelled monthly.', type: 'text/plain' }) });
    expect(v2.statusCode, v2.body).toBe(201);
    const detail = v2.json() as DocumentDetailDto;
    expect(detail.current.version).toBe(2);
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(detail.versions[0]!.createdBy.id).toBe(agent.id);
    const current = await get(user, `/api/v1/documents/${manual.id}/download`);
    expect(current.statusCode).toBe(200);
    expect(current.body).toContain('Version two');
    expect(current.headers['content-disposition']).toMatch(/^attachment; filename="ops-manual-v2.txt"/);
    const first = await get(user, `/api/v1/documents/${manual.id}/versions/${detail.versions[1]!.id}/download`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const audits = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.targetId, manual.id), eq(auditLog.action, 'document.downloaded')));
    expect(audits.map((a) => (a.after as { version: number }).version).sort()).toEqual([1, 2]);
    // A version of another document is not reachable through this one.
    expect((await get(admin, `/api/v1/documents/${manual.id}/versions/${billing.current.id}/download`)).statusCode).toBe(404);
  });

  it('enforces visibility on every path: list, get, download, version download, search (404, never 403)', async () => {
    for (const d of [billing, adminsOnly]) {
      expect((await get(user, `/api/v1/documents/${d.id}`)).statusCode).toBe(404);
      expect((await get(user, `/api/v1/documents/${d.id}/download`)).statusCode).toBe(404);
      expect((await get(user, `/api/v1/documents/${d.id}/versions/${d.current.id}/download`)).statusCode).toBe(404);
    }
    expect(await searchIds(user, 'xylophone')).toEqual([]);
    expect((await searchIds(biller, 'xylophone')).map((h) => h.id)).toEqual([billing.id]);
    expect((await searchIds(admin, 'xylophone')).map((h) => h.id)).toEqual([billing.id]);
    expect(await searchIds(biller, 'marimba')).toEqual([]);
    expect((await searchIds(admin, 'marimba')).map((h) => h.id)).toEqual([adminsOnly.id]);
    expect((await get(biller, `/api/v1/documents/${billing.id}`)).statusCode).toBe(200);
    expect((await get(admin, `/api/v1/documents/${adminsOnly.id}/download`)).statusCode).toBe(200);
    // Changing the visibility takes effect at once.
    const open = await t.http({ method: 'PATCH', url: `/api/v1/documents/${adminsOnly.id}`, cookie: agent.cookie, payload: { visibility: 'members' } });
    expect(open.statusCode, open.body).toBe(200);
    expect((await get(user, `/api/v1/documents/${adminsOnly.id}`)).statusCode).toBe(200);
    const close = await t.http({ method: 'PATCH', url: `/api/v1/documents/${adminsOnly.id}`, cookie: agent.cookie, payload: { visibility: 'admins' } });
    expect(close.statusCode).toBe(200);
    expect((await get(user, `/api/v1/documents/${adminsOnly.id}`)).statusCode).toBe(404);
  });

  it('answers 404 to another organisation on every path and never finds its documents', async () => {
    for (const d of [manual, billing, adminsOnly]) {
      expect((await get(other, `/api/v1/documents/${d.id}`)).statusCode).toBe(404);
      expect((await get(other, `/api/v1/documents/${d.id}/download`)).statusCode).toBe(404);
      expect((await get(other, `/api/v1/documents/${d.id}/versions/${d.current.id}/download`)).statusCode).toBe(404);
    }
    expect((await get(other, `/api/v1/documents?orgId=${acme.id}`)).statusCode).toBe(404);
    expect(await listIds(other)).toEqual([]);
    for (const q of ['generator', 'xylophone', 'marimba', 'Operations manual']) expect(await searchIds(other, q)).toEqual([]);
  });

  it('finds a PDF by its extracted text with a marked, escaped snippet', async () => {
    const [v1] = await t.deps.db.select().from(orgDocumentVersions).where(and(eq(orgDocumentVersions.documentId, manual.id), eq(orgDocumentVersions.version, 1)));
    expect(v1!.textStatus).toBe('done');
    expect(v1!.text).toContain('Emergency generator refuelling');
    await extractPendingTexts({ db: t.deps.db, files: localFileStore(path.join(t.deps.config.dataDir, 'files')) });
    const hits = await searchIds(user, 'refuelled');
    expect(hits.map((h) => h.id)).toEqual([manual.id]);
    expect(hits[0]!.snippet).toMatch(/<mark>refuelled<\/mark>/);
    // A German document is found by a German inflection of its words.
    const de = await upload(agent, { orgId: acme.id, category: 'service_description', title: 'Leistungsbeschreibung Kühlung', language: 'de' }, { name: 'kuehlung.txt', content: 'Die Kühlsysteme werden jährlich gewartet.', type: 'text/plain' });
    expect(de.statusCode).toBe(201);
    await extractPendingTexts({ db: t.deps.db, files: localFileStore(path.join(t.deps.config.dataDir, 'files')) });
    expect((await searchIds(user, 'Kühlsystem')).map((h) => h.id)).toContain((de.json() as DocumentDto).id);
  });

  it('finds Word, Excel and OpenDocument files by their text; a zip bomb is not unpacked, a broken file is marked failed', async () => {
    const w = `quokka${uniq()}`;
    const zip = (files: Record<string, string>) => Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
    const docx = zip({
      '[Content_Types].xml': '<Types/>',
      'word/document.xml': `<w:document><w:body><w:p><w:r><w:t>Cooling ${w}</w:t></w:r><w:r><w:t xml:space="preserve"> maintenance &amp; checks</w:t></w:r></w:p><w:p><w:r><w:t>Second paragraph</w:t></w:r></w:p></w:body></w:document>`,
      'word/styles.xml': '<w:styles><w:t>notthisstyle</w:t></w:styles>',
    });
    const xlsx = zip({ 'xl/sharedStrings.xml': `<sst><si><t>Rack</t></si><si><t>${w}sheet</t></si></sst>`, 'xl/worksheets/sheet1.xml': '<worksheet><c t="s"><v>1</v></c></worksheet>' });
    const odt = zip({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': `<office:document-content><text:p>Wartung der ${w}anlage</text:p></office:document-content>` });
    const types = {
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      odt: 'application/vnd.oasis.opendocument.text',
    };
    const ids: Record<string, string> = {};
    for (const [ext, content] of [['docx', docx], ['xlsx', xlsx], ['odt', odt]] as const) {
      const res = await upload(agent, { orgId: acme.id, category: 'other', title: `Office ${ext}` }, { name: `file.${ext}`, content, type: types[ext] });
      expect(res.statusCode, res.body).toBe(201);
      ids[ext] = (res.json() as DocumentDto).id;
    }
    const broken = await upload(agent, { orgId: acme.id, category: 'other', title: 'Broken docx' }, { name: 'broken.docx', content: Buffer.from('not a zip at all'), type: types.docx });
    expect(broken.statusCode).toBe(201);
    // 40 MB of XML in a zip of 40 kB: not unpacked (over the 32 MB the extractor reads), no text.
    expect(await officeText(zip({ 'word/document.xml': `<w:t>${'a'.repeat(40 * 1024 * 1024)}</w:t>` }), types.docx)).toBe('');
    await extractPendingTexts({ db: t.deps.db, files: localFileStore(path.join(t.deps.config.dataDir, 'files')) });
    const texts = await t.deps.db.select({ documentId: orgDocumentVersions.documentId, text: orgDocumentVersions.text, status: orgDocumentVersions.textStatus }).from(orgDocumentVersions);
    const textOf = (id: string) => texts.find((v) => v.documentId === id)!;
    expect(textOf(ids.docx!)).toMatchObject({ status: 'done', text: `Cooling ${w} maintenance & checks\nSecond paragraph` });
    expect(textOf(ids.xlsx!).text).toContain(`${w}sheet`);
    expect(textOf(ids.odt!).text).toBe(`Wartung der ${w}anlage`);
    expect(textOf((broken.json() as DocumentDto).id).status).toBe('failed');
    expect((await searchIds(user, `${w} maintenance`)).map((h) => h.id)).toEqual([ids.docx]);
    expect((await searchIds(user, `${w}sheet`)).map((h) => h.id)).toEqual([ids.xlsx]);
    expect((await searchIds(user, `${w}anlage`)).map((h) => h.id)).toEqual([ids.odt]);
    expect(await searchIds(user, 'notthisstyle')).toEqual([]);
  });

  it('renders hostile names inert: stored as text, escaped in snippets, sanitised in the download name', async () => {
    const xss = '<img src=x onerror=alert(1)> Runbook';
    const res = await upload(agent, { orgId: acme.id, category: 'other', title: xss }, { name: '<script>alert(1)</script>|x*?.txt', content: 'runbook for <script>alert(2)</script> zebrafish', type: 'text/html' });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json() as DocumentDetailDto;
    expect(doc.title).toBe(xss);
    expect(doc.current.filename).not.toMatch(/["<>\r\n]/);
    expect(doc.current.contentType).toBe('text/plain');
    await extractPendingTexts({ db: t.deps.db, files: localFileStore(path.join(t.deps.config.dataDir, 'files')) });
    const [hit] = await searchIds(user, 'zebrafish');
    expect(hit!.snippet).not.toMatch(/<script|<img/);
    expect(hit!.snippet).toContain('&lt;script&gt;');
    const dl = await get(user, `/api/v1/documents/${doc.id}/download`);
    expect(dl.headers['content-disposition']).toMatch(/^attachment;/);
    expect(dl.headers['content-disposition']).not.toMatch(/[\r\n]/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('document uploads: limits, bad input, permissions', () => {
  it('refuses too large (413) and unsupported types (415) with nothing stored', async () => {
    const before = { rows: await docCount(acme.id), files: storedFiles() };
    const big = await upload(agent, { orgId: acme.id, category: 'report', title: 'Too big' }, { name: 'big.txt', content: Buffer.alloc(MAX + 10, 97) });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('BODY_TOO_LARGE');
    const exe = await upload(agent, { orgId: acme.id, category: 'report', title: 'Program' }, { name: 'setup.exe', content: 'MZ' });
    expect(exe.statusCode).toBe(415);
    const html = await upload(agent, { orgId: acme.id, category: 'report', title: 'Page' }, { name: 'page.html', content: '<script>alert(1)</script>', type: 'text/html' });
    expect(html.statusCode).toBe(415);
    const bigVersion = await t.http({ method: 'POST', url: `/api/v1/documents/${manual.id}/versions`, cookie: agent.cookie, ...multipart({}, { name: 'big.pdf', content: Buffer.alloc(MAX + 10, 97) }) });
    expect(bigVersion.statusCode).toBe(413);
    expect({ rows: await docCount(acme.id), files: storedFiles() }).toEqual(before);
  });

  it('names the bad field (400), refuses unknown categories (422) and stores nothing', async () => {
    const before = { rows: await docCount(acme.id), files: storedFiles() };
    const file = { name: 'a.txt', content: 'x' };
    const noTitle = await upload(agent, { orgId: acme.id, category: 'report' }, file);
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().errors.map((e: { path: string }) => e.path)).toContain('body.title');
    const noPermission = await upload(agent, { orgId: acme.id, category: 'report', title: 'x', visibility: 'permission' }, file);
    expect(noPermission.statusCode).toBe(400);
    expect(noPermission.json().errors.map((e: { path: string }) => e.path)).toContain('body.requiredPermission');
    const badLang = await upload(agent, { orgId: acme.id, category: 'report', title: 'x', language: 'xx' }, file);
    expect(badLang.json().errors.map((e: { path: string }) => e.path)).toContain('body.language');
    const unknown = await upload(agent, { orgId: acme.id, category: 'nonsense', title: 'x' }, file);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].path).toBe('body.category');
    const noFile = await t.http({ method: 'POST', url: '/api/v1/documents', cookie: agent.cookie, ...multipart({ orgId: acme.id, category: 'report', title: 'x' }, null) });
    expect(noFile.statusCode).toBe(400);
    const json = await t.http({ method: 'POST', url: '/api/v1/documents', cookie: agent.cookie, payload: { title: 'x' } });
    expect(json.statusCode).toBe(415);
    const patch = await t.http({ method: 'PATCH', url: `/api/v1/documents/${manual.id}`, cookie: agent.cookie, payload: { title: '' } });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().errors.map((e: { path: string }) => e.path)).toContain('body.title');
    expect({ rows: await docCount(acme.id), files: storedFiles() }).toEqual(before);
  });

  it('lets only provider staff with documents.manage upload, add versions and change documents', async () => {
    const before = storedFiles();
    expect((await upload(admin, { orgId: acme.id, category: 'report', title: 'x' }, { name: 'a.txt', content: 'x' })).statusCode).toBe(403);
    expect((await t.http({ method: 'POST', url: `/api/v1/documents/${manual.id}/versions`, cookie: admin.cookie, ...multipart({}, { name: 'a.txt', content: 'x' }) })).statusCode).toBe(403);
    expect((await t.http({ method: 'PATCH', url: `/api/v1/documents/${manual.id}`, cookie: admin.cookie, payload: { title: 'Mine' } })).statusCode).toBe(403);
    expect((await upload(agent, { orgId: globex.id.replace(/.$/, '0'), category: 'report', title: 'x' }, { name: 'a.txt', content: 'x' })).statusCode).toBe(404);
    expect(storedFiles()).toBe(before);
    expect(((await get(user, `/api/v1/documents/${manual.id}`)).json() as DocumentDto).abilities.manage).toBe(false);
    expect(((await get(agent, `/api/v1/documents/${manual.id}`)).json() as DocumentDto).abilities.manage).toBe(true);
  });

  it('keeps storeOrgDocument’s contract for generated reports (one per period, permission, version 1)', async () => {
    const files = localFileStore(path.join(t.deps.config.dataDir, 'files'));
    const stored = await t.deps.db.transaction((tx) =>
      storeOrgDocument(tx, files, { orgId: acme.id, category: 'access_report', title: 'Access report', filename: 'access.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 x'), period: '2026-11', requiredPermission: 'access.read', createdBy: null, createdBySystem: 'monthly access report' }),
    );
    expect(stored).not.toBeNull();
    const again = await t.deps.db.transaction((tx) =>
      storeOrgDocument(tx, files, { orgId: acme.id, category: 'access_report', title: 'Access report', filename: 'access.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 x'), period: '2026-11', requiredPermission: 'access.read', createdBy: null }),
    );
    expect(again).toBeNull();
    const detail = (await get(admin, `/api/v1/documents/${stored!.id}`)).json() as DocumentDetailDto;
    expect(detail).toMatchObject({ visibility: 'permission', requiredPermission: 'access.read', category: 'access_report' });
    expect(detail.versions[0]!.createdBy).toEqual({ id: null, name: 'monthly access report' });
    expect((await get(user, `/api/v1/documents/${stored!.id}`)).statusCode).toBe(404);
  });

  it('seeds demo documents once: a manual PDF found by its text, a service description, a price list for billing.read', async () => {
    const demo = await createOrg(t, 'customer', `Demo ${uniq()}`);
    const demoUser = await signedInUser(t, demo.id, 'customer_user');
    const demoAdmin = await signedInUser(t, demo.id, 'customer_admin');
    expect(await seedDocumentsDemo(t.deps, [demo.name])).toBe(3);
    expect(await seedDocumentsDemo(t.deps, [demo.name])).toBe(0);
    expect((await listIds(demoUser)).length).toBe(2);
    expect((await listIds(demoAdmin)).length).toBe(3);
    const hits = await searchIds(demoUser, 'blanking panels');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.snippet).toContain('<mark>');
    expect(await searchIds(demoUser, 'cross-connect')).toEqual([]);
    expect(await searchIds(demoAdmin, 'cross-connect')).toHaveLength(1);
  }, 30_000);
});

