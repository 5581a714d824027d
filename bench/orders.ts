/**
 * The order and access benchmarks (issue 4, "Performance"), on PostgreSQL with the generated data
 * (bench/generate-tickets.ts for the 2,000 organisations and their users, then bench/generate-orders.ts:
 * 100,000 orders and about 5,000,000 access events by default):
 *  a. a customer admin's order list, first page as the portal asks for it (GET /api/v1/orders?limit=50),
 *     latency p50/p95/p99 with four clients at once (target p95 < 100 ms);
 *  b. a month's access activity of the same organisation, first page as the portal asks for it
 *     (GET /api/v1/access/activity?from&to&limit=100) (target p95 < 100 ms);
 *     both beside a bare Fastify + node-postgres route running the one indexed SELECT of the same page;
 *  c. access events from the access-control system through POST /api/v1/integrations/access-events
 *     with an integration token (created through the API by the provider admin): batches of
 *     INGEST_BATCH events (badge readings of many organisations' badge holders) from INGEST_SENDERS
 *     controllers at once, events/s sustained (target ≥ 1,000/s), beside a bare multi-row INSERT;
 *  d. one organisation's monthly access report: `generateMonthlyReport` of the access module, the code
 *     the scheduled job runs (the month's events, the PDF, stored among its documents, mail to its
 *     admins), timed in this process (target < 2 s); and the on-demand PDF route for the same month.
 * The organisation measured is the one with the most orders and events (bench-customer-0001).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../server/platform/db/client.js';
import { createMailer } from '../server/platform/mail.js';
import { localFileStore } from '../server/platform/storage.js';
import { generateMonthlyReport, previousMonth } from '../server/modules/access/index.js';
import { BENCH_DATABASE_URL, unreachable } from './pg.js';
import { generateTickets, BENCH_PASSWORD, orgEmail, PROVIDER_ADMIN } from './generate-tickets.js';
import { generateOrders } from './generate-orders.js';
import { cpuMsOfTree, cpuOf, DURATION, json, latency, pct, start, stop, signInEnrolling, type Lat, startPortico } from './lib.js';
import type { Row } from './tickets.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const ORGS = Number(process.env.BENCH_ORGS ?? 2000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000_000);
const BARE_PORT = 3120;
const PORTICO_PORT = 3121;
const ORDER_PAGE = 50; // as web/features/orders/queries.ts asks
const ACTIVITY_PAGE = 100; // as web/features/access/queries.ts asks
const INGEST_BATCH = Number(process.env.BENCH_INGEST_BATCH ?? 100);
const INGEST_SENDERS = 4;
const REPORT_RUNS = 5;

const lat = (l: Lat) => `p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms (${l.rps.toFixed(0)} req/s${cpuOf(l)})`;

type Badge = { badgeId: string; cage: string; building: string; cageCode: string };

/** Batches of badge readings as controllers send them: entries and exits at building and cage doors, just now. */
async function ingesting(url: string, headers: Record<string, string>, badges: Badge[], run: string, seconds: number) {
  let n = 0;
  let failure = '';
  let stored = 0;
  const r = await autocannon({
    url,
    connections: INGEST_SENDERS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const now = Date.now();
          const batch = Array.from({ length: INGEST_BATCH }, () => {
            const i = n++;
            const b = badges[(i * 7919) % badges.length]!;
            const atCage = i % 2 === 1;
            return {
              eventId: `bench-${run}-${i}`,
              badgeId: b.badgeId,
              locationId: atCage ? b.cage : b.building,
              reader: atCage ? `${b.cageCode} door` : 'B1 main entrance',
              direction: i % 4 < 2 ? 'in' : 'out',
              occurredAt: new Date(now - 60_000 + (i % 50_000)).toISOString(),
              result: 'granted',
            };
          });
          return { ...req, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(batch) };
        },
        onResponse: (status, body) => {
          if (status !== 200) {
            if (!failure) failure = `${status} ${body}`;
            return;
          }
          stored += (JSON.parse(body) as { stored: number }).stored;
        },
      },
    ],
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx answers, ${r.errors} errors (of ${r.requests.total}); first: ${failure}`);
  return { eventsPerSecond: stored / seconds, batches: r.requests.total, p95: r.latency.p97_5, stored };
}

export async function runOrderBench(): Promise<Row[]> {
  const why = await unreachable(BENCH_DATABASE_URL);
  if (why) {
    console.log(`\nOrder and access benchmarks skipped: PostgreSQL at ${BENCH_DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')} is not reachable (${why}). Set BENCH_DATABASE_URL to run them.`);
    return [{ what: 'order and access benchmarks', figure: 'skipped (no PostgreSQL)', target: '—', pass: null }];
  }
  console.log(`\nOrder and access benchmarks on ${BENCH_DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')}`);
  await generateTickets({ tickets: TICKETS, orgs: ORGS, url: BENCH_DATABASE_URL });
  await generateOrders({ orders: ORDERS, events: EVENTS, url: BENCH_DATABASE_URL });

  const db = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-bench-orders-'));
  const procs: Awaited<ReturnType<typeof start>>[] = [];
  const run = Date.now().toString(36);
  try {
    // Fresh sign-ins (setup, not measured), as in the ticket benchmarks.
    await db.query(`DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE email LIKE '%.bench.example')`);
    await db.query(`DELETE FROM two_factors WHERE user_id IN (SELECT id FROM users WHERE email LIKE '%.bench.example')`);
    await db.query(`UPDATE users SET two_factor_enabled = false WHERE email LIKE '%.bench.example' AND two_factor_enabled`);
    await db.query(`UPDATE outbox_events SET processed_at = now() WHERE processed_at IS NULL AND failed_at IS NULL`);

    const month = previousMonth();
    const from = `${month}-01T00:00:00.000Z`;
    const [y, m] = month.split('-').map(Number) as [number, number];
    const to = new Date(Date.UTC(y, m, 1)).toISOString();
    const top = (
      await db.query<{ id: string; orders: string; events: string; month_events: string }>(
        `SELECT o.id, (SELECT count(*) FROM orders WHERE org_id = o.id) AS orders, (SELECT count(*) FROM access_events WHERE org_id = o.id) AS events,
           (SELECT count(*) FROM access_events WHERE org_id = o.id AND occurred_at >= $1 AND occurred_at < $2) AS month_events
         FROM organizations o WHERE o.slug = 'bench-customer-0001'`,
        [from, to],
      )
    ).rows[0]!;
    const totals = (await db.query<{ orders: string; events: string; grants: string }>(`SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM access_events) AS events, (SELECT count(*) FROM access_grants) AS grants`)).rows[0]!;
    // Badge holders of many organisations, with their cage and building, for the ingestion.
    const badges = (
      await db.query<Badge>(
        `SELECT g.badge_id AS "badgeId", g.location_ids[1] AS cage, b.id AS building, l.code AS "cageCode"
         FROM access_grants g JOIN locations l ON l.id = g.location_ids[1] JOIN locations h ON h.id = l.parent_id JOIN locations b ON b.id = h.parent_id
         WHERE g.kind = 'permanent' AND g.status = 'active' AND g.valid_from < now() AND g.valid_until > now() + interval '1 day' AND g.badge_id LIKE 'B%'
         ORDER BY g.badge_id LIMIT 3000`,
      )
    ).rows;
    if (!badges.length) throw new Error('no active badge grants to send events for');

    const bare = await start('bench/bare-orders-server.ts', { PORT: String(BARE_PORT), DATABASE_URL: BENCH_DATABASE_URL });
    procs.push(bare);
    const base = `http://127.0.0.1:${PORTICO_PORT}`;
    const portico = await startPortico(PORTICO_PORT, BENCH_DATABASE_URL, dataDir);
    procs.push(portico);
    const customer = await signInEnrolling(base, orgEmail(1, 0), BENCH_PASSWORD, '10.78.0.1');
    const provider = await signInEnrolling(base, PROVIDER_ADMIN, BENCH_PASSWORD, '10.78.0.2');
    const created = (await json(
      await fetch(`${base}/api/v1/integration-tokens`, {
        method: 'POST',
        headers: { cookie: provider, origin: base, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bench access control ${run}`, scopes: ['access_events'] }),
      }),
    )) as { id: string; token: string };

    const cpu = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}`;
    console.log(`conditions: ${cpu}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${DURATION} s per measurement after a 3 s warm-up`);
    console.log(`data: ${totals.orders} orders, ${totals.events} access events, ${totals.grants} grants; the measured organisation has ${top.orders} orders and ${top.events} events, ${top.month_events} of them in ${month}`);

    // a. the order list.
    const listUrl = `${base}/api/v1/orders?limit=${ORDER_PAGE}`;
    const first = (await json(await fetch(listUrl, { headers: { cookie: customer } }))) as { items: { org: { id: string } }[] };
    if (first.items.length !== ORDER_PAGE || first.items.some((o) => o.org.id !== top.id)) throw new Error('the customer admin’s order list does not show a full page of their organisation’s orders');
    const bareOrders = await latency(`http://127.0.0.1:${BARE_PORT}/orders?org=${top.id}&limit=${ORDER_PAGE}`, {}, 4, DURATION, bare.proc.pid);
    const orderList = await latency(listUrl, { cookie: customer }, 4, DURATION, portico.proc.pid);
    const orderListOne = await latency(listUrl, { cookie: customer }, 1, Math.max(3, Math.round(DURATION / 2)), portico.proc.pid);

    // b. a month's activity.
    const q = new URLSearchParams({ from, to, limit: String(ACTIVITY_PAGE) });
    const activityUrl = `${base}/api/v1/access/activity?${q}`;
    const act = (await json(await fetch(activityUrl, { headers: { cookie: customer } }))) as { items: { org: { id: string } | null }[] };
    if (act.items.length !== Math.min(ACTIVITY_PAGE, Number(top.month_events)) || act.items.some((e) => e.org?.id !== top.id)) throw new Error('the activity page does not show the organisation’s events of the month');
    const bareActivity = await latency(`http://127.0.0.1:${BARE_PORT}/activity?org=${top.id}&${q}`, {}, 4, DURATION, bare.proc.pid);
    const activity = await latency(activityUrl, { cookie: customer }, 4, DURATION, portico.proc.pid);
    const activityOne = await latency(activityUrl, { cookie: customer }, 1, Math.max(3, Math.round(DURATION / 2)), portico.proc.pid);

    // c. ingestion, after a warm-up; the bare INSERT for comparison.
    const ingestUrl = `${base}/api/v1/integrations/access-events`;
    const auth = { authorization: `Bearer ${created.token}` };
    await ingesting(ingestUrl, auth, badges, `${run}-w`, 3);
    const cpu0 = portico.proc.pid ? cpuMsOfTree(portico.proc.pid) : null;
    const ingest = await ingesting(ingestUrl, auth, badges, run, DURATION);
    const cpu1 = portico.proc.pid ? cpuMsOfTree(portico.proc.pid) : null;
    const ingestCpu = cpu0 !== null && cpu1 !== null && ingest.stored ? ` server CPU ${((cpu1 - cpu0) / ingest.stored).toFixed(2)} ms/event,` : '';
    const matched = (await db.query<{ n: string; m: string }>(`SELECT count(*) AS n, count(grant_id) AS m FROM access_events WHERE event_id LIKE $1`, [`bench-${run}-%`])).rows[0]!;
    if (Number(matched.m) !== Number(matched.n)) throw new Error(`ingested events not all matched to their grants: ${matched.m} of ${matched.n}`);
    const bareIngest = await ingesting(`http://127.0.0.1:${BARE_PORT}/events`, {}, badges, `bare-${run}`, DURATION);

    // d. the monthly report, the job's own code, in this process (after its documents of that month are removed).
    const database = await openDatabase({ kind: 'postgres', url: BENCH_DATABASE_URL, poolSize: 2 });
    const reportMs: number[] = [];
    const reportCpuMs: number[] = [];
    try {
      const deps = { db: database.db, files: localFileStore(path.join(dataDir, 'files')), mailer: createMailer({ smtpUrl: undefined, from: 'portico@bench.example' }), publicUrl: base };
      for (let i = 0; i < REPORT_RUNS + 1; i++) {
        await db.query(`DELETE FROM org_documents WHERE org_id = $1 AND category = 'access_report' AND period = $2`, [top.id, month]);
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const made = await generateMonthlyReport(deps, top.id, month);
        const cpu = process.cpuUsage(c0);
        if (made !== 'created') throw new Error(`the monthly report was not made (${made})`);
        if (i > 0) {
          // the first run warms up; the CPU time of this process shows how much of the wall time was waiting for a core
          reportMs.push(performance.now() - t0);
          reportCpuMs.push((cpu.user + cpu.system) / 1000);
        }
      }
    } finally {
      await database.close();
    }
    reportMs.sort((a, b) => a - b);
    reportCpuMs.sort((a, b) => a - b);
    const pdfUrl = `${base}/api/v1/access/activity/report.pdf?${new URLSearchParams({ from, to })}`;
    const pdfMs: number[] = [];
    for (let i = 0; i < REPORT_RUNS + 1; i++) {
      const t0 = performance.now();
      const res = await fetch(pdfUrl, { headers: { cookie: customer } });
      const body = Buffer.from(await res.arrayBuffer());
      if (!res.ok || body.subarray(0, 5).toString() !== '%PDF-') throw new Error(`report.pdf: ${res.status}`);
      if (i > 0) pdfMs.push(performance.now() - t0);
    }
    pdfMs.sort((a, b) => a - b);

    console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    return [
      { what: `bare Fastify + pg, one org's first ${ORDER_PAGE} orders (4 clients)`, figure: lat(bareOrders), target: 'baseline', pass: null },
      { what: `customer admin GET /api/v1/orders (first ${ORDER_PAGE}, 4 clients)`, figure: lat(orderList), target: 'p95 < 100 ms', pass: orderList.p95 < 100 },
      { what: `  the same, one client at a time`, figure: lat(orderListOne), target: 'information', pass: null },
      { what: `bare Fastify + pg, a month's first ${ACTIVITY_PAGE} access events (4 clients)`, figure: lat(bareActivity), target: 'baseline', pass: null },
      { what: `customer admin GET /api/v1/access/activity (${month}, first ${ACTIVITY_PAGE}, 4 clients)`, figure: lat(activity), target: 'p95 < 100 ms', pass: activity.p95 < 100 },
      { what: `  the same, one client at a time`, figure: lat(activityOne), target: 'information', pass: null },
      { what: `bare Fastify + pg INSERT of event batches (${INGEST_BATCH}/batch)`, figure: `${bareIngest.eventsPerSecond.toFixed(0)} events/s`, target: 'baseline', pass: null },
      {
        what: `POST /api/v1/integrations/access-events (${INGEST_BATCH}/batch, ${INGEST_SENDERS} senders)`,
        figure: `${ingest.eventsPerSecond.toFixed(0)} events/s (${ingest.batches} batches, p97.5 ${ingest.p95} ms per batch,${ingestCpu} all matched)`,
        target: '≥ 1000/s',
        pass: ingest.eventsPerSecond >= 1000,
      },
      {
        what: `monthly access report (generateMonthlyReport, ${top.month_events} events)`,
        figure: `p50 ${pct(reportMs, 50).toFixed(0)} ms, max ${reportMs[reportMs.length - 1]!.toFixed(0)} ms (${REPORT_RUNS} runs; CPU in Node p50 ${pct(reportCpuMs, 50).toFixed(0)} ms)`,
        target: '< 2000 ms',
        pass: reportMs[reportMs.length - 1]! < 2000,
      },
      { what: `GET /api/v1/access/activity/report.pdf (same month)`, figure: `p50 ${pct(pdfMs, 50).toFixed(0)} ms, max ${pdfMs[pdfMs.length - 1]!.toFixed(0)} ms (${REPORT_RUNS} runs)`, target: 'information', pass: null },
    ];
  } finally {
    for (const p of procs.reverse()) await stop(p.proc);
    // What this run sent is removed again, so the next run measures the same data; its reports (whose files
    // were in the temporary data directory) and its integration token go too.
    await db.query(`DELETE FROM access_events WHERE event_id LIKE $1 OR event_id LIKE $2`, [`bench-${run}-%`, `bench-bare-${run}-%`]).catch(() => {});
    await db.query(`DELETE FROM org_documents WHERE category = 'access_report' AND org_id IN (SELECT id FROM organizations WHERE slug = 'bench-customer-0001')`).catch(() => {});
    await db.query(`UPDATE integration_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL`, [`Bench access control ${run}`]).catch(() => {});
    await db.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await runOrderBench()) console.log(`${r.what}: ${r.figure} (${r.target}) ${r.pass === null ? '' : r.pass ? 'PASS' : 'FAIL'}`);
}
