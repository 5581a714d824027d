import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createTestApp, signedInUser, type TestApp } from '../../../test/support/harness.js';

type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let agent: Signed;
let customer: Signed;
let colleague: Signed;
let other: Signed;
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  const org = await createOrg(t);
  [agent, customer, colleague, other] = await Promise.all([
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, org.id, 'customer_admin'),
    signedInUser(t, org.id, 'customer_user'),
    signedInUser(t, (await createOrg(t)).id, 'customer_admin'),
  ]);
  categoryId = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: customer.cookie })).json().items[0].id;
});
afterAll(async () => t?.close());

const open = async (who: Signed, title = 'Cross-connect down') =>
  (await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: who.cookie, payload: { title, description: 'x', categoryId, urgency: 'major', impact: 'few' } })).json();

describe('bulk update', () => {
  it('applies one change to many tickets through the ordinary rules and reports each one', async () => {
    const a = await open(customer);
    const b = await open(customer);
    const closed = await open(customer);
    await t.http({ method: 'POST', url: `/api/v1/tickets/${closed.id}/status`, cookie: agent.cookie, payload: { status: 'resolved', resolutionCode: 'fixed' } });
    await t.http({ method: 'POST', url: `/api/v1/tickets/${closed.id}/status`, cookie: agent.cookie, payload: { status: 'closed' } });
    const res = await t.http({ method: 'POST', url: '/api/v1/tickets/bulk', cookie: agent.cookie, payload: { ids: [a.id, b.id, closed.id], status: 'waiting_for_customer', assigneeId: agent.id } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results).toEqual([
      { id: a.id, ok: true },
      { id: b.id, ok: true },
      expect.objectContaining({ id: closed.id, ok: false, code: 'TICKET_CLOSED' }),
    ]);
    for (const id of [a.id, b.id]) {
      const tk = (await t.http({ method: 'GET', url: `/api/v1/tickets/${id}`, cookie: customer.cookie })).json();
      expect(tk).toMatchObject({ status: 'waiting_for_customer', assignee: { id: agent.id } });
    }
    expect((await t.http({ method: 'POST', url: '/api/v1/tickets/bulk', cookie: customer.cookie, payload: { ids: [a.id], status: 'closed' } })).statusCode).toBe(403);
    const empty = await t.http({ method: 'POST', url: '/api/v1/tickets/bulk', cookie: agent.cookie, payload: { ids: [a.id] } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('body.status');
  });
});

describe('merging duplicates', () => {
  it('resolves the duplicate as such, points to the ticket that stays, and its people follow', async () => {
    const keep = await open(customer, 'Cross-connect XC-1042 down');
    const dup = await open(colleague, 'XC-1042 no light');
    const res = await t.http({ method: 'POST', url: `/api/v1/tickets/${dup.id}/merge`, cookie: agent.cookie, payload: { intoId: keep.id } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().watchers.map((w: { id: string }) => w.id)).toContain(colleague.id);
    const gone = (await t.http({ method: 'GET', url: `/api/v1/tickets/${dup.id}`, cookie: colleague.cookie })).json();
    expect(gone).toMatchObject({ status: 'resolved', resolutionCode: 'duplicate' });
    const events = (await t.http({ method: 'GET', url: `/api/v1/tickets/${dup.id}/events`, cookie: colleague.cookie })).json().items;
    expect(events.at(-1)).toMatchObject({ type: 'resolved', data: { mergedInto: { id: keep.id, ref: keep.ref } } });
    // The colleague now sees the ticket that stays (as a watcher).
    expect((await t.http({ method: 'GET', url: `/api/v1/tickets/${keep.id}`, cookie: colleague.cookie })).statusCode).toBe(200);
    const again = await t.http({ method: 'POST', url: `/api/v1/tickets/${dup.id}/merge`, cookie: agent.cookie, payload: { intoId: keep.id } });
    expect(again.statusCode).toBe(409);
  });

  it('refuses merging across organisations, into itself, and by customers', async () => {
    const mine = await open(customer);
    const theirs = await open(other);
    const across = await t.http({ method: 'POST', url: `/api/v1/tickets/${mine.id}/merge`, cookie: agent.cookie, payload: { intoId: theirs.id } });
    expect(across.statusCode).toBe(400);
    expect(across.json().errors[0].path).toBe('body.intoId');
    expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${mine.id}/merge`, cookie: agent.cookie, payload: { intoId: mine.id } })).statusCode).toBe(400);
    expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${mine.id}/merge`, cookie: customer.cookie, payload: { intoId: theirs.id } })).statusCode).toBe(403);
    expect((await t.http({ method: 'GET', url: `/api/v1/tickets/${mine.id}`, cookie: customer.cookie })).json().status).toBe('new');
  });
});
