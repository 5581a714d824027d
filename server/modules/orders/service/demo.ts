import { and, count, eq, sql } from 'drizzle-orm';
import type { AuthedCtx } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/client.js';
import type { AppDeps } from '../../../platform/deps.js';
import { organizations } from '../../../platform/tenancy.js';
import { activeOrgMembers, loadActor } from '../../identity/index.js';
import { entitledLocations } from '../../sites/index.js';
import { orderApprovals, orderEvents, orders, orderTasks } from '../orders.tables.js';
import { orderRegistry } from '../registry.js';
import { createOrder, decideOrder, updateTask } from './lifecycle.js';

const HOUR = 3_600_000;

/** Tomorrow (or the day after) at a whole hour, UTC: a start the forms accept as "in the future". */
const ahead = (now: Date, days: number, hour: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour)).toISOString();

/**
 * Demo orders of the demo customer "Acme Hosting AS" (idempotent: skipped when Acme has orders), made
 * through the same service functions the API calls, so timelines, approvals, tasks, grants, audit and
 * outbox are what real use leaves behind: a smart-hands request waiting for the admin's approval, a
 * cleaning order in fulfilment, cables delivered (completed), an approved work visit (its grant is
 * upcoming) and a draft. Needs the demo catalogue (`items`: ids by key) and Acme's entitled locations.
 */
export async function seedOrdersDemo(deps: AppDeps, items: Map<string, string>, now = new Date()): Promise<number> {
  const { db } = deps;
  const [acme] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, 'Acme Hosting AS'));
  if (!acme) return 0;
  const [have] = await db.select({ n: count() }).from(orders).where(eq(orders.orgId, acme.id));
  if (Number(have?.n ?? 0) > 0) return 0;
  const [provider] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.kind, 'provider'));
  const members = await activeOrgMembers(db, acme.id);
  const staff = provider ? await activeOrgMembers(db, provider.id) : [];
  const admin = members.find((u) => u.role === 'customer_admin');
  const requester = members.find((u) => u.email === 'sara@acme.example') ?? members.find((u) => u.role === 'customer_user');
  const user = members.find((u) => u.email === 'jonas@acme.example') ?? requester;
  const agent = staff.find((u) => u.role === 'provider_agent');
  const places = (await entitledLocations(db, acme.id)).filter((l) => l.kind !== 'rack');
  const cage = places.find((l) => l.kind === 'cage' && l.code === 'A01') ?? places.find((l) => l.kind === 'cage') ?? places[0];
  if (!admin || !requester || !user || !agent || !cage) return 0;

  const ctxOf = async (userId: string): Promise<AuthedCtx> => {
    const loaded = await loadActor(db, userId);
    if (!loaded) throw new Error(`demo user ${userId} cannot act`);
    // A service call made by the seed on a demo user's behalf: the audit log names the seed as the agent.
    return { db, actor: loaded.actor, via: 'none', sessionId: null, mfa: 'ok', requestId: `seed-${userId}`, ip: null, userAgent: 'demo seed', log: silentLog };
  };
  const registry = orderRegistry(deps);
  const order = async (who: string, key: string, values: Record<string, unknown>, submit = true) => {
    const itemId = items.get(key);
    if (!itemId) throw new Error(`no demo catalogue item ${key}`);
    return createOrder(await ctxOf(who), registry, { itemId, values, submit });
  };
  const finishTasks = async (orderId: string, taskIds: string[]) => {
    for (const id of taskIds) await updateTask(await ctxOf(agent.id), orderId, id, { status: 'done', assigneeId: agent.id });
  };

  // Cables (no approval): straight into fulfilment, delivered by the agent.
  const cables = await order(user.id, 'cables-consumables', { articles: ['patch_cat6a', 'blanking'], quantity: 12, length: '2m', location: [cage.id], notes: 'Blue patch cables, please.' });
  await finishTasks(cables.id, cables.tasks.map((t) => t.id));
  await backdate(db, acme.id, cables.id, 6 * 24 + 5);
  // Cleaning: approved by the admin, the agent has started.
  const cleaning = await order(requester.id, 'cleaning', { scope: ['packaging', 'floor'], location: [cage.id], notes: 'Cardboard from last week’s installation.' });
  const approved = await decideOrder(await ctxOf(admin.id), registry, deps.mailTokens, cleaning.id, { decision: 'approve', comment: 'Yes, please.' });
  if (approved.tasks[0]) await updateTask(await ctxOf(agent.id), cleaning.id, approved.tasks[0].id, { status: 'in_progress', assigneeId: agent.id });
  await backdate(db, acme.id, cleaning.id, 2 * 24 + 3);
  // Smart hands: waits for the admin's approval.
  const hands = await order(user.id, 'smart-hands', { requestType: 'reboot', urgency: 'standard', start: ahead(now, 1, 8), location: [cage.id], instructions: 'Power-cycle the firewall at U40 of our first rack; it no longer answers on the console.' });
  await backdate(db, acme.id, hands.id, 3);
  // A work visit for a contractor, approved by the provider: its grant is upcoming.
  const visitor = { name: 'Mette Fiber', company: 'Oslo Fibernett AS', email: 'mette@oslofibernett.example', phone: '+47 911 22 333' };
  const visit = await order(requester.id, 'work-visit', { locations: [cage.id], window: { start: ahead(now, 2, 7), end: ahead(now, 3, 15) }, visitors: [visitor], purpose: 'installation', escort: false });
  await decideOrder(await ctxOf(agent.id), registry, deps.mailTokens, visit.id, { decision: 'approve', comment: 'Registered at the security desk.' });
  await backdate(db, acme.id, visit.id, 26);
  // A draft the admin has not sent yet.
  await order(admin.id, 'something-else', { subject: 'Extra shelf for cage A01', location: [cage.id], description: 'Could we get a second shelf in the cage for spare parts?' }, false);
  return 5;
}

/**
 * Moves a demo order's whole history `hours` into the past, so the demo's orders were not all placed in
 * the same minute (the service functions stamp "now"). Its steps keep their order and spacing.
 */
async function backdate(db: Db, orgId: string, orderId: string, hours: number) {
  const back = <T>(col: T) => sql`${col} - make_interval(hours => ${hours})`;
  await db.transaction(async (tx) => {
    await tx
      .update(orders)
      .set({
        createdAt: back(orders.createdAt),
        updatedAt: back(orders.updatedAt),
        submittedAt: back(orders.submittedAt),
        decidedAt: back(orders.decidedAt),
        fulfilmentStartedAt: back(orders.fulfilmentStartedAt),
        completedAt: back(orders.completedAt),
      })
      .where(and(eq(orders.orgId, orgId), eq(orders.id, orderId)));
    await tx.update(orderEvents).set({ createdAt: back(orderEvents.createdAt) }).where(and(eq(orderEvents.orgId, orgId), eq(orderEvents.orderId, orderId)));
    await tx.update(orderApprovals).set({ createdAt: back(orderApprovals.createdAt), decidedAt: back(orderApprovals.decidedAt) }).where(and(eq(orderApprovals.orgId, orgId), eq(orderApprovals.orderId, orderId)));
    await tx.update(orderTasks).set({ createdAt: back(orderTasks.createdAt), updatedAt: back(orderTasks.updatedAt), doneAt: back(orderTasks.doneAt) }).where(and(eq(orderTasks.orgId, orgId), eq(orderTasks.orderId, orderId)));
  });
}

const noop = () => undefined;
const silentLog = { info: noop, warn: noop, error: noop, debug: noop, trace: noop, fatal: noop, silent: noop, level: 'silent', child: () => silentLog } as unknown as AuthedCtx['log'];
