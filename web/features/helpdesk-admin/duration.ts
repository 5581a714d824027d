import { localeTag } from '../../ui/format';

/** Minutes as hours and minutes in a language: "4 hr 30 min", "4 Std., 30 Min." (Intl unit formatting). */
export function formatMinutes(total: number, lang: string): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  const unit = (value: number, u: 'hour' | 'minute') => new Intl.NumberFormat(localeTag(lang), { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  const parts = [h ? unit(h, 'hour') : '', m || !h ? unit(m, 'minute') : ''].filter(Boolean);
  return parts.join(' ');
}

/** Weekday names in a language, by JavaScript weekday number (0 = Sunday). */
export function weekdayName(day: number, lang: string, width: 'long' | 'short' = 'long'): string {
  // 4 January 2026 was a Sunday.
  return new Intl.DateTimeFormat(localeTag(lang), { weekday: width, timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 4 + day)));
}

/** A calendar date `YYYY-MM-DD` as the language writes it, without moving it across time zones. */
export function formatIsoDate(date: string, lang: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(localeTag(lang), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

/** Clock times every quarter of an hour, 00:00 … 24:00 (24:00 = midnight at the end of the day). */
export const QUARTER_HOURS = Array.from({ length: 97 }, (_, i) => `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`);
