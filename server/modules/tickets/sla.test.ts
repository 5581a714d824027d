import { describe, expect, it } from 'vitest';
import {
  BusinessCalendarSchema,
  TWENTY_FOUR_SEVEN,
  addBusinessMinutes,
  businessMinutesBetween,
  slaTarget,
  type BusinessCalendar,
  type WorkingHours,
} from './sla.js';

const d = (s: string) => new Date(s);
const add = (cal: BusinessCalendar, from: string, minutes: number) => addBusinessMinutes(cal, d(from), minutes).toISOString();
const between = (cal: BusinessCalendar, from: string, to: string) => businessMinutesBetween(cal, d(from), d(to));

const weekdays = (ranges: WorkingHours[]): BusinessCalendar['hours'] => ({ 1: ranges, 2: ranges, 3: ranges, 4: ranges, 5: ranges });
const OFFICE: WorkingHours[] = [{ start: '08:00', end: '16:00' }];
/** Mon–Fri 08:00–16:00 in Oslo. */
const OSLO: BusinessCalendar = { timeZone: 'Europe/Oslo', hours: weekdays(OFFICE), holidays: [] };
/** OSLO plus all of Sunday, to put the DST hour inside working time. */
const OSLO_SUNDAYS: BusinessCalendar = { ...OSLO, hours: { ...OSLO.hours, 0: [{ start: '00:00', end: '24:00' }] } };
/** Every minute, but in Oslo and with a (far-away) holiday, so the general path does the counting. */
const OSLO_ALWAYS: BusinessCalendar = { timeZone: 'Europe/Oslo', hours: { ...weekdays([{ start: '00:00', end: '24:00' }]), 0: [{ start: '00:00', end: '24:00' }], 6: [{ start: '00:00', end: '24:00' }] }, holidays: ['2000-01-01'] };
const SPLIT: BusinessCalendar = { timeZone: 'Europe/Oslo', hours: weekdays([{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }]), holidays: [] };
const NEW_YORK: BusinessCalendar = { timeZone: 'America/New_York', hours: weekdays([{ start: '09:00', end: '17:00' }]), holidays: [] };

describe('24/7', () => {
  it('counts every minute', () => {
    expect(add(TWENTY_FOUR_SEVEN, '2026-03-07T23:30:00Z', 90)).toBe('2026-03-08T01:00:00.000Z');
    expect(between(TWENTY_FOUR_SEVEN, '2026-03-06T12:00:00Z', '2026-03-09T12:00:00Z')).toBe(3 * 1440);
    expect(add(TWENTY_FOUR_SEVEN, '2026-03-07T23:30:00Z', 0)).toBe('2026-03-07T23:30:00.000Z');
  });

  it('counts real elapsed minutes across DST, in a zone that has it', () => {
    expect(between(OSLO_ALWAYS, '2026-03-28T12:00:00+01:00', '2026-03-29T12:00:00+02:00')).toBe(1380);
    expect(between(OSLO_ALWAYS, '2026-10-24T12:00:00+02:00', '2026-10-25T12:00:00+01:00')).toBe(1500);
    expect(add(OSLO_ALWAYS, '2026-03-28T12:00:00+01:00', 1440)).toBe('2026-03-29T11:00:00.000Z');
    expect(add(OSLO_ALWAYS, '2026-10-24T12:00:00+02:00', 1440)).toBe('2026-10-25T10:00:00.000Z');
  });
});

describe('Mon–Fri 08:00–16:00 Europe/Oslo', () => {
  it('adds within a day', () => {
    expect(add(OSLO, '2026-03-02T09:00:00+01:00', 120)).toBe('2026-03-02T10:00:00.000Z');
  });

  it('carries a Friday 15:00 ticket with a 4 h target to Monday 11:00', () => {
    expect(add(OSLO, '2026-03-06T15:00:00+01:00', 240)).toBe('2026-03-09T10:00:00.000Z');
    expect(between(OSLO, '2026-03-06T15:00:00+01:00', '2026-03-09T11:00:00+01:00')).toBe(240);
  });

  it('skips a holiday Monday (Whit Monday 2026-05-25)', () => {
    expect(add(OSLO, '2026-05-22T15:00:00+02:00', 240)).toBe('2026-05-25T09:00:00.000Z');
    expect(add({ ...OSLO, holidays: ['2026-05-25'] }, '2026-05-22T15:00:00+02:00', 240)).toBe('2026-05-26T09:00:00.000Z');
    expect(between({ ...OSLO, holidays: ['2026-05-25'] }, '2026-05-22T00:00:00+02:00', '2026-05-27T00:00:00+02:00')).toBe(960);
  });

  it('starts the clock at the next opening when opened outside hours', () => {
    expect(add(OSLO, '2026-03-07T10:00:00+01:00', 60)).toBe('2026-03-09T08:00:00.000Z'); // Saturday → Mon 09:00
    expect(add(OSLO, '2026-03-09T06:00:00+01:00', 60)).toBe('2026-03-09T08:00:00.000Z'); // before opening
    expect(add(OSLO, '2026-03-10T17:00:00+01:00', 30)).toBe('2026-03-11T07:30:00.000Z'); // after closing
    expect(add(OSLO, '2026-03-07T10:00:00+01:00', 0)).toBe('2026-03-09T07:00:00.000Z');
    expect(add(OSLO, '2026-03-09T10:00:00+01:00', 0)).toBe('2026-03-09T09:00:00.000Z');
  });

  it('ends at closing time rather than the next opening', () => {
    expect(add(OSLO, '2026-03-09T08:00:00+01:00', 480)).toBe('2026-03-09T15:00:00.000Z');
  });

  it('follows the local clock when the weekend changes it', () => {
    expect(add(OSLO, '2026-03-27T15:00:00+01:00', 120)).toBe('2026-03-30T07:00:00.000Z'); // Mon 09:00 CEST
    expect(add(OSLO, '2026-10-23T15:00:00+02:00', 120)).toBe('2026-10-26T08:00:00.000Z'); // Mon 09:00 CET
  });

  it('counts nothing backwards, on weekends, or in an empty span', () => {
    expect(between(OSLO, '2026-03-09T12:00:00+01:00', '2026-03-09T10:00:00+01:00')).toBe(0);
    expect(between(OSLO, '2026-03-07T00:00:00+01:00', '2026-03-09T00:00:00+01:00')).toBe(0);
    expect(between(OSLO, '2026-03-09T00:00:00+01:00', '2026-03-16T00:00:00+01:00')).toBe(2400);
    expect(between(OSLO, '2026-03-09T10:15:30+01:00', '2026-03-09T10:16:00+01:00')).toBe(0.5);
  });

  it('steps by working days, not minutes, for long targets', () => {
    expect(add(OSLO, '2026-01-05T08:00:00+01:00', 10_000)).toBe('2026-02-02T13:40:00.000Z');
    const far = addBusinessMinutes(OSLO, d('2026-01-05T08:00:00+01:00'), 500_000);
    expect(businessMinutesBetween(OSLO, d('2026-01-05T08:00:00+01:00'), far)).toBe(500_000);
  });

  it('rejects negative minutes and a calendar without working time', () => {
    expect(() => addBusinessMinutes(OSLO, d('2026-03-09T08:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes({ ...OSLO, hours: {} }, d('2026-03-09T08:00:00Z'), 1)).toThrow(RangeError);
    expect(businessMinutesBetween({ ...OSLO, hours: {} }, d('2026-03-09T08:00:00Z'), d('2026-04-09T08:00:00Z'))).toBe(0);
  });
});

describe('DST weekends with Sunday 00:00–24:00 working', () => {
  it('has a 23-hour Sunday in spring (Europe/Oslo 2026-03-29)', () => {
    expect(between(OSLO_SUNDAYS, '2026-03-28T12:00:00+01:00', '2026-03-30T00:00:00+02:00')).toBe(1380);
    expect(add(OSLO_SUNDAYS, '2026-03-28T12:00:00+01:00', 1440)).toBe('2026-03-30T07:00:00.000Z'); // Mon 09:00
    expect(add(OSLO_SUNDAYS, '2026-03-28T12:00:00+01:00', 150)).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
  });

  it('has a 25-hour Sunday in autumn (Europe/Oslo 2026-10-25)', () => {
    expect(between(OSLO_SUNDAYS, '2026-10-24T12:00:00+02:00', '2026-10-26T00:00:00+01:00')).toBe(1500);
    expect(add(OSLO_SUNDAYS, '2026-10-24T12:00:00+02:00', 1440)).toBe('2026-10-25T22:00:00.000Z'); // Sun 23:00
    expect(add(OSLO_SUNDAYS, '2026-10-24T12:00:00+02:00', 180)).toBe('2026-10-25T01:00:00.000Z'); // the second 02:00
  });

  it('works in America/New_York too', () => {
    expect(add(NEW_YORK, '2026-03-06T16:00:00-05:00', 120)).toBe('2026-03-09T14:00:00.000Z'); // Mon 10:00 EDT
    expect(add(NEW_YORK, '2026-10-30T16:00:00-04:00', 120)).toBe('2026-11-02T15:00:00.000Z'); // Mon 10:00 EST
  });

  it('counts working ranges that touch the skipped or repeated hour in real time', () => {
    const night = (start: string, end: string): BusinessCalendar => ({ timeZone: 'America/New_York', hours: { 0: [{ start, end }] }, holidays: [] });
    expect(between(night('01:30', '03:30'), '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00')).toBe(60);
    expect(between(night('01:30', '03:30'), '2026-03-01T00:00:00-05:00', '2026-03-02T00:00:00-05:00')).toBe(120);
    expect(between(night('02:00', '03:00'), '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00')).toBe(0);
    expect(between(night('02:30', '04:00'), '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00')).toBe(60);
    expect(between(night('01:00', '02:00'), '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00')).toBe(120);
    expect(add(night('01:30', '03:30'), '2026-03-08T00:00:00-05:00', 30)).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
  });
});

describe('two ranges a day (08:00–12:00, 13:00–17:00)', () => {
  it('skips the lunch break', () => {
    expect(add(SPLIT, '2026-03-02T11:00:00+01:00', 180)).toBe('2026-03-02T14:00:00.000Z'); // 15:00
    expect(add(SPLIT, '2026-03-02T11:00:00+01:00', 60)).toBe('2026-03-02T11:00:00.000Z'); // 12:00, not 13:00
    expect(add(SPLIT, '2026-03-02T12:30:00+01:00', 30)).toBe('2026-03-02T12:30:00.000Z'); // 13:30
    expect(between(SPLIT, '2026-03-02T11:00:00+01:00', '2026-03-02T15:00:00+01:00')).toBe(180);
    expect(between(SPLIT, '2026-03-02T00:00:00+01:00', '2026-03-03T00:00:00+01:00')).toBe(480);
  });
});

describe('slaTarget', () => {
  const base = { calendar: OSLO, startedAt: d('2026-03-02T09:00:00+01:00'), targetMinutes: 240 };
  const at = (now: string, extra: Partial<Parameters<typeof slaTarget>[0]> = {}) => slaTarget({ ...base, now: d(now), ...extra });

  it('runs, warns at 75 % and breaches at 100 %', () => {
    expect(at('2026-03-02T11:00:00+01:00')).toEqual({ dueAt: d('2026-03-02T12:00:00Z'), usedMinutes: 120, remainingMinutes: 120, fraction: 0.5, state: 'running' });
    expect(at('2026-03-02T11:59:00+01:00').state).toBe('running');
    expect(at('2026-03-02T12:00:00+01:00')).toMatchObject({ fraction: 0.75, state: 'warning' });
    expect(at('2026-03-02T13:00:00+01:00')).toMatchObject({ fraction: 1, remainingMinutes: 0, state: 'breached' });
    expect(at('2026-03-02T14:00:00+01:00')).toMatchObject({ fraction: 1.25, remainingMinutes: -60, state: 'breached' });
  });

  it('is met or missed once stopped, whatever now is', () => {
    expect(at('2026-03-05T09:00:00+01:00', { stoppedAt: d('2026-03-02T12:30:00+01:00') })).toMatchObject({ usedMinutes: 210, state: 'met' });
    expect(at('2026-03-05T09:00:00+01:00', { stoppedAt: d('2026-03-02T13:00:00+01:00') })).toMatchObject({ usedMinutes: 240, state: 'met' });
    expect(at('2026-03-05T09:00:00+01:00', { stoppedAt: d('2026-03-02T13:30:00+01:00') })).toMatchObject({ usedMinutes: 270, state: 'missed' });
  });

  it('moves dueAt by the business minutes of a pause', () => {
    const pauses = [{ from: d('2026-03-02T10:00:00+01:00'), to: d('2026-03-02T11:30:00+01:00') }];
    expect(at('2026-03-02T12:00:00+01:00', { pauses })).toEqual({ dueAt: d('2026-03-02T13:30:00Z'), usedMinutes: 90, remainingMinutes: 150, fraction: 0.375, state: 'running' });
  });

  it('counts only business minutes of a pause over a weekend', () => {
    const r = slaTarget({
      calendar: OSLO,
      startedAt: d('2026-03-05T09:00:00+01:00'), // Thursday; unpaused it would be due Fri 09:00
      targetMinutes: 480,
      pauses: [{ from: d('2026-03-05T15:00:00+01:00'), to: d('2026-03-09T09:00:00+01:00') }], // 600 business minutes
      now: d('2026-03-09T10:00:00+01:00'),
    });
    expect(r).toEqual({ dueAt: d('2026-03-09T10:00:00Z'), usedMinutes: 420, remainingMinutes: 60, fraction: 0.875, state: 'warning' });
  });

  it('has no due time while still paused', () => {
    const pauses = [{ from: d('2026-03-02T10:00:00+01:00'), to: null }];
    expect(at('2026-03-02T15:00:00+01:00', { pauses })).toEqual({ dueAt: null, usedMinutes: 60, remainingMinutes: 180, fraction: 0.25, state: 'paused' });
    // a resumption later than now is not known yet: still paused
    expect(at('2026-03-02T15:00:00+01:00', { pauses: [{ from: pauses[0]!.from, to: d('2026-03-03T09:00:00+01:00') }] }).state).toBe('paused');
  });

  it('stays breached when paused after the due time', () => {
    const r = slaTarget({ ...base, targetMinutes: 60, pauses: [{ from: d('2026-03-02T10:30:00+01:00'), to: null }], now: d('2026-03-02T12:00:00+01:00') });
    expect(r).toEqual({ dueAt: d('2026-03-02T09:00:00Z'), usedMinutes: 90, remainingMinutes: -30, fraction: 1.5, state: 'breached' });
  });

  it('merges overlapping, unsorted pauses and ignores what lies outside the ticket', () => {
    const pauses = [
      { from: d('2026-03-02T10:30:00+01:00'), to: d('2026-03-02T11:00:00+01:00') },
      { from: d('2026-03-02T08:00:00+01:00'), to: d('2026-03-02T09:30:00+01:00') }, // begins before the ticket
      { from: d('2026-03-02T10:00:00+01:00'), to: d('2026-03-02T10:45:00+01:00') },
      { from: d('2026-03-02T14:00:00+01:00'), to: null }, // after now
    ];
    // paused 09:00–09:30 and 10:00–11:00: due 13:00 + 90 min
    expect(at('2026-03-02T12:00:00+01:00', { pauses })).toMatchObject({ dueAt: d('2026-03-02T13:30:00Z'), usedMinutes: 90, state: 'running' });
  });

  it('starts the clock at the next opening', () => {
    const sat = { ...base, startedAt: d('2026-03-07T10:00:00+01:00'), targetMinutes: 60 };
    expect(slaTarget({ ...sat, now: d('2026-03-08T12:00:00+01:00') })).toMatchObject({ dueAt: d('2026-03-09T08:00:00Z'), usedMinutes: 0, state: 'running' });
    expect(slaTarget({ ...sat, now: d('2026-03-09T09:00:00+01:00') }).state).toBe('breached');
  });

  it('handles a target of 0 minutes', () => {
    const zero = { ...base, targetMinutes: 0 };
    expect(slaTarget({ ...zero, now: d('2026-03-02T09:00:00+01:00') })).toEqual({ dueAt: d('2026-03-02T08:00:00Z'), usedMinutes: 0, remainingMinutes: 0, fraction: 1, state: 'breached' });
    const sat = { ...zero, startedAt: d('2026-03-07T10:00:00+01:00') };
    expect(slaTarget({ ...sat, now: d('2026-03-08T10:00:00+01:00') })).toMatchObject({ dueAt: d('2026-03-09T07:00:00Z'), fraction: 0, state: 'running' });
    expect(slaTarget({ ...sat, now: d('2026-03-09T10:00:00+01:00'), stoppedAt: d('2026-03-07T11:00:00+01:00') }).state).toBe('met');
    expect(slaTarget({ ...sat, now: d('2026-03-09T10:00:00+01:00'), stoppedAt: d('2026-03-09T08:01:00+01:00') }).state).toBe('missed');
  });

  it('works on 24/7 and rejects a negative target', () => {
    const r = slaTarget({ calendar: TWENTY_FOUR_SEVEN, startedAt: d('2026-03-28T22:00:00Z'), targetMinutes: 240, pauses: [{ from: d('2026-03-28T23:00:00Z'), to: d('2026-03-29T01:00:00Z') }], now: d('2026-03-29T02:00:00Z') });
    expect(r).toEqual({ dueAt: d('2026-03-29T04:00:00Z'), usedMinutes: 120, remainingMinutes: 120, fraction: 0.5, state: 'running' });
    expect(() => slaTarget({ ...base, targetMinutes: -5, now: d('2026-03-02T09:00:00Z') })).toThrow(RangeError);
  });
});

describe('BusinessCalendarSchema', () => {
  const paths = (input: unknown) => BusinessCalendarSchema.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];
  const withMonday = (monday: unknown) => ({ ...OSLO, hours: { 1: monday } });

  it('accepts good calendars, touching ranges included', () => {
    for (const cal of [OSLO, SPLIT, NEW_YORK, OSLO_SUNDAYS, TWENTY_FOUR_SEVEN]) expect(paths(cal)).toEqual([]);
    expect(paths(withMonday([{ start: '08:00', end: '12:00' }, { start: '12:00', end: '16:00' }]))).toEqual([]);
  });

  it('rejects bad input, naming the path', () => {
    expect(paths({ ...OSLO, timeZone: 'Europe/Atlantis' })).toEqual(['timeZone']);
    expect(paths(withMonday([{ start: '25:00', end: '26:00' }]))).toEqual(['hours.1.0.start', 'hours.1.0.end']);
    expect(paths(withMonday([{ start: '8:00', end: '16:00' }]))).toEqual(['hours.1.0.start']);
    expect(paths(withMonday([{ start: '16:00', end: '08:00' }]))).toEqual(['hours.1.0.end']);
    expect(paths(withMonday([{ start: '13:00', end: '17:00' }, { start: '08:00', end: '13:30' }]))).toEqual(['hours.1.0.start']);
    expect(paths(withMonday([{ start: '08:00', end: '12:00' }, { start: '11:00', end: '13:00' }]))).toEqual(['hours.1.1.start']);
    expect(paths({ ...OSLO, hours: { 1: OFFICE, 7: OFFICE } })).toEqual(['hours']); // weekday 7
    expect(paths({ ...OSLO, hours: {} })).toEqual(['hours']);
    expect(paths({ ...OSLO, holidays: ['2026-02-30'] })).toEqual(['holidays.0']);
  });
});

describe('addBusinessMinutes and businessMinutesBetween are inverse', () => {
  /** mulberry32: a small seeded PRNG, so a failure reproduces. */
  function prng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const MIXED: BusinessCalendar = { ...SPLIT, hours: { ...SPLIT.hours, 0: [{ start: '00:00', end: '24:00' }], 6: [{ start: '01:30', end: '03:30' }] }, holidays: ['2026-03-30', '2026-10-26', '2026-12-25'] };
  const NY_NIGHTS: BusinessCalendar = { ...NEW_YORK, hours: { ...NEW_YORK.hours, 0: [{ start: '01:00', end: '03:00' }] } };
  const YEAR = [Date.parse('2026-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z')] as const;
  const NEAR_DST = [Date.parse('2026-03-06T00:00:00Z'), Date.parse('2026-03-30T00:00:00Z'), Date.parse('2026-10-23T00:00:00Z'), Date.parse('2026-11-02T00:00:00Z')];

  for (const [name, cal, seed] of [['Oslo, split days, Sundays and holidays', MIXED, 1], ['New York nights', NY_NIGHTS, 2], ['24/7', TWENTY_FOUR_SEVEN, 3]] as const) {
    it(name, () => {
      const rnd = prng(seed);
      for (let n = 0; n < 150; n++) {
        const near = NEAR_DST[Math.floor(rnd() * NEAR_DST.length)]!;
        const from = new Date(n % 2 ? YEAR[0] + rnd() * (YEAR[1] - YEAR[0]) : near + (rnd() - 0.5) * 4 * 86_400_000);
        const minutes = Math.floor(rnd() * 4000);
        const due = addBusinessMinutes(cal, from, minutes);
        expect(due.getTime()).toBeGreaterThanOrEqual(from.getTime());
        expect(businessMinutesBetween(cal, from, due)).toBe(minutes);

        const to = new Date(from.getTime() + rnd() * 10 * 86_400_000);
        const used = businessMinutesBetween(cal, from, to);
        const back = addBusinessMinutes(cal, from, used);
        expect(businessMinutesBetween(cal, from, back)).toBe(used);
        if (used === 0) continue; // adding 0 gives the next opening, which may lie after `to`
        expect(back.getTime()).toBeLessThanOrEqual(to.getTime());
        expect(businessMinutesBetween(cal, back, to)).toBe(0);
      }
    });
  }
});
