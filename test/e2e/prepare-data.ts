/**
 * Run by the e2e global setup before the server starts, on the same data directory: the demo data
 * (as `npm start` seeds it), plus two staff members whom no other journey enrols, invited as an
 * operator would (`npm run portico -- invite-staff`). Each demo user can enrol a second factor only once
 * per server, and every demo staff member is already taken by another journey. Prints one line:
 * `E2E_STAFF {"agent": {email, link}, "admin": {email, link}}`.
 */
import { and, eq } from 'drizzle-orm';
import { buildApp } from '../../server/app.js';
import { createInvitedUser, users } from '../../server/modules/identity/index.js';
import { entitledLocations } from '../../server/modules/sites/index.js';
import { loadConfig } from '../../server/platform/config.js';
import { mailMessages } from '../../server/platform/mail.js';
import { organizations } from '../../server/platform/tenancy.js';
import { seedDemo } from '../../server/seed.js';

export const E2E_STAFF = {
  agent: { email: 'erik.e2e@nordlys.example', name: 'Erik Dahl', role: 'provider_agent' },
  admin: { email: 'ingrid.e2e@nordlys.example', name: 'Ingrid Moe', role: 'provider_admin' },
  // Issue 4, journey 2 (orders): the agent who completes the smart-hands tasks.
  tor: { email: 'tor.e2e@nordlys.example', name: 'Tor Lie', role: 'provider_agent' },
  // Issue 4, journey 1 (access): the agent who approves the work visit, the admin who issues the access-control token.
  sven: { email: 'sven.e2e@nordlys.example', name: 'Sven Aas', role: 'provider_agent' },
  hedda: { email: 'hedda.e2e@nordlys.example', name: 'Hedda Lund', role: 'provider_admin' },
  // Issue 5, journey 1 (knowledge base): the agent who writes and publishes an article in German and English.
  kari: { email: 'kari.e2e@nordlys.example', name: 'Kari Solberg', role: 'provider_agent' },
} as const;

/**
 * Customer users for journeys of their own, invited into a demo organisation as its admin would, with
 * delegated permissions (journey 3 of issue 4: a Globex authorised requester).
 */
export const E2E_CUSTOMERS = {
  greta: { email: 'greta.e2e@globex.example', name: 'Greta Vogel', role: 'customer_user', org: 'Globex GmbH', granted: ['access.request'] },
  // Issue 4, journey 2 (orders): an Acme user orders smart hands; an Acme admin approves from the mail link.
  nils: { email: 'nils.e2e@acme.example', name: 'Nils Berg', role: 'customer_user', org: 'Acme Hosting AS', granted: [] },
  astrid: { email: 'astrid.e2e@acme.example', name: 'Astrid Nilsen', role: 'customer_admin', org: 'Acme Hosting AS', granted: [] },
  // Issue 4, journey 1 (access): an Acme admin requests a work visit for a visitor.
  maja: { email: 'maja.e2e@acme.example', name: 'Maja Strand', role: 'customer_admin', org: 'Acme Hosting AS', granted: [] },
  // Issue 5, journey 2 (deflection): an Acme admin starts a ticket, opens a suggested article, leaves, reads the report.
  liv: { email: 'liv.e2e@acme.example', name: 'Liv Aasen', role: 'customer_admin', org: 'Acme Hosting AS', granted: [] },
  // Issue 5, journey 3 (search): a Globex admin searches the words of Acme's tickets and documents.
  paul: { email: 'paul.e2e@globex.example', name: 'Paul Krüger', role: 'customer_admin', org: 'Globex GmbH', granted: [] },
  // Issue 5, journey 3 (search): an Acme user who does find Acme's documents by the same words.
  ada: { email: 'ada.e2e@acme.example', name: 'Ada Lie', role: 'customer_user', org: 'Acme Hosting AS', granted: [] },
  // Issue 5, journey 1 (knowledge base): an Acme user who reads in German finds the agent's article by a misspelt word.
  heidi: { email: 'heidi.e2e@acme.example', name: 'Heidi Brandt', role: 'customer_user', org: 'Acme Hosting AS', granted: [] },
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
  for (const [key, c] of Object.entries(E2E_CUSTOMERS)) {
    const [org] = await db.select().from(organizations).where(eq(organizations.name, c.org));
    if (!org) throw new Error(`no demo organisation ${c.org}`);
    const src = { actorId: null, actorEmail: 'cli', ip: null, userAgent: 'e2e setup', requestId: null };
    await db.transaction((tx) => createInvitedUser(tx, portico.deps, src, { orgId: org.id, email: c.email, name: c.name, role: c.role }, 'Portico'));
    await db.update(users).set({ grantedPermissions: [...c.granted] }).where(eq(users.email, c.email));
    const [mail] = await db.select().from(mailMessages).where(and(eq(mailMessages.to, c.email), eq(mailMessages.template, 'invitation')));
    const link = /https?:\/\/\S+\/invite\/\S+/.exec(mail?.text ?? '')?.[0];
    if (!link) throw new Error(`no invitation mail for ${c.email}`);
    out[key] = { email: c.email, link };
  }
  // Journey 3 needs a location of another organisation (Acme) to try on Globex's behalf.
  const [acme] = await db.select().from(organizations).where(eq(organizations.name, 'Acme Hosting AS'));
  const acmeLocation = acme ? (await entitledLocations(db, acme.id))[0] : undefined;
  if (!acmeLocation) throw new Error('the demo gives Acme no location');
  (out as Record<string, unknown>).acmeLocation = { id: acmeLocation.id, name: acmeLocation.name };
  console.log(`E2E_STAFF ${JSON.stringify(out)}`);
} finally {
  await portico.close();
}
