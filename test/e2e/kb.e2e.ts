import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, expectFits, h1, launch, newContext, acceptInvitation } from './support.js';

/**
 * Issue 5, journey 1 — the knowledge base: Kari, an agent (invited by the e2e setup), writes an article
 * in English and German in the editor (live preview), sends it for review and publishes it to all
 * customers. Heidi, an Acme user who reads in German, searches the knowledge base for a German word of
 * its title with a typo, finds it and reads the German text (no language note). A visitor who is not
 * signed in does not find it (it is for customers only).
 */
type Invited = { email: string; link: string };
const PASSWORD = 'e2e journey password 2026';
const EN = { title: 'Backup generator: monthly test runs', body: 'Each backup generator runs for **30 minutes** on the first Tuesday of the month.\n\n> [!NOTE]\n> Your racks stay on UPS power during the switchover.' };
const DE = { title: 'Notstromaggregat: monatliche Testläufe', body: 'Jedes Notstromaggregat läuft am ersten Dienstag des Monats **30 Minuten**.\n\n> [!NOTE]\n> Ihre Racks bleiben während der Umschaltung an der USV.' };
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());


describe('journey 1: an article in two languages, found by a misspelt German word', () => {
  let articleId = '';

  it('an agent writes the article in English and German, sends it for review and publishes it', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    await acceptInvitation(page, (inject('e2eStaff') as unknown as Record<string, Invited>).kari!.link, PASSWORD);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Write articles' }).click();
    await expect.poll(() => h1(page)).toBe('Write articles');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'New article' }).click();
    await expect.poll(() => h1(page)).toBe('New article');

    await page.getByRole('tab', { name: /English/ }).click();
    await page.getByTestId('kb-title').fill(EN.title);
    await page.getByTestId('kb-body-input').fill(EN.body);
    // The live preview renders the callout as the reader will see it.
    await expect.poll(() => page.getByTestId('kb-preview').locator('blockquote.kb-callout-note').count()).toBe(1);
    await page.getByRole('tab', { name: /Deutsch/ }).click();
    await page.getByTestId('kb-title').fill(DE.title);
    await page.getByTestId('kb-body-input').fill(DE.body);
    await expect.poll(() => page.getByTestId('kb-preview').textContent()).toContain('Notstromaggregat läuft');
    await page.getByTestId('kb-save').click();
    await page.waitForURL(/\/kb\/manage\/[0-9a-f-]{36}$/);
    articleId = page.url().split('/').pop()!;
    await expect.poll(() => h1(page)).toBe(EN.title);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Send for review' }).click();
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.getByTestId('kb-version-row').count()).toBe(1);
    await expect.poll(() => page.getByText('Published', { exact: true }).first().isVisible()).toBe(true);
    await page.setViewportSize({ width: 375, height: 800 });
    await expectFits(page);
    await ctx.close();
  });

  it('a German-speaking Acme user finds it by a misspelt German word and reads the German text', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    await acceptInvitation(page, (inject('e2eStaff') as unknown as Record<string, Invited>).heidi!.link, PASSWORD);
    // Heidi reads in German (her profile language).
    const status = await page.evaluate(async () => (await fetch('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'de' }) })).status);
    expect(status).toBe(200);
    await page.goto('/kb');
    await expect.poll(() => h1(page)).toBe('Wissensdatenbank');
    await expectAccessible(page);
    await page.getByTestId('kb-search').fill('Notstromagregat'); // one "g" missing
    const hit = page.getByTestId('kb-hit').getByRole('link', { name: DE.title });
    await expect.poll(() => hit.count(), { timeout: 15_000 }).toBe(1);
    await hit.click();
    await page.waitForURL(`**/kb/articles/${articleId}`);
    await expect.poll(() => h1(page)).toBe(DE.title);
    await expect.poll(() => page.getByTestId('kb-body').textContent()).toContain('Jedes Notstromaggregat läuft am ersten Dienstag');
    expect(await page.getByTestId('kb-fallback').count()).toBe(0);
    await expectAccessible(page);
    await page.setViewportSize({ width: 375, height: 800 });
    await expectFits(page);
    await ctx.close();
  });

  it('a visitor who is not signed in neither finds nor opens it', async () => {
    const ctx = await newContext(browser, inject('baseURL'));
    const page = await ctx.newPage();
    const res = await page.request.get('/api/v1/search?q=Notstromaggregat&kinds=article');
    expect(res.status()).toBe(200);
    expect(((await res.json()) as { items: { id: string }[] }).items.some((i) => i.id === articleId)).toBe(false);
    expect((await page.request.get(`/api/v1/kb/articles/${articleId}`)).status()).toBe(404);
    await page.goto('/kb');
    await expect.poll(() => h1(page)).toBe('Knowledge base');
    await expectAccessible(page);
    await ctx.close();
  });
});
