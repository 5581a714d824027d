import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { resolveAuthSecret } from './secrets.js';

/** loadConfig never reads process.env when given a record, so every case is explicit. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has sane defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(path.isAbsolute(c.dataDir)).toBe(true);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.smtpUrl).toBeUndefined();
    expect(c.authSecret).toBeUndefined();
    expect(c.logLevel).toBe('info');
    expect(c.bodyLimit).toBe(1024 * 1024);
    expect(c.trustProxy).toBe(false);
    expect(c.session).toEqual({ idleMinutes: 120, absoluteHours: 24 });
    expect(c.throttle).toEqual({ accountMax: 5, ipMax: 30, windowMinutes: 15 });
    expect(c.invitationTtlHours).toBe(72);
  });

  it('parses good values, and derives PUBLIC_URL from PORT without a trailing slash', () => {
    const c = loadConfig({
      PORT: '8080',
      PORTICO_DATA_DIR: '/var/lib/portico',
      DATABASE_URL: 'postgresql://portico@db:5432/portico',
      SMTP_URL: 'smtps://user:pw@mail.example:465',
      LOG_LEVEL: 'warn',
      BODY_LIMIT_BYTES: '2048',
      TRUST_PROXY: 'true',
    });
    expect(c).toMatchObject({ port: 8080, publicUrl: 'http://localhost:8080', dataDir: '/var/lib/portico', logLevel: 'warn', bodyLimit: 2048, trustProxy: true });
    expect(c.databaseUrl).toBe('postgresql://portico@db:5432/portico');
    expect(loadConfig({ PUBLIC_URL: 'https://portal.example.com/' }).publicUrl).toBe('https://portal.example.com');
  });

  it('treats an empty variable as unset', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: '', SMTP_URL: '', LOG_LEVEL: '' });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.smtpUrl).toBeUndefined();
    expect(c.logLevel).toBe('info');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://root@localhost/portico'],
    ['DATABASE_URL', '127.0.0.1:5432'],
    ['SMTP_URL', 'http://mail.example'],
    ['SMTP_URL', 'mail.example:25'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_LEVEL', 'quiet'],
    ['PUBLIC_URL', 'not a url'],
    ['PORTICO_DEMO', 'yes'],
    ['AUTH_SECRET', 'too-short'],
    ['BODY_LIMIT_BYTES', '10'],
  ])('refuses %s=%s with a ConfigError naming the variable', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.message).toContain(`${name}:`);
    // Only the bad variable is named.
    for (const other of ['PORT', 'DATABASE_URL', 'SMTP_URL', 'LOG_LEVEL']) if (other !== name) expect(err.message).not.toContain(`${other}:`);
    // One line, so start-up can print it as it is.
    expect(err.message).not.toContain('\n');
  });

  it('names every bad variable at once', () => {
    const err = configError({ PORT: 'abc', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://x', LOG_LEVEL: 'loud' });
    for (const name of ['PORT', 'DATABASE_URL', 'SMTP_URL', 'LOG_LEVEL']) expect(err.message).toContain(`${name}:`);
    expect(err.message).toMatch(/must start with postgres:\/\/ or postgresql:\/\//);
    expect(err.message).toMatch(/must start with smtp:\/\/ or smtps:\/\//);
  });

  it('turns demo data on for embedded PGlite and off for PostgreSQL, unless PORTICO_DEMO says otherwise', () => {
    const pg = 'postgres://postgres@127.0.0.1:5432/portico';
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ PORTICO_DEMO: '0' }).demo).toBe(false);
    expect(loadConfig({ PORTICO_DEMO: 'false' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: pg }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: pg, PORTICO_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ DATABASE_URL: pg, PORTICO_DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ DATABASE_URL: pg, PORTICO_DEMO: '0' }).demo).toBe(false);
  });

  it('replies by mail: off unless INBOUND_SMTP_PORT is set; the domain defaults to the PUBLIC_URL host', () => {
    expect(loadConfig({}).inboundMail).toEqual({ port: undefined, host: '127.0.0.1', domain: 'localhost', maxBytes: 10 * 1024 * 1024 });
    expect(loadConfig({ PUBLIC_URL: 'https://Portal.Example.com/', INBOUND_SMTP_PORT: '2525' }).inboundMail).toMatchObject({ port: 2525, domain: 'portal.example.com' });
    expect(loadConfig({ INBOUND_SMTP_PORT: '2525', INBOUND_SMTP_HOST: '0.0.0.0', INBOUND_MAIL_DOMAIN: 'Reply.Example.NET', INBOUND_MAIL_MAX_BYTES: '2048' }).inboundMail).toEqual({
      port: 2525,
      host: '0.0.0.0',
      domain: 'reply.example.net',
      maxBytes: 2048,
    });
    const err = configError({ INBOUND_SMTP_PORT: '70000', INBOUND_MAIL_DOMAIN: 'not a domain', INBOUND_MAIL_MAX_BYTES: '10' });
    for (const name of ['INBOUND_SMTP_PORT', 'INBOUND_MAIL_DOMAIN', 'INBOUND_MAIL_MAX_BYTES']) expect(err.message).toContain(`${name}:`);
  });
});

describe('resolveAuthSecret', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'portico-secret-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('generates a strong secret on first start into the data dir, mode 0600, and reuses it', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data'); // not there yet
    const first = resolveAuthSecret(undefined, dataDir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(first).toMatch(/^[A-Za-z0-9_-]+$/);
    const file = path.join(dataDir, 'auth-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = resolveAuthSecret(undefined, dataDir);
    expect(second).toBe(first);
    // Another data directory gets its own secret.
    expect(resolveAuthSecret(undefined, tempDir())).not.toBe(first);
  });

  it('takes AUTH_SECRET from the config when set, and writes no file', () => {
    const dataDir = tempDir();
    const configured = 'a-configured-secret-that-is-long-enough-0123456789';
    const c = loadConfig({ AUTH_SECRET: configured, PORTICO_DATA_DIR: dataDir });
    expect(c.authSecret).toBe(configured);
    expect(resolveAuthSecret(c.authSecret, c.dataDir)).toBe(configured);
    expect(existsSync(path.join(dataDir, 'auth-secret'))).toBe(false);
  });

  it('prefers AUTH_SECRET over a secret already kept in the data dir', () => {
    const dataDir = tempDir();
    const kept = resolveAuthSecret(undefined, dataDir);
    const configured = 'another-configured-secret-long-enough-abcdefghij';
    expect(resolveAuthSecret(configured, dataDir)).toBe(configured);
    expect(resolveAuthSecret(undefined, dataDir)).toBe(kept);
  });

  it('refuses an empty or truncated secret file instead of falling back to a default secret', () => {
    for (const content of ['', '\n', 'short-secret\n']) {
      const dataDir = tempDir();
      writeFileSync(path.join(dataDir, 'auth-secret'), content, { mode: 0o600 });
      expect(() => resolveAuthSecret(undefined, dataDir)).toThrow(ConfigError);
      expect(() => resolveAuthSecret(undefined, dataDir)).toThrow(/auth-secret.*AUTH_SECRET/);
      // The file is left for the operator to look at.
      expect(readFileSync(path.join(dataDir, 'auth-secret'), 'utf8')).toBe(content);
    }
  });
});
