import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { isEnglish } from '../lib/format';

/** 中文 / English; the choice is stored by the i18n setup. */
export function LanguageSwitch({ isInverted = false }: { isInverted?: boolean }) {
  const { t, i18n } = useTranslation();
  const value = isEnglish(i18n.language) ? 'en' : 'zh-CN';
  return (
    <Segmented
      size="small"
      aria-label={t('header.language')}
      data-testid="language-switch"
      value={value}
      onChange={(next) => void i18n.changeLanguage(next)}
      options={[
        // each language named in itself, and marked so (screen readers, the language check)
        { label: <span lang="zh-CN">{t('language.zh')}</span>, value: 'zh-CN' },
        { label: <span lang="en">{t('language.en')}</span>, value: 'en' },
      ]}
      style={isInverted ? { background: 'rgba(255,255,255,0.15)' } : undefined}
    />
  );
}
