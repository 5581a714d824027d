import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../contracts/errors.js';

import { mergeTranslations, type Tree } from './merge.js';

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Tree;
const featureDir = path.join(import.meta.dirname, 'features');
/** The core file plus every feature file `features/<feature>.<lang>.json`, merged as the web app merges them. */
const load = (lang: string) =>
  mergeTranslations(
    read(path.join(import.meta.dirname, `${lang}.json`)),
    ...readdirSync(featureDir).filter((f) => f.endsWith(`.${lang}.json`)).sort().map((f) => read(path.join(featureDir, f))),
  );
const flat = (t: Tree, prefix = ''): Record<string, string> =>
  Object.fromEntries(Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v]] : Object.entries(flat(v, `${prefix}${k}.`)))));

const en = flat(load('en'));

/**
 * Plural forms differ by language (Russian has one, few, many, other; English one, other): compare
 * the base keys, and require each language's own CLDR categories for every plural key.
 */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (keys: string[]) => [...new Set(keys.map((k) => k.replace(PLURAL, '')))].sort();
const pluralBases = (keys: string[]) => [...new Set(keys.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')))];
const categories = (lang: string) => new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
const value = (t: Record<string, string>, k: string) => t[k] ?? t[`${k}_other`];

describe('translations', () => {
  it('has every feature file in all four languages', () => {
    const files = readdirSync(featureDir).filter((f) => f.endsWith('.json'));
    const features = new Set(files.map((f) => f.replace(/\.(en|de|nb|ru)\.json$/, '')));
    for (const f of features) for (const lang of ['en', 'de', 'nb', 'ru']) expect(files, f).toContain(`${f}.${lang}.json`);
  });

  for (const lang of ['de', 'nb', 'ru']) {
    it(`${lang} has every key of en, with the same placeholders, translated`, () => {
      const other = flat(load(lang));
      expect(base(Object.keys(other))).toEqual(base(Object.keys(en)));
      for (const k of pluralBases(Object.keys(en))) {
        for (const c of categories(lang)) expect(other[`${k}_${c}`], `${lang}:${k}_${c}`).toBeTruthy();
      }
      for (const k of base(Object.keys(en))) {
        const vars = (s: string) => [...new Set([...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))].sort();
        expect(vars(value(other, k)!), `${lang}:${k}`).toEqual(vars(value(en, k)!));
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
      for (const m of src.matchAll(/\bt\(\s*'([\w.]+)'/g)) if (!value(en, m[1]!)) missing.add(`${file}: ${m[1]}`);
    }
    expect([...missing]).toEqual([]);
  });
});
