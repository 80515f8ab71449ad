import { EnvironmentOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import {
  COUNCIL_KIND_LABELS,
  COUNCIL_ROLE_LABELS,
  COUNCIL_VOTE_KIND_LABELS,
  MEMBER_KIND_LABELS,
  OFFER_CATEGORY_LABELS,
  type CouncilMember,
  type CouncilVote,
  type Guideline,
  type Offer,
} from '@cc/contracts';
import { Button, Empty, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { PlainText } from '../../components/plain-text';
import { useRequest, type RequestState } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { councilsApi, formatFen } from '../councils';
import { BackLink } from './back-link';
import { labelText } from './council-app-format';
import { RoleTag } from './my-councils-page';
import { OfferForm } from './offer-form';
import { VoteStateTag } from './vote-state-tag';
import './council-app.css';

const GROUPS = ['1', '3', 'X'] as const;
/** Members shown per group before 展开全部 (an alliance may have 200 merchants). */
const FIRST_MEMBERS = 8;

/** A card with a title, an optional link at its right, and what it holds (or its load error). */
function Panel<T>({
  title,
  extra,
  state,
  testId,
  children,
}: {
  title: string;
  extra?: ReactNode;
  state: RequestState<T>;
  testId: string;
  children: (data: T) => ReactNode;
}) {
  return (
    <section className="cc-council-card" data-testid={testId}>
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 8,
          marginBottom: 8,
        }}
      >
        <Typography.Text strong>{title}</Typography.Text>
        {extra}
      </div>
      {state.error && !state.data ? (
        <LoadError error={state.error} onRetry={state.reload} isCompact />
      ) : state.data === undefined ? (
        <PageSpin />
      ) : (
        children(state.data)
      )}
    </section>
  );
}

function MemberLine({ member }: { member: CouncilMember }) {
  const { i18n } = useTranslation();
  return (
    <div className="cc-council-line" data-testid="council-member-row" data-id={member.id}>
      <span className="cc-council-row-main">
        <Typography.Text>{member.name}</Typography.Text>
        <span className="cc-council-muted">
          {labelText(MEMBER_KIND_LABELS[member.kind], i18n.language, member.kind)}
          {member.representatives.length > 0 && ' · '}
          {member.representatives
            .map(
              (r) =>
                `${r.name}（${labelText(COUNCIL_ROLE_LABELS[r.role], i18n.language, r.role)}）`,
            )
            .join('、')}
        </span>
      </span>
      {member.representatives.some((r) => r.role !== 'member') && (
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {labelText(
            COUNCIL_ROLE_LABELS[
              member.representatives.find((r) => r.role === 'chair')?.role ??
                member.representatives.find((r) => r.role !== 'member')?.role ??
                'member'
            ],
            i18n.language,
          )}
        </Tag>
      )}
    </div>
  );
}

/** One of "1 + 3 + X": its members, the first few and then all on request. */
function MemberGroup({ group, members }: { group: string; members: CouncilMember[] }) {
  const { t } = useTranslation();
  const [isOpen, setIsOpen] = useState(false);
  if (members.length === 0) return null;
  const shown = isOpen ? members : members.slice(0, FIRST_MEMBERS);
  return (
    <div style={{ marginTop: 8 }} data-testid="council-member-group" data-group={group}>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t(`councilApp.home.group.${group}`)}
      </Typography.Text>
      {shown.map((m) => (
        <MemberLine key={m.id} member={m} />
      ))}
      {members.length > shown.length && (
        <Button type="link" size="small" onClick={() => setIsOpen(true)} style={{ padding: 0 }}>
          {t('councilApp.home.showAll', { count: members.length })}
        </Button>
      )}
    </div>
  );
}

function VoteRow({ vote }: { vote: CouncilVote }) {
  const { t, i18n } = useTranslation();
  return (
    <Link
      to={`/r/council-votes/${vote.id}`}
      className="cc-council-line"
      style={{ color: 'inherit', alignItems: 'center' }}
      data-testid="council-vote-row"
      data-id={vote.id}
      data-state={vote.state}
    >
      <span className="cc-council-row-main">
        <Typography.Text>{vote.title}</Typography.Text>
        <span className="cc-council-muted">
          {labelText(COUNCIL_VOTE_KIND_LABELS[vote.kind], i18n.language, vote.kind)} ·{' '}
          {t('councilApp.vote.closesAt', { at: shanghaiDateTime(vote.closesAt) })}
          {vote.myBallot && ` · ${t('councilApp.vote.cast')}`}
        </span>
      </span>
      <VoteStateTag state={vote.state} />
      <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
    </Link>
  );
}

function GuidelineRow({ guideline }: { guideline: Guideline }) {
  const { t } = useTranslation();
  const p = guideline.progress;
  return (
    <Link
      to={`/r/guidelines/${guideline.id}`}
      className="cc-council-line"
      style={{ color: 'inherit', alignItems: 'center' }}
      data-testid="council-guideline-row"
      data-id={guideline.id}
    >
      <span className="cc-council-row-main">
        <Typography.Text>{guideline.title}</Typography.Text>
        <span className="cc-council-muted">
          {t('councilApp.guideline.progress', {
            applications: p.applications,
            approved: p.approved,
            done: p.done,
          })}
        </span>
      </span>
      <Tag color={guideline.open ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
        {guideline.open ? t('councilApp.guideline.open') : t('councilApp.guideline.closed')}
      </Tag>
      <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
    </Link>
  );
}

function OfferLine({ offer }: { offer: Offer }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="cc-council-line" data-testid="council-offer-row" data-id={offer.id}>
      <span className="cc-council-row-main">
        <Typography.Text>
          <Tag color={offer.side === 'offer' ? 'green' : 'orange'}>
            {t(`councilApp.offers.side.${offer.side}`)}
          </Tag>
          {offer.title}
        </Typography.Text>
        <span className="cc-council-muted">
          {labelText(OFFER_CATEGORY_LABELS[offer.category], i18n.language, offer.category)} ·{' '}
          {offer.member.name}
          {offer.openingHours && ` · ${offer.openingHours}`}
        </span>
        {offer.description && <span className="cc-council-muted">{offer.description}</span>}
      </span>
      <Tag style={{ marginInlineEnd: 0 }}>{t(`councilApp.offers.status.${offer.status}`)}</Tag>
    </div>
  );
}

/**
 * A council's home on the phone (/r/councils/:id): who is in by "1 + 3 + X" and the reader's
 * role, the votes (open first), the fund's balance, the guidelines and what members offer and need.
 */
export function CouncilHomePage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const council = useRequest((signal) => councilsApi.getCouncil(id, signal), [id]);
  const members = useRequest((signal) => councilsApi.listMembers(id, signal), [id]);
  const votes = useRequest((signal) => councilsApi.listCouncilVotes(id, signal), [id]);
  const fund = useRequest((signal) => councilsApi.getFund(id, signal), [id]);
  const guidelines = useRequest((signal) => councilsApi.listGuidelines(id, signal), [id]);
  const offers = useRequest((signal) => councilsApi.listOffers(id, undefined, signal), [id]);
  const [isOffering, setIsOffering] = useState(false);
  const back = <BackLink to="/r/councils" label={t('councilApp.mine.back')} />;
  if (council.error && !council.data)
    return (
      <div className="cc-council-page">
        {back}
        <LoadError error={council.error} onRetry={council.reload} isCompact />
      </div>
    );
  if (!council.data) return <PageSpin />;
  const c = council.data;
  return (
    <div className="cc-council-page" data-testid="council-home" data-id={c.id}>
      {back}
      <div className="cc-council-card">
        <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8 }}>
          <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 0 }}>
            {c.name}
          </Typography.Title>
          <RoleTag council={c} />
        </div>
        <div className="cc-council-muted" style={{ marginTop: 4 }}>
          {labelText(COUNCIL_KIND_LABELS[c.kind], i18n.language, c.kind)} · {c.block.name} ·{' '}
          {c.street.name}
        </div>
        {c.description && (
          <div style={{ marginTop: 8 }}>
            <PlainText text={c.description} />
          </div>
        )}
      </div>

      <Panel
        title={t('councilApp.home.members', { count: c.memberCount })}
        state={members}
        testId="council-members"
      >
        {(list) => (
          <>
            <div className="cc-council-groups">
              {GROUPS.map((g) => (
                <div key={g} className="cc-council-group" data-testid={`council-group-${g}`}>
                  <div className="cc-council-group-count">{c.groups[g]}</div>
                  <div className="cc-council-muted">{t(`councilApp.home.groupShort.${g}`)}</div>
                </div>
              ))}
            </div>
            {GROUPS.map((g) => (
              <MemberGroup key={g} group={g} members={list.items.filter((m) => m.group === g)} />
            ))}
          </>
        )}
      </Panel>

      <Panel title={t('councilApp.home.votes')} state={votes} testId="council-votes">
        {(list) => {
          // open first, then the results; drafts are the organisers' business
          const rank = { open: 0, published: 1, closed: 2, cancelled: 3, draft: 4 } as const;
          const shown = list.items
            .filter((v) => v.state !== 'draft')
            .sort((a, b) => rank[a.state] - rank[b.state]);
          return shown.length === 0 ? (
            <Typography.Text type="secondary">{t('councilApp.home.noVotes')}</Typography.Text>
          ) : (
            shown.map((v) => <VoteRow key={v.id} vote={v} />)
          );
        }}
      </Panel>

      <Panel
        title={t('councilApp.home.fund')}
        state={fund}
        testId="council-fund"
        extra={
          <Link to={`/r/councils/${c.id}/fund`} data-testid="council-fund-link">
            {t('councilApp.home.fundAll')} <RightOutlined />
          </Link>
        }
      >
        {(totals) => (
          <>
            <span className="cc-council-muted">{t('councilApp.fund.balance')}</span>
            <div className="cc-council-amount" data-testid="council-fund-balance">
              {formatFen(totals.balanceFen)}
            </div>
            <span className="cc-council-muted">
              {t('councilApp.fund.summary', {
                contributed: formatFen(totals.contributedFen),
                spent: formatFen(totals.spentFen),
                entries: totals.entries,
              })}
            </span>
          </>
        )}
      </Panel>

      <Panel title={t('councilApp.home.guidelines')} state={guidelines} testId="council-guidelines">
        {(list) =>
          list.items.length === 0 ? (
            <Typography.Text type="secondary">{t('councilApp.home.noGuidelines')}</Typography.Text>
          ) : (
            list.items.map((g) => <GuidelineRow key={g.id} guideline={g} />)
          )
        }
      </Panel>

      <Panel
        title={t('councilApp.home.offers')}
        state={offers}
        testId="council-offers"
        extra={
          <Link to={`/rest-areas?block=${c.block.id}`} data-testid="council-rest-map-link">
            <EnvironmentOutlined /> {t('councilApp.home.restMap')}
          </Link>
        }
      >
        {(list) => (
          <>
            {list.items.length === 0 ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('councilApp.home.noOffers')}
              />
            ) : (
              list.items.map((o) => <OfferLine key={o.id} offer={o} />)
            )}
            {c.me &&
              (isOffering ? (
                <OfferForm
                  councilId={c.id}
                  blockId={c.block.id}
                  memberId={c.me.memberId}
                  onDone={() => {
                    setIsOffering(false);
                    offers.reload();
                  }}
                  onCancel={() => setIsOffering(false)}
                />
              ) : (
                <Button
                  block
                  icon={<PlusOutlined />}
                  onClick={() => setIsOffering(true)}
                  style={{ marginTop: 8 }}
                  data-testid="offer-create"
                >
                  {t('councilApp.offers.create')}
                </Button>
              ))}
          </>
        )}
      </Panel>
    </div>
  );
}
