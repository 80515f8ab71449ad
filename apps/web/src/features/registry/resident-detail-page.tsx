import { EditOutlined, ExportOutlined, HomeOutlined, ReloadOutlined } from '@ant-design/icons';
import type { RegistryDictionary, RegistryHistory, Resident } from '@cc/contracts';
import {
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Grid,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { areasApi, pickLanguage, useRequest } from '../../lib/api';
import { areaName, formatDateTime } from '../../lib/format';
import { isWithinArea, scopeRoots, useMe } from '../../lib/session';
import { getResident, getResidentHistory } from './registry-api';
import { registryPath } from './registry-head';
import {
  codeLabel,
  nationalityName,
  TagList,
  useRegistryTags,
  type RegistryTags,
} from './registry-labels';
import { REGISTRY_SCREEN_ROLES } from '@cc/contracts';
import { canEditRegistry } from './registry-roles';
import { MoveModal, MoveOutModal } from './resident-actions';
import { ResidentFormDrawer } from './resident-form';
import { RevealButton } from './reveal-modal';
import { EmergencyContactCard } from './emergency-contact';
import './registry.css';

type Dialog = 'edit' | 'move' | 'moveOut' | undefined;

/** Fields whose values are codes of a dictionary (REGISTRY_LABELS). */
const CODED: Record<string, RegistryDictionary> = {
  documentType: 'documentType',
  registration: 'registration',
  sex: 'sex',
  relation: 'relation',
  use: 'use',
  ownership: 'ownership',
  occupancy: 'occupancy',
};

const FIELD_LABELS = [
  'name',
  'documentType',
  'documentNumber',
  'phone',
  'birthDate',
  'sex',
  'registration',
  'nationality',
  'tags',
  'householdNumber',
  'relation',
  'healthNote',
  'roomId',
  'committeeCode',
  'status',
  'note',
];

/** Keys the history keeps for the server's own use: nothing a person reads. */
const HIDDEN = new Set(['streetCode', 'areaPath', 'householdId']);

const fieldLabel = (field: string, t: TFunction) =>
  field === 'emergencyContact'
    ? t('careCalls.contact.title')
    : FIELD_LABELS.includes(field)
      ? t(`registry.field.${field}`)
      : field;

/** One change of the history: "field: new value"; personal fields say only that they changed. */
function changeText(
  field: string,
  value: unknown,
  tags: RegistryTags,
  t: TFunction,
  language: string,
): string | undefined {
  if (HIDDEN.has(field)) return undefined;
  const label = fieldLabel(field, t);
  const dictionary = CODED[field];
  let text: string;
  if (field === 'fields' && Array.isArray(value))
    return t('registry.history.fields', {
      fields: value
        .map((f) => String(f))
        .filter((f) => !HIDDEN.has(f))
        .map((f) => fieldLabel(f, t))
        .join('、'),
    });
  if (value === null || value === undefined || value === '') text = t('common.none');
  // rows written before personal fields were recorded as true said so in both languages
  else if (value === true || value === '(changed / 已修改)') text = t('registry.history.changed');
  else if (field === 'roomId') text = t('registry.history.changed');
  else if (field === 'tags' && Array.isArray(value))
    text = value.map((v) => tags.name(String(v))).join('、') || t('common.none');
  else if (field === 'status' && typeof value === 'string')
    text = t(`registry.status.${value}`, { defaultValue: value });
  else if (field === 'nationality' && typeof value === 'string')
    text = nationalityName(value, language);
  else if (dictionary && typeof value === 'string') text = codeLabel(dictionary, value, language);
  else if (Array.isArray(value)) text = value.map(String).join('、');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = pickLanguage(String(value as string | number));
  return `${label}: ${text}`;
}

/** What was done: "由导入创建（文件：x）" names the file of the import that created the record. */
function actionTitle(item: RegistryHistory['items'][number], t: TFunction): string {
  const file = item.changes.file;
  if (item.action === 'import_create' && typeof file === 'string' && file)
    return t('registry.history.importCreated', { file });
  return t(`registry.history.action.${item.action}`, { defaultValue: item.action });
}

function HistoryTimeline({ history, tags }: { history: RegistryHistory; tags: RegistryTags }) {
  const { t, i18n } = useTranslation();
  if (history.items.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.history.none')} />;
  }
  // newest first
  const items = [...history.items].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Timeline
      data-testid="resident-history"
      items={items.map((item, index) => ({
        key: `${item.at}-${index}`,
        color: item.action === 'move_out' ? 'gray' : item.action === 'reveal' ? 'orange' : 'blue',
        content: (
          <div data-testid={`history-${item.action}`}>
            <Typography.Text strong>{actionTitle(item, t)}</Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(item.at, i18n.language)}
                {item.actor ? ` · ${item.actor}` : ''}
              </Typography.Text>
            </div>
            {Object.entries(item.changes).map(([field, value]) => {
              if (field === 'file' && item.action === 'import_create') return null; // in the title
              const text = changeText(field, value, tags, t, i18n.language);
              return text ? (
                <div key={field} className="cc-reg-change">
                  {text}
                </div>
              ) : null;
            })}
          </div>
        ),
      }))}
    />
  );
}

/**
 * /registry/residents/:id — one resident: masked fields, the full record for a reason
 * (audited), editing, moving to a room, moving out, and the history of changes.
 */
export function ResidentDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const tags = useRegistryTags();
  const [dialog, setDialog] = useState<Dialog>();
  const [fresh, setFresh] = useState<Resident | undefined>();
  const { data, error, isLoading, reload } = useRequest((signal) => getResident(id, signal), [id]);
  const history = useRequest((signal) => getResidentHistory(id, signal), [id]);
  const resident =
    fresh && fresh.id === id && (!data || fresh.updatedAt >= data.updatedAt)
      ? fresh
      : data?.id === id
        ? data
        : undefined;
  const committeeCode = resident?.committeeCode;
  const committee = useRequest(
    async (signal) => (committeeCode ? await areasApi.getArea(committeeCode, signal) : undefined),
    [committeeCode],
    !!committeeCode,
  );

  if (error && !resident) return <LoadError error={error} onRetry={reload} />;
  if (!resident) return <Skeleton active paragraph={{ rows: 10 }} />;

  const canEdit = canEditRegistry(me);
  const roots = scopeRoots(me, REGISTRY_SCREEN_ROLES);
  const isPresent = resident.status === 'present';
  const saved = (next: Resident) => {
    setFresh(next);
    setDialog(undefined);
    history.reload();
  };
  const area = committee.data?.area.code === committeeCode ? committee.data : undefined;
  const committeeName = area ? areaName(area.area, language) : resident.committeeCode;

  return (
    <div className="cc-reg" data-testid="resident-detail" data-resident-id={resident.id}>
      <Breadcrumb
        className="cc-reg-crumbs"
        items={[
          ...(area?.chain ?? [])
            .filter((a) => roots.some((root) => isWithinArea(a.code, root.code)))
            .map((a) => ({
              key: a.code,
              title: <Link to={registryPath(a.code)}>{areaName(a, language)}</Link>,
            })),
          {
            key: 'committee',
            title: <Link to={registryPath(resident.committeeCode)}>{committeeName}</Link>,
          },
          {
            key: 'residents',
            title: (
              <Link to={registryPath(resident.committeeCode, 'residents')}>
                {t('registry.section.residents')}
              </Link>
            ),
          },
          { key: 'me', title: resident.name },
        ]}
      />
      <StaleDataAlert error={resident ? error : undefined} />
      <Card
        size="small"
        className="cc-reg-card"
        title={
          <Space wrap size={8} align="center">
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="resident-name">
              {resident.name}
            </Typography.Title>
            <Tag color={isPresent ? 'green' : 'default'} data-testid="resident-status">
              {t(`registry.status.${resident.status}`)}
            </Tag>
            <TagList codes={resident.tags} tags={tags} />
          </Space>
        }
        extra={
          screens.sm ? (
            <Button
              type="text"
              icon={<ReloadOutlined />}
              loading={isLoading}
              onClick={() => {
                setFresh(undefined);
                reload();
                history.reload();
              }}
              aria-label={t('common.refresh')}
            />
          ) : null
        }
      >
        <Space wrap className="cc-reg-actions">
          {canEdit ? (
            <>
              <RevealButton residentId={resident.id} />
              <Button
                icon={<EditOutlined />}
                onClick={() => setDialog('edit')}
                data-testid="resident-edit"
              >
                {t('registry.detail.edit')}
              </Button>
              <Button
                icon={<HomeOutlined />}
                onClick={() => setDialog('move')}
                data-testid="resident-move"
              >
                {isPresent ? t('registry.detail.move') : t('registry.detail.moveBack')}
              </Button>
              {isPresent ? (
                <Button
                  danger
                  icon={<ExportOutlined />}
                  onClick={() => setDialog('moveOut')}
                  data-testid="resident-move-out"
                >
                  {t('registry.detail.moveOut')}
                </Button>
              ) : null}
            </>
          ) : null}
        </Space>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 2, lg: 3 }}
          style={{ marginTop: 12 }}
          data-testid="resident-fields"
          items={[
            {
              key: 'documentType',
              label: t('registry.field.documentType'),
              children: codeLabel('documentType', resident.documentType, language),
            },
            {
              key: 'document',
              label: t('registry.field.documentNumber'),
              children: (
                <span className="cc-reg-mono" data-testid="resident-document">
                  {resident.document}
                </span>
              ),
            },
            {
              key: 'phone',
              label: t('registry.field.phone'),
              children: <span className="cc-reg-mono">{resident.phone || t('common.none')}</span>,
            },
            { key: 'age', label: t('registry.field.age'), children: resident.age },
            {
              key: 'sex',
              label: t('registry.field.sex'),
              children: codeLabel('sex', resident.sex, language),
            },
            {
              key: 'registration',
              label: t('registry.field.registration'),
              children: codeLabel('registration', resident.registration, language),
            },
            {
              key: 'nationality',
              label: t('registry.field.nationality'),
              children: `${nationalityName(resident.nationality, language)} (${resident.nationality})`,
            },
            {
              key: 'room',
              label: t('registry.field.room'),
              children: resident.roomLabel ?? t('registry.noRoom'),
            },
            {
              key: 'household',
              label: t('registry.field.householdNumber'),
              children: resident.householdNumber ?? t('common.none'),
            },
            {
              key: 'relation',
              label: t('registry.field.relation'),
              children: resident.relation
                ? codeLabel('relation', resident.relation, language)
                : t('common.none'),
            },
            {
              key: 'health',
              label: t('registry.field.healthNote'),
              children: resident.hasHealthNote
                ? t('registry.detail.healthNoteHidden')
                : t('common.none'),
            },
            ...(resident.movedOutAt
              ? [
                  {
                    key: 'movedOut',
                    label: t('registry.detail.movedOutAt'),
                    children: formatDateTime(resident.movedOutAt, language),
                  },
                ]
              : []),
            {
              key: 'updated',
              label: t('registry.detail.updatedAt'),
              children: formatDateTime(resident.updatedAt, language),
            },
          ]}
        />
      </Card>
      <EmergencyContactCard
        resident={resident}
        canEdit={canEdit}
        onSaved={(next) => {
          setFresh(next);
          history.reload();
        }}
      />
      <Card size="small" className="cc-reg-card" title={t('registry.history.title')}>
        {history.error && !history.data ? (
          <LoadError error={history.error} onRetry={history.reload} isCompact />
        ) : history.data ? (
          <HistoryTimeline history={history.data} tags={tags} />
        ) : (
          <Skeleton active />
        )}
      </Card>
      {canEdit ? (
        <>
          <ResidentFormDrawer
            mode="edit"
            resident={resident}
            isOpen={dialog === 'edit'}
            onClose={() => setDialog(undefined)}
            onSaved={saved}
          />
          <MoveModal
            resident={resident}
            isOpen={dialog === 'move'}
            onClose={() => setDialog(undefined)}
            onMoved={saved}
          />
          <MoveOutModal
            resident={resident}
            isOpen={dialog === 'moveOut'}
            onClose={() => setDialog(undefined)}
            onMovedOut={saved}
          />
        </>
      ) : null}
    </div>
  );
}
