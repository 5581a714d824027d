import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import AxeBuilder from '@axe-core/playwright';
import * as OTPAuth from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const DEMO_PASSWORD = 'portico-demo-2026';

/** Debian's Chromium (CHROME_PATH or /usr/bin/chromium), headless, with the flags this sandbox needs. */
export async function launch(): Promise<Browser> {
  const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}: apt-get install -y chromium, or set CHROME_PATH`);
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

let contexts = 0;
/**
 * A browser of its own: each context comes from an address of its own (X-Forwarded-For; the journeys'
 * server trusts its proxy, as behind a load balancer), so that the people of all journeys, signing in
 * and enrolling within minutes, are not one client to the per-address sign-in and two-factor limits.
 */
export async function newContext(browser: Browser, baseURL: string, width = 1280): Promise<BrowserContext> {
  contexts++;
  const address = `10.${90 + (process.pid % 10)}.${Math.floor(contexts / 250) % 250}.${1 + (contexts % 250)}`;
  return browser.newContext({ baseURL, viewport: { width, height: Math.round(width * 0.7) }, locale: 'en-GB', extraHTTPHeaders: { 'x-forwarded-for': address } });
}

export const totp = (secret: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret.replace(/\s+/g, '')) }).generate();

/** Runs axe on the page; fails on serious or critical violations, naming them. */
export async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')})`)).toEqual([]);
}

/** The page's one level-1 heading, once it is there. */
export async function h1(page: Page) {
  await expect.poll(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
  return (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
}

/**
 * Fails when the page scrolls sideways (a phone must never need to). Polled for a few seconds: right
 * after a viewport change the layout (Mantine's media queries and text wrapping) settles a frame later.
 */
export async function expectFits(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), { message: `${page.url()} scrolls sideways`, timeout: 5_000 })
    .toBeLessThanOrEqual(0);
}

/**
 * Password step, then TOTP enrolment, in whatever language the user has chosen (fields are found by
 * what they are). Returns the secret so later sign-ins can compute codes.
 */
export async function signInAndEnrolTotp(page: Page, email: string, password = DEMO_PASSWORD): Promise<string> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/enrol');
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.keyboard.press('Enter');
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
  await page.locator('input[autocomplete="one-time-code"]').fill(totp(secret));
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/');
  return secret;
}

/**
 * Each path at laptop and phone width: its heading (returned per `path@width`), axe, no sideways
 * scrolling. E2E_SHOTS=dir keeps a screenshot of each for a human to look at.
 */
export async function sweep(ctx: BrowserContext, paths: string[], shotPrefix = '') {
  const seen: Record<string, string> = {};
  for (const width of [1280, 375]) {
    const page = await ctx.newPage();
    await page.setViewportSize({ width, height: Math.round(width * 1.6) });
    for (const path of paths) {
      await page.goto(path);
      // Not 'networkidle': every signed-in page keeps its live-event stream open.
      await page.waitForLoadState('load');
      seen[`${path}@${width}`] = await h1(page);
      await expectAccessible(page);
      await expectFits(page);
      if (process.env.E2E_SHOTS) await page.screenshot({ path: `${process.env.E2E_SHOTS}/${shotPrefix}${path.replace(/[^\w]+/g, '_')}-${width}.png`, fullPage: true });
    }
    await page.close();
  }
  return seen;
}

/**
 * Every mail Portico sent to this address so far, oldest first, parsed (subject, text, headers such as
 * Reply-To and Message-ID). Mail goes out within a few seconds (the SMTP pump runs every 3 s): poll.
 */
export async function readMails(to: string): Promise<ParsedMail[]> {
  const dir = inject('mailDir');
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  const mails = await Promise.all(files.map(async (f) => simpleParser(readFileSync(path.join(dir, f)))));
  const want = to.toLowerCase();
  const addresses = (a: ParsedMail['to']) => (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address?.toLowerCase()));
  return mails.filter((m) => addresses(m.to).includes(want));
}

/** Sends a mail to Portico's inbound SMTP listener (a reply by mail), as a mail client would. */
export async function sendToPortico(mail: SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inject('inboundSmtpPort'), secure: false, ignoreTLS: true });
  try {
    await transport.sendMail(mail);
  } finally {
    transport.close();
  }
}

/**
 * Accepts an invitation as the invited person does: sets `password`, enrols TOTP with the shown secret
 * and lands on the home page. Returns the TOTP secret (for signing in again later).
 */
export async function acceptInvitation(p: Page, link: string, password: string): Promise<string> {
  await p.goto(new URL(link).pathname);
  await p.getByRole('textbox', { name: 'New password', exact: true }).fill(password);
  await p.getByRole('textbox', { name: 'Repeat the password', exact: true }).fill(password);
  await p.getByRole('button', { name: 'Set password and continue' }).click();
  await p.waitForURL('**/enrol');
  await p.locator('input[autocomplete="current-password"]').fill(password);
  await p.keyboard.press('Enter');
  const secret = (await p.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
  await p.locator('input[autocomplete="one-time-code"]').fill(totp(secret));
  await p.keyboard.press('Enter');
  await p.waitForURL((u) => u.pathname === '/');
  return secret;
}
