import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../contracts/errors.js';

type Tree = { [k: string]: string | Tree };
const load = (lang: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, `${lang}.json`), 'utf8')) as Tree;
const flat = (t: Tree, prefix = ''): Record<string, string> =>
  Object.fromEntries(Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v]] : Object.entries(flat(v, `${prefix}${k}.`)))));

const en = flat(load('en'));

describe('translations', () => {
  for (const lang of ['de', 'nb', 'ru']) {
    it(`${lang} has every key of en, with the same placeholders, translated`, () => {
      const other = flat(load(lang));
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const [k, v] of Object.entries(en)) {
        const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
        expect(vars(other[k]!), `${lang}:${k}`).toEqual(vars(v));
      }
      const same = Object.keys(en).filter((k) => other[k] === en[k] && en[k]!.length > 12);
      expect(same).toEqual([]);
    });
  }

  it('has a message for every error code', () => {
    for (const code of ERROR_CODES) expect(en[`errors.${code}`], code).toBeTruthy();
  });

  it('has every key the code asks for with a literal t(...)', () => {
    const web = path.join(import.meta.dirname, '..');
    const sources = (readdirSync(web, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'));
    const missing = new Set<string>();
    for (const file of sources) {
      const src = readFileSync(path.join(web, file), 'utf8');
      for (const m of src.matchAll(/\bt\(\s*'([\w.]+)'/g)) if (!en[m[1]!]) missing.add(`${file}: ${m[1]}`);
    }
    expect([...missing]).toEqual([]);
  });
});
