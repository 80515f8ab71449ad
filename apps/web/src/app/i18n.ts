import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
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

/**
 * Chinese, the first language, comes with the app; English is its own file, fetched when it is
 * chosen (or was chosen last time): a Chinese reader's phone never downloads it (issue 26).
 */
const englishOnDemand: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, _namespace, callback) {
    if (language !== 'en') return callback(null, {});
    import('./locales/en').then(
      (m) => callback(null, m.en),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  },
};

/** Resolves once the chosen language can be shown: the app renders after it. */
export const i18nReady = i18n
  .use(englishOnDemand)
  .use(initReactI18next)
  .init({
    resources: { 'zh-CN': { translation: zhCN } },
    partialBundledLanguages: true,
    lng: storedLanguage(),
    fallbackLng: 'zh-CN',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
  })
  .then(() => {
    document.documentElement.lang = i18n.language;
    document.title = i18n.t('app.documentTitle');
  });

export default i18n;
