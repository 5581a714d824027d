import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import de from '../locales/de.json';
import nb from '../locales/nb.json';
import ru from '../locales/ru.json';

export const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
  { value: 'nb', label: 'Norsk bokmål' },
  { value: 'ru', label: 'Русский' },
] as const;

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('portico.lang') : null;
const browser = typeof navigator !== 'undefined' ? navigator.language.slice(0, 2) : 'en';
const initial = [saved, browser === 'no' || browser === 'nn' ? 'nb' : browser].find((l) => l && ['en', 'de', 'nb', 'ru'].includes(l)) ?? 'en';

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de }, nb: { translation: nb }, ru: { translation: ru } },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = initial;

/** Switches the UI language (and the <html lang> attribute). */
export function setLanguage(lang: string) {
  if (i18n.language === lang) return;
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  localStorage.setItem('portico.lang', lang);
}

export default i18n;
