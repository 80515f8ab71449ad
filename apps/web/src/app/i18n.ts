import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { zhCN } from './locales/zh-cn';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'cc.language';

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.find((l) => l === value) ?? 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

// Whoever switches the language (header, login page), the choice is remembered here.
i18n.on('languageChanged', (language) => {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode or storage off: the switch still applies to this visit.
  }
  document.documentElement.lang = language;
  document.title = i18n.t('app.documentTitle');
});

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
});

document.documentElement.lang = i18n.language;
document.title = i18n.t('app.documentTitle');

export default i18n;
