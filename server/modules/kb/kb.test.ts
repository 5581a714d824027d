import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../identity/index.js';
import { createOrg, createTestApp, signedInUser, uniq, type TestApp } from '../../../test/support/harness.js';
import { kbArticles } from './kb.tables.js';

let t: TestApp;
let agent: Awaited<ReturnType<typeof signedInUser>>;
let aUser: Awaited<ReturnType<typeof signedInUser>>;
let aAdmin: Awaited<ReturnType<typeof signedInUser>>;
let bUser: Awaited<ReturnType<typeof signedInUser>>;
let orgA: { id: string };
const tag = uniq();

beforeAll(async () => {
  t = await createTestApp();
  const provider = await createOrg(t, 'provider');
  orgA = await createOrg(t, 'customer', `KB Alpha ${tag}`);
  const orgB = await createOrg(t, 'customer', `KB Bravo ${tag}`);
  agent = await signedInUser(t, provider.id, 'provider_agent');
  aUser = await signedInUser(t, orgA.id, 'customer_user');
  aAdmin = await signedInUser(t, orgA.id, 'customer_admin');
  bUser = await signedInUser(t, orgB.id, 'customer_user');
  await t.deps.db.update(users).set({ locale: 'de' }).where(eq(users.id, aUser.id));
});
afterAll(async () => t?.close());

type Editor = { id: string; status: string; draftStatus: string | null; publishedVersion: number | null; versions: { number: number; live: boolean }[]; variants: Record<string, { title: string; body: string }> };

const M = '/api/v1/kb/manage';
async function write(payload: Record<string, unknown>, cookie = agent.cookie) {
  return t.http({ method: 'POST', url: `${M}/articles`, cookie, payload: { mainLang: 'en', visibility: 'customers', ...payload } });
}
async function publishNew(payload: Record<string, unknown>): Promise<Editor> {
  const res = await write(payload);
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as Editor).id;
  expect((await t.http({ method: 'POST', url: `${M}/articles/${id}/submit`, cookie: agent.cookie })).statusCode).toBe(200);
  const pub = await t.http({ method: 'POST', url: `${M}/articles/${id}/publish`, cookie: agent.cookie });
  expect(pub.statusCode, pub.body).toBe(200);
  return pub.json() as Editor;
}
async function submitAndPublish(id: string): Promise<Editor> {
  const sub = await t.http({ method: 'POST', url: `${M}/articles/${id}/submit`, cookie: agent.cookie });
  expect(sub.statusCode, sub.body).toBe(200);
  const pub = await t.http({ method: 'POST', url: `${M}/articles/${id}/publish`, cookie: agent.cookie });
  expect(pub.statusCode, pub.body).toBe(200);
  return pub.json() as Editor;
}
const attach = (id: string, name: string, text: string) =>
  t.http({ method: 'POST', url: `${M}/articles/${id}/attachments`, cookie: agent.cookie, headers: { 'content-type': 'multipart/form-data; boundary=X' }, payload: `--X\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--X--\r\n` });
const read = (id: string, cookie?: string, query = '') => t.http({ method: 'GET', url: `/api/v1/kb/articles/${id}${query}`, ...(cookie ? { cookie } : {}) });
const search = (q: string, cookie?: string) => t.http({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}&kinds=article`, ...(cookie ? { cookie } : {}) });

describe('visibility in every read path', () => {
  const ids: Record<string, string> = {};
  const word = `zephyr${tag}`;
  beforeAll(async () => {
    const v = (title: string) => ({ en: { title: `${title} ${word}`, body: `About ${word}.` } });
    ids.public = (await publishNew({ visibility: 'public', variants: v('Public') })).id;
    ids.customers = (await publishNew({ visibility: 'customers', variants: v('Customers') })).id;
    ids.orgA = (await publishNew({ visibility: 'organisations', orgIds: [orgA.id], variants: v('Only Alpha') })).id;
    ids.admins = (await publishNew({ visibility: 'audience', roles: ['customer_admin'], variants: v('Admins') })).id;
    ids.perm = (await publishNew({ visibility: 'audience', permissions: ['tickets.read_org'], variants: v('Org readers') })).id;
    ids.internal = (await publishNew({ visibility: 'internal', variants: v('Internal') })).id;
    // The public article links to all the others: related links must only show what the reader may read.
    const hub = await t.http({ method: 'GET', url: `${M}/articles/${ids.public}`, cookie: agent.cookie });
    const e = hub.json() as Editor;
    const upd = await t.http({ method: 'PUT', url: `${M}/articles/${ids.public}`, cookie: agent.cookie, payload: { mainLang: 'en', visibility: 'public', variants: e.variants, relatedIds: Object.values(ids).filter((x) => x !== ids.public) } });
    expect(upd.statusCode, upd.body).toBe(200);
    const up = await t.http({ method: 'POST', url: `${M}/articles/${ids.orgA}/attachments`, cookie: agent.cookie, headers: { 'content-type': 'multipart/form-data; boundary=X' }, payload: `--X\r\nContent-Disposition: form-data; name="file"; filename="plan.txt"\r\nContent-Type: text/plain\r\n\r\nalpha only\r\n--X--\r\n` });
    expect(up.statusCode, up.body).toBe(201);
    ids.attachment = (up.json() as { id: string }).id;
    // The attachment is part of the working copy: it reaches readers with the next publish.
    await submitAndPublish(ids.orgA!);
  });

  const matrix: [string, () => string | undefined, string[]][] = [
    ['signed out', () => undefined, ['public']],
    ['customer user of Alpha', () => aUser.cookie, ['public', 'customers', 'orgA']],
    ['customer admin of Alpha', () => aAdmin.cookie, ['public', 'customers', 'orgA', 'admins', 'perm']],
    ['customer user of Bravo', () => bUser.cookie, ['public', 'customers']],
    ['provider agent', () => agent.cookie, ['public', 'customers', 'orgA', 'admins', 'perm', 'internal']],
  ];
  for (const [who, cookie, sees] of matrix) {
    it(`${who}: get, list, related, search and attachment agree`, async () => {
      const all = ['public', 'customers', 'orgA', 'admins', 'perm', 'internal'];
      for (const k of all) expect((await read(ids[k]!, cookie())).statusCode, `${who} reading ${k}`).toBe(sees.includes(k) ? 200 : 404);
      const list = (await t.http({ method: 'GET', url: '/api/v1/kb/articles?limit=100', ...(cookie() ? { cookie: cookie() } : {}) })).json() as { items: { id: string }[] };
      const listed = all.filter((k) => list.items.some((i) => i.id === ids[k]));
      expect(listed.sort()).toEqual([...sees].sort());
      const related = (await read(ids.public!, cookie())).json() as { related: { id: string }[] };
      expect(related.related.map((r) => all.find((k) => ids[k] === r.id)).sort()).toEqual(sees.filter((k) => k !== 'public').sort());
      const found = (await search(word, cookie())).json() as { items: { id: string }[] };
      expect(all.filter((k) => found.items.some((i) => i.id === ids[k])).sort()).toEqual([...sees].sort());
      const dl = await t.http({ method: 'GET', url: `/api/v1/kb/articles/${ids.orgA}/attachments/${ids.attachment}`, ...(cookie() ? { cookie: cookie() } : {}) });
      expect(dl.statusCode).toBe(sees.includes('orgA') ? 200 : 404);
      if (dl.statusCode === 200) expect(dl.body).toBe('alpha only');
    });
  }

  it('customers cannot open the authors’ workspace, and a draft is invisible to readers', async () => {
    expect((await t.http({ method: 'GET', url: `${M}/articles`, cookie: aAdmin.cookie })).statusCode).toBe(403);
    expect((await t.http({ method: 'GET', url: `${M}/articles/${ids.orgA}`, cookie: aAdmin.cookie })).statusCode).toBe(403);
    expect((await write({ variants: { en: { title: 'x', body: 'y' } } }, aAdmin.cookie)).statusCode).toBe(403);
    const draft = await write({ visibility: 'public', variants: { en: { title: `Draft ${word}`, body: 'not yet' } } });
    expect((await read((draft.json() as Editor).id)).statusCode).toBe(404);
    expect((await read((draft.json() as Editor).id, agent.cookie)).statusCode).toBe(404);
  });
});

describe('workflow, versions, diff and restore', () => {
  it('draft → in review → published, a new version per publish, diff, restore as a draft, unpublish', async () => {
    const created = await write({ variants: { en: { title: 'Rack power', body: 'Line one\nLine two' } } });
    const id = (created.json() as Editor).id;
    expect((created.json() as Editor).status).toBe('draft');
    const early = await t.http({ method: 'POST', url: `${M}/articles/${id}/publish`, cookie: agent.cookie });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('INVALID_TRANSITION');
    await t.http({ method: 'POST', url: `${M}/articles/${id}/submit`, cookie: agent.cookie });
    const v1 = (await t.http({ method: 'POST', url: `${M}/articles/${id}/publish`, cookie: agent.cookie })).json() as Editor;
    expect(v1).toMatchObject({ status: 'published', publishedVersion: 1, draftStatus: null });
    const edit = await t.http({ method: 'PUT', url: `${M}/articles/${id}`, cookie: agent.cookie, payload: { mainLang: 'en', visibility: 'customers', variants: { en: { title: 'Rack power', body: 'Line one\nLine 2 changed\nLine three' } } } });
    expect((edit.json() as Editor).draftStatus).toBe('draft');
    // Readers still see version 1 while the change is a draft.
    expect(((await read(id, aUser.cookie)).json() as { html: string }).html).toContain('Line two');
    await t.http({ method: 'POST', url: `${M}/articles/${id}/submit`, cookie: agent.cookie });
    const v2 = (await t.http({ method: 'POST', url: `${M}/articles/${id}/publish`, cookie: agent.cookie })).json() as Editor;
    expect(v2.publishedVersion).toBe(2);
    expect(v2.versions.map((v) => [v.number, v.live])).toEqual([[2, true], [1, false]]);
    expect(((await read(id, aUser.cookie)).json() as { html: string }).html).toContain('Line 2 changed');
    const diff = (await t.http({ method: 'GET', url: `${M}/articles/${id}/diff?from=1&to=2`, cookie: agent.cookie })).json() as { langs: { lang: string; lines: { op: string; text: string }[] }[] };
    const lines = diff.langs[0]!.lines;
    expect(lines).toContainEqual({ op: 'del', text: 'Line two' });
    expect(lines).toContainEqual({ op: 'add', text: 'Line 2 changed' });
    expect(lines).toContainEqual({ op: 'add', text: 'Line three' });
    expect(lines).toContainEqual({ op: 'same', text: 'Line one' });
    const restored = (await t.http({ method: 'POST', url: `${M}/articles/${id}/versions/1/restore`, cookie: agent.cookie })).json() as Editor;
    expect(restored).toMatchObject({ draftStatus: 'draft', publishedVersion: 2 });
    expect(restored.variants.en!.body).toBe('Line one\nLine two');
    expect((await t.http({ method: 'POST', url: `${M}/articles/${id}/versions/9/restore`, cookie: agent.cookie })).statusCode).toBe(404);
    const off = (await t.http({ method: 'POST', url: `${M}/articles/${id}/unpublish`, cookie: agent.cookie })).json() as Editor;
    expect(off.status).toBe('unpublished');
    expect((await read(id, aUser.cookie)).statusCode).toBe(404);
    expect(off.versions).toHaveLength(2);
  });
});

describe('languages', () => {
  it('gives the reader their language and falls back to the main language with a note', async () => {
    const both = await publishNew({ mainLang: 'en', variants: { en: { title: 'Shipping', body: 'Send parcels.' }, de: { title: 'Versand', body: 'Pakete senden.' } } });
    const enOnly = await publishNew({ mainLang: 'en', variants: { en: { title: 'Cooling', body: 'Keep it cold.' } } });
    const de = (await read(both.id, aUser.cookie)).json() as { lang: string; fallback: boolean; title: string };
    expect(de).toMatchObject({ lang: 'de', fallback: false, title: 'Versand' });
    const fb = (await read(enOnly.id, aUser.cookie)).json() as { lang: string; requestedLang: string; fallback: boolean };
    expect(fb).toMatchObject({ lang: 'en', requestedLang: 'de', fallback: true });
    expect(((await read(both.id, bUser.cookie)).json() as { lang: string }).lang).toBe('en');
    expect(((await read(both.id, bUser.cookie, '?lang=de')).json() as { title: string }).title).toBe('Versand');
  });
});

describe('attachments go through review', () => {
  it('an added file reaches readers on publish, a removed one leaves on publish, one only added goes at once', async () => {
    const a = await publishNew({ variants: { en: { title: `Rack plan ${tag}`, body: 'See the plan.' } } });
    type Files = { attachments: { id: string; filename: string; pending: string | null }[]; draftStatus: string | null };
    const editor = async () => (await t.http({ method: 'GET', url: `${M}/articles/${a.id}`, cookie: agent.cookie })).json() as Files;
    const readerFiles = async () => ((await read(a.id, aUser.cookie)).json() as { attachments: { id: string }[] }).attachments.map((f) => f.id);
    const download = (fileId: string) => t.http({ method: 'GET', url: `/api/v1/kb/articles/${a.id}/attachments/${fileId}`, cookie: aUser.cookie });

    const up = await attach(a.id, 'plan.txt', 'the plan');
    expect(up.statusCode, up.body).toBe(201);
    const fileId = (up.json() as { id: string }).id;
    // Adding made a working copy; readers do not see the file yet.
    expect(await editor()).toMatchObject({ draftStatus: 'draft', attachments: [{ id: fileId, pending: 'added' }] });
    expect(await readerFiles()).toEqual([]);
    expect((await download(fileId)).statusCode).toBe(404);

    await submitAndPublish(a.id);
    expect((await editor()).attachments).toMatchObject([{ id: fileId, pending: null }]);
    expect(await readerFiles()).toEqual([fileId]);
    expect((await download(fileId)).body).toBe('the plan');

    // Removing a live file: readers keep it until the working copy is published.
    expect((await t.http({ method: 'DELETE', url: `${M}/articles/${a.id}/attachments/${fileId}`, cookie: agent.cookie })).statusCode).toBe(204);
    expect(await editor()).toMatchObject({ draftStatus: 'draft', attachments: [{ id: fileId, pending: 'removed' }] });
    expect(await readerFiles()).toEqual([fileId]);
    await submitAndPublish(a.id);
    expect((await editor()).attachments).toEqual([]);
    expect(await readerFiles()).toEqual([]);
    expect((await download(fileId)).statusCode).toBe(404);

    // A file only added in the working copy is gone at once when removed; a customer cannot add or remove.
    const temp = (await attach(a.id, 'draft.txt', 'draft only').then((r) => r.json())) as { id: string };
    expect((await t.http({ method: 'DELETE', url: `${M}/articles/${a.id}/attachments/${temp.id}`, cookie: agent.cookie })).statusCode).toBe(204);
    expect((await editor()).attachments).toEqual([]);
    expect((await t.http({ method: 'DELETE', url: `${M}/articles/${a.id}/attachments/${temp.id}`, cookie: aAdmin.cookie })).statusCode).toBe(403);
  });
});

describe('typos', () => {
  it('finds a title through a word typed with a typo, in the reader’s language, never an article they may not read', async () => {
    const word = `notstromaggregat${tag}`;
    const mine = await publishNew({ mainLang: 'en', variants: { en: { title: `Backup generator ${tag} test runs`, body: 'Monthly.' }, de: { title: `${word}: monatliche Testläufe`, body: 'Monatlich.' } } });
    const internal = await publishNew({ visibility: 'internal', variants: { en: { title: `${word} internal checklist`, body: 'Staff only.' } } });
    const hits = async (q: string, cookie?: string) => ((await search(q, cookie)).json() as { items: { id: string; title: string; lang: string }[] }).items;
    // One "g" missing, typed as you type (the last word a prefix), and a whole query with a second typo.
    for (const q of [`notstromagregat${tag}`, `notstromagregat${tag} monatlice`]) {
      const found = await hits(q, aUser.cookie);
      expect(found.map((h) => h.id), q).toContain(mine.id);
      expect(found.find((h) => h.id === mine.id)).toMatchObject({ lang: 'de', title: `${word}: monatliche Testläufe` });
      expect(found.map((h) => h.id), q).not.toContain(internal.id);
    }
    expect((await hits(`notstromagregat${tag}`, agent.cookie)).map((h) => h.id)).toEqual(expect.arrayContaining([mine.id, internal.id]));
    // A word close to nothing finds nothing.
    expect(await hits(`qqxyzzy${tag}`, aUser.cookie)).toEqual([]);
  });
});

describe('bad input', () => {
  it('renders XSS vectors in article Markdown inert', async () => {
    const body = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(2)>',
      '[click](javascript:alert(3))',
      '![x](javascript:alert(4))',
      '![y" onerror="alert(5)](attachment:none.png)',
      '<a href="#" onclick="alert(6)">a</a>',
      '> [!NOTE]\n> <svg onload=alert(7)>',
      '<iframe src="https://evil.example"></iframe>',
    ].join('\n\n');
    const a = await publishNew({ visibility: 'public', variants: { en: { title: 'XSS <b>title</b>', body } } });
    const html = ((await read(a.id)).json() as { html: string }).html;
    // Dangerous text may remain as text (escaped); no element or attribute of it may be live.
    expect(html).not.toMatch(/<script|<img|<[^>]+\son\w+=|href="javascript:|<svg|<iframe/i);
    expect(html).toContain('kb-callout-note');
    const preview = await t.http({ method: 'POST', url: `${M}/preview`, cookie: agent.cookie, payload: { body } });
    expect(preview.json().html).not.toMatch(/<script|<img|<[^>]+\son\w+=|href="javascript:/i);
  });

  it('answers 400/422 naming the field and stores nothing', async () => {
    const before = (await t.deps.db.select({ id: kbArticles.id }).from(kbArticles)).length;
    const shape = await write({ visibility: 'everyone', variants: { en: { title: '', body: 'x' } } });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().code).toBe('VALIDATION_FAILED');
    const paths = (shape.json().errors as { path: string }[]).map((e) => e.path).join(' ');
    expect(paths).toMatch(/visibility/);
    expect(paths).toMatch(/variants\.en\.title/);
    const noMain = await write({ mainLang: 'de', variants: { en: { title: 'Only English', body: 'x' } } });
    expect(noMain.statusCode).toBe(422);
    expect(noMain.json().errors).toContainEqual(expect.objectContaining({ path: 'variants.de' }));
    const noOrgs = await write({ visibility: 'organisations', variants: { en: { title: 'x', body: 'y' } } });
    expect(noOrgs.statusCode).toBe(422);
    expect(noOrgs.json().errors).toContainEqual(expect.objectContaining({ path: 'orgIds' }));
    const badRelated = await write({ variants: { en: { title: 'x', body: 'y' } }, relatedIds: ['00000000-0000-4000-8000-000000000000'], categoryId: '00000000-0000-4000-8000-000000000001' });
    expect(badRelated.statusCode).toBe(422);
    expect(badRelated.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['categoryId', 'relatedIds.0']);
    const badRating = await t.http({ method: 'POST', url: `/api/v1/kb/articles/00000000-0000-4000-8000-000000000000/feedback`, cookie: aUser.cookie, payload: { helpful: 'yes' } });
    expect(badRating.statusCode).toBe(400);
    expect((await t.deps.db.select({ id: kbArticles.id }).from(kbArticles)).length).toBe(before);
  });
});

describe('feedback, views and the to-do list', () => {
  it('counts views, keeps one rating per reader and lists articles due for review', async () => {
    const a = await publishNew({ variants: { en: { title: 'Helpful?', body: 'Maybe.' } } });
    await read(a.id, aUser.cookie);
    const second = (await read(a.id, aUser.cookie)).json() as { viewCount: number };
    expect(second.viewCount).toBe(2);
    expect((await t.http({ method: 'POST', url: `/api/v1/kb/articles/${a.id}/feedback`, payload: { helpful: true } })).statusCode).toBe(401);
    await t.http({ method: 'POST', url: `/api/v1/kb/articles/${a.id}/feedback`, cookie: aUser.cookie, payload: { helpful: true } });
    const again = await t.http({ method: 'POST', url: `/api/v1/kb/articles/${a.id}/feedback`, cookie: aUser.cookie, payload: { helpful: false, comment: 'Missing the limits' } });
    expect(again.json()).toEqual({ yes: 0, no: 1 });
    const editor = (await t.http({ method: 'GET', url: `${M}/articles/${a.id}`, cookie: agent.cookie })).json() as { feedback: { comment: string }[] };
    expect(editor.feedback.map((f) => f.comment)).toEqual(['Missing the limits']);
    await t.deps.db.update(kbArticles).set({ lastReviewedAt: new Date(Date.now() - 40 * 86_400_000) }).where(eq(kbArticles.id, a.id));
    const setting = await t.http({ method: 'PUT', url: `${M}/settings`, cookie: agent.cookie, payload: { reviewAfterDays: 30 } });
    expect(setting.statusCode).toBe(200);
    const due = (await t.http({ method: 'GET', url: `${M}/articles?due=true`, cookie: agent.cookie })).json() as { items: { id: string; reviewDue: boolean }[] };
    expect(due.items.find((i) => i.id === a.id)?.reviewDue).toBe(true);
    await t.http({ method: 'POST', url: `${M}/articles/${a.id}/reviewed`, cookie: agent.cookie });
    const after = (await t.http({ method: 'GET', url: `${M}/articles?due=true`, cookie: agent.cookie })).json() as { items: { id: string }[] };
    expect(after.items.some((i) => i.id === a.id)).toBe(false);
  });
});

describe('known errors', () => {
  it('publishes a problem’s workaround as an article linked to the problem and its incidents', async () => {
    const cats = (await t.http({ method: 'GET', url: '/api/v1/ticket-categories', cookie: agent.cookie })).json() as { items: { id: string }[] };
    const problem = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: agent.cookie, payload: { kind: 'problem', title: `PDU firmware resets ${tag}`, description: 'Rack PDUs reboot after the update.', categoryId: cats.items[0]!.id, urgency: 'major', impact: 'many' } });
    expect(problem.statusCode, problem.body).toBe(201);
    const p = problem.json() as { id: string; ref: string };
    const incident = await t.http({ method: 'POST', url: '/api/v1/tickets', cookie: aUser.cookie, payload: { title: 'Our PDU rebooted', description: 'It rebooted.', categoryId: cats.items[0]!.id, urgency: 'major', impact: 'few' } });
    const inc = incident.json() as { id: string; ref: string };
    expect((await t.http({ method: 'POST', url: `/api/v1/tickets/${inc.id}/problem`, cookie: agent.cookie, payload: { problemId: p.id } })).statusCode).toBe(200);
    const none = await t.http({ method: 'POST', url: `${M}/known-errors`, cookie: agent.cookie, payload: { problemId: p.id } });
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0].path).toBe('problemId');
    await t.http({ method: 'POST', url: `/api/v1/tickets/${p.id}/workaround`, cookie: agent.cookie, payload: { workaround: 'Pin the PDU firmware to 2.3 until the fix ships.' } });
    const ke = await t.http({ method: 'POST', url: `${M}/known-errors`, cookie: agent.cookie, payload: { problemId: p.id } });
    expect(ke.statusCode, ke.body).toBe(201);
    const article = ke.json() as Editor & { kind: string; problem: { ref: string } };
    expect(article).toMatchObject({ kind: 'known_error', status: 'draft', problem: { ref: p.ref } });
    expect(article.variants.en!.body).toContain('Pin the PDU firmware');
    expect((await t.http({ method: 'POST', url: `${M}/known-errors`, cookie: agent.cookie, payload: { problemId: p.id } })).statusCode).toBe(409);
    await t.http({ method: 'POST', url: `${M}/articles/${article.id}/submit`, cookie: agent.cookie });
    await t.http({ method: 'POST', url: `${M}/articles/${article.id}/publish`, cookie: agent.cookie });
    const staffView = (await read(article.id, agent.cookie)).json() as { problem: { ref: string }; incidents: { ref: string }[] };
    expect(staffView).toMatchObject({ problem: { ref: p.ref }, incidents: [{ ref: inc.ref }] });
    // A customer reads the known error, but the problem ticket (and other organisations' incidents) stay the provider's.
    const customerView = (await read(article.id, bUser.cookie)).json() as { kind: string; problem: unknown };
    expect(customerView).toMatchObject({ kind: 'known_error', problem: null, incidents: [] });
  });
});
