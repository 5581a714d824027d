import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { users } from '../server/modules/identity/index.js';
import { apiKeys } from '../server/modules/identity/identity.tables.js';
import { createOrg, createTestApp, signedInUser, type TestApp } from './support/harness.js';

/**
 * The HTTP edge every route shares: problem+json for malformed and oversized bodies, unknown fields
 * and unknown routes; CSRF refusal of cross-site cookie changes; security headers; request ids; the
 * health, readiness and OpenAPI endpoints; and the page-size rule of every list.
 */
let t: TestApp;
let u: Awaited<ReturnType<typeof signedInUser>>;
const EVIL = 'https://evil.example';
const WEB_BUILT = existsSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist/web/index.html'));

beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: '1024' });
  const org = await createOrg(t);
  u = await signedInUser(t, org.id, 'customer_admin');
});
afterAll(async () => t?.close());

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as { status: number; code: string; title: string; type: string; requestId: string };
  expect(body.status).toBe(status);
  expect(body.code).toBe(code);
  expect(body.title).toBeTruthy();
  expect(body.type).toMatch(/^https:\/\//);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return res.json() as { code: string; detail: string; errors?: { path: string; message: string }[] };
}

const tokenCount = async () => (await t.deps.db.select().from(apiKeys).where(eq(apiKeys.referenceId, u.id))).length;
const nameOf = async () => (await t.deps.db.select({ name: users.name }).from(users).where(eq(users.id, u.id)))[0]!.name;

describe('request bodies', () => {
  it('answers malformed JSON with 400 MALFORMED_JSON and changes nothing', async () => {
    const before = await tokenCount();
    const res = await t.http({
      method: 'POST',
      url: '/api/v1/me/tokens',
      cookie: u.cookie,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "ci", "expiresInDays": 30',
    });
    expectProblem(res, 400, 'MALFORMED_JSON');
    expect(await tokenCount()).toBe(before);

    const patch = await t.http({ method: 'PATCH', url: '/api/v1/me', cookie: u.cookie, headers: { 'content-type': 'application/json' }, payload: "{name: 'Mallory'}" });
    expectProblem(patch, 400, 'MALFORMED_JSON');
    expect(await nameOf()).toBe('Test customer_admin');
  });

  it('answers an unknown field with 400 naming the field, and changes nothing', async () => {
    const res = await t.http({ method: 'PATCH', url: '/api/v1/me', cookie: u.cookie, payload: { name: 'Changed', isAdmin: true } });
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([expect.objectContaining({ path: 'body.isAdmin', message: expect.stringContaining('isAdmin') })]);
    expect(body.detail).toContain('isAdmin');
    expect(await nameOf()).toBe('Test customer_admin');
  });

  it('checks who is calling before the body: anonymous or cross-site callers learn nothing about the fields', async () => {
    const bad = { name: 42, isAdmin: true };
    expectProblem(await t.http({ method: 'PATCH', url: '/api/v1/me', payload: bad }), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http({ method: 'PATCH', url: '/api/v1/me', cookie: u.cookie, headers: { origin: EVIL }, payload: bad }), 403, 'CSRF_REJECTED');
    expect(await nameOf()).toBe('Test customer_admin');
  });

  it('answers a body over BODY_LIMIT_BYTES with 413 and changes nothing', async () => {
    const before = await tokenCount();
    const res = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie: u.cookie, payload: { name: 'x'.repeat(2000), expiresInDays: 30 } });
    expectProblem(res, 413, 'BODY_TOO_LARGE');
    expect(await tokenCount()).toBe(before);
    // Just under the limit is parsed (and then validated).
    const small = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie: u.cookie, payload: { name: 'x'.repeat(900), expiresInDays: 30 } });
    expect(small.statusCode).toBe(400);
    expect(small.json().errors[0].path).toBe('body.name');
  });

  it('refuses a form body with 415, and a text/plain body with 400 (Fastify parses text/plain as a string)', async () => {
    const form = await t.http({ method: 'PATCH', url: '/api/v1/me', cookie: u.cookie, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=Mallory' });
    expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const text = await t.http({ method: 'PATCH', url: '/api/v1/me', cookie: u.cookie, headers: { 'content-type': 'text/plain' }, payload: '{"name":"Mallory"}' });
    expect(expectProblem(text, 400, 'VALIDATION_FAILED').errors).toEqual([{ path: 'body', message: expect.stringContaining('expected object') }]);
    expect(await nameOf()).toBe('Test customer_admin');
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated change from a foreign Origin with 403 CSRF_REJECTED', async () => {
    const before = await tokenCount();
    const res = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie: u.cookie, headers: { origin: EVIL }, payload: { name: 'csrf', expiresInDays: 5 } });
    expectProblem(res, 403, 'CSRF_REJECTED');
    expect(await tokenCount()).toBe(before);
    const patch = await t.http({ method: 'PATCH', url: '/api/v1/me', cookie: u.cookie, headers: { origin: EVIL }, payload: { name: 'Pwned' } });
    expectProblem(patch, 403, 'CSRF_REJECTED');
    expect(await nameOf()).toBe('Test customer_admin');
    // Reads are not changes: a foreign Origin may still GET (the browser's CORS rules keep the answer).
    expect((await t.http({ method: 'GET', url: '/api/v1/me', cookie: u.cookie, headers: { origin: EVIL } })).statusCode).toBe(200);
  });

  it('without Origin, trusts only Sec-Fetch-Site: same-origin (a foreign Referer or nothing is refused)', async () => {
    const before = await tokenCount();
    for (const headers of [
      { origin: '', referer: `${EVIL}/attack.html` },
      { origin: '' },
      { origin: '', 'sec-fetch-site': 'cross-site' },
      { origin: '', 'sec-fetch-site': 'same-site' },
      { origin: 'null' },
    ]) {
      const res = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie: u.cookie, headers, payload: { name: 'csrf', expiresInDays: 5 } });
      expectProblem(res, 403, 'CSRF_REJECTED');
    }
    expect(await tokenCount()).toBe(before);
    const same = await t.http({ method: 'PATCH', url: '/api/v1/me', cookie: u.cookie, headers: { origin: '', 'sec-fetch-site': 'same-origin' }, payload: { name: 'Same Origin' } });
    expect(same.statusCode).toBe(200);
    const back = await t.http({ method: 'PATCH', url: '/api/v1/me', cookie: u.cookie, payload: { name: 'Test customer_admin' } });
    expect(back.statusCode).toBe(200);
  });

  it('does not apply the Origin check to Bearer-token requests', async () => {
    const created = await t.http({ method: 'POST', url: '/api/v1/me/tokens', cookie: u.cookie, payload: { name: 'automation', expiresInDays: 5 } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json() as { token: string; id: string };
    try {
      const res = await t.http({ method: 'PATCH', url: '/api/v1/me', headers: { authorization: `Bearer ${token}`, origin: EVIL }, payload: { name: 'Via Token' } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ name: 'Via Token', via: 'token' });
      expect(await nameOf()).toBe('Via Token');
    } finally {
      await t.http({ method: 'PATCH', url: '/api/v1/me', cookie: u.cookie, payload: { name: 'Test customer_admin' } });
      await t.http({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, cookie: u.cookie });
    }
  });
});

describe('security headers', () => {
  const commonChecks = (res: LightMyRequestResponse) => {
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toBeTruthy();
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(csp.includes("frame-ancestors 'none'") || res.headers['x-frame-options'] === 'DENY').toBe(true);
    expect(res.headers['x-request-id']).toBeTruthy();
  };

  it('sends the full browser set on the web app document', async () => {
    const res = await t.http({ method: 'GET', url: '/' });
    if (WEB_BUILT) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
    commonChecks(res);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['permissions-policy']).toContain('camera=()');
    // Served over plain http: no HSTS and no upgrade-insecure-requests.
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('sends the API set on JSON answers, including errors, and nothing is cached', async () => {
    for (const res of [
      await t.http({ method: 'GET', url: '/api/v1/me', cookie: u.cookie }),
      await t.http({ method: 'GET', url: '/api/v1/me' }),
      await t.http({ method: 'GET', url: '/api/health' }),
    ]) {
      commonChecks(res);
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('sends HSTS (and upgrade-insecure-requests) only when PUBLIC_URL is https', async () => {
    const https = await createTestApp({ PUBLIC_URL: 'https://portal.example.com' });
    try {
      const api = await https.http({ method: 'GET', url: '/api/health', headers: { origin: 'https://portal.example.com' } });
      expect(api.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      const doc = await https.http({ method: 'GET', url: '/', headers: { origin: 'https://portal.example.com' } });
      expect(doc.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      expect(doc.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    } finally {
      await https.close();
    }
  });
});

describe('request ids', () => {
  it('gives every answer an x-request-id, echoes a well-formed incoming one and replaces a bad one', async () => {
    const ids = new Set<string>();
    for (const url of ['/api/health', '/api/v1/me', '/api/v1/nope', '/']) {
      const res = await t.http({ method: 'GET', url });
      const id = res.headers['x-request-id'];
      expect(typeof id).toBe('string');
      expect(String(id).length).toBeGreaterThanOrEqual(8);
      ids.add(String(id));
    }
    expect(ids.size).toBe(4);

    const echoed = await t.http({ method: 'GET', url: '/api/v1/me', headers: { 'x-request-id': 'trace-abc-12345' } });
    expect(echoed.headers['x-request-id']).toBe('trace-abc-12345');
    expect(echoed.json().requestId).toBe('trace-abc-12345');

    for (const bad of ['short', 'has spaces in it', 'x'.repeat(65), 'inject\u0000zero', '<script>alert(1)</script>']) {
      const res = await t.http({ method: 'GET', url: '/api/health', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id']).not.toBe(bad);
      expect(String(res.headers['x-request-id'])).toMatch(/^[\w-]{8,64}$/);
    }
  });
});

describe('operational endpoints', () => {
  it('GET /api/health answers 200 without a session', async () => {
    const res = await t.http({ method: 'GET', url: '/api/health', headers: { origin: '' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /api/ready answers 200 once the database answers and migrations are applied', async () => {
    const res = await t.http({ method: 'GET', url: '/api/ready', headers: { origin: '' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('serves an OpenAPI 3.1 document listing the /api/v1 routes, without the hidden ones', async () => {
    const res = await t.http({ method: 'GET', url: '/api/v1/openapi.json', headers: { origin: '' } });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(doc.paths['/api/v1/me']).toHaveProperty('get');
    expect(doc.paths['/api/v1/me']).toHaveProperty('patch');
    expect(doc.paths['/api/v1/me/sessions']).toHaveProperty('get');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
    for (const hidden of ['/api/health', '/api/ready', '/api/v1/openapi.json', '/api/auth/*']) expect(doc.paths[hidden]).toBeUndefined();
  });

  it('serves the API docs page as HTML', async () => {
    const res = await t.http({ method: 'GET', url: '/api/docs', headers: { origin: '' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/swagger/i);
    expect(String(res.headers['content-security-policy'])).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('unknown routes', () => {
  it('answer 404 problem+json under /api/v1 to a signed-in caller and under /api to anyone', async () => {
    for (const [method, url, cookie] of [
      ['GET', '/api/v1/does-not-exist?x=1', u.cookie],
      ['POST', '/api/v1/does-not-exist', u.cookie],
      ['DELETE', '/api/v1/me', u.cookie],
      ['GET', '/api/nothing-here', undefined],
    ] as const) {
      const res = await t.http({ method, url, cookie });
      const body = expectProblem(res, 404, 'NOT_FOUND');
      expect(body.detail).toContain(url.split('?')[0]);
      expect(body.detail).not.toContain('x=1');
    }
  });

  it('answer 401 under /api/v1 to an anonymous caller, so route names are not probed (by design of the context hook)', async () => {
    expectProblem(await t.http({ method: 'GET', url: '/api/v1/does-not-exist' }), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http({ method: 'POST', url: '/api/v1/does-not-exist', payload: {} }), 401, 'UNAUTHENTICATED');
  });
});

describe('pagination', () => {
  it('refuses a bad limit naming it, and honours a good one', async () => {
    for (const url of ['/api/v1/me/sessions', '/api/v1/users', '/api/v1/me/tokens']) {
      for (const limit of ['0', 'abc', '201', '-1', '1.5']) {
        const res = await t.http({ method: 'GET', url: `${url}?limit=${limit}`, cookie: u.cookie });
        const body = expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(body.errors!.map((e) => e.path)).toEqual(['querystring.limit']);
      }
    }
    const unknown = await t.http({ method: 'GET', url: '/api/v1/me/sessions?limit=5&sort=desc', cookie: u.cookie });
    expect(expectProblem(unknown, 400, 'VALIDATION_FAILED').errors![0]!.path).toBe('querystring.sort');
    const badCursor = await t.http({ method: 'GET', url: '/api/v1/users?cursor=not-a-cursor', cookie: u.cookie });
    expect(expectProblem(badCursor, 400, 'VALIDATION_FAILED').errors![0]!.path).toBe('query.cursor');
  });

  it('walks a list page by page with the cursor', async () => {
    const org = await createOrg(t);
    const admin = await signedInUser(t, org.id, 'customer_admin');
    for (let i = 0; i < 3; i++) {
      const inv = await t.http({ method: 'POST', url: '/api/v1/users/invite', cookie: admin.cookie, payload: { email: `page-${i}-${admin.id}@test.example`, name: `Paged ${i}`, role: 'customer_user' } });
      expect(inv.statusCode, inv.body).toBe(202);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t.http({ method: 'GET', url: `/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`, cookie: admin.cookie });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((x) => x.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });
});
