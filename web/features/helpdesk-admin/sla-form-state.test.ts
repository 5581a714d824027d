import { describe, expect, it } from 'vitest';
import { UpsertSlaPolicy } from '../../../server/modules/tickets/service/configure';
import { FULL_WEEK, is247, type SlaPolicy } from './queries';
import { initial, toInput } from './sla-form-state';

const targets = {
  P1: { firstResponseMinutes: 15, resolutionMinutes: 240 },
  P2: { firstResponseMinutes: 30, resolutionMinutes: 480 },
  P3: { firstResponseMinutes: 240, resolutionMinutes: 4320 },
  P4: { firstResponseMinutes: 480, resolutionMinutes: 7200 },
};
const always: SlaPolicy = { id: 'a', name: 'Standard 24/7', calendar: { timeZone: 'UTC', hours: FULL_WEEK, holidays: [] }, targets, isDefault: true };
const office: SlaPolicy = {
  id: 'b',
  name: 'Business hours (Oslo)',
  calendar: {
    timeZone: 'Europe/Oslo',
    hours: { '1': [{ start: '08:00', end: '12:00' }, { start: '12:30', end: '17:00' }], '2': [{ start: '08:00', end: '17:00' }], '5': [{ start: '08:00', end: '14:00' }] },
    holidays: ['2026-12-26', '2026-12-24', '2026-12-25'],
  },
  targets,
  isDefault: false,
};

describe('the SLA policy editor state', () => {
  it('recognises a round-the-clock calendar, and only that, as 24/7', () => {
    expect(is247(always.calendar)).toBe(true);
    expect(is247(office.calendar)).toBe(false);
    expect(is247({ ...always.calendar, holidays: ['2026-12-24'] })).toBe(false);
    expect(is247({ ...always.calendar, hours: { ...FULL_WEEK, '0': [{ start: '00:00', end: '23:45' }] } })).toBe(false);
  });

  it('gives back a business-hours policy as it was: ranges per weekday, closed days left out, holidays in date order', () => {
    const state = initial(office, 'Europe/Berlin');
    expect(state.mode).toBe('business');
    expect(state.hours['0']).toEqual([]);
    expect(state.holidays).toEqual(['2026-12-24', '2026-12-25', '2026-12-26']);
    const input = toInput({ ...state, name: '  Business hours (Oslo) ' });
    expect(input.name).toBe('Business hours (Oslo)');
    expect(input.calendar).toEqual({ ...office.calendar, holidays: ['2026-12-24', '2026-12-25', '2026-12-26'] });
    expect(UpsertSlaPolicy.safeParse(input).success).toBe(true);
  });

  it('writes 24/7 as every day 00:00–24:00 without holidays, whatever the hours were before', () => {
    const state = { ...initial(office, 'UTC'), mode: '247' as const };
    const input = toInput(state);
    expect(input.calendar.hours).toEqual(FULL_WEEK);
    expect(input.calendar.holidays).toEqual([]);
    expect(is247(input.calendar)).toBe(true);
    expect(UpsertSlaPolicy.safeParse(input).success).toBe(true);
  });

  it('starts a 24/7 policy switched to business hours from office hours on weekdays', () => {
    const state = initial(always, 'UTC');
    expect(state.mode).toBe('247');
    const input = toInput({ ...state, mode: 'business' });
    expect(Object.keys(input.calendar.hours).sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(input.calendar.hours['3']).toEqual([{ start: '08:00', end: '16:00' }]);
  });

  it('starts a new policy in the user’s time zone with office hours and targets the server accepts once named', () => {
    const state = initial(null, 'Europe/Oslo');
    expect(state.timeZone).toBe('Europe/Oslo');
    expect(UpsertSlaPolicy.safeParse(toInput(state)).success).toBe(false);
    const named = UpsertSlaPolicy.safeParse(toInput({ ...state, name: 'Gold' }));
    expect(named.success, JSON.stringify(named.error?.issues)).toBe(true);
  });
});
