import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { afterAll, expect, it } from 'vitest';

/**
 * The inbound listener starts with the server process (INBOUND_SMTP_PORT) and closes on SIGTERM:
 * the real server/main.ts, as an operator runs it.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-mailin-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

it('listens for replies by mail while the server runs and stops on SIGTERM', async () => {
  const [port, smtpPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), HOST: '127.0.0.1', LOG_LEVEL: 'silent', PORTICO_DEMO: '0', PORT: String(port), PORTICO_DATA_DIR: dataDir, INBOUND_SMTP_PORT: String(smtpPort), INBOUND_MAIL_DOMAIN: 'portal.example' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const until = Date.now() + 90_000;
    while (!out.includes('Portico is ready') && Date.now() < until && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain(`Replies by mail: SMTP on 127.0.0.1:${smtpPort} for *@portal.example`);

    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    // A stranger's mail is taken in and dropped (250); another domain is refused in the dialogue.
    const info = await transport.sendMail({ from: 'stranger@elsewhere.example', to: 'reply+abc@portal.example', subject: 'hi', text: 'hello' });
    expect(info.response).toMatch(/^250/);
    await expect(transport.sendMail({ from: 'a@b.example', to: 'x@elsewhere.example', subject: 'relay', text: 'x' })).rejects.toThrow(/550/);
    transport.close();

    child.kill('SIGTERM');
    expect(await exited, out).toBe(0);
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect(smtpPort, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(false)));
      s.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 150_000);
