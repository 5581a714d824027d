import { describe, expect, it } from 'vitest';
import { MAX_TERMS, parseSearchInput, tsQueryText } from './query.js';

describe('parseSearchInput', () => {
  it('keeps words, drops quotes and tsquery operators so they never reach to_tsquery', () => {
    const q = parseSearchInput(`"power" & cooling | !rack <-> a:* (b) 'c' \\ d*`, 'en');
    expect(q.terms).toEqual(['power', 'cooling', 'rack', 'a', 'b', 'c', 'd']);
    expect(tsQueryText(q)).toBe('power & cooling & rack & a & b & c & d');
    for (const t of q.terms) expect(t).toMatch(/^[\p{L}\p{M}\p{N}]+$/u);
  });

  it('lower-cases, keeps letters of every script and digits, de-duplicates', () => {
    expect(parseSearchInput('Kühlung KÜHLUNG Охлаждение strøm INC0001234', 'de').terms).toEqual(['kühlung', 'охлаждение', 'strøm', 'inc0001234']);
  });

  it('removes emoji, also joined sequences and skin tones', () => {
    expect(parseSearchInput('🔥 rack 👩🏽‍💻 down 🇩🇪', 'en').terms).toEqual(['rack', 'down']);
    expect(parseSearchInput('🔥🔥🔥', 'en').terms).toEqual([]);
  });

  it('cuts a 10,000-character input to a few terms quickly', () => {
    const long = 'abc '.repeat(2500);
    const started = performance.now();
    const q = parseSearchInput(long + ' zzz', 'en');
    expect(performance.now() - started).toBeLessThan(50);
    expect(q.terms).toEqual(['abc']);
    expect(q.text.length).toBeLessThanOrEqual(200);
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(parseSearchInput(words, 'en').terms).toHaveLength(MAX_TERMS);
    expect(parseSearchInput('x'.repeat(10_000), 'en').terms[0]).toHaveLength(64);
  });

  it('answers no terms for empty, blank, punctuation-only or non-string input', () => {
    for (const raw of ['', '   ', '&|!():*<->""', null, undefined, 42, { q: 'x' }]) expect(parseSearchInput(raw, 'en').terms).toEqual([]);
  });

  it('keeps stop words as terms (the configuration drops them; the query still runs)', () => {
    expect(parseSearchInput('the and of', 'en').terms).toEqual(['the', 'and', 'of']);
  });

  it('prefix only when typing, language falls back to English, limit within 1..50', () => {
    expect(tsQueryText(parseSearchInput('power cooling', 'en', { prefix: false }))).toBe('power & cooling');
    expect(tsQueryText(parseSearchInput('power coo', 'en'))).toBe('power & coo:*');
    // Two letters are a word, not a prefix (a two-letter prefix matches most of a large table).
    expect(tsQueryText(parseSearchInput('power co', 'en'))).toBe('power & co');
    expect(parseSearchInput('x', 'fr').lang).toBe('en');
    expect(parseSearchInput('x', 'de-AT').lang).toBe('de');
    expect(parseSearchInput('x', 'nb', { limit: 500 }).limit).toBe(50);
    expect(parseSearchInput('x', 'ru', { limit: 0 }).limit).toBe(10);
  });
});
