import {
  ArrowLeftOutlined,
  CheckOutlined,
  CopyOutlined,
  EyeOutlined,
  QuestionCircleOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Input,
  Modal,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ListPage } from '../../components/list-page';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, useRequest } from '../../lib/api';
import { isWithinArea } from '../../lib/session';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { useCommittee } from './committee-select';
import { DeclarationRevealButton } from './declaration-reveal';
import { getDeclaration, listDeclarations, reviewDeclaration } from './epidemic-api';
import {
  DeclarationStatusTag,
  KeyRegionBadge,
  Symptoms,
  Temperature,
  testId,
} from './epidemic-format';
import type { DeclarationDetail, ReviewDecision } from './epidemic-types';
import './epidemic.css';

/** The dialog of 需补充 and 标记重复: a note, and for a duplicate the declaration it repeats. */
function ReviewModal({
  declaration,
  decision,
  onClose,
  onDone,
}: {
  declaration: DeclarationDetail;
  decision: Exclude<ReviewDecision, 'accept'>;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const committee = useDeclarationCommittee(declaration);
  const [note, setNote] = useState('');
  const [duplicateOf, setDuplicateOf] = useState<string | undefined>(
    declaration.possibleDuplicateOf ?? undefined,
  );
  const [error, setError] = useState<string | undefined>();
  const [isSending, setIsSending] = useState(false);
  const isDuplicate = decision === 'duplicate';
  // the other declarations of the committee, newest first (the likely one is near the top)
  const others = useRequest(
    (signal) => listDeclarations({ committee: committee ?? '', limit: 100 }, signal),
    [committee],
    isDuplicate && !!committee,
  );
  const options = (others.data?.items ?? [])
    .filter((d) => d.id !== declaration.id)
    .map((d) => ({
      value: d.id,
      label: `${d.reference} · ${d.name} · ${d.arrivalDate} · ${d.room.label}${
        d.id === declaration.possibleDuplicateOf
          ? ` · ${t('epidemic.declarations.possibleDuplicate')}`
          : ''
      }`,
    }));
  // the suspected original may be older than the page loaded: offer it anyway
  if (duplicateOf && !options.some((o) => o.value === duplicateOf)) {
    options.unshift({ value: duplicateOf, label: t('epidemic.review.suspected') });
  }
  const isMissingNote = decision === 'more_info' && note.trim() === '';

  async function send() {
    setIsSending(true);
    setError(undefined);
    try {
      await reviewDeclaration(declaration.id, {
        decision,
        note: note.trim() || undefined,
        duplicateOf: isDuplicate ? duplicateOf : undefined,
      });
      void message.success(t(`epidemic.review.done.${decision}`));
      onDone();
    } catch (cause) {
      setError(describeError(cause, t));
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Modal
      open
      title={t(`epidemic.review.title.${decision}`)}
      onCancel={onClose}
      destroyOnHidden
      okText={t('epidemic.review.send')}
      okButtonProps={{
        disabled: isMissingNote || (isDuplicate && !duplicateOf),
        loading: isSending,
        ...testId(`declaration-review-${decision}-confirm`),
      }}
      onOk={() => void send()}
    >
      {isDuplicate ? (
        <>
          <Typography.Paragraph type="secondary">
            {t('epidemic.review.duplicateHint')}
          </Typography.Paragraph>
          <Select
            value={duplicateOf}
            onChange={setDuplicateOf}
            options={options}
            loading={others.isLoading}
            showSearch
            optionFilterProp="label"
            placeholder={t('epidemic.review.duplicatePick')}
            style={{ width: '100%', marginBottom: 12 }}
            data-testid="declaration-duplicate-of"
          />
        </>
      ) : (
        <Typography.Paragraph type="secondary">
          {t('epidemic.review.moreInfoHint')}
        </Typography.Paragraph>
      )}
      <Input.TextArea
        value={note}
        onChange={(event) => setNote(event.target.value)}
        maxLength={500}
        autoSize={{ minRows: 2 }}
        placeholder={t(`epidemic.review.notePlaceholder.${decision}`)}
        data-testid="declaration-review-note"
      />
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginTop: 12 }}
          data-testid="declaration-review-error"
        />
      ) : null}
    </Modal>
  );
}

/**
 * The committee a declaration belongs to: the one of the person's committees its compound lies
 * in (a compound's code is its committee's code and a suffix), else the page's committee.
 */
function useDeclarationCommittee(d: { compound: { code: string } } | undefined) {
  const { committees, committee } = useCommittee();
  const own = d && committees.find((c) => isWithinArea(d.compound.code, c.code));
  return own?.code ?? committee;
}

/** One declaration (/declarations/:id): the details, the review, reveal, and the review history. */
export function DeclarationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const loaded = useRequest((signal) => getDeclaration(id, signal), [id]);
  const [reviewing, setReviewing] = useState<Exclude<ReviewDecision, 'accept'> | null>(null);
  const [isAccepting, setIsAccepting] = useState(false);
  const d = loaded.data?.id === id ? loaded.data : undefined;
  const committee = useDeclarationCommittee(d);
  if (!d && loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!d) return <PageSpin />;
  const isFinal = d.status === 'duplicate';

  async function accept() {
    setIsAccepting(true);
    try {
      await reviewDeclaration(id, { decision: 'accept' });
      void message.success(t('epidemic.review.done.accept'));
      loaded.reload();
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsAccepting(false);
    }
  }

  const back = committee ? `/declarations?committee=${committee}` : '/declarations';
  return (
    <ListPage
      testId="declaration-page"
      title={t('epidemic.declaration.title', { reference: d.reference })}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Link to={back}>
          <ArrowLeftOutlined /> {t('epidemic.declaration.back')}
        </Link>
        <Card
          size="small"
          title={
            <Space wrap>
              <span className="cc-epi-mono" data-testid="declaration-reference">
                {d.reference}
              </span>
              <DeclarationStatusTag status={d.status} />
              {d.keyRegion ? <KeyRegionBadge region={d.keyRegion} /> : null}
              {d.registryResident ? (
                <Tag color="blue" data-testid="declaration-registry-resident">
                  {t('epidemic.declaration.registryResident')}
                </Tag>
              ) : null}
            </Space>
          }
          extra={<DeclarationRevealButton declarationId={d.id} />}
        >
          {d.possibleDuplicateOf && d.status !== 'duplicate' ? (
            <Alert
              type="warning"
              showIcon
              icon={<CopyOutlined />}
              style={{ marginBottom: 12 }}
              data-testid="declaration-duplicate-alert"
              title={
                <span>
                  {t('epidemic.declaration.possibleDuplicate')}{' '}
                  <Link to={`/declarations/${encodeURIComponent(d.possibleDuplicateOf)}`}>
                    {t('epidemic.declaration.openOther')}
                  </Link>
                </span>
              }
            />
          ) : null}
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
            <Descriptions.Item label={t('epidemic.field.name')}>
              <span data-testid="declaration-name">{d.name}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.phone')}>
              <span className="cc-epi-mono">{d.phone}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.document')}>
              {t(`epidemic.documentKind.${d.document.kind}`, { defaultValue: d.document.kind })}{' '}
              <span className="cc-epi-mono">{d.document.number}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.origin')}>
              {d.origin.path || d.origin.name}
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.arrival')}>
              {d.arrivalDate} ·{' '}
              {t(`epidemic.means.${d.arrivalMeans}`, { defaultValue: d.arrivalMeans })}
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.room')}>
              {d.compound.name} {d.room.label}
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.purpose')}>
              {t(`epidemic.purpose.${d.purpose}`, { defaultValue: d.purpose })}
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.stayDays')}>
              {t('epidemic.declaration.days', { count: d.stayDays })}
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.temperature')}>
              <Temperature value={d.health.temperature} />
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.symptoms')}>
              <Symptoms symptoms={d.health.symptoms} />
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.declaredBy')}>
              {t(`epidemic.declaredBy.${d.declaredBy}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('epidemic.field.createdAt')}>
              {shanghaiDateTime(d.createdAt)}
            </Descriptions.Item>
            {d.observationId ? (
              <Descriptions.Item label={t('epidemic.field.observation')}>
                <Link
                  to={`/observations/${encodeURIComponent(d.observationId)}`}
                  data-testid="declaration-observation"
                >
                  <EyeOutlined /> {t('epidemic.declaration.openObservation')}
                </Link>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
        <Card size="small" title={t('epidemic.review.card')} data-testid="declaration-review">
          {isFinal ? (
            <Typography.Text type="secondary">{t('epidemic.review.final')}</Typography.Text>
          ) : (
            <Space wrap>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={isAccepting}
                disabled={d.status === 'accepted'}
                onClick={() => void accept()}
                data-testid="declaration-review-accept"
              >
                {t('epidemic.review.accept')}
              </Button>
              <Button
                icon={<QuestionCircleOutlined />}
                onClick={() => setReviewing('more_info')}
                data-testid="declaration-review-more-info"
              >
                {t('epidemic.review.moreInfo')}
              </Button>
              <Button
                danger
                icon={<CopyOutlined />}
                onClick={() => setReviewing('duplicate')}
                data-testid="declaration-review-duplicate"
              >
                {t('epidemic.review.duplicate')}
              </Button>
            </Space>
          )}
        </Card>
        <Card size="small" title={t('epidemic.review.history')} data-testid="declaration-history">
          {d.reviews.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('epidemic.review.none')} />
          ) : (
            <Timeline
              items={d.reviews.map((r, i) => ({
                key: `${r.at}-${i}`,
                color:
                  r.decision === 'accept'
                    ? 'green'
                    : r.decision === 'duplicate'
                      ? 'gray'
                      : 'orange',
                content: (
                  <div data-testid="declaration-history-item" data-decision={r.decision}>
                    <Typography.Text strong>
                      {t(`epidemic.review.decision.${r.decision}`, { defaultValue: r.decision })}
                    </Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      {r.by} · {shanghaiDateTime(r.at)}
                    </Typography.Text>
                    {r.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{r.note}</div> : null}
                  </div>
                ),
              }))}
            />
          )}
        </Card>
      </Space>
      {reviewing ? (
        <ReviewModal
          declaration={d}
          decision={reviewing}
          onClose={() => setReviewing(null)}
          onDone={() => {
            setReviewing(null);
            loaded.reload();
          }}
        />
      ) : null}
    </ListPage>
  );
}
