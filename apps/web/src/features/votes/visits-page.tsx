import { VISIT_OUTCOMES, type MyVisit, type VisitOutcome } from '@cc/contracts';
import { Alert, App, Button, Card, Empty, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, useRequest } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { ChoiceTag } from './vote-format';
import { listMyVisits, recordVisitOutcome } from './votes-api';
import './votes.css';

/** One visit: the vote, the units to call on, and the outcome once recorded. */
function VisitCard({ visit, onSaved }: { visit: MyVisit; onSaved: (v: MyVisit) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [outcome, setOutcome] = useState<VisitOutcome | undefined>(visit.outcome ?? undefined);
  const [note, setNote] = useState(visit.note ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  async function save() {
    if (!outcome) return;
    setIsSending(true);
    setProblem(null);
    try {
      const saved = await recordVisitOutcome(visit.id, {
        outcome,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      void message.success(t('votes.visits.saved'));
      onSaved(saved);
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }
  return (
    <Card size="small" data-testid="visit-card" data-id={visit.id}>
      <Space direction="vertical" style={{ width: '100%' }} size={6}>
        <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
          <Typography.Text strong data-testid="visit-units">
            {visit.units.join('、')}
          </Typography.Text>
          {/* the choice only when the server tells it (staff, or once published); else voted or not */}
          {visit.choice ? (
            <ChoiceTag choice={visit.choice} />
          ) : (
            <Tag
              color={visit.voted ? 'blue' : undefined}
              data-testid="visit-voted"
              data-voted={String(visit.voted)}
            >
              {visit.voted ? t('votes.voted') : t('votes.notVoted')}
            </Tag>
          )}
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {visit.voteTitle} · {t('votes.resident.closes', { at: shanghaiDateTime(visit.closesAt) })}
        </Typography.Text>
        {visit.outcome && (
          <span>
            {t('votes.visits.recorded')} <Tag>{t(`votes.outcome.${visit.outcome}`)}</Tag>
          </span>
        )}
        {problem && <Alert type="error" showIcon message={problem} />}
        <Select<VisitOutcome>
          value={outcome}
          onChange={setOutcome}
          placeholder={t('votes.visits.outcome')}
          options={VISIT_OUTCOMES.map((o) => ({ value: o, label: t(`votes.outcome.${o}`) }))}
          optionRender={(o) => <span data-testid={`visit-outcome-${o.value}`}>{o.label}</span>}
          data-testid="visit-outcome"
        />
        <Input.TextArea
          rows={2}
          maxLength={500}
          value={note}
          placeholder={t('votes.visits.note')}
          onChange={(e) => setNote(e.target.value)}
          data-testid="visit-note"
        />
        <Button
          type="primary"
          block
          disabled={!outcome}
          loading={isSending}
          onClick={() => void save()}
          data-testid="visit-save"
        >
          {t('votes.visits.save')}
        </Button>
      </Space>
    </Card>
  );
}

/** /r/together/visits: the visits a volunteer (爬楼志愿者) has been handed, and their outcomes. */
export function MyVisitsPage() {
  const { t } = useTranslation();
  const list = useRequest((signal) => listMyVisits(signal), []);
  const [saved, setSaved] = useState<Map<string, MyVisit>>(new Map());
  if (list.error && !list.data) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageSpin />;
  const items = list.data.items.map((v) => saved.get(v.id) ?? v);
  return (
    <div className="cc-votes-phone" data-testid="my-visits">
      <Link to="/r/together">{t('votes.resident.backTogether')}</Link>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('votes.visits.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('votes.visits.intro')}</Typography.Text>
      {items.length === 0 && <Empty description={t('votes.visits.empty')} />}
      {items.map((v) => (
        <VisitCard
          key={v.id}
          visit={v}
          onSaved={(next) => setSaved((m) => new Map(m).set(next.id, next))}
        />
      ))}
    </div>
  );
}
