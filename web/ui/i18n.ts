import dayjs from 'dayjs';
import 'dayjs/locale/de';
import 'dayjs/locale/en-gb';
import 'dayjs/locale/nb';
import 'dayjs/locale/ru';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from '../locales/de.json';
import en from '../locales/en.json';
import nb from '../locales/nb.json';
import ru from '../locales/ru.json';
import { mergeTranslations, type Tree } from '../locales/merge.js';

/** Feature translation files `locales/features/<feature>.<lang>.json`, deep-merged over the core file. */
const features = import.meta.glob<Tree>('../locales/features/*.json', { eager: true, import: 'default' });
const bundle = (lang: string, core: Tree) =>
  mergeTranslations(core, ...Object.entries(features).filter(([file]) => file.endsWith(`.${lang}.json`)).map(([, tree]) => tree));

export const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
  { value: 'nb', label: 'Norsk bokmål' },
  { value: 'ru', label: 'Русский' },
] as const;
export type Language = (typeof LANGUAGES)[number]['value'];

const isLanguage = (l: string | null | undefined): l is Language => !!l && LANGUAGES.some((x) => x.value === l);
/** dayjs names (used by the Mantine date pickers). */
export const dayjsLocale = (lang: string) => (lang === 'en' ? 'en-gb' : lang);

function initialLanguage(): Language {
  const saved = localStorage.getItem('portico.lang');
  if (isLanguage(saved)) return saved;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    const lang = base === 'no' || base === 'nn' ? 'nb' : base;
    if (isLanguage(lang)) return lang;
  }
  return 'en';
}

const initial = initialLanguage();
void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: bundle('en', en) },
    de: { translation: bundle('de', de) },
    nb: { translation: bundle('nb', nb) },
    ru: { translation: bundle('ru', ru) },
  },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = initial;
dayjs.locale(dayjsLocale(initial));

/** Switches the UI language, the <html lang> attribute and the date pickers' language; remembers it for the sign-in pages. */
export function setLanguage(lang: string) {
  if (!isLanguage(lang)) return;
  localStorage.setItem('portico.lang', lang);
  document.documentElement.lang = lang;
  dayjs.locale(dayjsLocale(lang));
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
}

export default i18n;
