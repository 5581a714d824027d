import { describe, expect, it } from 'vitest';
import { parseRatingSearch } from './queries';

describe('the score of a rating link', () => {
  it('takes 1–5 from the link', () => {
    for (const n of [1, 2, 3, 4, 5]) expect(parseRatingSearch({ score: String(n) })).toEqual({ score: n });
    expect(parseRatingSearch({ score: 4 })).toEqual({ score: 4 });
  });
  it('ignores anything else', () => {
    for (const v of ['0', '6', '2.5', 'x', '', undefined, null]) expect(parseRatingSearch({ score: v })).toEqual({});
  });
});
