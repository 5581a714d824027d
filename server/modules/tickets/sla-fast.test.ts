import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, slaReference, type BusinessCalendar, type WorkingHours } from './sla.js';

/**
 * The week-skipping arithmetic against the plain day-by-day walk it replaced, over random instants
 * and spans of up to three years: across DST changes (also inside working time, at midnight, and by
 * half an hour), holidays, split days and weekends.
 */

const weekdays = (ranges: WorkingHours[]): BusinessCalendar['hours'] => ({ 1: ranges, 2: ranges, 3: ranges, 4: ranges, 5: ranges });
const FULL: WorkingHours[] = [{ start: '00:00', end: '24:00' }];
const HOLIDAYS = ['2025-12-24', '2025-12-25', '2025-12-26', '2026-01-01', '2026-04-02', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-17', '2026-05-25', '2026-12-24', '2026-12-25', '2027-03-29', '2027-03-30', '2027-03-31'];

const CALENDARS: [string, BusinessCalendar][] = [
  ['Oslo office hours with holidays', { timeZone: 'Europe/Oslo', hours: weekdays([{ start: '08:00', end: '17:00' }]), holidays: HOLIDAYS }],
  ['Oslo, Sundays all day (DST inside working time)', { timeZone: 'Europe/Oslo', hours: { ...weekdays([{ start: '08:00', end: '16:00' }]), 0: FULL }, holidays: [] }],
  ['Oslo around the clock with a holiday', { timeZone: 'Europe/Oslo', hours: { ...weekdays(FULL), 0: FULL, 6: FULL }, holidays: ['2026-05-17'] }],
  ['Oslo split day', { timeZone: 'Europe/Oslo', hours: weekdays([{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }]), holidays: HOLIDAYS }],
  ['New York', { timeZone: 'America/New_York', hours: weekdays([{ start: '09:00', end: '17:00' }]), holidays: ['2026-07-03', '2026-11-26'] }],
  ['Santiago (DST at midnight)', { timeZone: 'America/Santiago', hours: { ...weekdays([{ start: '00:00', end: '06:00' }, { start: '20:00', end: '24:00' }]), 0: FULL, 6: FULL }, holidays: [] }],
  ['Lord Howe (half-hour DST)', { timeZone: 'Australia/Lord_Howe', hours: { 0: [{ start: '01:00', end: '03:00' }], 3: [{ start: '10:00', end: '11:30' }] }, holidays: [] }],
  ['Kathmandu, one day a week', { timeZone: 'Asia/Kathmandu', hours: { 6: [{ start: '09:45', end: '13:15' }] }, holidays: ['2026-06-06'] }],
  ['UTC weekdays', { timeZone: 'UTC', hours: weekdays([{ start: '00:00', end: '24:00' }]), holidays: HOLIDAYS }],
];

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.parse('2024-01-01T00:00:00Z');
const YEAR = 365 * 86_400_000;

describe.each(CALENDARS)('week skipping agrees with the day-by-day walk: %s', (_, cal) => {
  it('businessMinutesBetween, 150 random spans from minutes to three years', () => {
    const rnd = random(17);
    for (let i = 0; i < 150; i++) {
      const from = new Date(START + Math.floor(rnd() * 2 * YEAR));
      // Half the spans start or end on a DST-change day or a holiday, at a random minute of it.
      const length = i % 3 === 0 ? Math.floor(rnd() * 3 * 86_400_000) : Math.floor(rnd() * 3 * YEAR);
      const to = new Date(from.getTime() + length);
      expect(businessMinutesBetween(cal, from, to), `${from.toISOString()} → ${to.toISOString()}`).toBe(slaReference.businessMinutesBetween(cal, from, to));
    }
  });

  it('addBusinessMinutes, 150 random targets from 0 to a year of working time', () => {
    const rnd = random(42);
    for (let i = 0; i < 150; i++) {
      const from = new Date(START + Math.floor(rnd() * 2 * YEAR));
      const minutes = i % 10 === 0 ? 0 : i % 3 === 0 ? Math.floor(rnd() * 3000) : Math.round(rnd() * 200_000 * 100) / 100;
      expect(addBusinessMinutes(cal, from, minutes).toISOString(), `${from.toISOString()} + ${minutes}`).toBe(slaReference.addBusinessMinutes(cal, from, minutes).toISOString());
    }
  });

  it('around every DST change and holiday of 2026, spans ending there from weeks away', () => {
    const days = [...HOLIDAYS, '2026-03-08', '2026-03-29', '2026-04-05', '2026-09-06', '2026-10-04', '2026-10-25', '2026-11-01'];
    for (const day of days) {
      for (const hour of [0, 1, 2, 3, 8.5, 12, 23.75]) {
        const at = new Date(Date.parse(`${day}T00:00:00Z`) + hour * 3600_000);
        for (const weeks of [3, 5, 30, 60]) {
          const from = new Date(at.getTime() - weeks * 7 * 86_400_000 - 3600_000 * 7);
          expect(businessMinutesBetween(cal, from, at)).toBe(slaReference.businessMinutesBetween(cal, from, at));
          expect(businessMinutesBetween(cal, at, new Date(at.getTime() + weeks * 7 * 86_400_000))).toBe(slaReference.businessMinutesBetween(cal, at, new Date(at.getTime() + weeks * 7 * 86_400_000)));
          const minutes = slaReference.businessMinutesBetween(cal, from, at);
          expect(addBusinessMinutes(cal, from, minutes).toISOString()).toBe(slaReference.addBusinessMinutes(cal, from, minutes).toISOString());
        }
      }
    }
  });
});

describe('a calendar whose working days are all holidays', () => {
  it('fails the same way as the walk when nothing is left to count on', () => {
    const holidays: string[] = [];
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2030-01-01T00:00:00Z'); t += 86_400_000) if (new Date(t).getUTCDay() === 3) holidays.push(new Date(t).toISOString().slice(0, 10));
    const cal: BusinessCalendar = { timeZone: 'Europe/Oslo', hours: { 3: [{ start: '09:00', end: '10:00' }] }, holidays };
    const from = new Date('2026-02-01T00:00:00Z');
    expect(() => slaReference.addBusinessMinutes(cal, from, 10)).toThrow(RangeError);
    expect(() => addBusinessMinutes(cal, from, 10)).toThrow(RangeError);
    // Before the holidays run out of years, the fast path finds the same first opening.
    expect(addBusinessMinutes(cal, new Date('2025-06-01T00:00:00Z'), 30).toISOString()).toBe(slaReference.addBusinessMinutes(cal, new Date('2025-06-01T00:00:00Z'), 30).toISOString());
    expect(businessMinutesBetween(cal, new Date('2025-06-01T00:00:00Z'), new Date('2031-01-01T00:00:00Z'))).toBe(slaReference.businessMinutesBetween(cal, new Date('2025-06-01T00:00:00Z'), new Date('2031-01-01T00:00:00Z')));
  });
});
