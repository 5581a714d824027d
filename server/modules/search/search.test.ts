import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { rowsOf } from '../../platform/db/client.js';
import { catalogueItems, orders, tickets, ticketWatchers } from '../../platform/db/schema.js';
import { regconfigOf, tsQuerySql } from './sql.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
type Hit = { kind: string; id: string; title: string; snippet: string; rank: number; url: string };
let t: TestApp;
let agent: Signed;
let acmeAdmin: Signed;
let acmeUser: Signed;
let acmeOther: Signed;
let globex: Signed;
let categoryId: string;
// A word nobody else's rows contain, so tests sharing a PostgreSQL database only see their own rows.
const w = `zq${uniq()}`;

async function openTicket(who: Signed, title: string, description = 'Details follow.') {
  const res = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: who.cookie, payload: { title, description, categoryId, urgency: 'minor', impact: 'few' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function find(who: Signed | null, q: string, extra = '') {
  const res = await t.http({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, ...(who ? { cookie: who.cookie } : {}) });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { items: Hit[]; groups: { kind: string; count: number }[]; failed: string[]; terms: string[] };
  expect(body.failed).toEqual([]);
  return body;
}
let orderNumber = 900_000 + Math.floor(Math.random() * 90_000);
async function insertOrder(who: Signed, names: Record<string, string>) {
  const id = uuidv7();
  const number = ++orderNumber;
  await t.deps.db.insert(orders).values({
    id,
    orgId: who.orgId,
    number,
    ref: `ORD${String(number).padStart(7, '0')}`,
    itemId: uuidv7(),
    itemKind: 'service',
    item: { key: `k-${uniq()}`, kind: 'generic', version: 1, names, approvalRule: 'none', form: { fields: [] }, tasks: [] },
    requesterId: who.id,
    status: 'submitted',
  });
  return id;
}
async function insertItem(texts: Record<string, { name: string; short: string; long: string }>, orderableBy = 'all') {
  const id = uuidv7();
  await t.deps.db.insert(catalogueItems).values({ id, key: `item-${uniq()}`, kind: 'generic', icon: 'box', texts: texts as never, form: { fields: [] } as never, orderableBy });
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  const acme = await createOrg(t);
  const globexOrg = await createOrg(t);
  [agent, acmeAdmin, acmeUser, acmeOther, globex] = await Promise.all([
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, acme.id, 'customer_admin'),
    signedInUser(t, acme.id, 'customer_user'),
    signedInUser(t, acme.id, 'customer_user'),
    signedInUser(t, globexOrg.id, 'customer_admin'),
  ]);
  categoryId = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: acmeAdmin.cookie })).json().items[0].id;
});
afterAll(async () => t?.close());

describe('search configurations', () => {
  it('has the four languages’ text search configurations and pg_trgm', async () => {
    for (const lang of ['en', 'de', 'nb', 'ru'] as const) {
      const rows = rowsOf<{ n: number }>(await t.deps.db.execute(sql`SELECT count(*)::int AS n FROM pg_ts_config WHERE cfgname = ${regconfigOf(lang)}`));
      expect(rows[0]!.n, lang).toBe(1);
    }
    const [s] = rowsOf<{ s: number }>(await t.deps.db.execute(sql`SELECT similarity('kuehlung', 'kuhlung') AS s`));
    expect(Number(s!.s)).toBeGreaterThan(0.3);
  });

  it('scoped vectors match scoped queries of the same scope only, prefixes, phrases and quotes included', async () => {
    const a = uuidv7();
    const b = uuidv7();
    const match = async (vectorScope: string, queryScope: string, vector: SQL, query: SQL) => {
      const [r] = rowsOf<{ m: boolean }>(await t.deps.db.execute(sql`SELECT portico_scoped_tsvector(${vectorScope}::uuid, ${vector}) @@ portico_scoped_tsquery(${queryScope}::uuid, ${query}) AS m`));
      return r!.m;
    };
    const text = sql`to_tsvector('english', 'Power feed lost in cage 4')`;
    expect(await match(a, a, text, sql`to_tsquery('english', 'pow:* & cage')`)).toBe(true);
    expect(await match(a, b, text, sql`to_tsquery('english', 'pow:* & cage')`)).toBe(false);
    expect(await match(a, a, text, sql`to_tsquery('english', 'pow:* & rack')`)).toBe(false);
    expect(await match(a, a, text, sql`to_tsquery('english', 'rack') || to_tsquery('german', 'Käfig') || to_tsquery('english', 'feeds')`)).toBe(true);
    // A lexeme with a quote in it (the text form doubles it) keeps its meaning.
    expect(await match(a, a, sql`array_to_tsvector(ARRAY['o''brien', 'x'])`, sql`$$'o''brien' & x$$::tsquery`)).toBe(true);
    expect(await match(a, a, sql`array_to_tsvector(ARRAY['o''brien'])`, sql`$$'o''brie':*$$::tsquery`)).toBe(true);
    expect(await match(a, a, sql`array_to_tsvector(ARRAY['obrien'])`, sql`$$'o''brien'$$::tsquery`)).toBe(false);
  });
});

describe('tickets and orders: only what the caller may see', () => {
  let mine: string, watched: string, colleague: string, globexTicket: string, acmeOrder: string, globexOrder: string;
  beforeAll(async () => {
    mine = await openTicket(acmeUser, `Generator ${w} alarm in hall A`);
    colleague = await openTicket(acmeOther, `Generator ${w} fuel low`);
    watched = await openTicket(acmeOther, `Generator ${w} maintenance window`);
    await t.deps.db.insert(ticketWatchers).values({ orgId: acmeUser.orgId, ticketId: watched, userId: acmeUser.id });
    globexTicket = await openTicket(globex, `Generator ${w} alarm at Globex`);
    acmeOrder = await insertOrder(acmeAdmin, { en: `Cross connect ${w}`, de: `Querverbindung ${w}` });
    globexOrder = await insertOrder(globex, { en: `Cross connect ${w}` });
  });

  it('a customer user finds their own and watched tickets, not a colleague’s nor another organisation’s', async () => {
    const ids = (await find(acmeUser, `generator ${w}`, '&kinds=ticket')).items.map((h) => h.id);
    expect(ids.sort()).toEqual([mine, watched].sort());
  });

  it('a customer admin finds the organisation’s tickets and orders; Globex never sees Acme’s (journey 3 at API level)', async () => {
    const acme = await find(acmeAdmin, w);
    expect(acme.items.filter((h) => h.kind === 'ticket').map((h) => h.id).sort()).toEqual([mine, colleague, watched].sort());
    expect(acme.items.filter((h) => h.kind === 'order').map((h) => h.id)).toEqual([acmeOrder]);
    const g = await find(globex, w);
    expect(g.items.map((h) => h.id).sort()).toEqual([globexTicket, globexOrder].sort());
    // The same words as an Acme ticket's title, typed and with a typo.
    for (const q of [`generator ${w} alarm in hall A`, `generatr ${w} alarm hall`, `${w.slice(0, 5)}`]) {
      const ids = (await find(globex, q)).items.map((h) => h.id);
      for (const acmeId of [mine, colleague, watched, acmeOrder]) expect(ids, q).not.toContain(acmeId);
    }
  });

  it('provider staff find every organisation’s tickets', async () => {
    const ids = (await find(agent, `${w} generator`, '&kinds=ticket&limit=50')).items.map((h) => h.id);
    expect(ids).toEqual(expect.arrayContaining([mine, colleague, watched, globexTicket]));
  });

  it('signed out finds nothing of tickets, orders or the catalogue', async () => {
    const res = await find(null, w);
    expect(res.items).toEqual([]);
  });

  it('finds an order by its German item name and by its reference', async () => {
    const [row] = await t.deps.db.select({ ref: orders.ref }).from(orders).where(eq(orders.id, acmeOrder));
    expect((await find(acmeAdmin, `querverbindung ${w}`, '&kinds=order')).items.map((h) => h.id)).toEqual([acmeOrder]);
    expect((await find(acmeAdmin, row!.ref, '&kinds=order')).items.map((h) => h.id)).toEqual([acmeOrder]);
  });
});

describe('ranking, snippets, typos and stemming', () => {
  it('ranks a title match above a description match, and a recent one above an old one', async () => {
    const inBody = await openTicket(acmeAdmin, `Quarterly check ${w}a`, `The chiller${w} was noisy.`);
    const inTitle = await openTicket(acmeAdmin, `Chiller${w} noisy`, `Quarterly check ${w}a`);
    const old = await openTicket(acmeAdmin, `Chiller${w} replaced`, 'Done.');
    await t.deps.db.update(tickets).set({ updatedAt: new Date(Date.now() - 400 * 86_400_000) }).where(eq(tickets.id, old));
    const hits = (await find(acmeAdmin, `chiller${w}`, '&kinds=ticket')).items;
    expect(hits.map((h) => h.id)).toEqual([inTitle, old, inBody]);
    expect(hits[0]!.rank).toBeGreaterThan(hits[1]!.rank);
    expect(hits[1]!.rank).toBeGreaterThan(hits[2]!.rank);
  });

  it('matches the last word as a prefix while typing, not with prefix=false', async () => {
    const id = await openTicket(acmeAdmin, `Humidity${w} sensor drift`);
    expect((await find(acmeAdmin, `humidity${w} sen`, '&kinds=ticket')).items.map((h) => h.id)).toContain(id);
    const matches = async (prefix: boolean) =>
      rowsOf<{ m: boolean }>(await t.deps.db.execute(sql`SELECT to_tsvector('simple', 'sensor drift') @@ ${tsQuerySql({ terms: ['drift', 'sen'], prefix }, 'simple')} AS m`))[0]!.m;
    expect(await matches(true)).toBe(true);
    expect(await matches(false)).toBe(false);
  });

  it('highlights with <mark> only, everything else escaped', async () => {
    const id = await openTicket(acmeAdmin, `Markup ${w}m`, `<script>alert(1)</script> <b>bold</b> the ${w}m & "quotes"`);
    const hit = (await find(acmeAdmin, `${w}m`, '&kinds=ticket')).items.find((h) => h.id === id)!;
    expect(hit.snippet).toContain(`<mark>${w}m</mark>`);
    expect(hit.snippet).toMatch(/&lt;\/?script&gt;/);
    expect(hit.snippet).toContain('&amp; &quot;quotes');
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('shows Markdown as text in snippets: no emphasis, code, heading, list or link markup', async () => {
    const id = await openTicket(acmeAdmin, `Markdown ${w}d`, `## Symptoms\n- the **${w}d** breaker trips\n> [!NOTE] see \`PDU-7\` and [the manual](https://example.com/m)`);
    const hit = (await find(acmeAdmin, `${w}d`, '&kinds=ticket')).items.find((h) => h.id === id)!;
    expect(hit.snippet).toContain(`<mark>${w}d</mark>`);
    expect(hit.snippet).toContain('the manual');
    expect(hit.snippet).toContain('PDU-7');
    expect(hit.snippet).not.toMatch(/\*\*|##|`|\]\(|\[!NOTE\]|^- /);
  });

  it('finds a title with a typo through the trigram fallback', async () => {
    const id = await openTicket(acmeAdmin, `Temperaturalarm${w} Kaltgang`);
    const hits = (await find(acmeAdmin, `temperaturalram${w}`, '&kinds=ticket')).items;
    expect(hits.map((h) => h.id)).toContain(id);
    // A letter missing from one word of a longer title (word similarity 0.57, under pg_trgm's default 0.6).
    const limits = await openTicket(acmeAdmin, `Strom- und Kühlungsgrenzen ${w}k pro Rack`);
    expect((await find(acmeAdmin, 'kühlng', '&kinds=ticket')).items.map((h) => h.id)).toContain(limits);
  });

  it('German stemming finds inflected forms in the German texts; customers see only items they may order', async () => {
    const item = await insertItem({ en: { name: `Cooling ${w}`, short: 'Extra cooling units', long: '' }, de: { name: `Kühlung ${w}`, short: 'Zusätzliche Kühlgeräte für Ihre Racks', long: '' } });
    const adminsOnly = await insertItem({ en: { name: `Cooling audit ${w}`, short: '', long: '' } }, 'customer_admin');
    // Only this test's two items count: on a shared database the typo fallback may add look-alikes of other runs.
    const ours = (r: { items: { id: string }[] }) => r.items.map((h) => h.id).filter((id) => id === item || id === adminsOnly).sort();
    expect(ours(await find(acmeUser, `kühlgerät ${w}`, '&kinds=catalogue_item&prefix=false'))).toEqual([item]);
    expect(ours(await find(acmeUser, `cooling ${w}`, '&kinds=catalogue_item'))).toEqual([item]);
    expect(ours(await find(acmeAdmin, `cooling ${w}`, '&kinds=catalogue_item'))).toEqual([item, adminsOnly].sort());
  });
});

describe('bad input never fails', () => {
  const nasty = [
    '"', "'", '""', "it's", 'a & b', 'a | b', '!a', 'a <-> b', 'a:*', ':*', '*', '(a', 'a)', '()', '&&||!!', '\\', '\\\\x', "'; DROP TABLE tickets; --",
    '%', '_', '%_%', '$1', '::regconfig', 'null', 'undefined', '🔥', '👩🏽‍💻🇩🇪', 'ä'.repeat(300), 'x'.repeat(10_000), 'a '.repeat(5000), 'the', 'the of and a',
    'der die das', 'и в не', 'og i jeg', '\u0000', '\u200b', 'NaN', '<script>alert(1)</script>', '&lt;', 'a\nb\tc', '   ', '',
  ];
  it.each(nasty.map((q) => [q.slice(0, 30), q]))('answers %j normally', async (_label, q) => {
    for (const who of [acmeUser, null]) {
      const res = await t.http({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}`, ...(who ? { cookie: who.cookie } : {}) });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().failed).toEqual([]);
    }
  });

  it('answers a malformed encoding (a lone surrogate as bytes) without a 500', async () => {
    const res = await t.http({ method: 'GET', url: '/api/v1/search?q=%ED%A0%BD%FF', cookie: acmeUser.cookie });
    expect(res.statusCode, res.body).toBeLessThan(500);
  });

  it('answers problem+json 400 on bad parameters', async () => {
    for (const qs of ['kinds=tickets', 'limit=0', 'limit=51', 'limit=abc', 'prefix=maybe', 'lang=fr', 'other=1', `q=${'x'.repeat(10_001)}`]) {
      const res = await t.http({ method: 'GET', url: `/api/v1/search?${qs}`, cookie: acmeUser.cookie });
      expect(res.statusCode, qs).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('asks no provider for empty input', async () => {
    expect(await find(acmeUser, '   ')).toMatchObject({ terms: [], items: [], groups: [] });
  });
});
