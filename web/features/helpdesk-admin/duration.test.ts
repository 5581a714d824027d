import { describe, expect, it } from 'vitest';
import { formatIsoDate, formatMinutes, QUARTER_HOURS, weekdayName } from './duration';

describe('help-desk settings formatting', () => {
  it('writes minutes as hours and minutes', () => {
    expect(formatMinutes(270, 'en')).toBe('4 hrs 30 mins');
    expect(formatMinutes(60, 'en')).toBe('1 hr');
    expect(formatMinutes(45, 'en')).toBe('45 mins');
    expect(formatMinutes(0, 'en')).toBe('0 mins');
    expect(formatMinutes(120, 'de')).toMatch(/^2 Std\.$/);
  });
  it('names weekdays by their JavaScript number in the language', () => {
    expect(weekdayName(0, 'en')).toBe('Sunday');
    expect(weekdayName(1, 'de')).toBe('Montag');
    expect(weekdayName(6, 'nb')).toBe('lørdag');
  });
  it('keeps a calendar date on its day whatever the zone', () => {
    expect(formatIsoDate('2026-12-24', 'en')).toBe('24 Dec 2026');
  });
  it('offers quarter hours from 00:00 to 24:00', () => {
    expect(QUARTER_HOURS.length).toBe(97);
    expect(QUARTER_HOURS[0]).toBe('00:00');
    expect(QUARTER_HOURS[33]).toBe('08:15');
    expect(QUARTER_HOURS.at(-1)).toBe('24:00');
  });
});
