import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';
import { and, eq } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { mailMessages } from '../../platform/mail.js';
import { localFileStore } from '../../platform/storage.js';
import { orgDocuments } from '../documents/index.js';
import { createOrg, createTestApp, createUser, type TestApp } from '../../../test/support/harness.js';
import { generateMonthlyReport } from './service/report.js';

/**
 * The monthly access report reaches the customer admins as a PDF attachment (and still with the link to
 * the organisation's documents), over real SMTP: a local smtp-server receives what the mailer sends.
 */
let smtp: SMTPServer;
let t: TestApp;
const received: ParsedMail[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` });
  // On a shared PostgreSQL test database, deliver anything an interrupted earlier run left queued.
  while ((await t.deps.mailer.deliverQueued(t.deps.db)) > 0);
  received.length = 0;
}, 120_000);
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('the monthly access report mail', () => {
  it('carries the stored PDF as an attachment to each customer admin, and the link', async () => {
    const org = await createOrg(t, 'customer');
    const admins = [await createUser(t, org.id, 'customer_admin'), await createUser(t, org.id, 'customer_admin', { locale: 'de' })];
    const user = await createUser(t, org.id, 'customer_user');
    const files = localFileStore(path.join(t.deps.config.dataDir, 'files'));
    const deps = { db: t.deps.db, files, mailer: t.deps.mailer, publicUrl: t.deps.config.publicUrl };
    expect(await generateMonthlyReport(deps, org.id, '2026-10', new Date('2026-11-01T03:00:00Z'))).toBe('created');

    const [doc] = await t.deps.db.select().from(orgDocuments).where(and(eq(orgDocuments.orgId, org.id), eq(orgDocuments.period, '2026-10')));
    const stored = await buffer(files.get(doc!.storageKey));
    const queued = await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.orgId, org.id), eq(mailMessages.template, 'access_report')));
    expect(queued.map((m) => m.to).sort()).toEqual(admins.map((a) => a.email).sort());
    expect(queued.every((m) => m.attachments?.[0]?.storageKey === doc!.storageKey)).toBe(true);

    while ((await t.deps.mailer.deliverQueued(t.deps.db)) > 0);
    const mails = received.filter((m) => admins.some((a) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === a.email));
    expect(mails).toHaveLength(2);
    expect(received.some((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === user.email)).toBe(false);
    for (const m of mails) {
      expect(m.attachments).toHaveLength(1);
      const [pdf] = m.attachments;
      expect(pdf).toMatchObject({ filename: 'access-report-2026-10.pdf', contentType: 'application/pdf' });
      expect(pdf!.content.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf!.content.length).toBe(doc!.size);
      expect(pdf!.content.equals(stored)).toBe(true);
      expect(m.text).toContain(`${t.deps.config.publicUrl}/documents`);
    }
    const german = mails.find((m) => m.subject?.startsWith('Zutrittsbericht'))!;
    expect(german.text).toContain('ist angehängt');
    expect(mails.find((m) => m.subject?.startsWith('Access report'))!.text).toContain('is attached');
  }, 60_000);
});
