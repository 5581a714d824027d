/** Texts of the access report (PDF) and its mail, in the organisation admins' language. */
export type ReportLang = 'en' | 'de' | 'nb' | 'ru';

type Texts = {
  title: string;
  period: string;
  summary: string;
  visits: string;
  persons: string;
  denied: string;
  flagged: string;
  entries: string;
  time: string;
  person: string;
  company: string;
  location: string;
  reader: string;
  direction: string;
  result: string;
  in: string;
  out: string;
  granted: string;
  deniedResult: string;
  none: string;
  page: (n: number, of: number) => string;
  generated: (at: string) => string;
  timeZone: (tz: string) => string;
  truncated: (n: number) => string;
  flagNames: Record<'no_grant' | 'denied' | 'unknown_badge', string>;
  mailSubject: (org: string, month: string) => string;
  mailBody: (name: string, month: string, url: string) => string;
};

export const REPORT_TEXTS: Record<ReportLang, Texts> = {
  en: {
    title: 'Access report',
    period: 'Period',
    summary: 'Summary',
    visits: 'Visits (granted entries)',
    persons: 'Distinct persons',
    denied: 'Denied attempts',
    flagged: 'Flagged entries',
    entries: 'Entries',
    time: 'Time',
    person: 'Person',
    company: 'Company',
    location: 'Location',
    reader: 'Reader',
    direction: 'Dir.',
    result: 'Result',
    in: 'in',
    out: 'out',
    granted: 'granted',
    deniedResult: 'denied',
    none: 'No access events in this period.',
    page: (n, of) => `Page ${n} of ${of}`,
    generated: (at) => `Generated ${at}`,
    timeZone: (tz) => `Times in ${tz}`,
    truncated: (n) => `Only the first ${n} entries are listed.`,
    flagNames: { no_grant: 'no valid grant', denied: 'denied', unknown_badge: 'unknown badge' },
    mailSubject: (org, month) => `Access report ${month} — ${org}`,
    mailBody: (name, month, url) => `Hello ${name},\n\nthe access report for ${month} is attached. It is also kept among your organisation's documents:\n${url}\n\nPortico`,
  },
  de: {
    title: 'Zutrittsbericht',
    period: 'Zeitraum',
    summary: 'Übersicht',
    visits: 'Besuche (gewährte Zutritte)',
    persons: 'Verschiedene Personen',
    denied: 'Abgewiesene Versuche',
    flagged: 'Markierte Einträge',
    entries: 'Einträge',
    time: 'Zeit',
    person: 'Person',
    company: 'Firma',
    location: 'Ort',
    reader: 'Leser',
    direction: 'Richt.',
    result: 'Ergebnis',
    in: 'rein',
    out: 'raus',
    granted: 'gewährt',
    deniedResult: 'abgewiesen',
    none: 'Keine Zutrittsereignisse in diesem Zeitraum.',
    page: (n, of) => `Seite ${n} von ${of}`,
    generated: (at) => `Erstellt ${at}`,
    timeZone: (tz) => `Zeiten in ${tz}`,
    truncated: (n) => `Nur die ersten ${n} Einträge sind aufgeführt.`,
    flagNames: { no_grant: 'keine gültige Berechtigung', denied: 'abgewiesen', unknown_badge: 'unbekannter Ausweis' },
    mailSubject: (org, month) => `Zutrittsbericht ${month} — ${org}`,
    mailBody: (name, month, url) => `Hallo ${name},\n\nder Zutrittsbericht für ${month} ist angehängt. Er liegt auch bei den Dokumenten Ihrer Organisation:\n${url}\n\nPortico`,
  },
  nb: {
    title: 'Adgangsrapport',
    period: 'Periode',
    summary: 'Sammendrag',
    visits: 'Besøk (godkjente innpasseringer)',
    persons: 'Ulike personer',
    denied: 'Avviste forsøk',
    flagged: 'Flaggede hendelser',
    entries: 'Hendelser',
    time: 'Tid',
    person: 'Person',
    company: 'Firma',
    location: 'Sted',
    reader: 'Leser',
    direction: 'Retn.',
    result: 'Resultat',
    in: 'inn',
    out: 'ut',
    granted: 'godkjent',
    deniedResult: 'avvist',
    none: 'Ingen adgangshendelser i denne perioden.',
    page: (n, of) => `Side ${n} av ${of}`,
    generated: (at) => `Laget ${at}`,
    timeZone: (tz) => `Tider i ${tz}`,
    truncated: (n) => `Bare de første ${n} hendelsene er listet.`,
    flagNames: { no_grant: 'ingen gyldig tillatelse', denied: 'avvist', unknown_badge: 'ukjent kort' },
    mailSubject: (org, month) => `Adgangsrapport ${month} — ${org}`,
    mailBody: (name, month, url) => `Hei ${name},\n\nadgangsrapporten for ${month} er vedlagt. Den ligger også blant organisasjonens dokumenter:\n${url}\n\nPortico`,
  },
  ru: {
    title: 'Отчёт о доступе',
    period: 'Период',
    summary: 'Сводка',
    visits: 'Визиты (разрешённые входы)',
    persons: 'Разных людей',
    denied: 'Отклонённые попытки',
    flagged: 'Отмеченные события',
    entries: 'События',
    time: 'Время',
    person: 'Человек',
    company: 'Компания',
    location: 'Место',
    reader: 'Считыватель',
    direction: 'Напр.',
    result: 'Результат',
    in: 'вход',
    out: 'выход',
    granted: 'разрешён',
    deniedResult: 'отклонён',
    none: 'За этот период событий доступа нет.',
    page: (n, of) => `Страница ${n} из ${of}`,
    generated: (at) => `Создан ${at}`,
    timeZone: (tz) => `Время: ${tz}`,
    truncated: (n) => `Показаны только первые ${n} событий.`,
    flagNames: { no_grant: 'нет действующего пропуска', denied: 'отклонён', unknown_badge: 'неизвестная карта' },
    mailSubject: (org, month) => `Отчёт о доступе за ${month} — ${org}`,
    mailBody: (name, month, url) => `Здравствуйте, ${name}!\n\nотчёт о доступе за ${month} во вложении. Он также хранится среди документов вашей организации:\n${url}\n\nPortico`,
  },
};

export const reportLang = (l: string | null | undefined): ReportLang => (l === 'de' || l === 'nb' || l === 'ru' ? l : 'en');

/**
 * The Intl locale of a report language. English reports use British conventions (day before month,
 * 24-hour clock), as the portal's sites and customers are European; "12/04/2026" must never mean April.
 */
export const reportLocale = (lang: ReportLang): string => ({ en: 'en-GB', de: 'de-DE', nb: 'nb-NO', ru: 'ru-RU' })[lang];

/** "October 2026" in the language. */
export function monthLabel(month: string, lang: ReportLang): string {
  const [y, m] = month.split('-').map(Number);
  const s = new Intl.DateTimeFormat(reportLocale(lang), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 15)));
  return s.charAt(0).toUpperCase() + s.slice(1);
}
