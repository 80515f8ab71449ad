import type { SensorDevice, SensorDeviceKeyAnswer, SensorRule } from '@cc/contracts';
import { Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import {
  ManagedTable,
  RowButton,
  SwitchButton,
  useEditing,
  useRowSteps,
} from '../../components/managed-list';
import { rowData } from '../../components/page-parts';
import { useRequest } from '../../lib/api';
import { formatDateTime, inLanguage } from '../../lib/format';
import { answerTexts, scenarioNamer } from '../../lib/scenarios';
import { useMe } from '../../lib/session';
import { useTaxonomy } from '../../lib/taxonomy';
import { DeviceDrawer } from './device-drawer';
import { DeviceKeyModal } from './device-key-modal';
import { RuleDrawer } from './rule-drawer';
import { listDevices, listOwners, listRules, rotateDeviceKey, updateDevice } from './sensors-api';
import { canManageSensors } from './sensors-roles';

/**
 * 物联感知 (administrators; the city's, districts' and streets' operators read their areas'): the
 * kinds of sensor and their rules, then the devices with their last reading and the case their
 * alarms opened. The city's administrators edit a rule, register a device (its key shown once),
 * rotate a key and disable a device.
 */
export function SensorsPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const me = useMe();
  const canManage = canManageSensors(me);
  const taxonomy = useTaxonomy();
  const rules = useRequest((signal) => listRules(signal), []);
  const devices = useRequest((signal) => listDevices(signal), []);
  // the owners' names: the departments are the city administrators' to read
  const owners = useRequest((signal) => listOwners(signal), [], canManage);
  const { reload } = devices;
  const { editing, open, drawer, secret, showSecret, hideSecret } = useEditing<
    SensorDevice,
    SensorDeviceKeyAnswer
  >(reload);
  const steps = useRowSteps(reload);
  const [editingRule, setEditingRule] = useState<SensorRule | undefined>();
  const rulesByKind = useMemo(
    () => new Map(rules.data?.items.map((r) => [r.kind, r]) ?? []),
    [rules.data],
  );
  // an operator, who does not read the departments, sees the owner's code
  const ownerName = useMemo(() => {
    const byCode = new Map(owners.data?.items.map((d) => [d.code, d]) ?? []);
    return (code: string) => {
      const d = byCode.get(code);
      return d ? (
        inLanguage(d.name, d.nameEn, language)
      ) : (
        <Typography.Text code>{code}</Typography.Text>
      );
    };
  }, [owners.data, language]);
  const nameOfScenario = scenarioNamer(taxonomy.data, language);
  const scenarioOf = (code: string) => taxonomy.data?.scenarios.find((s) => s.code === code);
  const kindName = (kind: string) => {
    const rule = rulesByKind.get(kind);
    return rule ? inLanguage(rule.name, rule.nameEn, language) : kind;
  };

  const ruleColumns: TableColumnsType<SensorRule> = [
    {
      title: t('sensors.rules.columns.kind'),
      key: 'kind',
      width: 200,
      render: (_, r) => (
        <div>
          <Typography.Text strong>{inLanguage(r.name, r.nameEn, language)}</Typography.Text>
          <div>
            <Typography.Text code style={{ fontSize: 12 }}>
              {r.kind}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('sensors.rules.columns.threshold'),
      key: 'threshold',
      width: 130,
      render: (_, r) => (
        <span data-testid="sensor-rule-threshold-text">
          {t('sensors.rules.thresholdText', { value: r.threshold, unit: r.unit })}
        </span>
      ),
    },
    {
      title: t('sensors.rules.columns.window'),
      key: 'window',
      width: 110,
      render: (_, r) => t('sensors.rules.windowText', { minutes: r.windowMinutes }),
    },
    {
      title: t('sensors.rules.columns.scenario'),
      key: 'scenario',
      width: 180,
      render: (_, r) => nameOfScenario(r.scenarioCode),
    },
    {
      title: t('sensors.rules.columns.answers'),
      key: 'answers',
      render: (_, r) => {
        const scenario = scenarioOf(r.scenarioCode);
        const field = scenario?.fields.find((f) => f.code === r.valueAttribute);
        const texts = [
          ...answerTexts(scenario, r.attributes, language),
          ...(r.valueAttribute
            ? [
                t('sensors.rules.valueFrom', {
                  field: field ? inLanguage(field.name, field.nameEn, language) : r.valueAttribute,
                }),
              ]
            : []),
        ];
        return texts.length > 0 ? (
          texts.map((text) => <Tag key={text}>{text}</Tag>)
        ) : (
          <Typography.Text type="secondary">{t('sensors.rules.noAnswers')}</Typography.Text>
        );
      },
    },
    ...(canManage
      ? [
          {
            title: t('sensors.rules.columns.actions'),
            key: 'actions',
            width: 110,
            render: (_: unknown, r: SensorRule) => (
              <RowButton id={r.kind} testId="sensor-rule-edit" onClick={() => setEditingRule(r)}>
                {t('sensors.rules.edit')}
              </RowButton>
            ),
          },
        ]
      : []),
  ];

  const deviceColumns: TableColumnsType<SensorDevice> = [
    {
      title: t('sensors.devices.columns.id'),
      dataIndex: 'id',
      fixed: 'left',
      width: 150,
      render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
    },
    {
      title: t('sensors.devices.columns.name'),
      key: 'name',
      width: 200,
      render: (_, d) => (
        <span data-user-text>
          <Typography.Text strong>{d.name}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('sensors.devices.columns.kind'),
      key: 'kind',
      width: 140,
      render: (_, d) => kindName(d.kind),
    },
    {
      title: t('sensors.devices.columns.owner'),
      key: 'owner',
      width: 180,
      render: (_, d) => ownerName(d.ownerDepartment),
    },
    {
      title: t('sensors.devices.columns.area'),
      key: 'area',
      width: 140,
      render: (_, d) => <Link to={`/areas/${encodeURIComponent(d.areaCode)}`}>{d.areaCode}</Link>,
    },
    {
      title: t('sensors.devices.columns.last'),
      key: 'last',
      width: 190,
      render: (_, d) =>
        d.lastValue === null ? (
          <Typography.Text type="secondary">{t('sensors.devices.noReading')}</Typography.Text>
        ) : (
          <div>
            <span data-testid="sensor-device-last">
              {d.lastValue} {rulesByKind.get(d.kind)?.unit ?? ''}
            </span>
            {d.lastEventAt ? (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('sensors.devices.lastAt', { at: formatDateTime(d.lastEventAt, language) })}
                </Typography.Text>
              </div>
            ) : null}
          </div>
        ),
    },
    {
      title: t('sensors.devices.columns.openCase'),
      key: 'openCase',
      width: 170,
      render: (_, d) =>
        d.openCaseId ? (
          <div>
            <Link
              to={`/cases/${encodeURIComponent(d.openCaseId)}`}
              data-testid="sensor-device-case"
            >
              {t('sensors.devices.openCase')}
            </Link>
            {d.lastAlertAt ? (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('sensors.devices.alarmAt', { at: formatDateTime(d.lastAlertAt, language) })}
                </Typography.Text>
              </div>
            ) : null}
          </div>
        ) : (
          <Typography.Text type="secondary">{t('sensors.devices.noCase')}</Typography.Text>
        ),
    },
    {
      title: t('sensors.devices.columns.state'),
      key: 'state',
      width: 90,
      render: (_, d) => (
        <Tag color={d.disabled ? 'default' : 'green'} data-testid="sensor-device-state">
          {d.disabled ? t('sensors.devices.state.disabled') : t('sensors.devices.state.enabled')}
        </Tag>
      ),
    },
    ...(canManage
      ? [
          {
            title: t('sensors.devices.columns.actions'),
            key: 'actions',
            width: 190,
            render: (_: unknown, d: SensorDevice) => (
              <Space size={4} wrap>
                <RowButton
                  id={d.id}
                  testId="sensor-device-rotate"
                  isDisabled={steps.isBusy}
                  onClick={() =>
                    steps.confirm({
                      title: t('sensors.devices.rotateTitle', { name: d.name }),
                      content: t('sensors.devices.rotateConfirm'),
                      okText: t('sensors.devices.rotate'),
                      okTestId: 'sensor-device-rotate-confirm',
                      isDanger: true,
                      call: async () => showSecret(await rotateDeviceKey(d.id)),
                    })
                  }
                >
                  {t('sensors.devices.rotate')}
                </RowButton>
                <SwitchButton
                  record={{ id: d.id, name: d.name }}
                  isEnabled={!d.disabled}
                  keys="sensors.devices"
                  testId="sensor-device"
                  steps={steps}
                  onEnable={() => updateDevice(d.id, { disabled: false })}
                  onDisable={() => updateDevice(d.id, { disabled: true })}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <ListPage testId="sensors-page" title={t('sensors.title')}>
      <Typography.Paragraph type="secondary">{t('sensors.intro')}</Typography.Paragraph>
      {canManage ? null : (
        <Typography.Paragraph type="secondary">{t('sensors.readOnly')}</Typography.Paragraph>
      )}
      <div style={{ marginBottom: 12 }}>
        <ListCard
          title={t('sensors.rules.title')}
          error={rules.error}
          hasData={!!rules.data}
          onRetry={rules.reload}
        >
          <Table<SensorRule>
            rowKey="kind"
            size="middle"
            columns={ruleColumns}
            dataSource={rules.data?.items ?? []}
            loading={rules.isLoading}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: t('sensors.rules.empty') }}
            data-testid="sensor-rules-table"
            onRow={(r) => rowData('sensor-rule-row', { 'data-kind': r.kind })}
          />
        </ListCard>
      </div>
      <ManagedTable<SensorDevice>
        title={t('sensors.devices.title')}
        request={devices}
        create={
          canManage
            ? {
                text: t('sensors.devices.create'),
                testId: 'sensor-device-create',
                onClick: () => open(),
              }
            : undefined
        }
        columns={deviceColumns}
        scrollX={1500}
        emptyText={t('sensors.devices.empty')}
        testId="sensor-devices-table"
        onRow={(d) =>
          rowData('sensor-device-row', {
            'data-id': d.id,
            'data-kind': d.kind,
            'data-disabled': String(d.disabled),
          })
        }
      />
      {editing.isOpen ? <DeviceDrawer rules={rules.data?.items ?? []} {...drawer} /> : null}
      {editingRule ? (
        <RuleDrawer
          rule={editingRule}
          taxonomy={taxonomy.data}
          onClose={() => setEditingRule(undefined)}
          onSaved={() => {
            setEditingRule(undefined);
            rules.reload();
          }}
        />
      ) : null}
      <DeviceKeyModal answer={secret} onClose={hideSecret} />
    </ListPage>
  );
}
