import { Alert, Card, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { describeError } from '../../lib/api';
import { CASE_OPERATOR_ROLES } from '@cc/contracts';
import { scopeRoots, useMe } from '../../lib/session';
import { useTaxonomy } from '../../lib/taxonomy';
import { PointsTab } from './points-tab';
import { RulesTab } from './rules-tab';

const TABS = ['rules', 'points'] as const;
type TabKey = (typeof TABS)[number];

/** 派单规则与点位: who gets a new case, by scenario and area or by a fixed point. */
export function DispatchPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.find((key) => key === params.get('tab')) ?? 'rules';
  const scope = useMemo(() => scopeRoots(me, CASE_OPERATOR_ROLES), [me]);
  // The taxonomy names the scenarios in both tabs; the tables still show codes without it.
  const taxonomy = useTaxonomy();

  return (
    <div data-testid="dispatch-page">
      <Typography.Title level={3} className="cc-page-title">
        {t('dispatch.title')}
      </Typography.Title>
      {taxonomy.error ? (
        <Alert
          type="warning"
          showIcon
          title={t('dispatch.taxonomyFailed')}
          description={describeError(taxonomy.error, t)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'rules' ? {} : { tab: key }, { replace: true })}
          items={[
            {
              key: 'rules',
              label: <span data-testid="dispatch-tab-rules">{t('dispatch.rulesTab')}</span>,
              children: <RulesTab scope={scope} taxonomy={taxonomy.data} />,
            },
            {
              key: 'points',
              label: <span data-testid="dispatch-tab-points">{t('dispatch.pointsTab')}</span>,
              children: <PointsTab scope={scope} taxonomy={taxonomy.data} />,
            },
          ]}
        />
      </Card>
    </div>
  );
}
