import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

let proc: ChildProcess | undefined;
let dataDir = '';

/** Starts Portico as `npm start` would (embedded database, demo data) on a free port. */
export async function setup(project: TestProject) {
  const port = await freePort();
  dataDir = mkdtempSync(path.join(tmpdir(), 'portico-e2e-'));
  // localhost, not 127.0.0.1: WebAuthn refuses IP addresses as relying-party id.
  const baseURL = `http://localhost:${port}`;
  proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseURL, PORTICO_DATA_DIR: dataDir, DATABASE_URL: '', PORTICO_DEMO: '1', LOG_LEVEL: 'warn', SMTP_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Portico did not start in time:\n${out}`)), 90_000);
    proc!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Portico is ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc!.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc!.on('exit', (code) => reject(new Error(`Portico exited (${code}):\n${out}`)));
  });
  project.provide('baseURL', baseURL);
}

export async function teardown() {
  if (proc && proc.exitCode === null) {
    proc.removeAllListeners('exit');
    await new Promise<void>((r) => {
      proc!.once('exit', () => r());
      proc!.kill('SIGTERM');
    });
  }
  rmSync(dataDir, { recursive: true, force: true });
}
