import { useEffect, useState } from 'react';
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

/**
 * How far an instant is from now, in words: "in 3 hours", "vor 20 Minuten". Minutes below an hour,
 * hours below two days, then days; never "in 0 minutes".
 */
export function formatRelative(iso: string, locale: string, now: number): string {
  const minutes = (new Date(iso).getTime() - now) / 60_000;
  const abs = Math.abs(minutes);
  const rtf = new Intl.RelativeTimeFormat(localeTag(locale), { numeric: 'always' });
  const sign = minutes < 0 ? -1 : 1;
  if (abs < 59.5) return rtf.format(sign * Math.max(1, Math.round(abs)), 'minute');
  if (abs < 47.5 * 60) return rtf.format(sign * Math.round(abs / 60), 'hour');
  return rtf.format(sign * Math.round(abs / 1440), 'day');
}

/** The current time, renewed every `everyMs` so that relative times ("in 5 minutes") stay true. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
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
    relative: (iso: string, now: number) => formatRelative(iso, i18n.language, now),
    timeZone: timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}
