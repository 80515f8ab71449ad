import type { ElevatorDetail } from '@cc/contracts';
import { App, Button, Card, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { setVolunteers, volunteerCandidates } from './elevators-api';

/** 楼道志愿者: the project's volunteers, picked from the committee's staff and verified residents. */
export function VolunteersCard({
  project: p,
  onChange,
}: {
  project: ElevatorDetail;
  onChange: (p: ElevatorDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<string[]>(p.volunteers.map((v) => v.accountId));
  const [isSending, setIsSending] = useState(false);
  const candidates = useRequest(
    (signal) => volunteerCandidates(p.id, q, signal),
    [p.id, q],
    p.can.edit,
  );
  const known = new Map<string, string>([
    ...p.volunteers.map((v) => [v.accountId, v.name] as const),
    ...(candidates.data?.items ?? []).map((c) => [c.accountId, c.name] as const),
  ]);

  async function save() {
    setIsSending(true);
    try {
      const next = await setVolunteers(p.id, picked);
      setPicked(next.volunteers.map((v) => v.accountId));
      onChange(next);
      void message.success(t('elevators.saved'));
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Card size="small" title={t('elevators.volunteers.title')} data-testid="elevator-volunteers">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('elevators.volunteers.hint')}
      </Typography.Paragraph>
      {p.can.edit && (
        <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
          <Select
            mode="multiple"
            style={{ width: '100%' }}
            value={picked}
            placeholder={t('elevators.volunteers.search')}
            filterOption={false}
            showSearch
            onSearch={setQ}
            onChange={setPicked}
            loading={candidates.isLoading}
            options={[...known].map(([value, label]) => ({ value, label }))}
            data-testid="elevator-volunteers-select"
          />
          <Button
            type="primary"
            loading={isSending}
            onClick={() => void save()}
            data-testid="elevator-volunteers-save"
          >
            {t('elevators.save')}
          </Button>
        </Space.Compact>
      )}
      <List
        size="small"
        dataSource={p.volunteers}
        locale={{ emptyText: t('elevators.volunteers.none') }}
        renderItem={(v) => (
          <List.Item data-testid="elevator-volunteer">
            <Space>
              {v.name}
              <Tag>{t(`elevators.volunteers.${v.kind}`)}</Tag>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
