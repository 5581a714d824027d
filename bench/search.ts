/**
 * The search benchmark (issue 5, "Performance"), on PostgreSQL with the generated data: 1,000,000
 * tickets over 2,000 organisations (bench/generate-tickets.ts), 50,000 articles in four languages and
 * 200,000 documents (bench/generate-search.ts). A customer user (not an admin: their tickets are only
 * those they requested or watch, documents by role and permission, articles by visibility) searches as
 * they type: every prefix of a few words in each language, all kinds at once, the way the header's
 * spotlight asks (GET /api/v1/search?q=…&limit=5). Latency p50/p95/p99, target p95 < 50 ms: for one
 * user typing (each keystroke's search as soon as the previous answered), and for four users typing at
 * once at the pace the header allows (one search per 200 ms each, its debounce). Four users with no
 * pause at all show the throughput at saturation (information: with two cores that is a queue, not what
 * a typing user sees). Also: one provider at a time, for where the time goes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { BENCH_DATABASE_URL, unreachable } from './pg.js';
import { BENCH_PASSWORD, generateTickets, orgEmail } from './generate-tickets.js';
import { generateSearchData, WORDS } from './generate-search.js';
import { DURATION, json, signInEnrolling, start, stop, pct, startPortico } from './lib.js';
import type { Row } from './tickets.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const ORGS = Number(process.env.BENCH_ORGS ?? 2000);
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 50_000);
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 200_000);
const PORT = 3136;
const TYPISTS = 4;


/** What a person types, keystroke by keystroke (from the second letter): two words of each language, and a ticket's words. */
function typed(): string[] {
  const phrases = [
    `${WORDS.en[0]} ${WORDS.en[8]}`,
    `${WORDS.en[4]} ${WORDS.en[2]}`,
    `${WORDS.de[1]} ${WORDS.de[3]}`,
    `${WORDS.de[10]} ${WORDS.de[12]}`,
    `${WORDS.nb[0]} ${WORDS.nb[7]}`,
    `${WORDS.ru[1]} ${WORDS.ru[3]}`,
    'power feed lost',
    'inlet temperature',
  ];
  return phrases.flatMap((p) => Array.from({ length: p.length - 1 }, (_, i) => p.slice(0, i + 2)).filter((s) => !s.endsWith(' ')));
}

/**
 * `typists` users each type the keystrokes in turn. `paceMs` 0: the next keystroke's search goes as soon
 * as the previous one answered (closed loop: the service time, or with several typists the saturation).
 * `paceMs` 200: the header's search box sends at most one search per 200 ms per user (its debounce), so
 * a user's next search goes 200 ms after their previous one, or when it answered if that took longer.
 */
async function latency(base: string, cookie: string, queries: string[], extra: string, seconds: number, typists: number, paceMs = 0) {
  const run = async (secs: number) => {
    const samples: number[] = [];
    const slowest = new Map<string, number>();
    const started = performance.now();
    const until = started + secs * 1000;
    let n = 0;
    await Promise.all(
      Array.from({ length: typists }, async (_, who) => {
        // Typists start spread over one pace interval, not in step.
        if (paceMs) await new Promise((r) => setTimeout(r, (paceMs * who) / typists));
        while (performance.now() < until) {
          const q = queries[n++ % queries.length]!;
          const t0 = performance.now();
          const res = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(q)}&limit=5${extra}`, { headers: { cookie } });
          const body = (await json(res)) as { failed: string[] };
          if (body.failed.length) throw new Error(`search for "${q}": providers failed: ${body.failed.join(', ')}`);
          const took = performance.now() - t0;
          samples.push(took);
          slowest.set(q, Math.max(took, slowest.get(q) ?? 0));
          if (paceMs > took) await new Promise((r) => setTimeout(r, paceMs - took));
        }
      }),
    );
    return { samples: samples.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000, slowest };
  };
  await run(Math.min(3, seconds));
  const { samples: s, seconds: took, slowest } = await run(seconds);
  if (process.env.BENCH_VERBOSE)
    console.log(`${extra || 'all kinds'}, ${typists} × pace ${paceMs}: slowest keystrokes ${[...slowest].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([q, ms]) => `"${q}" ${ms.toFixed(0)} ms`).join(', ')}`);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), perSecond: s.length / took };
}

export async function runSearchBench(): Promise<Row[]> {
  const why = await unreachable(BENCH_DATABASE_URL);
  if (why) {
    console.log(`\nSearch benchmark skipped: PostgreSQL is not reachable (${why}). Set BENCH_DATABASE_URL to run it.`);
    return [{ what: 'search benchmark', figure: 'skipped (no PostgreSQL)', target: '—', pass: null }];
  }
  console.log(`\nSearch benchmark on ${BENCH_DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')}`);
  await generateTickets({ tickets: TICKETS, orgs: ORGS, url: BENCH_DATABASE_URL });
  await generateSearchData({ articles: ARTICLES, documents: DOCUMENTS, url: BENCH_DATABASE_URL });

  const db = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-bench-search-'));
  let portico: Awaited<ReturnType<typeof start>> | undefined;
  try {
    const email = orgEmail(1, 1);
    await db.query(`DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE email = $1)`, [email]);
    await db.query(`DELETE FROM two_factors WHERE user_id IN (SELECT id FROM users WHERE email = $1)`, [email]);
    await db.query(`UPDATE users SET two_factor_enabled = false WHERE email = $1`, [email]);
    const counts = (
      await db.query<{ tickets: string; docs: string; articles: string; org_tickets: string; own: string }>(
        `SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM org_documents) AS docs,
                (SELECT CASE WHEN to_regclass('kb_articles') IS NULL THEN 0 ELSE (SELECT count(*) FROM kb_articles) END) AS articles,
                (SELECT count(*) FROM tickets t JOIN users u ON u.org_id = t.org_id WHERE u.email = $1) AS org_tickets,
                (SELECT count(*) FROM tickets t JOIN users u ON u.id = t.requester_id WHERE u.email = $1) AS own`,
        [email],
      )
    ).rows[0]!;
    const base = `http://127.0.0.1:${PORT}`;
    portico = await startPortico(PORT, BENCH_DATABASE_URL, dataDir);
    const cookie = await signInEnrolling(base, email, BENCH_PASSWORD, '10.78.0.1');
    const queries = typed();
    const cpu = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}`;
    console.log(`conditions: ${cpu}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${DURATION} s per measurement after a 3 s warm-up`);
    console.log(`data: ${counts.tickets} tickets (the user's organisation ${counts.org_tickets}, their own ${counts.own}), ${counts.articles} articles, ${counts.docs} documents; ${queries.length} keystrokes ("${queries.slice(0, 4).join('", "')}", …)`);
    const one = await latency(base, cookie, queries, '', DURATION, 1);
    const paced = await latency(base, cookie, queries, '', DURATION, TYPISTS, 200);
    const saturated = await latency(base, cookie, queries, '', Math.max(3, Math.round(DURATION / 2)), TYPISTS);
    const figure = (r: { p50: number; p95: number; p99: number; n: number }) => `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.n} searches)`;
    const rows: Row[] = [
      { what: 'search as you type, all kinds: one customer user', figure: figure(one), target: 'p95 < 50 ms', pass: one.p95 < 50 },
      { what: `  ${TYPISTS} users typing at once (one search per 200 ms each, the header's debounce)`, figure: figure(paced), target: 'p95 < 50 ms', pass: paced.p95 < 50 },
      {
        what: `  ${TYPISTS} users, no pause between searches (saturation)`,
        figure: `${saturated.perSecond.toFixed(0)} searches/s, p95 ${saturated.p95.toFixed(1)} ms`,
        target: 'information',
        pass: null,
      },
    ];
    for (const kind of ['article', 'document', 'ticket', 'order', 'catalogue_item']) {
      const r = await latency(base, cookie, queries, `&kinds=${kind}`, Math.max(3, Math.round(DURATION / 3)), 1);
      rows.push({ what: `  only ${kind}s (one user)`, figure: `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`, target: 'information', pass: null });
    }
    return rows;
  } finally {
    if (portico) await stop(portico.proc);
    await db.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
