import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** Where the SMTP catcher keeps every mail Portico sent, one .eml file each (read them with readMails). */
    mailDir: string;
    /** Portico's inbound SMTP listener: send a reply by mail to 127.0.0.1 on this port. */
    inboundSmtpPort: number;
    /** Staff invited by prepare-data.ts whom no other journey enrols: their invitation links. */
    e2eStaff: { agent: { email: string; link: string }; admin: { email: string; link: string } };
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
let mailDir = '';
let catcher: SMTPServer | undefined;

/** A real SMTP server that stores each message it receives as <n>.eml, in arrival order. */
async function startCatcher(dir: string): Promise<number> {
  let n = 0;
  catcher = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        writeFileSync(path.join(dir, `${String(++n).padStart(5, '0')}.eml`), Buffer.concat(chunks));
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => catcher!.listen(port, '127.0.0.1', resolve));
  return port;
}

/** Starts Portico as `npm start` would (embedded database, demo data) on a free port. */
export async function setup(project: TestProject) {
  const port = await freePort();
  dataDir = mkdtempSync(path.join(tmpdir(), 'portico-e2e-'));
  mailDir = mkdtempSync(path.join(tmpdir(), 'portico-e2e-mail-'));
  const smtpPort = await startCatcher(mailDir);
  const inboundSmtpPort = await freePort();
  // localhost, not 127.0.0.1: WebAuthn refuses IP addresses as relying-party id.
  const baseURL = `http://localhost:${port}`;
  // The demo data and two staff members for the help journeys, before the server opens the database.
  const prepared = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/e2e/prepare-data.ts'], {
    cwd: ROOT,
    env: { ...process.env, PUBLIC_URL: baseURL, PORTICO_DATA_DIR: dataDir, DATABASE_URL: '', PORTICO_DEMO: '1', LOG_LEVEL: 'warn', SMTP_URL: '' },
  });
  const staffLine = /^E2E_STAFF (.+)$/m.exec(prepared.stdout)?.[1];
  if (!staffLine) throw new Error(`test/e2e/prepare-data.ts printed no staff:\n${prepared.stdout}${prepared.stderr}`);
  proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseURL,
      PORTICO_DATA_DIR: dataDir,
      DATABASE_URL: '',
      PORTICO_DEMO: '1',
      LOG_LEVEL: 'warn',
      // Mail really goes out (to the catcher); replies by mail come in on the inbound listener, for
      // addresses at the PUBLIC_URL's host (localhost).
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      INBOUND_SMTP_PORT: String(inboundSmtpPort),
      INBOUND_SMTP_HOST: '127.0.0.1',
      INBOUND_MAIL_DOMAIN: '',
      // Behind a "proxy": each browser context sends its own X-Forwarded-For (support.ts newContext).
      TRUST_PROXY: '1',
    },
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
  project.provide('mailDir', mailDir);
  project.provide('inboundSmtpPort', inboundSmtpPort);
  project.provide('e2eStaff', JSON.parse(staffLine));
}

export async function teardown() {
  if (proc && proc.exitCode === null) {
    proc.removeAllListeners('exit');
    await new Promise<void>((r) => {
      proc!.once('exit', () => r());
      proc!.kill('SIGTERM');
    });
  }
  await new Promise<void>((r) => (catcher ? catcher.close(() => r()) : r()));
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(mailDir, { recursive: true, force: true });
}
