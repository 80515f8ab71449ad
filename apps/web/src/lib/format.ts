/** Display helpers shared by features. */

interface Named {
  name: string;
  nameEn?: string | null;
}

export function isEnglish(language: string | undefined): boolean {
  return (language ?? '').toLowerCase().startsWith('en');
}

/** The English text in English when there is one; the Chinese text otherwise. */
export function inLanguage(
  zh: string,
  en: string | null | undefined,
  language: string | undefined,
): string {
  return isEnglish(language) && en ? en : zh;
}

/** The area's English name in English when it has one; the official Chinese name otherwise. */
export function areaName(area: Named, language: string | undefined): string {
  return inLanguage(area.name, area.nameEn, language);
}

export function formatDateTime(iso: string, language: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(isEnglish(language) ? 'en-GB' : 'zh-CN', { hour12: false });
}
