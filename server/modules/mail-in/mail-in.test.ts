import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { uuidv7 } from 'uuidv7';
import { mailMessages } from '../../platform/mail.js';
import { dispatchPending } from '../../platform/outbox.js';
import { ticketCategories, ticketEvents, tickets } from '../tickets/tickets.tables.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { startInboundListener, type InboundListener } from './listener.js';
import { inboundMails } from './mail-in.tables.js';

/**
 * Replies by mail through a real SMTP conversation: nodemailer sends to the inbound listener
 * (smtp-server on an ephemeral port), which answers only once the mail has been handled, so each
 * test reads the outcome right after sending.
 */
type Signed = Awaited<ReturnType<typeof signedInUser>>;
let t: TestApp;
let inbound: InboundListener;
let customer: Signed;
let colleague: Signed; // same organisation, not on the ticket
let other: Signed; // another organisation
let agent: Signed;
let admin: Signed;
let categoryId: string;
const DOMAIN = 'localhost'; // PUBLIC_URL of the harness is http://localhost:3000

beforeAll(async () => {
  t = await createTestApp({ INBOUND_SMTP_PORT: '0' });
  inbound = await startInboundListener(t.deps, t.app.log);
  const provider = await createOrg(t, 'provider');
  const acme = await createOrg(t);
  const globex = await createOrg(t);
  [customer, colleague, other, agent, admin] = await Promise.all([
    signedInUser(t, acme.id, 'customer_user'),
    signedInUser(t, acme.id, 'customer_user'),
    signedInUser(t, globex.id, 'customer_user'),
    signedInUser(t, provider.id, 'provider_agent'),
    signedInUser(t, provider.id, 'provider_admin'),
  ]);
  categoryId = uuidv7();
  await t.deps.db.insert(ticketCategories).values({ id: categoryId, key: `mailin_${uniq()}`, names: { en: 'Mail in' } });
});
afterAll(async () => {
  await inbound?.close();
  await t?.close();
});

async function settle() {
  for (let i = 0; i < 100; i++) {
    const r = await dispatchPending(t.deps);
    if (r.processed + r.failed === 0) return;
  }
}

function send(mail: SendMailOptions) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inbound.port, secure: false, ignoreTLS: true });
  return transport.sendMail({ subject: 'Re: your ticket', ...mail }).finally(() => transport.close());
}

async function openTicket() {
  const res = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: customer.cookie, payload: { title: `UPS beeping ${uniq()}`, description: 'Rack B4.', categoryId, urgency: 'major', impact: 'few' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; ref: string };
}

/** The agent answers and waits for the customer; returns the mail the customer got about it. */
async function agentAsks(ticket: { id: string }) {
  const reply = await t.http({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/comments`, cookie: agent.cookie, payload: { body: 'Which outlet is it on?' } });
  expect(reply.statusCode, reply.body).toBe(201);
  const waiting = await t.http({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/status`, cookie: agent.cookie, payload: { status: 'waiting_for_customer' } });
  expect(waiting.statusCode, waiting.body).toBe(200);
  await settle();
  const mails = await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.to, customer.email), eq(mailMessages.template, 'notification.reply_to_customer')));
  const mail = mails.find((m) => m.messageId?.includes(ticket.id));
  expect(mail).toBeDefined();
  return mail!;
}

const comments = async (ticketId: string) =>
  (await t.deps.db.select().from(ticketEvents).where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.type, 'comment')))).filter((e) => e.actorId !== agent.id);
const logOf = async (messageId: string) => t.deps.db.select().from(inboundMails).where(eq(inboundMails.messageId, messageId));
const msgId = () => `<${uniq()}.${uniq()}@mail.example>`;

describe('ticket mail carries threading headers and a signed reply address', () => {
  it('Message-ID names the ticket, In-Reply-To/References the ticket root, Reply-To a token for this recipient', async () => {
    const ticket = await openTicket();
    const mail = await agentAsks(ticket);
    expect(mail.messageId).toBe(`<ticket.${ticket.id}.${mail.id}@${DOMAIN}>`);
    expect(mail.headers?.inReplyTo).toBe(`<ticket.${ticket.id}@${DOMAIN}>`);
    expect(mail.headers?.references).toBe(`<ticket.${ticket.id}@${DOMAIN}>`);
    expect(mail.headers?.replyTo).toMatch(new RegExp(`^reply\\+[a-z2-7]{42}@${DOMAIN}$`));
    expect(mail.headers!.replyTo!.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(mail.text).toContain('You can reply to this mail');
    // Staff mail carries no reply address: an agent answers in the portal (public reply or internal note).
    const staffMails = await t.deps.db.select().from(mailMessages).where(eq(mailMessages.to, agent.email));
    expect(staffMails.length).toBeGreaterThan(0);
    for (const m of staffMails) expect(m.headers?.replyTo).toBeUndefined();
  });
});

describe('a reply by mail', () => {
  it('becomes the sender’s public reply, quoted history stripped, and resumes a ticket waiting for the customer', async () => {
    const ticket = await openTicket();
    const mail = await agentAsks(ticket);
    const id = msgId();
    await send({
      from: `Customer <${customer.email.toUpperCase()}>`,
      to: mail.headers!.replyTo!,
      messageId: id,
      text: `It is outlet 7.\nThanks!\n\nOn Mon, 23 Nov 2026 at 14:00, Portico <portal@localhost> wrote:\n> Which outlet is it on?\n> \n\n-- \nCustomer\nAcme Hosting`,
    });
    const [c] = await comments(ticket.id);
    expect(c).toMatchObject({ actorId: customer.id, visibility: 'public', body: 'It is outlet 7.\nThanks!', data: { source: 'email' } });
    const [row] = await t.deps.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row!.status).toBe('in_progress');
    expect(row!.pauses.every((p) => p.to !== null)).toBe(true);
    const [log] = await logOf(id);
    expect(log).toMatchObject({ outcome: 'accepted', reason: null, matchedBy: 'token', ticketId: ticket.id, userId: customer.id, eventId: c!.id });
    // The customer sees it on the timeline as their reply, marked as coming by mail.
    const events = await t.http({ method: 'GET', url: `/api/v1/tickets/${ticket.id}/events`, cookie: customer.cookie });
    const shown = (events.json() as { items: { id: string; actor: { id: string } | null; data: Record<string, unknown> }[] }).items.find((e) => e.id === c!.id);
    expect(shown).toMatchObject({ actor: { id: customer.id }, data: { source: 'email' } });
    // The agent hears of it like of any customer reply.
    await settle();
    const told = await t.deps.db.select().from(mailMessages).where(and(eq(mailMessages.to, agent.email), eq(mailMessages.template, 'notification.reply_to_staff')));
    expect(told.some((m) => m.text.includes('It is outlet 7.') && !m.text.includes('Which outlet'))).toBe(true);
  });

  it('delivered twice adds one reply', async () => {
    const ticket = await openTicket();
    const mail = await agentAsks(ticket);
    const id = msgId();
    const one = { from: customer.email, to: mail.headers!.replyTo!, messageId: id, text: 'Outlet 9, sorry.' };
    await send(one);
    await send(one);
    expect(await comments(ticket.id)).toHaveLength(1);
    expect((await logOf(id)).map((l) => l.outcome).sort()).toEqual(['accepted', 'duplicate']);
  });

  it('finds its ticket by Message-ID threading when there is no token', async () => {
    const ticket = await openTicket();
    const mail = await agentAsks(ticket);
    const id = msgId();
    await send({ from: customer.email, to: `support@${DOMAIN}`, messageId: id, inReplyTo: mail.messageId!, references: [`<ticket.${ticket.id}@${DOMAIN}>`, mail.messageId!], text: 'Am 23.11.2026 um 14:00 schrieb Portico <portal@localhost>:\n> alt' });
    // Only the quote: nothing new to add.
    expect((await logOf(id))[0]).toMatchObject({ outcome: 'rejected', reason: 'empty' });
    const id2 = msgId();
    await send({ from: customer.email, to: `support@${DOMAIN}`, messageId: id2, inReplyTo: mail.messageId!, references: [`<ticket.${ticket.id}@${DOMAIN}>`, mail.messageId!], text: 'Steckdose 3.\n\nAm 23.11.2026 um 14:00 schrieb Portico <portal@localhost>:\n> alt' });
    const [c] = await comments(ticket.id);
    expect(c).toMatchObject({ actorId: customer.id, body: 'Steckdose 3.' });
    expect((await logOf(id2))[0]).toMatchObject({ outcome: 'accepted', matchedBy: 'thread' });
  });
});

describe('mail that creates nothing (logged, answered 250: no backscatter)', () => {
  let ticket: { id: string; ref: string };
  let replyTo: string;
  let ourMessageId: string;
  beforeAll(async () => {
    ticket = await openTicket();
    const mail = await agentAsks(ticket);
    replyTo = mail.headers!.replyTo!;
    ourMessageId = mail.messageId!;
  });

  const rejected = async (mail: SendMailOptions, reason: string) => {
    const id = msgId();
    const info = await send({ messageId: id, text: 'Let me in.', ...mail });
    expect(info.response).toMatch(/^250/);
    expect(await comments(ticket.id)).toHaveLength(0);
    const [log] = await logOf(id);
    expect(log).toMatchObject({ outcome: 'rejected', reason, eventId: null });
  };

  it('an unknown sender', () => rejected({ from: `stranger-${uniq()}@evil.example`, to: replyTo }, 'unknown_sender'));
  it('a user of another organisation with the customer’s reply address', () => rejected({ from: other.email, to: replyTo }, 'bad_token'));
  it('a user of another organisation threading onto the customer’s mail', () => rejected({ from: other.email, to: `support@${DOMAIN}`, inReplyTo: ourMessageId }, 'no_ticket'));
  it('a user of another organisation with a token of their own for this ticket', () => rejected({ from: other.email, to: t.deps.mailTokens.replyAddress(ticket.id, other.id) }, 'not_allowed'));
  it('a colleague not on the ticket with a token of their own', () => rejected({ from: colleague.email, to: t.deps.mailTokens.replyAddress(ticket.id, colleague.id) }, 'not_allowed'));
  it('a forged token', () => rejected({ from: customer.email, to: `reply+${'a'.repeat(42)}@${DOMAIN}` }, 'bad_token'));
  it('a token for another ticket’s id with the signature of this one', () => {
    const token = replyTo.slice('reply+'.length, replyTo.indexOf('@'));
    const tampered = `reply+${(token[0] === 'a' ? 'b' : 'a') + token.slice(1)}@${DOMAIN}`;
    return rejected({ from: customer.email, to: tampered }, 'bad_token');
  });
  it('a Message-ID of ours that was never sent to the sender', () => rejected({ from: customer.email, to: `support@${DOMAIN}`, inReplyTo: `<ticket.${ticket.id}.${uuidv7()}@${DOMAIN}>` }, 'no_ticket'));
  it('an agent (staff answer in the portal)', () => rejected({ from: agent.email, to: replyTo }, 'staff_sender'));
  it('an out-of-office reply', () => rejected({ from: customer.email, to: replyTo, headers: { 'Auto-Submitted': 'auto-replied' } }, 'auto_reply'));

  it('mail for another domain is refused in the SMTP dialogue (no open relay)', async () => {
    await expect(send({ from: customer.email, to: 'someone@elsewhere.example', text: 'relay?' })).rejects.toThrow(/550/);
  });

  it('provider admins list the log; customers and agents may not', async () => {
    const res = await t.http({ method: 'GET', url: '/api/v1/inbound-mail?outcome=rejected&limit=200', cookie: admin.cookie });
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: { reason: string; ticketId: string | null }[] }).items;
    expect(items.map((i) => i.reason)).toEqual(expect.arrayContaining(['unknown_sender', 'bad_token', 'not_allowed', 'no_ticket', 'staff_sender', 'auto_reply']));
    for (const who of [customer, agent]) expect((await t.http({ method: 'GET', url: '/api/v1/inbound-mail', cookie: who.cookie })).statusCode).toBe(403);
    const bad = await t.http({ method: 'GET', url: '/api/v1/inbound-mail?outcome=maybe', cookie: admin.cookie });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('outcome');
  });
});
