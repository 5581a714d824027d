/**
 * The ticket benchmarks (issue 3, "Performance"), on PostgreSQL with the generated data
 * (bench/generate-tickets.ts, 1,000,000 tickets over 2,000 organisations by default):
 *  a. a customer admin's ticket list, first page (GET /api/v1/tickets?limit=25), requests/s against a
 *     bare Fastify + node-postgres route running one indexed SELECT for the same page, measured
 *     alternately in the same run (target ≥ 40%);
 *  b. an agent's "breaching soon" queue: latency p50/p95/p99 with a few agents refreshing at once
 *     (target p95 < 100 ms); the "mine", "unassigned" and "all open" queues for information;
 *  c. customers of many organisations opening tickets (POST /api/v1/tickets), tickets/s
 *     (target ≥ 200/s), without and with an Idempotency-Key.
 * Every request is authenticated the real way: each user signs in through Better Auth and enrols
 * TOTP (the MFA gate), and the benchmark sends the session cookie.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { BENCH_DATABASE_URL, unreachable } from './pg.js';
import { agentEmail, BENCH_PASSWORD, generateTickets, orgEmail } from './generate-tickets.js';
import { DURATION, json, latency, start, stop, signInEnrolling, startPortico } from './lib.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const ORGS = Number(process.env.BENCH_ORGS ?? 2000);
const PAGE = 25;
const PORTICO_PORT = 3161;
const BARE_PORT = 3160;
const CREATORS = 40; // customers of 40 organisations open tickets at once

export type Row = { what: string; figure: string; target: string; pass: boolean | null };

async function rps(url: string, headers: Record<string, string>, seconds: number, connections = 20) {
  const r = await autocannon({ url, connections, duration: seconds, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  return r.requests.average;
}

/** POSTs new tickets for `seconds`, rotating over the signed-in customers; optionally with an Idempotency-Key each. */
export async function creating(base: string, cookies: string[], categoryIds: string[], seconds: number, idempotent: boolean) {
  let n = 0;
  let failure = '';
  const r = await autocannon({
    url: `${base}/api/v1/tickets`,
    connections: 20,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const i = n++;
          const body = {
            kind: i % 3 === 0 ? 'inquiry' : 'incident',
            title: `Bench load ${i}`,
            description: 'Opened by the benchmark: the cross-connect in cage 4 flaps every few minutes.',
            categoryId: categoryIds[i % categoryIds.length],
            urgency: ['minor', 'major', 'critical'][i % 3],
            impact: ['one', 'few', 'many'][i % 3],
          };
          return {
            ...req,
            headers: {
              'content-type': 'application/json',
              origin: base,
              cookie: cookies[i % cookies.length]!,
              ...(idempotent ? { 'idempotency-key': `bench-${randomUUID()}` } : {}),
            },
            body: JSON.stringify(body),
          };
        },
        onResponse: (status, body) => {
          if (status !== 201 && !failure) failure = `${status} ${body}`;
        },
      },
    ],
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`POST /api/v1/tickets: ${r.non2xx} non-2xx answers, ${r.errors} errors (of ${r.requests.total}); first: ${failure}`);
  return { rps: r.requests.average, total: r.requests.total, p95: r.latency.p97_5 };
}

export async function runTicketBench(): Promise<Row[]> {
  const why = await unreachable(BENCH_DATABASE_URL);
  if (why) {
    console.log(`\nTicket benchmarks skipped: PostgreSQL at ${BENCH_DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')} is not reachable (${why}). Set BENCH_DATABASE_URL to run them.`);
    return [{ what: 'ticket benchmarks', figure: 'skipped (no PostgreSQL)', target: '—', pass: null }];
  }
  console.log(`\nTicket benchmarks on ${BENCH_DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')}`);
  await generateTickets({ tickets: TICKETS, orgs: ORGS, url: BENCH_DATABASE_URL });

  const db = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-bench-pg-'));
  const procs: Awaited<ReturnType<typeof start>>[] = [];
  try {
    // The users sign in afresh each run: earlier runs' sessions and authenticator enrolments go
    // (setup, outside the measured path), and so does the outbox work those runs left behind.
    await db.query(`DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE email LIKE '%.bench.example')`);
    await db.query(`DELETE FROM two_factors WHERE user_id IN (SELECT id FROM users WHERE email LIKE '%.bench.example')`);
    await db.query(`UPDATE users SET two_factor_enabled = false WHERE email LIKE '%.bench.example' AND two_factor_enabled`);
    await db.query(`UPDATE outbox_events SET processed_at = now() WHERE processed_at IS NULL AND failed_at IS NULL`);
    // The organisation with the most tickets is the customer whose list is measured.
    const top = (
      await db.query<{ org_id: string; n: string }>(
        `SELECT o.id AS org_id, (SELECT count(*) FROM tickets t WHERE t.org_id = o.id) AS n FROM organizations o WHERE o.slug = 'bench-customer-0001'`,
      )
    ).rows[0]!;
    const categoryIds = (await db.query<{ id: string }>(`SELECT id FROM ticket_categories WHERE active ORDER BY sort`)).rows.map((r) => r.id);
    const counts = (await db.query<{ total: string; open: string; breaching: string }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE status IN ('new','in_progress','waiting_for_customer')) AS open,
         count(*) FILTER (WHERE status IN ('new','in_progress','waiting_for_customer') AND (first_response_due_at < now() + interval '2 hours' OR resolution_due_at < now() + interval '2 hours')) AS breaching
       FROM tickets`,
    )).rows[0]!;

    const bare = await start('bench/bare-tickets-server.ts', { PORT: String(BARE_PORT), DATABASE_URL: BENCH_DATABASE_URL });
    procs.push(bare);
    const base = `http://127.0.0.1:${PORTICO_PORT}`;
    const portico = await startPortico(PORTICO_PORT, BENCH_DATABASE_URL, dataDir);
    procs.push(portico);

    const ip = (n: number) => `10.77.${Math.floor(n / 250)}.${1 + (n % 250)}`;
    const customer = await signInEnrolling(base, orgEmail(1, 0), BENCH_PASSWORD, ip(0));
    const agent = await signInEnrolling(base, agentEmail(1), BENCH_PASSWORD, ip(1));
    const creators: string[] = [];
    for (let i = 0; i < CREATORS; i++) creators.push(await signInEnrolling(base, orgEmail(2 + Math.floor((i * (ORGS - 2)) / CREATORS), 1 + (i % 4)), BENCH_PASSWORD, ip(2 + i)));

    const cpu = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}`;
    console.log(`conditions: ${cpu}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${DURATION} s per measurement after a 3 s warm-up`);
    console.log(`data: ${counts.total} tickets, ${counts.open} open, ${counts.breaching} breaching within 2 h; the measured customer's organisation has ${top.n} tickets`);

    // a. the customer's list against the bare route, alternately (two rounds each), same page size.
    const listUrl = `${base}/api/v1/tickets?limit=${PAGE}`;
    const bareUrl = `http://127.0.0.1:${BARE_PORT}/tickets?org=${top.org_id}&limit=${PAGE}`;
    const first = (await json(await fetch(listUrl, { headers: { cookie: customer } }))) as { items: { org: { id: string } }[] };
    if (first.items.length !== PAGE || first.items.some((t) => t.org.id !== top.org_id)) throw new Error('the customer’s list does not show a full page of their organisation’s tickets');
    await rps(bareUrl, {}, 3);
    await rps(listUrl, { cookie: customer }, 3);
    const half = Math.max(2, Math.round(DURATION / 2));
    let bareSum = 0;
    let listSum = 0;
    for (let round = 0; round < 2; round++) {
      bareSum += await rps(bareUrl, {}, half);
      listSum += await rps(listUrl, { cookie: customer }, half);
    }
    const bareRps = bareSum / 2;
    const listRps = listSum / 2;
    const ratio = listRps / bareRps;

    // b. the agents' queues, four agents' browsers refreshing at once.
    const queue = (q: string) => latency(`${base}/api/v1/tickets?queue=${q}&limit=${PAGE}`, { cookie: agent }, 4, DURATION);
    const breaching = await queue('breaching_soon');
    const others: [string, Awaited<ReturnType<typeof queue>>][] = [];
    for (const q of ['mine', 'unassigned', 'all_open']) others.push([q, await latency(`${base}/api/v1/tickets?queue=${q}&limit=${PAGE}`, { cookie: agent }, 4, Math.max(3, Math.round(DURATION / 2)))]);

    // c. customers opening tickets, without and with an Idempotency-Key.
    await creating(base, creators, categoryIds, 3, false); // warm-up
    const plain = await creating(base, creators, categoryIds, DURATION, false);
    const keyed = await creating(base, creators, categoryIds, DURATION, true);
    const made = (await db.query<{ n: string }>(`SELECT count(*) AS n FROM tickets WHERE title LIKE 'Bench load %' AND created_at > now() - interval '1 hour'`)).rows[0]!;
    // Creation only counts if what it sets off keeps up: the outbox events (notices by mail and in the
    // portal, realtime pings) the runs wrote, how many still wait, and how long they take to drain.
    const pending = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NULL AND failed_at IS NULL`)).rows[0]!.n);
    const written = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_events WHERE created_at > now() - interval '${DURATION * 2 + 10} seconds'`)).rows[0]!.n);
    const waiting = await pending();
    const drainStart = performance.now();
    let left = waiting;
    while (left > 0 && performance.now() - drainStart < 120_000) {
      await new Promise((r) => setTimeout(r, 250));
      left = await pending();
    }
    const drainMs = performance.now() - drainStart;

    const lat = (l: { p50: number; p95: number; p99: number; rps: number }) => `p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms (${l.rps.toFixed(0)} req/s)`;
    console.log(`created ${made.n} tickets through the API in this run`);
    return [
      { what: `bare Fastify + pg, one org's first ${PAGE} tickets`, figure: `${bareRps.toFixed(0)} req/s`, target: 'baseline', pass: null },
      { what: `customer GET /api/v1/tickets (first ${PAGE})`, figure: `${listRps.toFixed(0)} req/s = ${(ratio * 100).toFixed(1)}% of baseline`, target: '≥ 40%', pass: ratio >= 0.4 },
      { what: 'agent queue breaching_soon (4 agents)', figure: lat(breaching), target: 'p95 < 100 ms', pass: breaching.p95 < 100 },
      ...others.map(([q, l]) => ({ what: `agent queue ${q} (4 agents)`, figure: lat(l), target: 'information', pass: null })),
      { what: 'POST /api/v1/tickets (40 customers, 20 conns)', figure: `${plain.rps.toFixed(0)} tickets/s`, target: '≥ 200/s', pass: plain.rps >= 200 },
      { what: 'POST /api/v1/tickets with Idempotency-Key', figure: `${keyed.rps.toFixed(0)} tickets/s (${((keyed.rps / plain.rps - 1) * 100).toFixed(0)}%)`, target: '≥ 200/s', pass: keyed.rps >= 200 },
      {
        what: 'outbox after the POST runs (notices, mail, realtime)',
        figure: `${written} events written, ${waiting} waiting at the end, ${left === 0 ? `drained in ${(drainMs / 1000).toFixed(1)} s (${(waiting / (drainMs / 1000)).toFixed(0)} events/s once creation stopped)` : `${left} still waiting after 120 s`}`,
        target: 'information: notices follow a burst with a delay',
        pass: null,
      },
    ];
  } finally {
    for (const p of procs.reverse()) await stop(p.proc);
    // What this run opened is closed again, so the next run measures the same queues.
    await db
      .query(
        `UPDATE tickets SET status = 'closed', resolution_code = 'cancelled_by_customer', resolved_at = now(), closed_at = now(), first_response_due_at = NULL, resolution_due_at = NULL
         WHERE title LIKE 'Bench load %' AND status <> 'closed'`,
      )
      .catch(() => {});
    await db.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
