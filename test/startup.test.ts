import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The real server process, as an operator starts it (server/main.ts under tsx, which is what
 * `npm start` ends in): a bad setting, a busy port or an unreachable database end it with one
 * clear line and a non-zero code; a good start prints the URL, answers, and drains on SIGTERM.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'portico-start-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Run = { child: ChildProcess; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> };

/** Starts the server with only the given settings (nothing leaks in from the test environment). */
function start(env: Record<string, string>): Run {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), HOST: '127.0.0.1', LOG_LEVEL: 'silent', PORTICO_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started })),
  );
  return { child, output: () => out, exited };
}

/** Waits for the process to exit, killing it after `ms` so a hang fails the test instead of the run. */
async function exitOf(run: Run, ms: number) {
  const timer = setTimeout(() => run.child.kill('SIGKILL'), ms);
  try {
    return await run.exited;
  } finally {
    clearTimeout(timer);
  }
}

async function waitFor(run: Run, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const m = run.output().match(pattern);
    if (m) return m;
    if (run.child.exitCode !== null) throw new Error(`server exited (${run.child.exitCode}) before ${pattern}:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${pattern}:\n${run.output()}`);
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** One line, starting with "portico:", and no stack trace. */
function expectOneClearLine(output: string): string {
  const lines = output.trim().split('\n').filter((l) => l.trim() !== '');
  expect(lines, output).toHaveLength(1);
  expect(lines[0]).toMatch(/^portico: /);
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain('Error:');
  return lines[0]!;
}

// The normal start creates the embedded database here; the busy-port case, which runs after the
// others, reuses it (faster).
let startedDataDir: string | null = null;

describe('server start-up', () => {
  it('starts on embedded PGlite, prints its URL, answers, and exits 0 on SIGTERM', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const run = start({ PORT: String(port), PORTICO_DATA_DIR: dataDir });
    try {
      const [, url] = await waitFor(run, /Portico is ready on (\S+) \(embedded PGlite in (.+), ready in \d+ ms\)/, 55_000);
      expect(url).toBe(`http://localhost:${port}`);
      expect(run.output()).toContain(dataDir);
      expect(run.output()).not.toContain('Demo logins');

      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(health.headers.get('x-request-id')).toBeTruthy();
      const ready = await fetch(`http://127.0.0.1:${port}/api/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });

      // First start kept a generated auth secret and the database in the data directory.
      expect(statSync(path.join(dataDir, 'auth-secret')).mode & 0o777).toBe(0o600);
      expect(existsSync(path.join(dataDir, 'pglite'))).toBe(true);

      run.child.kill('SIGTERM');
      const { code, signal } = await exitOf(run, 20_000);
      expect(signal, run.output()).toBeNull();
      expect(code, run.output()).toBe(0);
      expect(run.output()).toContain('SIGTERM: draining requests and closing the database');
      expect(run.output()).not.toMatch(/^\s+at /m);
      // Nothing listens any more.
      await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
      startedDataDir = dataDir;
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 60_000);

  it('refuses PORT=abc with one line naming PORT and a non-zero exit', async () => {
    const run = start({ PORT: 'abc', PORTICO_DATA_DIR: tempDir() });
    const { code } = await exitOf(run, 30_000);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    const line = expectOneClearLine(run.output());
    expect(line).toMatch(/^portico: invalid configuration: PORT: /);
  }, 60_000);

  it('refuses PORT=70000 and a bad LOG_LEVEL together, naming both', async () => {
    const run = start({ PORT: '70000', LOG_LEVEL: 'quiet', PORTICO_DATA_DIR: tempDir() });
    const { code } = await exitOf(run, 30_000);
    expect(code).toBe(1);
    const line = expectOneClearLine(run.output());
    expect(line).toContain('PORT:');
    expect(line).toContain('LOG_LEVEL:');
  }, 60_000);

  it('exits non-zero within 30 s with one line about the database when PostgreSQL cannot be reached', async () => {
    const run = start({ PORT: String(await freePort()), PORTICO_DATA_DIR: tempDir(), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nope' });
    const { code, ms } = await exitOf(run, 30_000);
    expect(code, run.output()).toBe(1);
    expect(ms).toBeLessThan(30_000);
    const line = expectOneClearLine(run.output());
    expect(line).toMatch(/^portico: cannot reach PostgreSQL \(ECONNREFUSED.*\); check DATABASE_URL\.$/);
  }, 60_000);

  it('exits non-zero with one line naming the port when the port is in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const run = start({ PORT: String(port), PORTICO_DATA_DIR: startedDataDir ?? tempDir() });
      const { code } = await exitOf(run, 55_000);
      expect(code, run.output()).toBe(1);
      const line = expectOneClearLine(run.output());
      expect(line).toBe(`portico: port ${port} is already in use; stop the other process or set PORT.`);
      expect(run.output()).not.toContain('is ready');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  }, 60_000);
});
