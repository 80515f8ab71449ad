import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { DispatchRule, Taxonomy } from '@cc/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Grid,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { describeError, isSessionEnded, useRequest } from '../../lib/api';
import type { ScopeRoot } from '../../lib/session';
import { deleteRule, listRules } from './dispatch-api';
import { RuleModal } from './rule-modal';
import { scenarioNamer } from '../../lib/scenarios';

interface Props {
  scope: readonly ScopeRoot[];
  taxonomy: Taxonomy | undefined;
}

/** Scenario × area → the responsible unit and person. */
export function RulesTab({ scope, taxonomy }: Props) {
  const { t, i18n } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [isAdding, setIsAdding] = useState(false);
  const { data, error, isLoading, reload } = useRequest((signal) => listRules(signal), []);
  const nameOf = scenarioNamer(taxonomy, i18n.language);

  function scenarioCell(code: string | null) {
    return code ? (
      <span title={code}>{nameOf(code)}</span>
    ) : (
      <Tag color="blue">{t('dispatch.allScenarios')}</Tag>
    );
  }

  function confirmDelete(rule: DispatchRule) {
    modal.confirm({
      title: t('dispatch.deleteRuleTitle'),
      content: t('dispatch.deleteRuleConfirm', {
        scenario: rule.scenarioCode ? nameOf(rule.scenarioCode) : t('dispatch.allScenarios'),
        area: rule.areaName,
        unit: rule.unitName,
      }),
      okText: t('dispatch.delete'),
      okButtonProps: { danger: true, 'data-testid': 'dispatch-confirm-delete' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await deleteRule(rule.id);
          void message.success(t('dispatch.ruleDeleted'));
        } catch (cause) {
          if (!isSessionEnded(cause)) void message.error(describeError(cause, t));
        }
        reload();
      },
    });
  }

  const columns: TableColumnsType<DispatchRule> = [
    {
      title: t('dispatch.scenario'),
      dataIndex: 'scenarioCode',
      width: 200,
      render: (code: string | null, rule) => (
        <span data-testid={`dispatch-rule-row-${rule.id}`}>
          {scenarioCell(code)}
          {/* On a phone the area column is hidden: show it under the scenario. */}
          {screens.sm ? null : (
            <div>
              <Typography.Text type="secondary">{rule.areaName}</Typography.Text>
            </div>
          )}
        </span>
      ),
    },
    {
      title: t('dispatch.area'),
      dataIndex: 'areaName',
      width: 200,
      responsive: ['sm'],
      render: (name: string, rule) => (
        <span>
          {name}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
            {rule.areaCode}
          </Typography.Text>
        </span>
      ),
    },
    { title: t('dispatch.unit'), dataIndex: 'unitName', width: 180 },
    {
      title: t('dispatch.assignee'),
      dataIndex: 'assigneeName',
      width: 160,
      render: (name: string | null) =>
        name ?? <Typography.Text type="secondary">{t('dispatch.noAssignee')}</Typography.Text>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, rule) => (
        <Button
          size="small"
          danger
          icon={<DeleteOutlined />}
          onClick={() => confirmDelete(rule)}
          aria-label={t('dispatch.delete')}
          data-testid={`dispatch-rule-delete-${rule.id}`}
        >
          {screens.sm ? t('dispatch.delete') : null}
        </Button>
      ),
    },
  ];

  return (
    <div>
      <Alert
        type="info"
        showIcon
        title={t('dispatch.rulesExplainTitle')}
        description={t('dispatch.rulesExplain')}
        style={{ marginBottom: 12 }}
        data-testid="dispatch-rules-explain"
      />
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setIsAdding(true)}
          data-testid="dispatch-rule-add"
        >
          {t('dispatch.addRule')}
        </Button>
      </Space>
      {error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <>
          <StaleDataAlert error={error} />
          <Table<DispatchRule>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={isLoading}
            scroll={{ x: screens.sm ? 830 : 430 }}
            locale={{ emptyText: t('dispatch.noRules') }}
            pagination={{ defaultPageSize: 50, hideOnSinglePage: true }}
            data-testid="dispatch-rules-table"
          />
        </>
      )}
      <RuleModal
        isOpen={isAdding}
        onClose={() => setIsAdding(false)}
        onCreated={() => {
          setIsAdding(false);
          reload();
        }}
        scope={scope}
        taxonomy={taxonomy}
      />
    </div>
  );
}
