import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, expectFits, h1, launch, newContext, acceptInvitation } from './support.js';

/**
 * Issue 5, journey 3 — one search, only what the caller may see: Paul (Globex admin, invited by the
 * e2e setup) searches the header's spotlight (Ctrl+K) and the results page for the words of Acme's
 * ticket "PDU B in rack A12 shows no load" and never sees it, while his own organisation's ticket
 * and the catalogue are found. Spotlight and results page are accessible on a laptop and a phone.
 */
type Invited = { email: string; link: string };
const PASSWORD = 'e2e journey password 2026';
let browser: Browser;
let paul: BrowserContext;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());


const api = async (p: Page, q: string) => (await (await p.request.get(`/api/v1/search?q=${encodeURIComponent(q)}&limit=50`)).json()) as { items: { kind: string; title: string }[] };

describe('journey 3: a Globex user never finds Acme’s tickets or documents', () => {
  it('the spotlight finds Globex’s own ticket, never Acme’s with the same words', async () => {
    paul = await newContext(browser, inject('baseURL'));
    const page = await paul.newPage();
    await acceptInvitation(page, (inject('e2eStaff') as unknown as Record<string, Invited>).paul!.link, PASSWORD);
    // The user's language may be German (Globex's default): the page is driven by roles and the shortcut.
    await expect.poll(() => page.locator('.portico-search-button').isVisible()).toBe(true);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+K');
    const box = page.getByRole('dialog').getByRole('textbox');
    await expect.poll(() => box.count()).toBe(1);
    await box.fill('Fluchtweg Halle');
    const own = page.getByRole('dialog').getByRole('button', { name: /Fluchtweg in Halle 2/ });
    await expect.poll(() => own.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByRole('dialog').locator('mark').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.screenshot({ path: '/tmp/h4-spotlight.png' });

    await box.fill('PDU B in rack A12 shows no load');
    await new Promise((r) => setTimeout(r, 1500));
    // The footer repeats the query ("All results for …"): only the hits (Spotlight's actions) count.
    expect(await page.getByRole('dialog').locator('.mantine-Spotlight-action', { hasText: 'A12' }).count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('the results page and the API show no Acme ticket or document, whatever the words', async () => {
    const page = await paul.newPage();
    for (const q of ['PDU B in rack A12 shows no load', 'PDU rack A12', 'PDU rak A12 load', 'cross-connects Meet-Me-Room', 'Acme']) {
      const hits = await api(page, q);
      expect(hits.items.filter((h) => /rack A12|Meet-Me-Room|Acme/i.test(h.title)), q).toEqual([]);
      expect(hits.items.filter((h) => h.kind === 'ticket' || h.kind === 'document' || h.kind === 'order').map((h) => h.title).join(' '), q).not.toMatch(/A12|Meet-Me|Acme/);
    }
    await page.goto('/search?q=PDU%20rack%20A12');
    await expect.poll(() => h1(page)).not.toBe('');
    await expect.poll(() => page.getByRole('status').count()).toBeGreaterThan(0);
    expect(await page.getByText(/rack A12 shows no load/).count()).toBe(0);
    await page.goto('/search?q=Fluchtweg');
    await expect.poll(() => page.getByRole('link', { name: /Fluchtweg in Halle 2/ }).count(), { timeout: 15_000 }).toBe(1);
    await expectAccessible(page);
    await page.screenshot({ path: '/tmp/h4-search-page.png', fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await expectFits(page);
    await page.screenshot({ path: '/tmp/h4-search-page-375.png', fullPage: true });
  });
});
