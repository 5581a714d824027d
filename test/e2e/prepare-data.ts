/**
 * Run by the e2e global setup before the server starts, on the same data directory: the demo data
 * (as `npm start` seeds it), plus two staff members whom no other journey enrols, invited as an
 * operator would (`npm run portico -- invite-staff`). Each demo user can enrol a second factor only once
 * per server, and every demo staff member is already taken by another journey. Prints one line:
 * `E2E_STAFF {"agent": {email, link}, "admin": {email, link}}`.
 */
import { and, eq } from 'drizzle-orm';
import { buildApp } from '../../server/app.js';
import { createInvitedUser } from '../../server/modules/identity/index.js';
import { loadConfig } from '../../server/platform/config.js';
import { mailMessages } from '../../server/platform/mail.js';
import { organizations } from '../../server/platform/tenancy.js';
import { seedDemo } from '../../server/seed.js';

export const E2E_STAFF = {
  agent: { email: 'erik.e2e@nordlys.example', name: 'Erik Dahl', role: 'provider_agent' },
  admin: { email: 'ingrid.e2e@nordlys.example', name: 'Ingrid Moe', role: 'provider_admin' },
} as const;

const portico = await buildApp({ config: loadConfig(), logger: false });
try {
  const db = portico.deps.db;
  await seedDemo(portico.deps);
  const [provider] = await db.select().from(organizations).where(eq(organizations.kind, 'provider'));
  const out: Record<string, { email: string; link: string }> = {};
  for (const [key, staff] of Object.entries(E2E_STAFF)) {
    const src = { actorId: null, actorEmail: 'cli', ip: null, userAgent: 'e2e setup', requestId: null };
    await db.transaction((tx) => createInvitedUser(tx, portico.deps, src, { orgId: provider!.id, email: staff.email, name: staff.name, role: staff.role }, 'Portico'));
    const [mail] = await db.select().from(mailMessages).where(and(eq(mailMessages.to, staff.email), eq(mailMessages.template, 'invitation')));
    const link = /https?:\/\/\S+\/invite\/\S+/.exec(mail?.text ?? '')?.[0];
    if (!link) throw new Error(`no invitation mail for ${staff.email}`);
    out[key] = { email: staff.email, link };
  }
  console.log(`E2E_STAFF ${JSON.stringify(out)}`);
} finally {
  await portico.close();
}
