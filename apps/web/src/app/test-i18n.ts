import i18next, { type TFunction } from 'i18next';
import { en } from './locales/en';
import { zhCN } from './locales/zh-cn';

/**
 * The app's own translations for unit tests, without React or a browser: `t` in one language,
 * so that a test reads what a person would see (and a missing key shows as the key itself).
 */
export function testT(language: 'zh-CN' | 'en' = 'zh-CN'): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: language,
    fallbackLng: false,
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return instance.getFixedT(language);
}
