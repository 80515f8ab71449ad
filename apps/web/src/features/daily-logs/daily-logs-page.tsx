import { EditOutlined } from '@ant-design/icons';
import { DAILY_LOG_KINDS, type DailyLogKind } from '@cc/contracts';
import {
  App,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Row,
  Segmented,
  Select,
  Space,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { useMe } from '../../lib/session';
import { useCursorList } from '../../lib/use-cursor-list';
import { kindFilter, pickCommittee, staffCommittees } from './daily-log-rules';
import { listDailyLogs } from './daily-logs-api';
import { LogAuthorsCard } from './log-authors-card';
import { LogCard } from './log-card';
import { LogComposer } from './log-composer';
import './daily-logs.css';

/**
 * 社区日志 for committee staff (/daily-logs): the committee's logs, newest first, by kind;
 * 写日志 with photos (any kind); and the authors they appoint (志愿者, 隔离点工作人员).
 * `?committee=` and `?kind=` keep the choice in the address.
 */
export function DailyLogsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const committees = useMemo(() => staffCommittees(me), [me]);
  const [params, setParams] = useSearchParams();
  const committee = pickCommittee(committees, params.get('committee'));
  const kind = kindFilter(params.get('kind'));
  const [isWriting, setWriting] = useState(false);
  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (before) => {
        const next = new URLSearchParams(before);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const list = useCursorList(
    (cursor, signal) => listDailyLogs({ committee: committee ?? '', kind, cursor }, signal),
    [committee, kind],
    (l) => l.id,
  );

  const title = (
    <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
      <Typography.Title level={3} className="cc-page-title" style={{ margin: 0 }}>
        {t('dailyLogs.title')}
      </Typography.Title>
      {committee && (
        <Button
          type="primary"
          icon={<EditOutlined />}
          onClick={() => setWriting(true)}
          data-testid="daily-log-new"
        >
          {t('dailyLogs.write')}
        </Button>
      )}
    </Space>
  );
  if (!committee)
    return (
      <div data-testid="daily-logs-page">
        {title}
        <Empty description={t('dailyLogs.noAuthorship')} />
      </div>
    );
  return (
    <div data-testid="daily-logs-page">
      {title}
      <Typography.Paragraph type="secondary">{t('dailyLogs.staffHelp')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card size="small">
            <Space wrap style={{ marginBottom: 12 }}>
              {committees.length > 1 && (
                <Select
                  value={committee}
                  onChange={(code: string) => setParam('committee', code)}
                  style={{ minWidth: 200 }}
                  aria-label={t('dailyLogs.committee')}
                  options={committees.map((c) => ({ value: c.code, label: c.name }))}
                  data-testid="daily-log-committee-filter"
                />
              )}
              <Segmented<string>
                value={kind ?? 'all'}
                onChange={(v) => setParam('kind', v === 'all' ? undefined : v)}
                options={[
                  { value: 'all', label: t('dailyLogs.allKinds') },
                  ...DAILY_LOG_KINDS.map((k) => ({ value: k, label: t(`dailyLogs.kinds.${k}`) })),
                ]}
                data-testid="daily-log-kind-filter"
              />
            </Space>
            {list.error && list.items.length === 0 ? (
              <LoadError error={list.error} onRetry={list.reload} />
            ) : list.items.length === 0 && !list.isLoading ? (
              <Empty description={t('dailyLogs.empty')} />
            ) : (
              <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                {list.items.map((l) => (
                  <div key={l.id} style={{ border: '1px solid #f0f0f0', borderRadius: 8 }}>
                    <LogCard log={l} />
                  </div>
                ))}
              </div>
            )}
            {list.hasMore && (
              <Button
                block
                style={{ marginTop: 12 }}
                onClick={list.loadMore}
                loading={list.isLoading}
              >
                {t('dailyLogs.loadMore')}
              </Button>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <LogAuthorsCard committee={committee} />
        </Col>
      </Row>
      <Drawer
        open={isWriting}
        title={t('dailyLogs.write')}
        onClose={() => setWriting(false)}
        size={520}
        destroyOnHidden
      >
        <LogComposer
          targets={committees.map((c) => ({ ...c, kinds: [...DAILY_LOG_KINDS] as DailyLogKind[] }))}
          committeeCode={committee}
          onCancel={() => setWriting(false)}
          onPosted={(log) => {
            setWriting(false);
            void message.success(t('dailyLogs.posted'));
            if (log.committee.code !== committee) setParam('committee', log.committee.code);
            list.restart();
          }}
        />
      </Drawer>
    </div>
  );
}
