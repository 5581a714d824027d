/** What the benchmarks share: starting servers, load with autocannon, signing users in through the API, bulk loading. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import * as OTPAuth from 'otpauth';
import type { QueryResult } from 'pg';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** Starts a server (.mjs as it is, .ts through tsx) and resolves once it prints "ready". */
export function start(script: string, env: Record<string, string>): Promise<{ proc: ChildProcess; ms: number }> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, script.endsWith('.mjs') ? [script] : [tsx, script], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: process.env.BENCH_LOG ?? 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let ready = false;
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready && process.env.BENCH_LOG) process.stdout.write(d);
      if (!ready && /ready/i.test(out)) {
        ready = true;
        resolve({ proc, ms: performance.now() - t0 });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
      if (ready && process.env.BENCH_LOG) process.stderr.write(d);
    });
    proc.on('exit', (code) => reject(new Error(`${script} exited ${code}: ${out}`)));
  });
}

/**
 * Starts Portico itself on a benchmark database (PostgreSQL): no demo data, mail kept in the outbox,
 * behind a "proxy" (TRUST_PROXY), so each signed-in user can come from an address of their own.
 */
export function startPortico(port: number, databaseUrl: string, dataDir: string) {
  const base = `http://127.0.0.1:${port}`;
  return start('server/main.ts', {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    DATABASE_URL: databaseUrl,
    PORTICO_DATA_DIR: dataDir,
    PORTICO_DEMO: '0',
    SMTP_URL: '',
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    TRUST_PROXY: '1',
  });
}

export async function stop(proc: ChildProcess) {
  proc.removeAllListeners('exit');
  if (proc.exitCode !== null) return;
  await new Promise<void>((r) => {
    proc.once('exit', () => r());
    proc.kill('SIGTERM');
  });
}

/** Requests/s after a warm-up of the same shape, so the JIT has compiled the hot path before measuring. */
export async function load(url: string, headers: Record<string, string> = {}, connections = 20, seconds = DURATION) {
  await autocannon({ url, connections, duration: Math.min(3, seconds), headers });
  const r = await autocannon({ url, connections, duration: seconds, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  return r.requests.average;
}

export async function json(res: Response) {
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

export function cookieOf(res: Response, jar = ''): string {
  const map = new Map(jar.split('; ').filter(Boolean).map((c) => c.split('=', 2) as [string, string]));
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const [k, v] = pair!.split('=', 2) as [string, string];
    if (/max-age=0/i.test(c)) map.delete(k);
    else map.set(k, v);
  }
  return [...map].map(([k, v]) => `${k}=${v}`).join('; ');
}

/**
 * Signs a user in through Better Auth and enrols TOTP, as a first sign-in in the portal does; returns
 * the cookie of a fully signed-in session (second factor done). `clientIp` is sent as X-Forwarded-For.
 */
export async function signInEnrolling(base: string, email: string, password: string, clientIp?: string): Promise<string> {
  // Behind a proxy (TRUST_PROXY=1) each user comes from an address of their own, as in production,
  // so signing many users in stays within the per-address sign-in limits.
  const origin = { origin: base, 'content-type': 'application/json', ...(clientIp ? { 'x-forwarded-for': clientIp } : {}) };
  const r1 = await fetch(`${base}/api/auth/sign-in/email`, { method: 'POST', headers: origin, body: JSON.stringify({ email, password }) });
  await json(r1);
  let cookie = cookieOf(r1);
  const r2 = await fetch(`${base}/api/auth/two-factor/enable`, { method: 'POST', headers: { ...origin, cookie }, body: JSON.stringify({ password }) });
  const { totpURI } = (await json(r2)) as { totpURI: string };
  const secret = new URL(totpURI).searchParams.get('secret')!;
  const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
  const r3 = await fetch(`${base}/api/auth/two-factor/verify-totp`, { method: 'POST', headers: { ...origin, cookie }, body: JSON.stringify({ code }) });
  await json(r3);
  cookie = cookieOf(r3, cookie);
  const me = (await json(await fetch(`${base}/api/v1/me`, { headers: { cookie } }))) as { mfa: string };
  if (me.mfa !== 'ok') throw new Error(`${email} is not fully signed in`);
  return cookie;
}

export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
export type Lat = { n: number; p50: number; p95: number; p99: number; rps: number; cpuMs: number | null };

/**
 * Closed-loop latency of GETs: `connections` clients, each sending the next request when the last
 * answered, for `seconds` after a warm-up of the same shape; exact percentiles from every sample, and
 * with `pid` the server's CPU time per request.
 */
export async function latency(url: string, headers: Record<string, string>, connections: number, seconds: number, pid?: number): Promise<Lat> {
  const run = async (secs: number) => {
    const samples: number[] = [];
    const until = performance.now() + secs * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < until) {
          const t0 = performance.now();
          const res = await fetch(url, { headers });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`${url}: ${res.status}`);
          samples.push(performance.now() - t0);
        }
      }),
    );
    return samples.sort((a, b) => a - b);
  };
  await run(Math.min(3, seconds));
  const before = pid ? cpuMsOfTree(pid) : null;
  const s = await run(seconds);
  const after = pid ? cpuMsOfTree(pid) : null;
  const cpuMs = before !== null && after !== null ? (after - before) / s.length : null;
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), rps: s.length / seconds, cpuMs };
}

/**
 * CPU time (ms) used so far by a process and its descendants (Linux /proc; null elsewhere). The machine
 * is shared, so wall-clock latency includes waiting for a core; CPU per request does not.
 */
export function cpuMsOfTree(pid: number): number | null {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return null;
  const raw = readFileSync(stat, 'utf8');
  const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  let ms = ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  const kids = `/proc/${pid}/task/${pid}/children`;
  if (existsSync(kids)) for (const c of readFileSync(kids, 'utf8').trim().split(/\s+/).filter(Boolean)) ms += cpuMsOfTree(Number(c)) ?? 0;
  return ms;
}

export const cpuOf = (l: { cpuMs: number | null }) => (l.cpuMs === null ? '' : `; server CPU ${l.cpuMs.toFixed(1)} ms/request`);

// What the data generators (bench/generate-*.ts) share: a session set up for bulk loading, bulk loads
// without per-row constraint checks, and their progress and argument helpers.

/** A query on a generator's one connection. */
export type Query = (text: string, params?: unknown[]) => Promise<QueryResult>;

/** Seconds since `t0` (performance.now()), for progress lines. */
export const since = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/** A numeric command-line option (`--name value`), else `fallback`. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * Sets a generator's session up for bulk loading (UTC, no waiting for the WAL flush, memory for sorts
 * and index builds) and defines pg_temp.uuid7(t): a UUIDv7 from a time (48-bit milliseconds, version 7,
 * random rest), like the uuidv7 package.
 */
export async function prepareBulkSession(q: Query): Promise<void> {
  await q(`SET TimeZone = 'UTC'; SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '512MB'`);
  await q(`CREATE FUNCTION pg_temp.uuid7(t timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
      SELECT (lpad(to_hex(floor(extract(epoch FROM t) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 3)
        || to_hex(8 + floor(random() * 4)::int) || substr(md5(random()::text), 1, 15))::uuid $$`);
}

/**
 * Drops the foreign keys of `tables` (with `indexes`, first their secondary indexes: those not backing
 * a constraint) before a bulk load; the returned function puts them back, so each key is checked and
 * each index built once, set-based, instead of per inserted row.
 */
export async function dropForBulkLoad(q: Query, tables: string[], opts: { indexes?: boolean } = {}): Promise<() => Promise<void>> {
  const idx = opts.indexes
    ? ((
        await q(
          `SELECT indexname, indexdef FROM pg_indexes
           WHERE tablename = ANY($1::text[]) AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = ANY($1::text[]::regclass[]))`,
          [tables],
        )
      ).rows as { indexname: string; indexdef: string }[])
    : [];
  const fks = (
    await q(
      `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE contype = 'f' AND conrelid = ANY($1::text[]::regclass[])`,
      [tables],
    )
  ).rows as { tbl: string; conname: string; def: string }[];
  for (const i of idx) await q(`DROP INDEX "${i.indexname}"`);
  for (const f of fks) await q(`ALTER TABLE ${f.tbl} DROP CONSTRAINT "${f.conname}"`);
  return async () => {
    for (const i of idx) await q(i.indexdef);
    for (const f of fks) await q(`ALTER TABLE ${f.tbl} ADD CONSTRAINT "${f.conname}" ${f.def}`);
  };
}
