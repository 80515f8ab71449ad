import { PlusOutlined } from '@ant-design/icons';
import type { Organisation, OrganisationBody, OrganisationKind } from '@cc/contracts';
import { App as AntApp, Button, Form, Input, Select, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import { useRequest } from '../../lib/api';
import { useMe } from '../../lib/session';
import { ExportMenu } from './export-menu';
import { FormModal } from './form-modal';
import { createOrganisation, listOrganisations } from './registry-api';
import { isCommitteeLevel, RegistryHead, useRegistryArea } from './registry-head';
import { codeLabel, codeOptions } from './registry-labels';
import { canBrowsePeople, canEditRegistry, committeeOf } from './registry-roles';
import './registry.css';

interface Values {
  name?: string;
  kind?: OrganisationKind;
  contactName?: string;
  contactPhone?: string;
  address?: string;
}

const FIELDS = ['name', 'kind', 'contactName', 'contactPhone', 'address'];

function OrganisationModal({
  committee,
  isOpen,
  onClose,
  onSaved,
}: {
  committee: string;
  isOpen: boolean;
  onClose: () => void;
  onSaved: (organisation: Organisation) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();

  async function submit(values: Values) {
    const text = (v: string | undefined) => v?.trim() || undefined;
    const body: OrganisationBody = {
      committeeCode: committee,
      name: values.name?.trim() ?? '',
      kind: values.kind ?? 'other',
      ...(text(values.contactName) ? { contactName: text(values.contactName) } : {}),
      ...(text(values.contactPhone) ? { contactPhone: text(values.contactPhone) } : {}),
      ...(text(values.address) ? { address: text(values.address) } : {}),
    };
    const saved = await createOrganisation(body);
    void message.success(t('registry.organisations.created'));
    onSaved(saved);
  }

  return (
    <FormModal<Values>
      isOpen={isOpen}
      title={t('registry.organisations.add')}
      okText={t('registry.form.create')}
      submitTestId="organisation-submit"
      fields={FIELDS}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item
        name="name"
        label={t('registry.field.organisationName')}
        rules={[
          { required: true, whitespace: true, message: t('registry.organisations.nameRequired') },
        ]}
      >
        <Input maxLength={80} data-testid="organisation-name" />
      </Form.Item>
      <Form.Item
        name="kind"
        label={t('registry.field.kind')}
        rules={[{ required: true, message: t('registry.organisations.kindRequired') }]}
      >
        <Select
          options={codeOptions('organisationKind', i18n.language)}
          data-testid="organisation-kind"
        />
      </Form.Item>
      <Form.Item name="contactName" label={t('registry.field.contactName')}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item
        name="contactPhone"
        label={t('registry.field.contactPhone')}
        rules={[
          {
            pattern: /^[\d\-+ ]{11,20}$/,
            message: t('registry.form.phoneHint'),
            warningOnly: true,
          },
        ]}
      >
        <Input maxLength={20} inputMode="tel" />
      </Form.Item>
      <Form.Item name="address" label={t('registry.field.address')}>
        <Input maxLength={120} />
      </Form.Item>
    </FormModal>
  );
}

/** /registry/:code/organisations — the committee's organisations (组织): kind, contact, address. */
export function OrganisationsPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const head = useRegistryArea(code);
  const committee = committeeOf(code);
  const canEdit = canEditRegistry(me) && isCommitteeLevel(head.area) && !!committee;
  const [isAdding, setIsAdding] = useState(false);
  const { data, error, isLoading, reload } = useRequest(
    (signal) => listOrganisations(code, signal),
    [code],
  );
  const kind = params.get('kind') ?? undefined;
  const items = useMemo(
    () => (data?.items ?? []).filter((o) => !kind || o.kind === kind),
    [data, kind],
  );

  const columns: TableColumnsType<Organisation> = [
    { title: t('registry.field.organisationName'), dataIndex: 'name' },
    {
      title: t('registry.field.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (k: OrganisationKind) => codeLabel('organisationKind', k, language),
    },
    {
      title: t('registry.field.contactName'),
      dataIndex: 'contactName',
      width: 100,
      responsive: ['sm'],
      render: (v: string | null) => v || t('common.none'),
    },
    {
      title: t('registry.field.contactPhone'),
      dataIndex: 'contactPhone',
      width: 130,
      responsive: ['md'],
      render: (v: string | null) => <span className="cc-reg-mono">{v || t('common.none')}</span>,
    },
    {
      title: t('registry.field.address'),
      dataIndex: 'address',
      responsive: ['lg'],
      render: (v: string | null) => v || t('common.none'),
    },
  ];

  return (
    <ListPage
      className="cc-reg"
      testId="registry-organisations-page"
      head={
        <RegistryHead
          area={head.area}
          chain={head.chain}
          people={canBrowsePeople(me)}
          section="organisations"
          tools={
            <>
              {canEdit ? (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setIsAdding(true)}
                  data-testid="organisation-add"
                >
                  {t('registry.organisations.add')}
                </Button>
              ) : null}
              {canBrowsePeople(me) && isCommitteeLevel(head.area) ? (
                <ExportMenu kind="organisations" area={code} canReveal={canEditRegistry(me)} />
              ) : null}
            </>
          }
        />
      }
    >
      <ListCard
        error={error}
        hasData={!!data}
        onRetry={reload}
        isCompact
        hasStaleAlert={false}
        className="cc-reg-card"
        extra={
          <Select
            allowClear
            style={{ minWidth: 140 }}
            value={kind}
            placeholder={t('registry.organisations.anyKind')}
            options={codeOptions('organisationKind', language)}
            onChange={(v: string | undefined) => {
              const next = new URLSearchParams(params);
              if (v) next.set('kind', v);
              else next.delete('kind');
              setParams(next, { replace: true });
            }}
            data-testid="organisations-kind"
          />
        }
        title={t('registry.organisations.title')}
      >
        <Table<Organisation>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={items}
          loading={isLoading}
          pagination={items.length > 50 ? { pageSize: 50, size: 'small' } : false}
          locale={{ emptyText: t('registry.organisations.none') }}
          data-testid="organisations-table"
        />
      </ListCard>
      {canEdit && committee ? (
        <OrganisationModal
          committee={committee}
          isOpen={isAdding}
          onClose={() => setIsAdding(false)}
          onSaved={() => {
            setIsAdding(false);
            reload();
          }}
        />
      ) : null}
    </ListPage>
  );
}
