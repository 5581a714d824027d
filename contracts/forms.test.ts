import { describe, expect, it } from 'vitest';
import {
  FormDefinitionSchema,
  fieldsOfType,
  fileAccepts,
  formJsonSchema,
  formMessage,
  localText,
  validateFormValues,
  visibleFields,
  type FormDefinitionInput,
} from './forms.js';

const now = new Date('2026-06-15T12:00:00Z');
const L = (en: string) => ({ en });
const def = (fields: FormDefinitionInput['fields']) => FormDefinitionSchema.parse({ fields });
const check = (d: ReturnType<typeof def>, values: unknown, lang?: string) => validateFormValues(d, values, { now, lang });
const paths = (r: { errors: { path: string }[] }) => r.errors.map((e) => e.path);
const ID1 = '0190f3c4-8a4b-7d3e-9f00-000000000001';
const ID2 = '0190f3c4-8a4b-7d3e-9f00-000000000002';

describe('FormDefinitionSchema', () => {
  it('accepts every field type with its options and fills in required: false', () => {
    const d = def([
      { key: 'a', type: 'text', label: L('A'), maxLength: 10 },
      { key: 'b', type: 'textarea', label: L('B') },
      { key: 'c', type: 'number', label: L('C'), min: 0, max: 10, step: 0.5, unit: 'kg' },
      { key: 'd', type: 'date', label: L('D'), futureOnly: true },
      { key: 'e', type: 'datetime', label: L('E') },
      { key: 'f', type: 'daterange', label: L('F'), minDays: 1, maxDays: 14 },
      { key: 'g', type: 'datetimerange', label: L('G'), maxHours: 336 },
      { key: 'h', type: 'select', label: L('H'), options: [{ value: 'x', label: L('X') }] },
      { key: 'i', type: 'multiselect', label: L('I'), options: [{ value: 'x', label: L('X') }], maxChoices: 1 },
      { key: 'j', type: 'checkbox', label: L('J') },
      { key: 'k', type: 'person', label: L('K'), max: 3 },
      { key: 'l', type: 'visitors', label: L('L'), requiredFields: ['email'] },
      { key: 'm', type: 'location', label: L('M'), multiple: true, singleSite: true },
      { key: 'n', type: 'file', label: L('N'), maxFiles: 2, accept: ['.pdf', 'image/*'] },
    ]);
    expect(d.fields).toHaveLength(14);
    expect(d.fields.every((f) => f.required === false)).toBe(true);
  });

  const issues = (fields: unknown[]) => {
    const r = FormDefinitionSchema.safeParse({ fields });
    expect(r.success).toBe(false);
    return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('names a repeated key, a select without options, a duplicate option and min > max at their paths', () => {
    expect(issues([{ key: 'a', type: 'text', label: L('A') }, { key: 'a', type: 'text', label: L('B') }])).toEqual(['fields.1.key: the key "a" is used twice']);
    expect(issues([{ key: 's', type: 'select', label: L('S'), options: [] }])[0]).toMatch(/^fields\.0\.options/);
    expect(issues([{ key: 's', type: 'select', label: L('S') }])[0]).toMatch(/^fields\.0\.options/);
    expect(issues([{ key: 's', type: 'select', label: L('S'), options: [{ value: 'x', label: L('X') }, { value: 'x', label: L('Y') }] }])).toEqual(['fields.0.options.1.value: the option "x" is listed twice']);
    expect(issues([{ key: 'n', type: 'number', label: L('N'), min: 5, max: 1 }])).toEqual(['fields.0.min: the minimum is greater than the maximum']);
    expect(issues([{ key: 'm', type: 'multiselect', label: L('M'), options: [{ value: 'x', label: L('X') }], maxChoices: 2 }])).toEqual(['fields.0.maxChoices: is more than the number of options']);
  });

  it('requires showIf to name an earlier field and a value that field can have', () => {
    const sel = { key: 's', type: 'select', label: L('S'), options: [{ value: 'x', label: L('X') }] };
    expect(issues([{ key: 't', type: 'text', label: L('T'), showIf: { field: 's', equals: 'x' } }, sel])).toEqual(['fields.0.showIf.field: must name a field above this one ("s" is not)']);
    expect(issues([sel, { key: 't', type: 'text', label: L('T'), showIf: { field: 's', equals: 'y' } }])).toEqual(['fields.1.showIf.equals: must be one of the options of "s"']);
    expect(issues([{ key: 'c', type: 'checkbox', label: L('C') }, { key: 't', type: 'text', label: L('T'), showIf: { field: 'c', equals: 'yes' } }])).toEqual(['fields.1.showIf.equals: must be true or false for a checkbox']);
    expect(issues([{ key: 'f', type: 'file', label: L('F') }, { key: 't', type: 'text', label: L('T'), showIf: { field: 'f', equals: 'x' } }])[0]).toMatch(/cannot control/);
    expect(issues([{ key: 't', type: 'text', label: L('T'), showIf: { field: 't', equals: 'x' } }])[0]).toMatch(/above this one/);
  });

  it('refuses bad shapes: unknown type, unknown property, bad key, missing English label, bad accept entry', () => {
    expect(issues([{ key: 'a', type: 'colour', label: L('A') }])[0]).toMatch(/^fields\.0\.type/);
    expect(issues([{ key: 'a', type: 'text', label: L('A'), colour: 'red' }])[0]).toMatch(/^fields\.0/);
    expect(issues([{ key: '1a', type: 'text', label: L('A') }])[0]).toMatch(/^fields\.0\.key/);
    expect(issues([{ key: 'A b', type: 'text', label: L('A') }])[0]).toMatch(/^fields\.0\.key/);
    expect(issues([{ key: 'a', type: 'text', label: { de: 'A' } }])[0]).toMatch(/^fields\.0\.label\.en/);
    expect(issues([{ key: 'a', type: 'file', label: L('A'), accept: ['<script>'] }])[0]).toMatch(/^fields\.0\.accept\.0/);
    expect(FormDefinitionSchema.safeParse({ fields: [], extra: 1 }).success).toBe(false);
    expect(FormDefinitionSchema.safeParse({ fields: Array.from({ length: 61 }, (_, i) => ({ key: `f${i}`, type: 'text', label: L('x') })) }).success).toBe(false);
  });
});

describe('validateFormValues', () => {
  it('accepts a valid text and trims it; refuses unknown keys and non-objects', () => {
    const d = def([{ key: 'name', type: 'text', label: L('Name'), required: true }]);
    expect(check(d, { name: '  Ada   Lovelace ' })).toEqual({ values: { name: 'Ada Lovelace' }, errors: [] });
    expect(paths(check(d, { name: 'x', other: 1 }))).toEqual(['values.other']);
    expect(paths(check(d, null))).toEqual(['values']);
    expect(paths(check(d, ['x']))).toEqual(['values']);
    expect(paths(check(d, 'x'))).toEqual(['values']);
  });

  it('reports required fields (missing, empty, blank) and leaves out empty optional ones', () => {
    const d = def([
      { key: 'a', type: 'text', label: L('A'), required: true },
      { key: 'b', type: 'text', label: L('B') },
      { key: 'c', type: 'multiselect', label: L('C'), options: [{ value: 'x', label: L('X') }], required: true },
      { key: 'd', type: 'location', label: L('D'), required: true },
    ]);
    const r = check(d, { a: '   ', b: '', c: [] });
    expect(r.errors).toEqual([
      { path: 'values.a', message: 'is required' },
      { path: 'values.c', message: 'is required' },
      { path: 'values.d', message: 'is required' },
    ]);
    expect(check(d, { a: 'x', c: ['x'], d: [ID1] }).values).toEqual({ a: 'x', c: ['x'], d: [ID1] });
  });

  it('counts characters as people do (an emoji is one) and bounds long strings', () => {
    const d = def([{ key: 't', type: 'text', label: L('T'), minLength: 2, maxLength: 3 }, { key: 'long', type: 'textarea', label: L('L') }]);
    expect(check(d, { t: '👩‍🚀🚀' }).errors).toEqual([]); // 👩‍🚀 is three code points but one character
    expect(check(d, { t: '👩‍🚀👩‍🚀👩‍🚀👩‍🚀' }).errors[0]!.message).toBe('must have at most 3 characters');
    expect(check(d, { t: '🚀🚀🚀' }).errors).toEqual([]);
    expect(paths(check(d, { t: '🚀' }))).toEqual(['values.t']);
    expect(check(d, { t: 'abcd' }).errors[0]).toEqual({ path: 'values.t', message: 'must have at most 3 characters' });
    expect(paths(check(d, { long: 'x'.repeat(10_001) }))).toEqual(['values.long']);
    expect(check(d, { long: 'line 1\r\nline 2' }).values.long).toBe('line 1\nline 2');
    expect(paths(check(d, { t: 12 }))).toEqual(['values.t']);
  });

  it('checks numbers: type, min, max, step from min', () => {
    const d = def([{ key: 'n', type: 'number', label: L('N'), min: 1, max: 10, step: 0.5 }]);
    expect(check(d, { n: 2.5 }).values).toEqual({ n: 2.5 });
    expect(check(d, { n: 0 }).errors[0]!.message).toBe('must be at least 1');
    expect(check(d, { n: 11 }).errors[0]!.message).toBe('must be at most 10');
    expect(check(d, { n: 1.2 }).errors[0]!.message).toBe('must be in steps of 0.5');
    expect(paths(check(d, { n: '3' }))).toEqual(['values.n']);
    expect(paths(check(d, { n: Number.NaN }))).toEqual(['values.n']);
    expect(check(def([{ key: 'w', type: 'number', label: L('W'), step: 0.1 }]), { w: 0.3 }).errors).toEqual([]);
  });

  it('checks dates and date-times: format, real calendar dates, futureOnly; normalises to UTC', () => {
    const d = def([
      { key: 'd', type: 'date', label: L('D'), futureOnly: true },
      { key: 't', type: 'datetime', label: L('T'), futureOnly: true },
    ]);
    expect(check(d, { d: '2026-06-15', t: '2026-06-15T14:00:00+02:00' }).errors.map((e) => e.path)).toEqual(['values.t']); // 12:00Z is not after now
    expect(check(d, { d: '2026-06-16', t: '2026-06-16T10:00+02:00' }).values).toEqual({ d: '2026-06-16', t: '2026-06-16T08:00:00.000Z' });
    expect(check(d, { d: '2026-06-14' }).errors[0]).toEqual({ path: 'values.d', message: 'must be in the future' });
    expect(paths(check(d, { d: '2026-02-30' }))).toEqual(['values.d']);
    expect(paths(check(d, { d: '15.06.2026' }))).toEqual(['values.d']);
    expect(paths(check(d, { t: '2026-06-16T10:00' }))).toEqual(['values.t']); // no zone
    expect(paths(check(d, { t: 'tomorrow' }))).toEqual(['values.t']);
  });

  it('checks ranges: shape, order, length in days (both counted) and hours, futureOnly on the start', () => {
    const d = def([
      { key: 'r', type: 'daterange', label: L('R'), minDays: 2, maxDays: 14, futureOnly: true },
      { key: 'w', type: 'datetimerange', label: L('W'), maxHours: 336, minHours: 1, futureOnly: true },
    ]);
    expect(check(d, { r: { start: '2026-06-16', end: '2026-06-17' }, w: { start: '2026-06-16T08:00:00Z', end: '2026-06-17T08:00:00Z' } }).errors).toEqual([]);
    expect(check(d, { r: { start: '2026-06-16', end: '2026-06-16' } }).errors[0]).toEqual({ path: 'values.r.end', message: 'must span at least 2 days' });
    expect(check(d, { r: { start: '2026-06-16', end: '2026-06-30' } }).errors[0]).toEqual({ path: 'values.r.end', message: 'must span at most 14 days' });
    expect(check(d, { r: { start: '2026-06-18', end: '2026-06-17' } }).errors[0]!.path).toBe('values.r.end');
    expect(check(d, { r: { start: '2026-06-14', end: '2026-06-17' } }).errors[0]!.path).toBe('values.r.start');
    expect(check(d, { w: { start: '2026-06-16T08:00:00Z', end: '2026-07-01T08:00:01Z' } }).errors[0]).toEqual({ path: 'values.w.end', message: 'must last at most 336 hours' });
    expect(check(d, { w: { start: '2026-06-15T11:00:00Z', end: '2026-06-15T20:00:00Z' } }).errors[0]!.path).toBe('values.w.start');
    expect(check(d, { w: { start: '2026-06-16T08:00:00Z', end: '2026-06-16T08:00:00Z' } }).errors[0]!.path).toBe('values.w.end');
    expect(check(d, { w: { start: '2026-06-16T08:00:00Z', end: '2026-06-16T08:30:00Z' } }).errors[0]!.message).toBe('must last at least 1 hours');
    expect(paths(check(d, { w: { start: 'x', end: 'y' } }))).toEqual(['values.w.start', 'values.w.end']);
    expect(paths(check(d, { r: '2026-06-16/2026-06-17' }))).toEqual(['values.r']);
    expect(paths(check(d, { r: { start: '2026-06-16', end: '2026-06-17', extra: 1 } }))).toEqual(['values.r']);
    // An empty range counts as not given.
    expect(check(d, { r: { start: '', end: '' } })).toEqual({ values: {}, errors: [] });
  });

  it('checks selects and multiselects: known option, no repeats, min/max choices', () => {
    const options = ['a', 'b', 'c'].map((value) => ({ value, label: L(value) }));
    const d = def([
      { key: 's', type: 'select', label: L('S'), options },
      { key: 'm', type: 'multiselect', label: L('M'), options, minChoices: 1, maxChoices: 2 },
    ]);
    expect(check(d, { s: 'a', m: ['a', 'c'] }).values).toEqual({ s: 'a', m: ['a', 'c'] });
    expect(paths(check(d, { s: 'z' }))).toEqual(['values.s', 'values.m']);
    expect(paths(check(d, { m: ['a', 'z'] }))).toEqual(['values.m.1']);
    expect(check(d, { m: ['a', 'a'] }).errors[0]).toEqual({ path: 'values.m.1', message: 'is chosen twice' });
    expect(check(d, { m: ['a', 'b', 'c'] }).errors[0]!.message).toBe('choose at most 2');
    expect(paths(check(d, { m: 'a' }))).toEqual(['values.m']);
  });

  it('checks checkboxes: a required one must be ticked, an absent optional one is false', () => {
    const d = def([{ key: 'ok', type: 'checkbox', label: L('OK'), required: true }, { key: 'opt', type: 'checkbox', label: L('Opt') }]);
    expect(check(d, { ok: true }).values).toEqual({ ok: true, opt: false });
    expect(check(d, { ok: false }).errors[0]).toEqual({ path: 'values.ok', message: 'must be confirmed' });
    expect(paths(check(d, { ok: true, opt: 'yes' }))).toEqual(['values.opt']);
  });

  it('checks id lists (person, location, file): uuids, repeats, bounds, single choice', () => {
    const d = def([
      { key: 'p', type: 'person', label: L('P'), min: 1, max: 2 },
      { key: 'loc', type: 'location', label: L('Loc') },
      { key: 'f', type: 'file', label: L('F'), maxFiles: 1 },
    ]);
    expect(check(d, { p: [ID1, ID2.toUpperCase()], loc: [ID1], f: [ID2] }).values).toEqual({ p: [ID1, ID2], loc: [ID1], f: [ID2] });
    expect(check(d, {}).errors).toEqual([{ path: 'values.p', message: 'is required' }]);
    expect(paths(check(d, { p: ['nope'] }))).toEqual(['values.p.0']);
    expect(paths(check(d, { p: [ID1, ID1] }))).toEqual(['values.p.1']);
    expect(check(d, { p: [ID1], loc: [ID1, ID2] }).errors[0]).toEqual({ path: 'values.loc', message: 'only one may be chosen' });
    expect(paths(check(d, { p: [ID1], f: [ID1, ID2] }))).toEqual(['values.f']);
    expect(paths(check(d, { p: [ID1], loc: ID1 }))).toEqual(['values.loc']);
    expect(check(def([{ key: 'p', type: 'person', label: L('P'), max: 1 }]), { p: [ID1, ID2] }).errors[0]!.message).toBe('allows at most 1');
  });

  it('checks visitors: name always, the required sub-fields, e-mail and phone, unknown sub-fields, bounds', () => {
    const d = def([{ key: 'v', type: 'visitors', label: L('V'), max: 2, requiredFields: ['company', 'email'] }]);
    const ok = { name: ' Ola  Nordmann ', company: 'Fjord AS', email: 'Ola@Fjord.NO', phone: '+47 22 33 44 55' };
    expect(check(d, { v: [ok] }).values).toEqual({ v: [{ name: 'Ola Nordmann', company: 'Fjord AS', email: 'ola@fjord.no', phone: '+47 22 33 44 55' }] });
    expect(check(d, { v: [{ name: 'Kari', company: 'X', email: 'k@x.no' }] }).values.v).toEqual([{ name: 'Kari', company: 'X', email: 'k@x.no', phone: '' }]);
    expect(paths(check(d, { v: [{ name: '', company: '', email: 'nope', phone: 'call me' }] }))).toEqual(['values.v.0.name', 'values.v.0.company', 'values.v.0.email', 'values.v.0.phone']);
    expect(paths(check(d, { v: [ok, { ...ok, badge: '1' }] }))).toEqual(['values.v.1.badge']);
    expect(paths(check(d, { v: [ok, 'Kari'] }))).toEqual(['values.v.1']);
    expect(check(d, { v: [ok, ok, ok] }).errors[0]).toEqual({ path: 'values.v', message: 'allows at most 2' });
    expect(paths(check(d, { v: [{ ...ok, name: 'x'.repeat(121) }] }))).toEqual(['values.v.0.name']);
    expect(paths(check(d, { v: [{ ...ok, company: 42 }] }))).toEqual(['values.v.0.company']);
  });

  it('follows showIf: hidden fields are not required and their values are dropped; a hidden controller hides its dependants', () => {
    const d = def([
      { key: 'kind', type: 'select', label: L('Kind'), options: [{ value: 'move', label: L('Move') }, { value: 'add', label: L('Add') }] },
      { key: 'to', type: 'text', label: L('To'), required: true, showIf: { field: 'kind', equals: 'move' } },
      { key: 'ship', type: 'checkbox', label: L('Ship'), showIf: { field: 'kind', equals: 'move' } },
      { key: 'addr', type: 'text', label: L('Address'), required: true, showIf: { field: 'ship', equals: true } },
    ]);
    expect(check(d, { kind: 'add', to: 'somewhere', addr: 'x' })).toEqual({ values: { kind: 'add' }, errors: [] });
    expect(paths(check(d, { kind: 'move' }))).toEqual(['values.to']);
    expect(check(d, { kind: 'move', to: 'B', ship: false }).values).toEqual({ kind: 'move', to: 'B', ship: false });
    expect(paths(check(d, { kind: 'move', to: 'B', ship: true }))).toEqual(['values.addr']);
    expect([...visibleFields(d, { kind: 'move', ship: true })]).toEqual(['kind', 'to', 'ship', 'addr']);
    expect([...visibleFields(d, { kind: 'add', ship: true })]).toEqual(['kind']);
    const multi = def([
      { key: 'm', type: 'multiselect', label: L('M'), options: [{ value: 'x', label: L('X') }, { value: 'y', label: L('Y') }] },
      { key: 'why', type: 'text', label: L('Why'), required: true, showIf: { field: 'm', equals: 'y' } },
    ]);
    expect(paths(check(multi, { m: ['x', 'y'] }))).toEqual(['values.why']);
    expect(check(multi, { m: ['x'] }).errors).toEqual([]);
  });

  it('speaks the reader’s language, English when it does not know it', () => {
    const d = def([{ key: 'a', type: 'text', label: L('A'), required: true }]);
    expect(check(d, {}, 'de').errors[0]!.message).toBe('ist erforderlich');
    expect(check(d, {}, 'nb').errors[0]!.message).toBe('må fylles ut');
    expect(check(d, {}, 'ru').errors[0]!.message).toBe('обязательное поле');
    expect(check(d, {}, 'fr').errors[0]!.message).toBe('is required');
    expect(formMessage('min', 'de', 3)).toBe('muss mindestens 3 sein');
  });
});

describe('helpers', () => {
  it('localText falls back to English for a missing or blank language', () => {
    expect(localText({ en: 'Hello', de: 'Hallo', nb: ' ' }, 'de')).toBe('Hallo');
    expect(localText({ en: 'Hello', nb: ' ' }, 'nb')).toBe('Hello');
    expect(localText(undefined, 'en')).toBe('');
  });

  it('fieldsOfType picks the fields of one type in order', () => {
    const d = def([
      { key: 'a', type: 'location', label: L('A') },
      { key: 'b', type: 'text', label: L('B') },
      { key: 'c', type: 'location', label: L('C'), multiple: true },
    ]);
    expect(fieldsOfType(d, 'location').map((f) => f.key)).toEqual(['a', 'c']);
    expect(fieldsOfType(d, 'file')).toEqual([]);
  });

  it('fileAccepts matches extensions, exact types and type families', () => {
    expect(fileAccepts(undefined, { name: 'a.exe', contentType: 'application/x-msdownload' })).toBe(true);
    expect(fileAccepts(['.pdf'], { name: 'LOA.PDF', contentType: 'application/octet-stream' })).toBe(true);
    expect(fileAccepts(['image/*'], { name: 'rack.jpg', contentType: 'image/jpeg' })).toBe(true);
    expect(fileAccepts(['application/pdf', 'image/*'], { name: 'x.docx', contentType: 'application/vnd.openxmlformats' })).toBe(false);
  });
});

describe('formJsonSchema', () => {
  it('describes each field with JSON Schema 2020-12 and x-ui hints, conditional requirements as if/then', () => {
    const d = def([
      { key: 'kind', type: 'select', label: { en: 'Kind', de: 'Art' }, required: true, options: [{ value: 'move', label: L('Move') }] },
      { key: 'to', type: 'text', label: L('To'), required: true, showIf: { field: 'kind', equals: 'move' } },
      { key: 'n', type: 'number', label: L('N'), min: 1, max: 10, unit: 'kg' },
      { key: 'v', type: 'visitors', label: L('V'), requiredFields: ['email'], max: 5 },
      { key: 'loc', type: 'location', label: L('Loc') },
      { key: 'w', type: 'datetimerange', label: L('W'), maxHours: 24 },
    ]);
    const s = formJsonSchema(d) as Record<string, any>;
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.additionalProperties).toBe(false);
    expect(s.required).toEqual(['kind']);
    expect(s.allOf).toEqual([{ if: { properties: { kind: { const: 'move' } }, required: ['kind'] }, then: { required: ['to'] } }]);
    expect(s.properties.kind).toMatchObject({ type: 'string', enum: ['move'], title: 'Kind', 'x-ui': { widget: 'select', label: { en: 'Kind', de: 'Art' }, order: 0 } });
    expect(s.properties.n).toMatchObject({ type: 'number', minimum: 1, maximum: 10, 'x-ui': { unit: 'kg' } });
    expect(s.properties.v.items.required).toEqual(['name', 'email']);
    expect(s.properties.v.maxItems).toBe(5);
    expect(s.properties.loc).toMatchObject({ type: 'array', maxItems: 1, items: { format: 'uuid' } });
    expect(s.properties.w).toMatchObject({ type: 'object', required: ['start', 'end'], 'x-ui': { maxHours: 24 } });
  });
});
