import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { LOCALES, type Locale } from '@chuangwen/domain/i18n/labels';
import { zhCN } from '../i18n/zh-CN';
import { en } from '../i18n/en';

export const LANGUAGE_STORAGE_KEY = 'cw.language';
export const DEFAULT_LANGUAGE: Locale = 'zh-CN';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLanguage(): Locale {
  try {
    const value = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

function applyDocumentLanguage(language: Locale): void {
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

// Flat keys ("unit.kind.grid", "permission.unit.view"): permission codes contain dots themselves.
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false }, // React escapes; i18next must not double-escape
  returnNull: false,
  initAsync: false,
});
applyDocumentLanguage(currentLanguage());

export function currentLanguage(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

/** Switches the UI language and remembers it in this browser. */
export async function changeLanguage(language: Locale): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this page only
  }
  await i18n.changeLanguage(language);
  applyDocumentLanguage(language);
}

export { i18n };
