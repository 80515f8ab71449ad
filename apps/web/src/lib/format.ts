/** Display helpers shared by features. */

interface Named {
  name: string;
  nameEn?: string | null;
}

export function isEnglish(language: string | undefined): boolean {
  return (language ?? '').toLowerCase().startsWith('en');
}

/** The area's English name in English when it has one; the official Chinese name otherwise. */
export function areaName(area: Named, language: string | undefined): string {
  return isEnglish(language) && area.nameEn ? area.nameEn : area.name;
}

export function formatDateTime(iso: string, language: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(isEnglish(language) ? 'en-GB' : 'zh-CN', { hour12: false });
}
