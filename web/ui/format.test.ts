import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRelative, zonedDayBoundary } from './format';

describe('formatDateTime', () => {
  it('uses the given time zone, not the machine one', () => {
    expect(formatDateTime('2026-01-15T23:30:00Z', 'en', 'Europe/Oslo')).toBe('16 Jan 2026, 00:30');
    expect(formatDateTime('2026-01-15T23:30:00Z', 'en', 'UTC')).toBe('15 Jan 2026, 23:30');
  });
  it('shows a dash for no time', () => expect(formatDateTime(null, 'de', 'UTC')).toBe('—'));
});

describe('zonedDayBoundary', () => {
  it('starts and ends a day in the user zone', () => {
    expect(zonedDayBoundary('2026-01-15', 'Europe/Oslo', 'start')).toBe('2026-01-14T23:00:00.000Z');
    expect(zonedDayBoundary('2026-07-15', 'Europe/Oslo', 'start')).toBe('2026-07-14T22:00:00.000Z');
    expect(zonedDayBoundary('2026-07-15', 'Europe/Oslo', 'end')).toBe('2026-07-15T21:59:59.999Z');
    expect(zonedDayBoundary('2026-03-01', 'America/New_York', 'start')).toBe('2026-03-01T05:00:00.000Z');
    expect(zonedDayBoundary('2026-03-01', 'UTC', 'end')).toBe('2026-03-01T23:59:59.999Z');
  });
  it('handles the day the clocks change', () => {
    // Oslo moves from +01:00 to +02:00 at 01:00 UTC on 29 March 2026.
    expect(zonedDayBoundary('2026-03-29', 'Europe/Oslo', 'start')).toBe('2026-03-28T23:00:00.000Z');
    expect(zonedDayBoundary('2026-03-29', 'Europe/Oslo', 'end')).toBe('2026-03-29T21:59:59.999Z');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-01-15T12:00:00Z');
  it('speaks in minutes, hours or days, in the UI language', () => {
    expect(formatRelative('2026-01-15T15:00:00Z', 'en', now)).toBe('in 3 hours');
    expect(formatRelative('2026-01-15T11:40:00Z', 'en', now)).toBe('20 minutes ago');
    expect(formatRelative('2026-01-18T12:00:00Z', 'en', now)).toBe('in 3 days');
    expect(formatRelative('2026-01-15T15:00:00Z', 'de', now)).toBe('in 3 Stunden');
  });
  it('never says "in 0 minutes"', () => expect(formatRelative('2026-01-15T12:00:20Z', 'en', now)).toBe('in 1 minute'));
});
