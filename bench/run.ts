/**
 * `npm run bench`: measures, in one run on this machine,
 *  1. requests/s of a session-authenticated GET /api/v1/me against a bare Fastify route (target ≥ 50%);
 *  2. time until `npm start`'s server answers on an existing embedded database (target < 5 s).
 * then, on PostgreSQL (BENCH_DATABASE_URL), the ticket benchmarks of bench/tickets.ts and the order and access
 * benchmarks of bench/orders.ts over generated data.
 * Prints ratios against the baselines measured in the same run and a summary table with PASS/FAIL per
 * target. No thresholds are asserted in tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load, signInEnrolling, start, stop } from './lib.js';
import { runTicketBench, type Row } from './tickets.js';
import { runOrderBench } from './orders.js';
import { runSearchBench } from './search.js';

/** Signs the demo customer admin in and enrols TOTP, as a first sign-in in the portal does. */
async function signInDemo(base: string): Promise<string> {
  return signInEnrolling(base, 'admin@acme.example', 'portico-demo-2026');
}


/** The original two: GET /api/v1/me against a bare route, and start-up time on the embedded database. */
async function meAndStartup(): Promise<Row[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-bench-'));
  try {
    // 1. bare Fastify
    const bare = await start('bench/bare-server.ts', { PORT: '3901' });
    const bareRps = await load('http://127.0.0.1:3901/bare');
    await stop(bare.proc);

    // 2. Portico, first start (creates and seeds the embedded database)
    const env = { PORT: '3902', PORTICO_DATA_DIR: dataDir, PUBLIC_URL: 'http://127.0.0.1:3902' };
    const first = await start('scripts/start.mjs', env);
    const base = 'http://127.0.0.1:3902';
    const cookie = await signInDemo(base);
    const meRps = await load(`${base}/api/v1/me`, { cookie });
    await stop(first.proc);

    // 3. Portico, start on the existing embedded database
    const second = await start('scripts/start.mjs', env);
    await fetch(`${base}/api/ready`).then((r) => {
      if (!r.ok) throw new Error('not ready');
    });
    const readyMs = second.ms;
    await stop(second.proc);

    const ratio = meRps / bareRps;
    return [
      { what: 'bare Fastify GET /bare', figure: `${bareRps.toFixed(0)} req/s`, target: 'baseline', pass: null },
      { what: 'Portico GET /api/v1/me (session)', figure: `${meRps.toFixed(0)} req/s = ${(ratio * 100).toFixed(1)}% of baseline`, target: '≥ 50%', pass: ratio >= 0.5 },
      { what: 'Portico start on existing database', figure: `${readyMs.toFixed(0)} ms (first start ${first.ms.toFixed(0)} ms)`, target: '< 5000 ms', pass: readyMs < 5000 },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// `npm run bench` runs everything; `npm run bench -- me`, `-- tickets`, `-- orders` or `-- search` one part.
const only = process.argv[2];
if (only && only !== 'me' && only !== 'tickets' && only !== 'orders' && only !== 'search') throw new Error(`unknown part "${only}": use "me", "tickets", "orders" or "search"`);
const rows: Row[] = [];
if (!only || only === 'me') rows.push(...(await meAndStartup()));
if (!only || only === 'tickets') rows.push(...(await runTicketBench()));
if (!only || only === 'orders') rows.push(...(await runOrderBench()));
if (!only || only === 'search') rows.push(...(await runSearchBench()));

const w = [Math.max(...rows.map((r) => r.what.length)), Math.max(...rows.map((r) => r.figure.length)), Math.max(6, ...rows.map((r) => r.target.length))];
const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(w[0]!)}  ${b.padEnd(w[1]!)}  ${c.padEnd(w[2]!)}  ${d}`;
console.log('\n' + line('measurement', 'figure', 'target', 'result'));
console.log(line('-'.repeat(w[0]!), '-'.repeat(w[1]!), '-'.repeat(w[2]!), '------'));
for (const r of rows) console.log(line(r.what, r.figure, r.target, r.pass === null ? '' : r.pass ? 'PASS' : 'FAIL'));
