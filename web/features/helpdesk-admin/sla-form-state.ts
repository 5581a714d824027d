import { FULL_WEEK, is247, WEEKDAYS, type BusinessCalendar, type SlaPolicy, type SlaPolicyInput, type SlaTargets, type WeekdayKey, type WorkingHours } from './queries';

/** The SLA policy editor's state, and how it maps from and to the API's policy. */

export type Mode = '247' | 'business';
export type Hours = Record<WeekdayKey, WorkingHours[]>;
export type State = { name: string; mode: Mode; timeZone: string; hours: Hours; holidays: string[]; targets: SlaTargets; isDefault: boolean };

export const OFFICE: WorkingHours[] = [{ start: '08:00', end: '16:00' }];
const NEW_TARGETS: SlaTargets = {
  P1: { firstResponseMinutes: 30, resolutionMinutes: 240 },
  P2: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  P3: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
  P4: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
};

export function initial(policy: SlaPolicy | null, timeZone: string): State {
  if (!policy) {
    const hours = Object.fromEntries(WEEKDAYS.map((d) => [d, d === '0' || d === '6' ? [] : OFFICE])) as Hours;
    return { name: '', mode: 'business', timeZone, hours, holidays: [], targets: NEW_TARGETS, isDefault: false };
  }
  const c = policy.calendar;
  const always = is247(c);
  // A 24/7 policy switched to business hours starts from office hours, not from round-the-clock ranges.
  const hours = Object.fromEntries(WEEKDAYS.map((d) => [d, always ? (d === '0' || d === '6' ? [] : OFFICE) : (c.hours[d] ?? [])])) as Hours;
  return { name: policy.name, mode: always ? '247' : 'business', timeZone: c.timeZone, hours, holidays: [...c.holidays].sort(), targets: policy.targets, isDefault: policy.isDefault };
}

export function toInput(s: State): SlaPolicyInput {
  const calendar: BusinessCalendar =
    s.mode === '247'
      ? { timeZone: s.timeZone || 'UTC', hours: FULL_WEEK, holidays: [] }
      : { timeZone: s.timeZone, hours: Object.fromEntries(WEEKDAYS.filter((d) => s.hours[d].length).map((d) => [d, s.hours[d]])), holidays: s.holidays };
  return { name: s.name.trim(), calendar, targets: s.targets, isDefault: s.isDefault };
}

