import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dispatchPending } from '../../platform/outbox.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { kbArticles } from './kb.tables.js';

/**
 * Known errors (issue 5): a problem's workaround published as an article from the problem ticket's page;
 * readers see the linked incidents they may see (customers: their own organisation's only); a later
 * change of the workaround puts the article on its authors' review to-do list.
 */
let t: TestApp;
type User = Awaited<ReturnType<typeof signedInUser>>;
let agent: User;
let aUser: User;
let aUser2: User;
let aAdmin: User;
let bUser: User;
let cUser: User;
const tag = uniq();
const M = '/api/v1/kb/manage';
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  const orgA = await createOrg(t, 'customer', `KE Alpha ${tag}`);
  const orgB = await createOrg(t, 'customer', `KE Bravo ${tag}`);
  const orgC = await createOrg(t, 'customer', `KE Charlie ${tag}`);
  agent = await signedInUser(t, provider.id, 'provider_agent');
  aUser = await signedInUser(t, orgA.id, 'customer_user');
  aUser2 = await signedInUser(t, orgA.id, 'customer_user');
  aAdmin = await signedInUser(t, orgA.id, 'customer_admin');
  bUser = await signedInUser(t, orgB.id, 'customer_user');
  cUser = await signedInUser(t, orgC.id, 'customer_user');
  const cats = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: agent.cookie })).json() as { items: { id: string }[] };
  categoryId = cats.items[0]!.id;
});
afterAll(async () => t?.close());

type Ref = { id: string; ref: string };
async function ticket(cookie: string, payload: Record<string, unknown>): Promise<Ref> {
  const res = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie, payload: { description: 'Details.', categoryId, urgency: 'major', impact: 'few', ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Ref;
}
const problem = (title: string) => ticket(agent.cookie, { kind: 'problem', title: `${title} ${tag}`, impact: 'many' });
async function link(incident: Ref, p: Ref) {
  const res = await t.http({ method: 'POST', url: `/api/v1/tickets/${incident.id}/problem`, cookie: agent.cookie, payload: { problemId: p.id } });
  expect(res.statusCode, res.body).toBe(200);
}
const setWorkaround = (p: Ref, workaround: string | null) => t.http({ method: 'POST', url: `/api/v1/tickets/${p.id}/workaround`, cookie: agent.cookie, payload: { workaround } });
const lookup = (p: Ref, cookie = agent.cookie) => t.http({ method: 'GET', url: `${M}/known-errors?problemId=${p.id}`, cookie });
const publishAsKnownError = (p: Ref, cookie = agent.cookie) => t.http({ method: 'POST', url: `${M}/known-errors`, cookie, payload: { problemId: p.id } });
type Reader = { kind: string; problem: { id: string; ref: string } | null; incidents: { id: string; ref: string; title: string; status: string }[] };
const read = async (id: string, cookie: string) => {
  const res = await t.http({ method: 'GET', url: `/api/v1/kb/articles/${id}`, cookie });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Reader;
};
async function publish(id: string) {
  expect((await t.http({ method: 'POST', url: `${M}/articles/${id}/submit`, cookie: agent.cookie })).statusCode).toBe(200);
  expect((await t.http({ method: 'POST', url: `${M}/articles/${id}/publish`, cookie: agent.cookie })).statusCode).toBe(200);
}

describe('publishing a known error from the problem ticket', () => {
  it('answers 422 for a problem without a workaround and for a ticket that is no problem, creating nothing', async () => {
    const p = await problem('No workaround yet');
    const res = await publishAsKnownError(p);
    expect(res.statusCode).toBe(422);
    expect((res.json() as { errors: { path: string }[] }).errors[0]!.path).toBe('problemId');
    expect((await lookup(p)).json()).toEqual({ article: null });
    const inc = await ticket(aUser.cookie, { title: `Not a problem ${tag}` });
    const notProblem = await t.http({ method: 'POST', url: `${M}/known-errors`, cookie: agent.cookie, payload: { problemId: inc.id } });
    expect(notProblem.statusCode).toBe(422);
    expect((notProblem.json() as { errors: { path: string }[] }).errors[0]!.path).toBe('problemId');
    expect(await t.deps.db.select().from(kbArticles).where(eq(kbArticles.problemId, inc.id))).toEqual([]);
  });

  it('creates the draft once (409 on a second), which the lookup then names with its status', async () => {
    const p = await problem('Cooling alarm flaps');
    expect((await setWorkaround(p, 'Acknowledge the alarm twice.')).statusCode).toBe(200);
    expect((await lookup(p)).json()).toEqual({ article: null });
    const created = await publishAsKnownError(p);
    expect(created.statusCode, created.body).toBe(201);
    const article = created.json() as { id: string; kind: string; status: string; problem: { id: string } };
    expect(article).toMatchObject({ kind: 'known_error', status: 'draft', problem: { id: p.id } });
    expect((await lookup(p)).json()).toEqual({ article: { id: article.id, title: `Cooling alarm flaps ${tag}`, status: 'draft', draftStatus: 'draft', reviewDue: false } });
    const again = await publishAsKnownError(p);
    expect(again.statusCode).toBe(409);
    expect((await t.deps.db.select().from(kbArticles).where(eq(kbArticles.problemId, p.id))).length).toBe(1);
    await publish(article.id);
    expect((await lookup(p)).json()).toMatchObject({ article: { id: article.id, status: 'published', draftStatus: null } });
  });

  it('is for authors only: customers get 403 on the lookup and the publish, bad ids a 400 naming the field', async () => {
    const p = await problem('Authors only');
    expect((await lookup(p, aAdmin.cookie)).statusCode).toBe(403);
    expect((await publishAsKnownError(p, aAdmin.cookie)).statusCode).toBe(403);
    const bad = await t.http({ method: 'GET', url: `${M}/known-errors?problemId=nope`, cookie: agent.cookie });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { path: string }[] }).errors[0]!.path).toContain('problemId');
  });
});

describe('reading a known error', () => {
  let p: Ref;
  let a1: Ref;
  let a2: Ref;
  let b1: Ref;
  let articleId: string;
  beforeAll(async () => {
    p = await problem('PDU firmware resets');
    a1 = await ticket(aUser.cookie, { title: `Alpha PDU rebooted ${tag}` });
    a2 = await ticket(aUser2.cookie, { title: `Alpha PDU again ${tag}` });
    b1 = await ticket(bUser.cookie, { title: `Bravo PDU rebooted ${tag}` });
    for (const i of [a1, a2, b1]) await link(i, p);
    await setWorkaround(p, 'Pin the PDU firmware to 2.3 until the fix ships.');
    articleId = ((await publishAsKnownError(p)).json() as { id: string }).id;
    await publish(articleId);
  });

  it('shows staff the problem and every linked incident', async () => {
    const r = await read(articleId, agent.cookie);
    expect(r.problem).toEqual({ id: p.id, ref: p.ref });
    expect(r.incidents.map((i) => i.ref)).toEqual([a1.ref, a2.ref, b1.ref]);
    expect(r.incidents[0]).toMatchObject({ id: a1.id, title: `Alpha PDU rebooted ${tag}`, status: 'new' });
  });

  it('shows a customer only the incidents they may see, never the problem nor another organisation’s', async () => {
    const mine = await read(articleId, aUser.cookie);
    expect(mine).toMatchObject({ kind: 'known_error', problem: null });
    expect(mine.incidents.map((i) => i.ref)).toEqual([a1.ref]);
    // The organisation's reader (tickets.read_org) sees both of Alpha's, still none of Bravo's.
    expect((await read(articleId, aAdmin.cookie)).incidents.map((i) => i.ref)).toEqual([a1.ref, a2.ref]);
    expect((await read(articleId, bUser.cookie)).incidents.map((i) => i.ref)).toEqual([b1.ref]);
    expect(await read(articleId, cUser.cookie)).toMatchObject({ problem: null, incidents: [] });
  });
});

describe('a changed workaround', () => {
  it('puts the known-error article on the review to-do list until it is reviewed', async () => {
    const p = await problem('Badge readers offline');
    await setWorkaround(p, 'Use the intercom at the gate.');
    const id = ((await publishAsKnownError(p)).json() as { id: string }).id;
    await publish(id);
    await dispatchPending(t.deps);
    type Manage = { items: { id: string; reviewDue: boolean; reviewReason: string | null }[] };
    const todo = async () => ((await t.http({ method: 'GET', url: `${M}/articles?due=true`, cookie: agent.cookie })).json() as Manage).items.find((i) => i.id === id);
    expect(await todo()).toBeUndefined();

    expect((await setWorkaround(p, 'Use the intercom at the gate, or call the NOC.')).statusCode).toBe(200);
    await dispatchPending(t.deps);
    expect(await todo()).toMatchObject({ reviewDue: true, reviewReason: 'workaround_changed' });
    expect((await lookup(p)).json()).toMatchObject({ article: { id, reviewDue: true } });

    expect((await t.http({ method: 'POST', url: `${M}/articles/${id}/reviewed`, cookie: agent.cookie })).statusCode).toBe(200);
    expect(await todo()).toBeUndefined();
    expect((await lookup(p)).json()).toMatchObject({ article: { id, reviewDue: false } });
  });

  it('leaves other articles alone', async () => {
    const p = await problem('Unrelated problem');
    await setWorkaround(p, 'Nothing to do.');
    const other = await t.http({ method: 'POST', url: `${M}/articles`, cookie: agent.cookie, payload: { mainLang: 'en', visibility: 'customers', variants: { en: { title: `Plain ${tag}`, body: 'Text.' } } } });
    const id = (other.json() as { id: string }).id;
    await setWorkaround(p, 'Still nothing to do.');
    await dispatchPending(t.deps);
    const [row] = await t.deps.db.select().from(kbArticles).where(eq(kbArticles.id, id));
    expect(row!.reviewRequestedAt).toBeNull();
  });
});
