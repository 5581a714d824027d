import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, expectFits, h1, launch, newContext, acceptInvitation } from './support.js';

/**
 * Issue 5, journey 3 — one search, only what the caller may see: Paul (Globex admin, invited by the
 * e2e setup) searches the header's spotlight (Ctrl+K) and the results page for the words of Acme's
 * ticket "PDU B in rack A12 shows no load" and never sees it, while his own organisation's ticket
 * and the catalogue are found. Acme's demo documents (the operations manual, the colocation service
 * description; demo.ts) are found by Ada (an Acme user) in both places, and never by Paul with the
 * same words. Spotlight and results page are accessible on a laptop and a phone.
 */
type Invited = { email: string; link: string };
const PASSWORD = 'e2e journey password 2026';
let browser: Browser;
let paul: BrowserContext;
let ada: BrowserContext;
/** Words of Acme's demo documents: titles, and text only in the manual's PDF (extracted for search). */
const ACME_DOCS = ['Operations manual', 'Service description colocation', 'generators refuelled'];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

const api = async (p: Page, q: string) => (await (await p.request.get(`/api/v1/search?q=${encodeURIComponent(q)}&limit=50`)).json()) as { items: { kind: string; title: string }[] };

/** Opens the header's spotlight (Ctrl+K) and types the query; returns the dialog. */
async function spotlight(page: Page, q: string) {
  await expect.poll(() => page.locator('.portico-search-button').isVisible()).toBe(true);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  if (!(await page.getByRole('dialog').count())) await page.keyboard.press('Control+K');
  const box = page.getByRole('dialog').getByRole('textbox');
  await expect.poll(() => box.count()).toBe(1);
  await box.fill(q);
  return page.getByRole('dialog');
}

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

  it('an Acme user finds Acme’s documents in the spotlight and on the results page', async () => {
    ada = await newContext(browser, inject('baseURL'));
    const page = await ada.newPage();
    await acceptInvitation(page, (inject('e2eStaff') as unknown as Record<string, Invited>).ada!.link, PASSWORD);
    for (const q of ACME_DOCS) expect((await api(page, q)).items.filter((h) => h.kind === 'document').length, q).toBeGreaterThan(0);
    const dialog = await spotlight(page, 'Operations manual');
    const hit = dialog.getByRole('button', { name: /^Operations manual$/ });
    await expect.poll(() => hit.count(), { timeout: 15_000 }).toBe(1);
    await expectAccessible(page);
    // The hit opens the document library with the document's drawer.
    await hit.click();
    await page.waitForURL((u) => u.pathname === '/documents' && u.searchParams.has('doc'));
    await expect.poll(() => page.getByRole('dialog').getByText('Operations manual').count()).toBeGreaterThan(0);
    await page.goto('/search?q=generators%20refuelled');
    await expect.poll(() => page.getByRole('link', { name: /Operations manual/ }).count(), { timeout: 15_000 }).toBe(1);
    await page.goto('/search?q=Service%20description%20colocation');
    await expect.poll(() => page.getByRole('link', { name: /Service description: colocation/ }).count(), { timeout: 15_000 }).toBe(1);
    await expectAccessible(page);
  });

  it('a Globex user searching the same words never sees Acme’s documents, in the spotlight or on the results page', async () => {
    const page = await paul.newPage();
    for (const q of ACME_DOCS) expect((await api(page, q)).items.filter((h) => h.kind === 'document').map((h) => h.title), q).toEqual([]);
    await page.goto('/');
    for (const q of ACME_DOCS) {
      const dialog = await spotlight(page, q);
      // Wait for the answer (nothing found, or hits of other kinds), then look for the documents.
      await expect.poll(() => dialog.locator('.mantine-Spotlight-empty, .mantine-Spotlight-action').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 800));
      expect(await dialog.locator('.mantine-Spotlight-action', { hasText: /Operations manual|Service description|colocation/i }).count(), q).toBe(0);
    }
    await page.keyboard.press('Escape');
    for (const q of ACME_DOCS) {
      await page.goto(`/search?q=${encodeURIComponent(q)}`);
      await expect.poll(() => h1(page)).not.toBe('');
      await expect.poll(() => page.getByRole('status').count()).toBeGreaterThan(0);
      expect(await page.getByRole('link', { name: /Operations manual|Service description/ }).count(), q).toBe(0);
      expect(await page.locator('a[href*="/documents?"]').count(), q).toBe(0);
    }
  });
});
