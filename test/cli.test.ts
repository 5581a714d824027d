import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The operator commands, run as an operator runs them (`npm run portico -- …` ends in server/cli.ts
 * under tsx), on a fresh embedded database: a production install starts with create-provider-admin,
 * and invite-staff adds agents when no admin can sign in to do it.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), PORTICO_DATA_DIR: dataDir, PORTICO_DEMO: '0', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://portal.example' },
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('operator commands', { timeout: 180_000 }, () => {
  it('creates the provider with its first admin, then invites an agent; each gets an invitation link', async () => {
    const admin = await cli('create-provider-admin', '--email', 'Ada@Provider.example', '--name', 'Ada Admin', '--org', 'Provider AS');
    expect(admin.code).toBe(0);
    expect(admin.out).toMatch(/Invited Ada@Provider.example as provider admin\.\nInvitation link: http:\/\/portal\.example\/invite\/\S+/);

    const agent = await cli('invite-staff', '--email', 'bo@provider.example', '--name', 'Bo Agent');
    expect(agent.code).toBe(0);
    expect(agent.out).toMatch(/Invited bo@provider.example as provider agent\.\nInvitation link: http:\/\/portal\.example\/invite\/\S+/);
  });

  it('refuses an existing address, an unknown role and missing arguments with one line and a non-zero code', async () => {
    const again = await cli('invite-staff', '--email', 'bo@provider.example', '--name', 'Bo Again');
    expect(again.code).toBe(1);
    expect(again.out).toContain('bo@provider.example already has an account; nothing was changed.');

    const role = await cli('invite-staff', '--email', 'cy@provider.example', '--name', 'Cy', '--role', 'customer_admin');
    expect(role.code).toBe(1);
    expect(role.out.trim()).toBe('portico: --role must be one of provider_admin, provider_agent');

    const missing = await cli('invite-staff', '--email', 'cy@provider.example');
    expect(missing.code).toBe(1);
    expect(missing.out.trim()).toMatch(/^portico: usage: invite-staff/);

    expect((await cli('frobnicate')).out.trim()).toBe('portico: commands: create-provider-admin, invite-staff');
  });
});
