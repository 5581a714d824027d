import { useTranslation } from 'react-i18next';
import { useMe } from '../features/auth/queries';

const LOCALE_TAGS: Record<string, string> = { en: 'en-GB', de: 'de-DE', nb: 'nb-NO', ru: 'ru-RU' };

/** Formats an ISO timestamp in the user's language and time zone. */
export function formatDateTime(iso: string | null | undefined, lang: string, timeZone: string | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(LOCALE_TAGS[lang] ?? lang, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** The date formatter of the signed-in user (their language, their time zone). */
export function useFormatDateTime() {
  const { i18n } = useTranslation();
  const me = useMe();
  return (iso: string | null | undefined) => formatDateTime(iso, i18n.language, me.data?.timeZone);
}
