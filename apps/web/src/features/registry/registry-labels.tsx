import {
  REGISTRY_LABELS,
  type PeopleCount,
  type RegistryDictionary,
  type RegistryTag,
} from '@cc/contracts';
import { Tag, Tooltip } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../lib/api';
import { isEnglish } from '../../lib/format';
import { getTags } from './registry-api';

/** The zh/en label of a coded value (REGISTRY_LABELS); the code itself when it is unknown. */
export function codeLabel(
  dictionary: RegistryDictionary,
  code: string | null | undefined,
  language: string | undefined,
): string {
  if (!code) return '';
  const labels = REGISTRY_LABELS[dictionary] as Record<string, readonly [string, string]>;
  const pair = labels[code];
  if (!pair) return code;
  return isEnglish(language) ? pair[1] : pair[0];
}

/** Select options for one dictionary, in the contract's order. */
export function codeOptions(dictionary: RegistryDictionary, language: string | undefined) {
  const labels = REGISTRY_LABELS[dictionary] as Record<string, readonly [string, string]>;
  return Object.keys(labels).map((code) => ({
    value: code,
    label: codeLabel(dictionary, code, language),
  }));
}

/** A count of people as the server shows it: "<5" (hidden, fewer than five) or the number. */
export function PeopleFigure({ count, testId }: { count: PeopleCount; testId?: string }) {
  const { t } = useTranslation();
  if (count.value === null) {
    return (
      <Tooltip title={t('registry.fewHint')}>
        <span className="cc-reg-few" data-testid={testId} data-value="">
          {count.display}
        </span>
      </Tooltip>
    );
  }
  return (
    <span data-testid={testId} data-value={count.value}>
      {count.value.toLocaleString()}
    </span>
  );
}

/** A number to draw: a hidden small count ("<5") counts as nothing in a chart. */
export const chartValue = (count: PeopleCount) => count.value ?? 0;

// ---- tags ----

const TAG_COLOURS = ['blue', 'cyan', 'geekblue', 'purple', 'green', 'gold', 'magenta', 'lime'];

/** A steady colour per tag: care groups warm, the others from a small palette. */
export function tagColour(tag: RegistryTag | undefined, code: string): string {
  if (tag?.care) return code === 'key_care' ? 'red' : 'volcano';
  let hash = 0;
  for (const char of code) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return TAG_COLOURS[hash % TAG_COLOURS.length] ?? 'blue';
}

/** The tag dictionary (/api/registry/tags), by code, with the names in the reader's language. */
export function useRegistryTags() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const { data, error, isLoading, reload } = useRequest((signal) => getTags(signal), []);
  const named = useMemo(() => {
    const items = data?.items ?? [];
    const byCode = new Map(items.map((tag) => [tag.code, tag]));
    const name = (code: string) => {
      const tag = byCode.get(code);
      if (!tag) return code;
      return isEnglish(language) ? tag.nameEn : tag.name;
    };
    const options = items.map((tag) => ({ value: tag.code, label: name(tag.code) }));
    return { items, byCode, name, options };
  }, [data, language]);
  return { ...named, error, isLoading, reload };
}

export type RegistryTags = ReturnType<typeof useRegistryTags>;

export function TagList({ codes, tags }: { codes: readonly string[]; tags: RegistryTags }) {
  return (
    <>
      {codes.map((code) => (
        <Tag key={code} color={tagColour(tags.byCode.get(code), code)} data-tag={code}>
          {tags.name(code)}
        </Tag>
      ))}
    </>
  );
}

// ---- nationalities ----

/** ISO 3166 alpha-3 → alpha-2 for the nationalities Shanghai sees most; Intl names alpha-2. */
const ALPHA2: Record<string, string> = {
  CHN: 'CN',
  HKG: 'HK',
  MAC: 'MO',
  TWN: 'TW',
  USA: 'US',
  JPN: 'JP',
  KOR: 'KR',
  PRK: 'KP',
  GBR: 'GB',
  FRA: 'FR',
  DEU: 'DE',
  ITA: 'IT',
  ESP: 'ES',
  NLD: 'NL',
  BEL: 'BE',
  CHE: 'CH',
  AUT: 'AT',
  SWE: 'SE',
  NOR: 'NO',
  DNK: 'DK',
  FIN: 'FI',
  IRL: 'IE',
  PRT: 'PT',
  POL: 'PL',
  RUS: 'RU',
  UKR: 'UA',
  CAN: 'CA',
  MEX: 'MX',
  BRA: 'BR',
  ARG: 'AR',
  AUS: 'AU',
  NZL: 'NZ',
  SGP: 'SG',
  MYS: 'MY',
  THA: 'TH',
  VNM: 'VN',
  PHL: 'PH',
  IDN: 'ID',
  IND: 'IN',
  PAK: 'PK',
  BGD: 'BD',
  MNG: 'MN',
  KAZ: 'KZ',
  TUR: 'TR',
  ISR: 'IL',
  ARE: 'AE',
  SAU: 'SA',
  EGY: 'EG',
  ZAF: 'ZA',
  NGA: 'NG',
  KEN: 'KE',
};

/** A nationality's name in the reader's language (国籍), or its code when unknown. */
export function nationalityName(code: string, language: string | undefined): string {
  const alpha2 = ALPHA2[code];
  if (!alpha2) return code;
  try {
    const names = new Intl.DisplayNames([isEnglish(language) ? 'en' : 'zh-CN'], {
      type: 'region',
    });
    return names.of(alpha2) ?? code;
  } catch {
    return code;
  }
}

// ---- age bands ----

/** "0-4", "0–4", "85+" → the age range it covers (to is undefined for the open top band). */
export function bandRange(band: string): { from: number; to: number | undefined } | undefined {
  const closed = /^(\d+)\s*[-–~至]\s*(\d+)/.exec(band);
  if (closed?.[1] && closed[2]) return { from: Number(closed[1]), to: Number(closed[2]) };
  const open = /^(\d+)\s*\+/.exec(band);
  if (open?.[1]) return { from: Number(open[1]), to: undefined };
  return undefined;
}
