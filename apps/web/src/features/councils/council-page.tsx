import { COUNCIL_KIND_LABELS, type Council } from '@cc/contracts';
import { Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { useMe } from '../../lib/session';
import { canOpenCouncils } from './council-roles';
import { CouncilRoleTag, useLabel } from './council-format';
import { getCouncil, listMembers } from './councils-api';
import { FundTab } from './fund-tab';
import { GuidelinesTab } from './guidelines-tab';
import { MembersTab } from './members-tab';
import { OffersTab } from './offers-tab';
import { PageHead } from '../../components/page-parts';
import { VotesTab } from './votes-tab';
import './councils.css';

const TABS = ['members', 'votes', 'fund', 'guidelines', 'offers'] as const;
type TabKey = (typeof TABS)[number];
const isTab = (value: string | null): value is TabKey => TABS.some((tab) => tab === value);

/**
 * A council (/councils/:id): its members in "1 + 3 + X", elections and motions, the shared
 * fund, guidelines with their applications, and what its parties offer and need — one tab
 * each, the tab kept in the address (`?tab=`). Anyone signed in may open the address; the
 * server answers 404 to whoever may not read the council.
 */
export function CouncilPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const label = useLabel();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: TabKey = isTab(tabParam) ? tabParam : 'members';
  const council = useRequest((signal) => getCouncil(id, signal), [id]);
  const members = useRequest((signal) => listMembers(id, signal), [id]);
  const c: Council | undefined = council.data?.id === id ? council.data : undefined;
  // a step on the members tab changes the counts in the head: read both again
  const reloadAll = () => {
    council.reload();
    members.reload();
  };
  const memberItems = members.data?.items ?? [];

  if (!c) {
    return (
      <div data-testid="council-page" data-id={id}>
        {council.error ? (
          <LoadError error={council.error} onRetry={council.reload} />
        ) : (
          <Skeleton active paragraph={{ rows: 8 }} />
        )}
      </div>
    );
  }

  return (
    <div data-testid="council-page" data-id={c.id}>
      <PageHead
        className="cc-council-head"
        title={c.name}
        back={canOpenCouncils(me) ? { to: '/councils', label: t('councils.title') } : undefined}
      >
        <Tag color="blue">{label(COUNCIL_KIND_LABELS[c.kind])}</Tag>
        <Typography.Text type="secondary">
          {c.street.name} · {c.block.name}
        </Typography.Text>
        {c.me ? (
          <Space size={4} data-testid="council-my-role">
            <Typography.Text type="secondary">{t('councils.council.myRole')}</Typography.Text>
            <CouncilRoleTag role={c.me.role} />
          </Space>
        ) : null}
      </PageHead>
      {c.description ? (
        <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
          {c.description}
        </Typography.Paragraph>
      ) : null}
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          setParams(
            (before) => {
              const next = new URLSearchParams(before);
              next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        destroyOnHidden
        items={[
          {
            key: 'members',
            label: (
              <span data-testid="council-tab-members">
                {t('councils.tab.members', { n: c.memberCount })}
              </span>
            ),
            children: <MembersTab council={c} members={members} onChanged={reloadAll} />,
          },
          {
            key: 'votes',
            label: <span data-testid="council-tab-votes">{t('councils.tab.votes')}</span>,
            children: <VotesTab council={c} members={memberItems} />,
          },
          {
            key: 'fund',
            label: <span data-testid="council-tab-fund">{t('councils.tab.fund')}</span>,
            children: <FundTab council={c} members={memberItems} />,
          },
          {
            key: 'guidelines',
            label: <span data-testid="council-tab-guidelines">{t('councils.tab.guidelines')}</span>,
            children: <GuidelinesTab council={c} />,
          },
          {
            key: 'offers',
            label: <span data-testid="council-tab-offers">{t('councils.tab.offers')}</span>,
            children: <OffersTab council={c} members={memberItems} />,
          },
        ]}
      />
    </div>
  );
}
