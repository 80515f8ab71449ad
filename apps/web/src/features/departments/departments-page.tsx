import type { DepartmentKeyAnswer } from '@cc/contracts';
import { Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPage } from '../../components/list-page';
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
import { DepartmentDrawer } from './department-drawer';
import { listDepartments, updateDepartment, type DepartmentRow } from './departments-api';
import { KeyModal, RotateKeyModal } from './key-modal';

/**
 * 委办局 (the city's administrators): the departments whose systems send data — their code,
 * names, grants, which key they hold and since when, whether they are stopped — with adding,
 * editing names and grants, key rotation and 停用/启用. A key is shown once, right after an
 * addition or a rotation.
 */
export function DepartmentsPage() {
  const { t, i18n } = useTranslation();
  const departments = useRequest((signal) => listDepartments(signal), []);
  const { reload } = departments;
  // the drawer adds a department or edits one; an addition or a rotation makes a key
  const { editing, open, drawer, secret, showSecret, hideSecret } = useEditing<
    DepartmentRow,
    DepartmentKeyAnswer
  >(reload);
  const [rotating, setRotating] = useState<DepartmentRow | undefined>();
  const steps = useRowSteps(reload);
  const nameOf = (d: DepartmentRow) => inLanguage(d.name, d.nameEn, i18n.language);

  const columns: TableColumnsType<DepartmentRow> = [
    {
      title: t('departments.columns.code'),
      dataIndex: 'code',
      fixed: 'left',
      width: 140,
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    {
      title: t('departments.columns.name'),
      dataIndex: 'name',
      width: 220,
      render: (_, d) => (
        <span data-user-text>
          <Typography.Text strong>{d.name}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {d.nameEn}
            </Typography.Text>
          </div>
        </span>
      ),
    },
    {
      title: t('departments.columns.grants'),
      dataIndex: 'grants',
      width: 200,
      render: (_, d) =>
        d.grants.length > 0 ? (
          d.grants.map((g) => (
            <Tag key={g} color="blue" data-testid="department-grant">
              {t(`departments.grants.${g}`)}
            </Tag>
          ))
        ) : (
          <Typography.Text type="secondary">{t('departments.noGrants')}</Typography.Text>
        ),
    },
    {
      title: t('departments.columns.key'),
      dataIndex: 'keyHint',
      width: 180,
      render: (_, d) =>
        d.keyHint ? (
          <div>
            <Typography.Text code data-testid="department-key-hint">
              {d.keyHint}…
            </Typography.Text>
            {d.keyIssuedAt ? (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('departments.issuedAt', { at: formatDateTime(d.keyIssuedAt, i18n.language) })}
                </Typography.Text>
              </div>
            ) : null}
          </div>
        ) : (
          <Typography.Text type="secondary">{t('departments.noKey')}</Typography.Text>
        ),
    },
    {
      title: t('departments.columns.state'),
      dataIndex: 'disabled',
      width: 100,
      render: (_, d) => (
        <Tag color={d.disabled ? 'default' : 'green'} data-testid="department-state">
          {d.disabled ? t('departments.state.disabled') : t('departments.state.enabled')}
        </Tag>
      ),
    },
    {
      title: t('departments.columns.createdAt'),
      dataIndex: 'createdAt',
      width: 160,
      responsive: ['xxl'],
      render: (iso: string) => formatDateTime(iso, i18n.language),
    },
    {
      title: t('departments.columns.actions'),
      key: 'actions',
      width: 250,
      render: (_, d) => (
        <Space size={4} wrap>
          <RowButton id={d.code} testId="department-edit" onClick={() => open(d)}>
            {t('departments.edit')}
          </RowButton>
          <RowButton
            id={d.code}
            testId="department-rotate"
            isDisabled={steps.isBusy}
            onClick={() => setRotating(d)}
          >
            {t('departments.rotate')}
          </RowButton>
          <SwitchButton
            record={{ id: d.code, name: nameOf(d) }}
            isEnabled={!d.disabled}
            keys="departments"
            testId="department"
            steps={steps}
            onEnable={() => updateDepartment(d.code, { disabled: false })}
            onDisable={() => updateDepartment(d.code, { disabled: true })}
          />
        </Space>
      ),
    },
  ];

  return (
    <ListPage testId="departments-page" title={t('departments.title')}>
      <Typography.Paragraph type="secondary">{t('departments.intro')}</Typography.Paragraph>
      <ManagedTable<DepartmentRow>
        request={departments}
        create={{
          text: t('departments.create'),
          testId: 'department-create',
          onClick: () => open(),
        }}
        columns={columns}
        scrollX={1100}
        emptyText={t('departments.empty')}
        testId="departments-table"
        onRow={(d) =>
          rowData('department-row', {
            'data-id': d.code,
            'data-disabled': String(d.disabled),
          })
        }
      />
      {editing.isOpen ? <DepartmentDrawer department={editing.record} {...drawer} /> : null}
      {rotating ? (
        <RotateKeyModal
          department={rotating}
          onClose={() => setRotating(undefined)}
          onRotated={(answer) => {
            setRotating(undefined);
            showSecret(answer);
            reload();
          }}
        />
      ) : null}
      <KeyModal answer={secret} onClose={hideSecret} />
    </ListPage>
  );
}
