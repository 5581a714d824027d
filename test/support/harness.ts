import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import * as OTPAuth from 'otpauth';
import { uuidv7 } from 'uuidv7';
import { eq } from 'drizzle-orm';
import { buildApp, type Portico } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/platform/config.js';
import type { Role } from '../../contracts/permissions.js';
import { createActiveUser, users } from '../../server/modules/identity/index.js';
import { organizations, slugify } from '../../server/modules/organisations/index.js';

export const ORIGIN = 'http://localhost:3000';
export const PASSWORD = 'correct horse battery staple';

/** A test configuration: in-memory PGlite, or PostgreSQL when TEST_DATABASE_URL is set. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    PORTICO_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'portico-test-')),
    DATABASE_URL: process.env.TEST_DATABASE_URL,
    PUBLIC_URL: ORIGIN,
    LOG_LEVEL: 'silent',
    SIGNIN_IP_MAX_ATTEMPTS: '100000',
    PORTICO_DEMO: '0',
    ...overrides,
  });
}

export type TestApp = Portico & {
  /** inject() from a fixed, per-app random client IP, with the same-origin header set. */
  http(opts: InjectOptions & { cookie?: string; ip?: string }): Promise<LightMyRequestResponse>;
};

/** Builds a full app on its own database (PGlite in memory, or the shared PostgreSQL test database). */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const portico = await buildApp({
    config,
    logger: overrides.LOG_LEVEL ? true : false,
    ...(config.databaseUrl ? {} : { database: await (await import('../../server/platform/db/client.js')).openDatabase({ kind: 'pglite', dataDir: null }) }),
  });
  const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const http: TestApp['http'] = ({ cookie, ip: fromIp, headers, ...opts }) =>
    portico.app.inject({
      ...opts,
      remoteAddress: fromIp ?? ip,
      headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}), ...(headers ?? {}) },
    } as InjectOptions);
  const closeApp = portico.close.bind(portico);
  const close = async () => {
    await closeApp();
    if (!config.databaseUrl) await portico.deps.database.close();
  };
  return Object.assign(portico, { http, close });
}

/** A unique suffix so tests sharing a PostgreSQL database never collide. */
export const uniq = () => randomBytes(4).toString('hex');

export async function createOrg(t: TestApp, kind: 'provider' | 'customer' = 'customer', name = `Org ${uniq()}`) {
  if (kind === 'provider') {
    const [existing] = await t.deps.db.select().from(organizations).where(eq(organizations.kind, 'provider'));
    if (existing) return existing;
  }
  const [org] = await t.deps.db.insert(organizations).values({ id: uuidv7(), kind, name, slug: slugify(name) + '-' + uniq() }).returning();
  return org!;
}

export type TestUser = { id: string; email: string; orgId: string; role: Role; password: string };

export async function createUser(t: TestApp, orgId: string, role: Role, opts: { granted?: string[]; locale?: string } = {}): Promise<TestUser> {
  const email = `${role.replace('_', '-')}-${uniq()}@test.example`;
  const id = await createActiveUser(t.deps.db, t.deps, { orgId, email, name: `Test ${role}`, role, password: PASSWORD, locale: opts.locale });
  if (opts.granted) await t.deps.db.update(users).set({ grantedPermissions: opts.granted }).where(eq(users.id, id));
  return { id, email, orgId, role, password: PASSWORD };
}

/** The session cookie(s) of a response, as one Cookie header. */
export function cookiesOf(res: LightMyRequestResponse, previous = ''): string {
  const jar = new Map<string, string>();
  for (const part of previous.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k) jar.set(k, v.join('='));
  }
  const set = res.headers['set-cookie'];
  for (const c of Array.isArray(set) ? set : set ? [set] : []) {
    const [pair, ...attrs] = c.split(';');
    const [k, ...v] = pair!.split('=');
    const expired = attrs.some((a) => /max-age=0/i.test(a.trim()));
    if (expired) jar.delete(k!.trim());
    else jar.set(k!.trim(), v.join('='));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

export const totpCode = (secret: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
export const totpSecretOf = (uri: string) => new URL(uri).searchParams.get('secret')!;

/** A client IP of its own, so tests that sign many users in stay clear of per-IP rate limits. */
export const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** One sign-in attempt, from a fresh client IP unless one is given. */
export async function signIn(t: TestApp, email: string, password = PASSWORD, ip: string = randomIp()) {
  return t.http({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email, password }, ip });
}

/**
 * Signs a user in and enrols TOTP, as the portal does on first sign-in. Returns a fully signed-in
 * cookie, the TOTP secret and the backup codes.
 */
export async function signInEnrolled(t: TestApp, u: TestUser) {
  const ip = randomIp();
  const first = await signIn(t, u.email, u.password, ip);
  if (first.statusCode !== 200) throw new Error(`sign-in failed: ${first.statusCode} ${first.body}`);
  let cookie = cookiesOf(first);
  const enable = await t.http({ method: 'POST', url: '/api/auth/two-factor/enable', cookie, payload: { password: u.password }, ip });
  if (enable.statusCode !== 200) throw new Error(`enable failed: ${enable.statusCode} ${enable.body}`);
  const { totpURI, backupCodes } = enable.json() as { totpURI: string; backupCodes: string[] };
  const secret = totpSecretOf(totpURI);
  const verify = await t.http({ method: 'POST', url: '/api/auth/two-factor/verify-totp', cookie, payload: { code: totpCode(secret) }, ip });
  if (verify.statusCode !== 200) throw new Error(`verify failed: ${verify.statusCode} ${verify.body}`);
  cookie = cookiesOf(verify, cookie);
  return { cookie, secret, backupCodes };
}

/** Creates a user and signs them in fully (TOTP enrolled). */
export async function signedInUser(t: TestApp, orgId: string, role: Role, opts: { granted?: string[] } = {}) {
  const u = await createUser(t, orgId, role, opts);
  const s = await signInEnrolled(t, u);
  return { ...u, ...s };
}
