import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { auditLog } from './audit.js';
import { CLAIM_TIMEOUT_MS, MAX_ATTEMPTS, createMailer, mailMessages, retryDelayMs } from './mail.js';
import { ORIGIN, createOrg, createUser, createTestApp, randomIp, signedInUser, uniq, type TestApp, type TestUser } from '../../test/support/harness.js';

/**
 * Mail over real SMTP: a local smtp-server receives what the mailer sends. The pump (a 3 s timer in
 * the server) is driven here by calling deliverQueued directly, so every step is deterministic.
 */
type Mode = 'accept' | 'reject451' | 'reject550';
let mode: Mode = 'accept';
const received: ParsedMail[] = [];
let smtp: SMTPServer;
let smtpPort: number;
let t: TestApp;
let org: { id: string };
const FROM = 'Portico Test <portal@portico.test>';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (mode === 'reject451') {
          const err = Object.assign(new Error('Requested action aborted: local error in processing'), { responseCode: 451 });
          return callback(err);
        }
        if (mode === 'reject550') {
          const err = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
          return callback(err);
        }
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: FROM });
  org = await createOrg(t);
  // On a shared PostgreSQL test database, deliver anything an interrupted earlier run left queued.
  while ((await t.deps.mailer.deliverQueued(t.deps.db)) > 0);
  received.length = 0;
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});
beforeEach(() => {
  mode = 'accept';
});

const rowsTo = (to: string) => t.deps.db.select().from(mailMessages).where(eq(mailMessages.to, to));
const mailsTo = (to: string) => received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((a) => a.address === to));

async function requestReset(u: TestUser) {
  const res = await t.http({ method: 'POST', url: '/api/auth/request-password-reset', payload: { email: u.email, redirectTo: '/reset-password' }, ip: randomIp() });
  expect(res.statusCode, res.body).toBe(200);
  const rows = await rowsTo(u.email);
  expect(rows.length).toBeGreaterThan(0);
  return rows.at(-1)!;
}

const rowOf = async (id: string) => (await t.deps.db.select().from(mailMessages).where(eq(mailMessages.id, id)))[0]!;

/** The back-off delay passes (instead of waiting for it). */
const backOffPasses = (id: string) => t.deps.db.update(mailMessages).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(mailMessages.id, id));

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('mail over SMTP', () => {
  it('delivers a password reset with the right sender, recipient, subject and link, and marks the row sent', async () => {
    const u = await createUser(t, org.id, 'customer_user');
    const row = await requestReset(u);
    expect(row).toMatchObject({ status: 'queued', attempts: 0, template: 'password_reset', subject: 'Reset your Portico password', sentAt: null });
    expect(mailsTo(u.email)).toHaveLength(0); // nothing leaves before the pump runs

    expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBeGreaterThanOrEqual(1);
    const [mail] = mailsTo(u.email);
    expect(mail, 'mail not received').toBeDefined();
    expect(mailsTo(u.email)).toHaveLength(1);
    expect(mail!.subject).toBe('Reset your Portico password');
    expect(mail!.from?.value[0]).toMatchObject({ address: 'portal@portico.test', name: 'Portico Test' });
    expect(mail!.text).toContain('Choose a new password here');
    const link = /https?:\/\/\S+/.exec(mail!.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect(link!.startsWith(`${ORIGIN}/api/auth/reset-password/`)).toBe(true);
    expect(mail!.text!.trim()).toBe(row.text.trim());

    // The link works: it leads to the reset page with a token.
    const follow = await t.http({ method: 'GET', url: new URL(link!).pathname + new URL(link!).search });
    expect(follow.statusCode).toBe(302);
    expect(new URL(follow.headers.location as string, ORIGIN).searchParams.get('token')).toBeTruthy();

    const [after] = await t.deps.db.select().from(mailMessages).where(eq(mailMessages.id, row.id));
    expect(after).toMatchObject({ status: 'sent', attempts: 1, error: null });
    expect(after!.sentAt).toBeInstanceOf(Date);

    // A second pump sends nothing again.
    expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBe(0);
    expect(mailsTo(u.email)).toHaveLength(1);
  });

  it('keeps a message queued when the server answers 451, and delivers it once the server accepts again', async () => {
    const u = await createUser(t, org.id, 'customer_user');
    const row = await requestReset(u);

    mode = 'reject451';
    expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBe(0);
    let [r] = await t.deps.db.select().from(mailMessages).where(eq(mailMessages.id, row.id));
    expect(r).toMatchObject({ status: 'queued', attempts: 1, sentAt: null });
    expect(r!.error).toContain('451');
    expect(mailsTo(u.email)).toHaveLength(0);
    // Backed off: not tried again at once, even though the server accepts again.
    expect(r!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    mode = 'accept';
    expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBe(0);
    expect((await rowOf(row.id)).status).toBe('queued');

    await backOffPasses(row.id);
    expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBe(1);
    [r] = await t.deps.db.select().from(mailMessages).where(eq(mailMessages.id, row.id));
    expect(r).toMatchObject({ status: 'sent', attempts: 2, error: null });
    expect(mailsTo(u.email)).toHaveLength(1);
    expect(mailsTo(u.email)[0]!.subject).toBe('Reset your Portico password');
  });

  it('keeps a message queued when the SMTP server cannot be reached, and loses nothing', async () => {
    const u = await createUser(t, org.id, 'customer_user');
    const row = await requestReset(u);
    const down = createMailer({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, from: FROM });
    try {
      expect(await down.deliverQueued(t.deps.db)).toBe(0);
    } finally {
      down.close();
    }
    let [r] = await t.deps.db.select().from(mailMessages).where(eq(mailMessages.id, row.id));
    expect(r).toMatchObject({ status: 'queued', attempts: 1, sentAt: null });
    expect(r!.error).toMatch(/ECONNREFUSED/);

    await backOffPasses(row.id);
    expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBe(1);
    [r] = await t.deps.db.select().from(mailMessages).where(eq(mailMessages.id, row.id));
    expect(r).toMatchObject({ status: 'sent', attempts: 2, error: null });
    expect(mailsTo(u.email)).toHaveLength(1);
  });

  it('backs off longer after each failure, gives up after MAX_ATTEMPTS, and a provider admin can send it again', async () => {
    const u = await createUser(t, org.id, 'customer_user');
    const row = await requestReset(u);
    mode = 'reject451';
    const delays: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await backOffPasses(row.id);
      const before = Date.now();
      expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBe(0);
      const r = await rowOf(row.id);
      expect(r).toMatchObject({ attempts: attempt, status: attempt < MAX_ATTEMPTS ? 'queued' : 'failed' });
      delays.push(r.nextAttemptAt.getTime() - before);
    }
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]! - 100);
    expect(delays[0]).toBeGreaterThanOrEqual(retryDelayMs(1) - 1000);
    expect(delays.at(-2)).toBeGreaterThan(delays[0]! * 10);
    mode = 'accept';
    await backOffPasses(row.id);
    expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBe(0);
    const r = await rowOf(row.id);
    expect(r).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, sentAt: null });
    expect(r.error).toContain('451');
    expect(mailsTo(u.email)).toHaveLength(0);

    // The provider admin sees the error in the outbox and sends it again; the retry is audited.
    const provider = await createOrg(t, 'provider');
    const admin = await signedInUser(t, provider.id, 'provider_admin');
    const shown = await t.http({ method: 'GET', url: `/api/v1/mail/${row.id}`, cookie: admin.cookie });
    expect(shown.json()).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    expect(shown.json().error).toContain('451');
    const customer = await signedInUser(t, org.id, 'customer_admin');
    expect((await t.http({ method: 'POST', url: `/api/v1/mail/${row.id}/retry`, cookie: customer.cookie, payload: {} })).statusCode).toBe(403);
    const again = await t.http({ method: 'POST', url: `/api/v1/mail/${row.id}/retry`, cookie: admin.cookie, payload: {} });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await t.http({ method: 'POST', url: `/api/v1/mail/${row.id}/retry`, cookie: admin.cookie, payload: {} })).statusCode).toBe(409);
    const audited = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'mail.retried'), eq(auditLog.targetId, row.id)));
    expect(audited).toHaveLength(1);
    expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBeGreaterThanOrEqual(1);
    expect(mailsTo(u.email)).toHaveLength(1);
  });

  it('gives up at once on a permanent refusal (5xx), without retrying', async () => {
    const u = await createUser(t, org.id, 'customer_user');
    const row = await requestReset(u);
    mode = 'reject550';
    expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBe(0);
    const r = await rowOf(row.id);
    expect(r).toMatchObject({ status: 'failed', attempts: 1 });
    expect(r.error).toContain('550');
  });

  it('sends a message again whose sender died after claiming it, once the claim is stale', async () => {
    const u = await createUser(t, org.id, 'customer_user');
    const row = await requestReset(u);
    // An instance claimed it and died before reporting back.
    await t.deps.db.update(mailMessages).set({ status: 'sending', attempts: 1, claimedAt: new Date() }).where(eq(mailMessages.id, row.id));
    expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBe(0);
    await t.deps.db.update(mailMessages).set({ claimedAt: new Date(Date.now() - CLAIM_TIMEOUT_MS - 1000) }).where(eq(mailMessages.id, row.id));
    expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBeGreaterThanOrEqual(1);
    expect(await rowOf(row.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(mailsTo(u.email)).toHaveLength(1);
  });

  it('sends each message once when two pumps run at the same time', async () => {
    const to = Array.from({ length: 4 }, () => `pump-${uniq()}@test.example`);
    const ids: string[] = [];
    for (const addr of to) ids.push(await t.deps.mailer.enqueue(t.deps.db, { to: addr, subject: 'Pump test', text: 'Hello', template: 'test', orgId: null }));
    const [a, b] = await Promise.all([t.deps.mailer.deliverQueued(t.deps.db), t.deps.mailer.deliverQueued(t.deps.db)]);
    expect(a + b).toBe(4);
    for (const addr of to) expect(mailsTo(addr)).toHaveLength(1);
    const rows = await t.deps.db.select().from(mailMessages).where(inArray(mailMessages.id, ids));
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(4).fill(['sent', 1]));
  });

  it('without SMTP_URL keeps mail in the portal outbox and never sends it', async () => {
    const kept = createMailer({ smtpUrl: undefined, from: FROM });
    const to = `kept-${uniq()}@test.example`;
    const id = await kept.enqueue(t.deps.db, { to, subject: 'Kept', text: 'Hello', template: 'test', orgId: null });
    expect(kept.smtp).toBe(false);
    expect(await kept.deliverQueued(t.deps.db)).toBe(0);
    expect(await t.deps.mailer.deliverQueued(t.deps.db)).toBe(0); // 'kept' is not 'queued'
    const [r] = await t.deps.db.select().from(mailMessages).where(eq(mailMessages.id, id));
    expect(r).toMatchObject({ status: 'kept', attempts: 0 });
    expect(mailsTo(to)).toHaveLength(0);
  });
});
