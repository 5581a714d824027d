import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { auditLog } from '../../platform/audit.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { slaPolicies, supportGroups, ticketCategories } from './tickets.tables.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let admin: Signed;
let agent: Signed;
let customerAdmin: Signed;
let orgId: string;
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: 'error' });
  const provider = await createOrg(t, 'provider');
  orgId = (await createOrg(t)).id;
  [admin, agent, customerAdmin] = await Promise.all([signedInUser(t, provider.id, 'provider_admin'), signedInUser(t, provider.id, 'provider_agent'), signedInUser(t, orgId, 'customer_admin')]);
  categoryId = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: customerAdmin.cookie })).json().items[0].id;
});
afterAll(async () => t?.close());

const call = (who: Signed, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) => t.http({ method, url, cookie: who.cookie, payload: payload as Record<string, unknown> });
const openTicket = async (urgency = 'minor', impact = 'one') => {
  const res = await call(customerAdmin, 'POST', '/api/v1/tickets', { title: 'Config test ticket', description: 'x', categoryId, urgency, impact });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

describe('ticket settings', () => {
  it('a provider admin edits the priority matrix and it applies to new tickets; others may not; bad input names the cell', async () => {
    const current = (await call(customerAdmin, 'GET', '/api/v1/ticket-settings')).json();
    expect(current.reopenDays).toBeGreaterThan(0);
    expect((await openTicket()).priority).toBe(current.priorityMatrix.minor.one);
    for (const who of [customerAdmin, agent]) expect((await call(who, 'PUT', '/api/v1/ticket-settings', { reopenDays: 3 })).statusCode).toBe(403);
    const bad = await call(admin, 'PUT', '/api/v1/ticket-settings', { priorityMatrix: { ...current.priorityMatrix, minor: { ...current.priorityMatrix.minor, one: 'P9' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toContain('minor.one');
    const matrix = { ...current.priorityMatrix, minor: { ...current.priorityMatrix.minor, one: 'P3' } };
    const ok = await call(admin, 'PUT', '/api/v1/ticket-settings', { priorityMatrix: matrix, reopenDays: 10 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await openTicket()).priority).toBe('P3');
    const audited = await t.deps.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'tickets.settings_changed'));
    expect(Number(audited[0]!.n)).toBeGreaterThanOrEqual(1);
    // Restore for other tests sharing a database (through the API, which also drops this process's cached settings).
    expect((await call(admin, 'PUT', '/api/v1/ticket-settings', { priorityMatrix: current.priorityMatrix, reopenDays: current.reopenDays })).statusCode).toBe(200);
  });

  it('categories: added with names per language, duplicates refused, retired ones not offered to customers', async () => {
    const key = `fire_${uniq()}`;
    const bad = await call(admin, 'POST', '/api/v1/ticket-categories', { key: 'Fire Safety!', names: { de: 'Brandschutz' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.key', 'body.names']);
    const created = await call(admin, 'POST', '/api/v1/ticket-categories', { key, names: { en: 'Fire safety', de: 'Brandschutz', nb: 'Brannsikkerhet', ru: 'Пожарная безопасность' } });
    expect(created.statusCode, created.body).toBe(201);
    expect((await call(admin, 'POST', '/api/v1/ticket-categories', { key, names: { en: 'Again' } })).statusCode).toBe(409);
    expect((await call(customerAdmin, 'POST', '/api/v1/ticket-categories', { key: `x_${uniq()}`, names: { en: 'X' } })).statusCode).toBe(403);
    const id = created.json().id;
    expect((await call(admin, 'PATCH', `/api/v1/ticket-categories/${id}`, { active: false })).statusCode).toBe(200);
    const offered = (await call(customerAdmin, 'GET', '/api/v1/ticket-categories')).json().items.map((c: { id: string }) => c.id);
    expect(offered).not.toContain(id);
    const useRetired = await call(customerAdmin, 'POST', '/api/v1/tickets', { title: 'Retired category', description: 'x', categoryId: id, urgency: 'minor', impact: 'one' });
    expect(useRetired.statusCode).toBe(400);
    expect(useRetired.json().errors[0].path).toBe('body.categoryId');
    await t.deps.db.delete(ticketCategories).where(eq(ticketCategories.id, id));
  });
});

describe('SLA policies per customer', () => {
  it('a customer on a business-hours policy gets due times from its calendar; bad calendars are refused naming the field', async () => {
    const week = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '08:00', end: '16:00' }]]));
    const targets = { P1: { firstResponseMinutes: 60, resolutionMinutes: 240 }, P2: { firstResponseMinutes: 120, resolutionMinutes: 480 }, P3: { firstResponseMinutes: 240, resolutionMinutes: 960 }, P4: { firstResponseMinutes: 480, resolutionMinutes: 2400 } };
    const badZone = await call(admin, 'POST', '/api/v1/sla-policies', { name: `Bad ${uniq()}`, calendar: { timeZone: 'Mars/Olympus', hours: week, holidays: [] }, targets });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().errors[0].path).toBe('body.calendar.timeZone');
    const inverted = await call(admin, 'POST', '/api/v1/sla-policies', { name: `Bad ${uniq()}`, calendar: { timeZone: 'Europe/Berlin', hours: week, holidays: [] }, targets: { ...targets, P1: { firstResponseMinutes: 500, resolutionMinutes: 240 } } });
    expect(inverted.json().errors[0].path).toBe('body.targets.P1.firstResponseMinutes');
    const name = `Office hours ${uniq()}`;
    const policy = await call(admin, 'POST', '/api/v1/sla-policies', { name, calendar: { timeZone: 'Europe/Berlin', hours: week, holidays: [] }, targets });
    expect(policy.statusCode, policy.body).toBe(201);
    expect((await call(agent, 'PUT', `/api/v1/orgs/${orgId}/ticket-settings`, { slaPolicyId: policy.json().id, serviceLevel: 5 })).statusCode).toBe(403);
    const set = await call(admin, 'PUT', `/api/v1/orgs/${orgId}/ticket-settings`, { slaPolicyId: policy.json().id, serviceLevel: 5 });
    expect(set.statusCode, set.body).toBe(200);
    expect((await call(agent, 'GET', `/api/v1/orgs/${orgId}/ticket-settings`)).json()).toEqual({ slaPolicyId: policy.json().id, serviceLevel: 5 });
    expect((await call(customerAdmin, 'GET', `/api/v1/orgs/${orgId}/ticket-settings`)).statusCode).toBe(403);
    const tk = await openTicket('blocker', 'organisation');
    expect(tk.sla.policy).toBe(name);
    expect(tk.sla.firstResponse.targetMinutes).toBe(60);
    // The due time falls inside Berlin office hours on a weekday.
    const due = new Date(tk.sla.firstResponse.dueAt);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(due);
    expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) (0[89]|1[0-6]):\d\d$/);
    await t.deps.db.update(slaPolicies).set({ isDefault: false }).where(and(eq(slaPolicies.name, name)));
  });
});

describe('support groups', () => {
  it('takes only provider staff as lead and members, lists them for staff, refuses customers', async () => {
    const name = `Network team ${uniq()}`;
    const bad = await call(admin, 'POST', '/api/v1/support-groups', { name, leadId: customerAdmin.id, members: [{ userId: agent.id }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.leadId');
    const badMember = await call(admin, 'POST', '/api/v1/support-groups', { name, leadId: agent.id, members: [{ userId: customerAdmin.id }] });
    expect(badMember.json().errors[0].path).toBe('body.members.0.userId');
    const created = await call(admin, 'POST', '/api/v1/support-groups', { name, leadId: agent.id, members: [{ userId: agent.id, categories: ['network'], languages: ['en', 'nb'] }] });
    expect(created.statusCode, created.body).toBe(201);
    const listed = (await call(agent, 'GET', '/api/v1/support-groups')).json().items.find((g: { id: string }) => g.id === created.json().id);
    expect(listed).toMatchObject({ name, lead: { id: agent.id }, members: [{ userId: agent.id, categories: ['network'], languages: ['en', 'nb'] }] });
    expect((await call(customerAdmin, 'GET', '/api/v1/support-groups')).statusCode).toBe(403);
    await t.deps.db.delete(supportGroups).where(eq(supportGroups.id, created.json().id));
  });
});
