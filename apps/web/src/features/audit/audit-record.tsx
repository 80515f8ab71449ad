import type { AuditEntry, AuditList } from '@cc/contracts';
import { auditActionGroup, auditActionLabel, AUDIT_GROUP_LABELS } from '@cc/contracts';
import { Button, Descriptions, Drawer, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { auditFields, auditLanguage, auditObject, auditTime } from './audit-format';

const OUTCOME_COLORS: Record<string, string> = { ok: 'green', denied: 'orange', failed: 'red' };

export function OutcomeTag({ outcome }: { outcome: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={OUTCOME_COLORS[outcome] ?? 'default'}>
      {t(`audit.outcomes.${outcome}`, { defaultValue: outcome })}
    </Tag>
  );
}

/** The object of a row: its kind, then its name or number linked to its page where it has one. */
export function AuditObject({ entry, areas }: { entry: AuditEntry; areas: AuditList['areas'] }) {
  const { t, i18n } = useTranslation();
  const lang = auditLanguage(i18n.language);
  const o = auditObject(entry, areas, lang);
  const name =
    o.name ?? (entry.objectId ? t('audit.objectShort', { id: entry.objectId.slice(0, 8) }) : null);
  return (
    <span>
      {o.kind ?? t('audit.unknownObject')}
      {name ? (
        <>
          {' '}
          {o.link ? (
            <Link
              to={o.link}
              onClick={(e) => e.stopPropagation()}
              data-testid="audit-object-link"
              data-user-text
            >
              {name}
            </Link>
          ) : (
            <Typography.Text type="secondary" data-user-text>
              {name}
            </Typography.Text>
          )}
        </>
      ) : null}
    </span>
  );
}

/** A row opened: who, when, what and on what, the labelled fields, the raw record a click away. */
export function AuditRecordDrawer({
  entry,
  areas,
  onClose,
}: {
  entry: AuditEntry | null;
  areas: AuditList['areas'];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = auditLanguage(i18n.language);
  const [showRaw, setShowRaw] = useState(false);
  const group = entry ? auditActionGroup(entry.action) : null;
  const { fields, unlabelled } = entry
    ? auditFields(entry.detail, areas, lang, {
        yes: t('audit.yes'),
        no: t('audit.no'),
        role: (role) => t(`role.${role}`, { defaultValue: role }),
      })
    : { fields: [], unlabelled: 0 };
  return (
    <Drawer
      open={entry !== null}
      onClose={() => {
        setShowRaw(false);
        onClose();
      }}
      width={560}
      title={entry ? t('audit.recordTitle', { seq: entry.seq }) : null}
      data-testid="audit-record"
    >
      {entry ? (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('audit.at')}>{auditTime(entry.at)}</Descriptions.Item>
            <Descriptions.Item label={t('audit.actor')}>
              <span data-user-text>{entry.actorName ?? t('audit.system')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.action')}>
              {auditActionLabel(entry.action, lang) ?? t('audit.unknownAction')}
              {group ? (
                <Tag style={{ marginInlineStart: 8 }}>{AUDIT_GROUP_LABELS[group][lang]}</Tag>
              ) : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.object')}>
              <AuditObject entry={entry} areas={areas} />
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.outcome')}>
              <OutcomeTag outcome={entry.outcome} />
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.ip')}>{entry.ip ?? ''}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('audit.fields')}
          </Typography.Title>
          {fields.length > 0 ? (
            <Descriptions column={1} size="small" bordered data-testid="audit-fields">
              {fields.map((f) => (
                <Descriptions.Item key={f.key} label={f.label}>
                  <span data-user-text style={{ whiteSpace: 'pre-wrap' }}>
                    {f.value}
                  </span>
                </Descriptions.Item>
              ))}
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">{t('audit.noFields')}</Typography.Text>
          )}
          {unlabelled > 0 ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('audit.moreFields', { count: unlabelled })}
            </Typography.Paragraph>
          ) : null}
          <Button
            style={{ marginTop: 12 }}
            onClick={() => setShowRaw((v) => !v)}
            data-testid="audit-raw-toggle"
          >
            {showRaw ? t('audit.hideRaw') : t('audit.showRaw')}
          </Button>
          {showRaw ? (
            <pre
              className="cc-json"
              style={{ marginTop: 8, whiteSpace: 'pre-wrap' }}
              data-testid="audit-raw"
              data-user-text
            >
              {JSON.stringify(
                {
                  seq: entry.seq,
                  at: entry.at,
                  actorId: entry.actorId,
                  actorName: entry.actorName,
                  action: entry.action,
                  objectType: entry.objectType,
                  objectId: entry.objectId,
                  ip: entry.ip,
                  outcome: entry.outcome,
                  detail: entry.detail,
                },
                null,
                2,
              )}
            </pre>
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}
