import { WarningOutlined } from '@ant-design/icons';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  DECLARATION_STATUS_COLORS,
  LEVEL_COLORS,
  TODAY_COLORS,
  formatTemperature,
  isFever,
} from './epidemic-rules';
import type {
  DeclarationStatus,
  KeyRegionLevel,
  ObservationRow,
  TodayStatus,
} from './epidemic-types';

/** 重点地区 with its level's colour, on a declaration (the region's name in the tooltip). */
export function KeyRegionBadge({ region }: { region: { name: string; level: KeyRegionLevel } }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={LEVEL_COLORS[region.level]}
      icon={<WarningOutlined />}
      title={region.name}
      data-testid="declaration-key-region"
      data-level={region.level}
    >
      {t('epidemic.keyRegionBadge', { level: t(`epidemic.level.${region.level}`) })}
    </Tag>
  );
}

/** A level on its own (高风险 / 中风险). */
export function LevelTag({ level }: { level: KeyRegionLevel }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEVEL_COLORS[level]} data-testid="key-region-level" data-level={level}>
      {t(`epidemic.level.${level}`)}
    </Tag>
  );
}

export function DeclarationStatusTag({ status }: { status: DeclarationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={DECLARATION_STATUS_COLORS[status]}
      data-testid="declaration-status"
      data-status={status}
    >
      {t(`epidemic.status.${status}`)}
    </Tag>
  );
}

/** Today's check-in: 已打卡, 未打卡, 异常, or 待打卡 while the day's deadline is not past. */
export function TodayTag({ today }: { today: TodayStatus | null }) {
  const { t } = useTranslation();
  if (!today) {
    return <Tag data-testid="observation-today-pending">{t('epidemic.today.pending')}</Tag>;
  }
  return (
    <Tag color={TODAY_COLORS[today]} data-testid={`observation-today-${today}`}>
      {t(`epidemic.today.${today}`)}
    </Tag>
  );
}

/** A temperature, red at or above the fever line. */
export function Temperature({ value }: { value: number | null | undefined }) {
  const { t } = useTranslation();
  const text = formatTemperature(value);
  if (text === undefined) return <>{t('common.none')}</>;
  return isFever(value) ? (
    <Typography.Text type="danger" strong data-testid="temperature" data-fever="true">
      {text}
    </Typography.Text>
  ) : (
    <span data-testid="temperature">{text}</span>
  );
}

/** Symptoms as small red tags, or 无症状. */
export function Symptoms({ symptoms }: { symptoms: readonly string[] }) {
  const { t } = useTranslation();
  if (symptoms.length === 0) {
    return <Typography.Text type="secondary">{t('epidemic.noSymptoms')}</Typography.Text>;
  }
  return (
    <Space size={[0, 4]} wrap>
      {symptoms.map((s) => (
        <Tag key={s} color="volcano">
          {t(`epidemic.symptom.${s}`, { defaultValue: s })}
        </Tag>
      ))}
    </Space>
  );
}

/** A data-testid inside a props object (a dialog's buttons): antd passes it to the element. */
export const testId = (id: string) => ({ 'data-testid': id }) as object;

/** The cases an observation opened: each links to its page when the server sends the case's id. */
export function CaseLinks({ row }: { row: Pick<ObservationRow, 'caseNumbers' | 'cases'> }) {
  const { t } = useTranslation();
  if (row.caseNumbers.length === 0) return <>{t('common.none')}</>;
  return (
    <Space size={[4, 4]} wrap>
      {row.caseNumbers.map((number) => {
        const id = row.cases?.find((c) => c.number === number)?.id;
        return id ? (
          <Link
            key={number}
            to={`/cases/${encodeURIComponent(id)}`}
            className="cc-epi-mono"
            data-testid="observation-case"
          >
            {number}
          </Link>
        ) : (
          <Tag key={number} className="cc-epi-mono" data-testid="observation-case">
            {number}
          </Tag>
        );
      })}
    </Space>
  );
}
