/**
 * `npm run bench`: measures, in one run on this machine,
 *  1. requests/s of a session-authenticated GET /api/v1/me against a bare Fastify route (target ≥ 50%);
 *  2. time until `npm start`'s server answers on an existing embedded database (target < 5 s).
 * Prints ratios against the baseline measured in the same run. No thresholds are asserted in tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import * as OTPAuth from 'otpauth';

const ROOT = path.resolve(import.meta.dirname, '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

function start(script: string, env: Record<string, string>): Promise<{ proc: ChildProcess; ms: number }> {
  const t0 = performance.now();
  // .mjs scripts run as they are (scripts/start.mjs is what `npm start` runs); .ts through tsx.
  const proc = spawn(process.execPath, script.endsWith('.mjs') ? [script] : [tsx, script], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: process.env.BENCH_LOG ?? 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/ready/i.test(out)) resolve({ proc, ms: performance.now() - t0 });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => reject(new Error(`${script} exited ${code}: ${out}`)));
  });
}

async function stop(proc: ChildProcess) {
  proc.removeAllListeners('exit');
  await new Promise<void>((r) => {
    proc.once('exit', () => r());
    proc.kill('SIGTERM');
  });
}

async function load(url: string, headers: Record<string, string> = {}) {
  // Both servers get the same warm-up, so the JIT has compiled the hot path before measuring.
  await autocannon({ url, connections: 20, duration: 3, headers });
  const r = await autocannon({ url, connections: 20, duration: DURATION, headers });
  if (r.non2xx > 0) throw new Error(`${url}: ${r.non2xx} non-2xx answers`);
  return r.requests.average;
}

async function json(res: Response) {
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

function cookieOf(res: Response, jar = ''): string {
  const map = new Map(jar.split('; ').filter(Boolean).map((c) => c.split('=', 2) as [string, string]));
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const [k, v] = pair!.split('=', 2) as [string, string];
    if (/max-age=0/i.test(c)) map.delete(k);
    else map.set(k, v);
  }
  return [...map].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** Signs the demo customer admin in and enrols TOTP, as a first sign-in in the portal does. */
async function signInDemo(base: string): Promise<string> {
  const origin = { origin: base, 'content-type': 'application/json' };
  const email = 'admin@acme.example';
  const password = 'portico-demo-2026';
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
  if (me.mfa !== 'ok') throw new Error('bench user is not fully signed in');
  return cookie;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-bench-'));
const results: string[] = [];
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
  results.push(`bare Fastify GET /bare:              ${bareRps.toFixed(0)} req/s (baseline)`);
  results.push(`Portico GET /api/v1/me (session):    ${meRps.toFixed(0)} req/s = ${(ratio * 100).toFixed(1)}% of baseline (target ≥ 50%) ${ratio >= 0.5 ? 'PASS' : 'FAIL'}`);
  results.push(`Portico start on existing database:  ${readyMs.toFixed(0)} ms (first start ${first.ms.toFixed(0)} ms; target < 5000 ms) ${readyMs < 5000 ? 'PASS' : 'FAIL'}`);
  console.log('\n' + results.join('\n'));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
