import { useTranslation } from 'react-i18next';
import { useMe } from '../features/auth/queries';

/** BCP 47 tags for the UI languages (en is British English: 24-hour clock, day before month). */
const LOCALE_TAGS: Record<string, string> = { en: 'en-GB', de: 'de-DE', nb: 'nb-NO', ru: 'ru-RU' };
export const localeTag = (lang: string) => LOCALE_TAGS[lang] ?? lang;

/** Formats an ISO timestamp in a language and time zone: "22 Nov 2026, 17:35". */
export function formatDateTime(iso: string | null | undefined, locale: string, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** Formats an ISO timestamp as a date only, in a language and time zone. */
export function formatDate(iso: string | null | undefined, locale: string, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'medium', timeZone }).format(new Date(iso));
}

/** How far a time zone is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which a wall-clock time happens in a time zone, as ISO: the start ('start') or the
 * last millisecond ('end') of a calendar day 'YYYY-MM-DD' in the user's zone, for date filters.
 */
export function zonedDayBoundary(day: string, timeZone: string, edge: 'start' | 'end'): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = edge === 'start' ? Date.UTC(y, m - 1, d) : Date.UTC(y, m - 1, d, 23, 59, 59, 999);
  let t = wall - offsetAt(wall, timeZone);
  const again = wall - offsetAt(t, timeZone);
  if (again !== t) t = again; // the offset changed between the guess and the answer (DST)
  return new Date(t).toISOString();
}

/** The date formatters of the signed-in user (their language, their time zone). */
export function useFormat() {
  const { i18n } = useTranslation();
  const timeZone = useMe().data?.timeZone;
  return {
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, i18n.language, timeZone),
    date: (iso: string | null | undefined) => formatDate(iso, i18n.language, timeZone),
    timeZone: timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}
