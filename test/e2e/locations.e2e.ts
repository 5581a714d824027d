import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, expectFits, h1, launch, newContext, acceptInvitation } from './support.js';

/**
 * Issue 4, journey 3: a Globex user cannot see or pick Acme's locations. Greta, an authorised requester
 * of Globex (a customer user with `access.request` delegated, invited by the e2e setup), opens "Request
 * for access" from the catalogue: the location picker offers Globex's cage C02 in Frankfurt and nothing
 * of Acme's (cage A01 and rack B-R05 in Oslo, cage C01 in Frankfurt). Asked directly, the API answers
 * an Acme location with 404, and an order naming one with 422 LOCATION_NOT_ENTITLED at the field.
 */
type Invited = { email: string; link: string };
const PASSWORD = 'a long customer password 2026';
let browser: Browser;
let greta: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

const expectHeading = (p: Page, text: string) => expect.poll(() => h1(p), { timeout: 15_000 }).toBe(text);


/** A same-origin API call from the signed-in page (cookies and CSRF as the web app sends them). */
const call = (p: Page, method: string, url: string, body?: unknown) =>
  p.evaluate(
    async ({ method, url, body }) => {
      const res = await fetch(url, { method, headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> | null };
    },
    { method, url, body },
  );

describe('journey 3: a Globex user cannot see or pick Acme’s locations', () => {
  it('the catalogue’s access request offers only Globex’s locations', async () => {
    const staff = inject('e2eStaff') as unknown as Record<string, Invited>;
    greta = await newContext(browser, inject('baseURL'));
    page = await greta.newPage();
    await acceptInvitation(page, staff.greta!.link, PASSWORD);

    await page.goto('/catalogue');
    await expectHeading(page, 'Order something');
    await page.getByRole('searchbox', { name: 'Search the catalogue' }).fill('access');
    await page.getByRole('link', { name: /Request for access \(work visit\)/ }).click();
    await expectHeading(page, 'Request for access (work visit)');
    await expectAccessible(page);

    const picker = page.getByRole('combobox', { name: /^Location/ });
    await picker.click();
    const options = page.getByRole('option');
    await expect.poll(() => options.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const offered = (await options.allTextContents()).join('\n');
    expect(offered).toContain('Cage C02');
    for (const acme of ['A01', 'B-R05', 'C01', 'Oslo', 'OSL1']) expect(offered, `offers ${acme}`).not.toContain(acme);
    await page.keyboard.press('Escape');

    await page.setViewportSize({ width: 375, height: 800 });
    await expectFits(page);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('the API answers an Acme location with 404 and an order naming one with 422 LOCATION_NOT_ENTITLED', async () => {
    const acme = (inject('e2eStaff') as unknown as { acmeLocation: { id: string } }).acmeLocation;
    expect((await call(page, 'GET', `/api/v1/locations/${acme.id}`)).status).toBe(404);

    const catalogue = await call(page, 'GET', '/api/v1/catalogue');
    const item = (catalogue.json!.items as { id: string; key: string }[]).find((i) => i.key === 'work-visit')!;
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCHours(8, 0, 0, 0);
    const end = new Date(start.getTime() + 2 * 86_400_000);
    const values = {
      locations: [acme.id],
      window: { start: start.toISOString(), end: end.toISOString() },
      visitors: [{ name: 'Max Muster', company: 'Globex GmbH', email: 'max@globex.example', phone: '+49 69 1234567' }],
      purpose: 'maintenance',
    };
    const res = await call(page, 'POST', '/api/v1/orders', { itemId: item.id, values, submit: true });
    expect(res.status).toBe(422);
    expect(res.json!.code).toBe('LOCATION_NOT_ENTITLED');
    expect((res.json!.errors as { path: string }[]).map((e) => e.path)).toEqual(['values.locations.0']);
    // Nothing was stored: Greta has placed no order.
    const mine = await call(page, 'GET', '/api/v1/orders');
    expect(mine.status).toBe(200);
    expect((mine.json!.items as { requester: { name: string } }[]).filter((o) => o.requester.name === 'Greta Vogel')).toEqual([]);
  });
});
