import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Ctx } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/client.js';
import { organizations } from '../../../platform/tenancy.js';
import { loadActor, userIdsByEmail } from '../../identity/index.js';
import { slaPolicies, supportGroupMembers, supportGroups, ticketCategories, ticketOrgSettings } from '../tickets.tables.js';
import { createTicket } from './create-ticket.js';
import { addComment, assignTicket } from './update-ticket.js';

const silent = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child() { return silent; }, level: 'silent', silent() {} } as unknown as Ctx['log'];

async function ctxOf(db: Db, email: string): Promise<Ctx> {
  const loaded = await loadActor(db, (await userIdsByEmail(db, [email])).get(email)!);
  return { db, actor: loaded!.actor, via: 'session', sessionId: null, mfa: 'ok', requestId: 'seed', ip: null, userAgent: 'seed', log: silent };
}

/**
 * Demo help desk (demo data only): the Nordlys service desk with both agents, Acme on the 24/7
 * policy at service level 4, Globex on business hours, and a few tickets to look at.
 */
export async function seedTicketDemo(db: Db) {
  const people = await userIdsByEmail(db, ['admin@nordlys.example', 'agent1@nordlys.example', 'agent2@nordlys.example']);
  const id = (email: string) => people.get(email)!;
  const groupId = uuidv7();
  await db.insert(supportGroups).values({ id: groupId, name: 'Nordlys Service Desk', leadId: id('admin@nordlys.example') });
  await db.insert(supportGroupMembers).values([
    // Network, access and portal questions are routed automatically; facilities (power, cooling, …) are picked from the queue.
    { groupId, userId: id('agent1@nordlys.example'), categories: ['network', 'access', 'portal'], languages: ['nb', 'en'] },
    { groupId, userId: id('agent2@nordlys.example'), categories: ['network', 'access', 'portal'], languages: ['en', 'de', 'ru'] },
  ]);
  const orgs = await db.select().from(organizations);
  const acme = orgs.find((o) => o.name === 'Acme Hosting AS');
  const globex = orgs.find((o) => o.name === 'Globex GmbH');
  const [business] = await db.select().from(slaPolicies).where(eq(slaPolicies.name, 'Business hours (Oslo)'));
  if (acme) await db.insert(ticketOrgSettings).values({ orgId: acme.id, slaPolicyId: null, serviceLevel: 4 });
  if (globex && business) await db.insert(ticketOrgSettings).values({ orgId: globex.id, slaPolicyId: business.id, serviceLevel: 2 });
  const cats = await db.select().from(ticketCategories);
  const cat = (key: string) => cats.find((c) => c.key === key)!.id;

  const sara = await ctxOf(db, 'sara@acme.example');
  const pdu = await createTicket(sara, {
    kind: 'incident',
    title: 'PDU B in rack A12 shows no load',
    description: 'Since 08:40 the **B feed** of rack A12 (cage 3, OSL1) reads 0 A. Servers run on feed A only.\n\nPlease check the breaker.',
    categoryId: cat('power'),
    urgency: 'critical',
    impact: 'many',
    site: 'OSL1 · Cage 3 · Rack A12',
  });
  const agent = await ctxOf(db, 'agent1@nordlys.example');
  await assignTicket(agent, pdu.id, { assigneeId: id('agent1@nordlys.example'), groupId });
  await addComment(agent, pdu.id, { body: 'Thank you, Sara. A technician is on the way to cage 3 to check breaker B-12.' });
  await addComment(agent, pdu.id, { body: 'Breaker B-12 tripped at 08:39; UPS log shows a load spike. Check the PSU of the 2U server in U14.', internal: true });

  const jonas = await ctxOf(db, 'jonas@acme.example');
  await createTicket(jonas, {
    kind: 'inquiry',
    title: 'Can we get two more cross-connects in the Meet-Me-Room?',
    description: 'We plan to connect to two more carriers in Q1. What are the lead time and the price?',
    categoryId: cat('network'),
    urgency: 'minor',
    impact: 'one',
  });
  const jana = await ctxOf(db, 'jana@globex.example');
  await createTicket(jana, {
    kind: 'safety_quality',
    title: 'Fluchtweg in Halle 2 mit Kartons verstellt',
    description: 'Vor der Notausgangstür in Halle 2 stehen seit gestern leere Kartons.',
    categoryId: cat('physical_security'),
    urgency: 'major',
    impact: 'many',
    site: 'OSL1 · Halle 2',
  });
}
