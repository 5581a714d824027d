import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, expectFits, h1, launch, newContext, acceptInvitation } from './support.js';

/**
 * Issue 5, journey 2 — answers before a ticket: Liv (Acme admin, invited by the e2e setup) starts a
 * ticket about shipping equipment, which a knowledge-base article covers; the article is suggested
 * beside the form, she opens it (a new tab), reads it and leaves the form without submitting. The
 * deflection is counted: the reports API and the reports page say so.
 */
type Invited = { email: string; link: string };
const PASSWORD = 'e2e journey password 2026';
let browser: Browser;
let liv: BrowserContext;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());


const month = new Date().toISOString().slice(0, 7);
async function deflected(p: Page): Promise<number> {
  const res = await p.request.get(`/api/v1/ticket-reports?from=${month}&to=${month}`);
  expect(res.status()).toBe(200);
  const rows = (await res.json()).items as { deflected: number }[];
  return rows.reduce((a, r) => a + r.deflected, 0);
}

describe('journey 2: an article answers the question before a ticket is written', () => {
  it('suggests the article beside the form, counts the deflection when the form is left after opening it', async () => {
    liv = await newContext(browser, inject('baseURL'));
    const page = await liv.newPage();
    await acceptInvitation(page, (inject('e2eStaff') as unknown as Record<string, Invited>).liv!.link, PASSWORD);
    const before = await deflected(page);

    await page.goto('/tickets/new');
    await expect.poll(() => h1(page)).toBe('Report a problem');
    const panel = page.getByRole('complementary', { name: 'Answers that may help' });
    await expect.poll(() => panel.count()).toBe(1);
    await page.getByRole('textbox', { name: 'Title' }).fill('Shipping equipment to the data centre');
    await page.getByRole('textbox', { name: 'Description' }).fill('We want to send two servers next week. Where do we ship them?');
    const suggestion = panel.getByRole('link', { name: /Shipping equipment to the data centre/ });
    await expect.poll(() => suggestion.count(), { timeout: 15_000 }).toBe(1);
    await expectAccessible(page);
    await page.screenshot({ path: '/tmp/h4-deflection-form.png' });
    await page.setViewportSize({ width: 375, height: 800 });
    await expectFits(page);
    await page.screenshot({ path: '/tmp/h4-deflection-form-375.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 896 });

    // She opens it (a new tab), reads it, closes it.
    const [article] = await Promise.all([liv.waitForEvent('page'), suggestion.click()]);
    await article.waitForLoadState();
    await expect.poll(() => h1(article), { timeout: 15_000 }).toBe('Shipping equipment to the data centre');
    await article.close();
    expect(await deflected(page)).toBe(before); // opened, not yet left

    // …and leaves the form without submitting.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Home' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await expect.poll(() => deflected(page)).toBe(before + 1);

    await page.goto('/reports');
    await expect.poll(() => h1(page)).toBe('Reports');
    await expect.poll(() => page.getByText('deflection rate').count()).toBe(1);
    await expectAccessible(page);
    await page.screenshot({ path: '/tmp/h4-reports.png', fullPage: true });
  });

  it('a submitted ticket after opening a suggestion links the article instead of counting a deflection', async () => {
    const page = await liv.newPage();
    const before = await deflected(page);
    await page.goto('/tickets/new');
    await expect.poll(() => h1(page)).toBe('Report a problem');
    await page.getByRole('textbox', { name: 'Title' }).fill('Shipping equipment to the data centre');
    const panel = page.getByRole('complementary', { name: 'Answers that may help' });
    const suggestion = panel.getByRole('link', { name: /Shipping equipment to the data centre/ });
    await expect.poll(() => suggestion.count(), { timeout: 15_000 }).toBe(1);
    const [article] = await Promise.all([liv.waitForEvent('page'), suggestion.click()]);
    await article.close();
    await page.getByRole('textbox', { name: 'Description' }).fill('The article did not say how heavy a pallet may be.');
    await page.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Other' }).click();
    for (const [group, answer] of [
      ['Must it be fixed now?', 'No'],
      ['Is the work of many people stopped?', 'No'],
    ] as const)
      await page.getByRole('radiogroup', { name: group }).getByRole('radio', { name: answer }).check();
    const when = page.getByRole('radiogroup', { name: 'By when must it be fixed?' });
    if (await when.count()) await when.getByRole('radio').last().check();
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    await page.goto('/');
    // Submitted: no deflection; the article is linked to the ticket (the report counts it once resolved).
    await new Promise((r) => setTimeout(r, 1000));
    expect(await deflected(page)).toBe(before);
  });
});
