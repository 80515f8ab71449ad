import { DispatchRuleBody, type Taxonomy } from '@cc/contracts';
import { Alert, App as AntApp, Form, Input, Modal, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { describeError } from '../../lib/api';
import { fieldHead, showServerFieldError } from '../../lib/form-errors';
import type { ScopeRoot } from '../../lib/session';
import { useIsOpening } from '../../lib/use-is-opening';
import { AccountSelect } from './account-select';
import { createRule } from './dispatch-api';
import { matchesScenario, scenarioGroups } from '../../lib/scenarios';

/** The scenario select's value for a rule that holds for every scenario (null in the API). */
const ALL_SCENARIOS = '*';

interface FormValues {
  scenarioCode: string;
  areaCode?: string;
  unitName: string;
  assigneeId?: string;
}

const FIELDS = ['scenarioCode', 'areaCode', 'unitName', 'assigneeId'] as const;
const UNIT_MAX = DispatchRuleBody.properties.unitName.maxLength ?? 100;

interface Props {
  isOpen: boolean;
  onClose: () => void;
  onCreated: () => void;
  scope: readonly ScopeRoot[];
  taxonomy: Taxonomy | undefined;
}

export function RuleModal({ isOpen, onClose, onCreated, scope, taxonomy }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const [isSaving, setIsSaving] = useState(false);
  const [formError, setFormError] = useState<string | undefined>();

  // each opening starts clean
  if (useIsOpening(isOpen)) setFormError(undefined);
  useEffect(() => {
    if (isOpen) form.resetFields();
  }, [isOpen, form]);

  const options = useMemo(
    () => [
      { value: ALL_SCENARIOS, label: t('dispatch.allScenarios'), searchText: '' },
      ...scenarioGroups(taxonomy, i18n.language),
    ],
    [taxonomy, i18n.language, t],
  );

  async function submit(values: FormValues) {
    if (!values.areaCode) return;
    setIsSaving(true);
    setFormError(undefined);
    const body: DispatchRuleBody = {
      scenarioCode: values.scenarioCode === ALL_SCENARIOS ? null : values.scenarioCode,
      areaCode: values.areaCode,
      unitName: values.unitName.trim(),
      assigneeId: values.assigneeId ?? null,
    };
    try {
      await createRule(body);
      void message.success(t('dispatch.ruleCreated'));
      onCreated();
    } catch (error) {
      if (!showServerFieldError(form, error, FIELDS, { toName: fieldHead }))
        setFormError(describeError(error, t));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      title={t('dispatch.addRule')}
      open={isOpen}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('dispatch.save')}
      cancelText={t('common.cancel')}
      confirmLoading={isSaving}
      okButtonProps={{ 'data-testid': 'dispatch-rule-submit' }}
      forceRender
    >
      {formError ? (
        <Alert
          type="error"
          showIcon
          title={formError}
          style={{ marginBottom: 16 }}
          data-testid="dispatch-rule-error"
        />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ scenarioCode: ALL_SCENARIOS }}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => setFormError(undefined)}
      >
        <Form.Item
          name="scenarioCode"
          label={t('dispatch.scenario')}
          extra={t('dispatch.scenarioHelp')}
          rules={[{ required: true, message: t('dispatch.scenarioRequired') }]}
        >
          <Select
            options={options}
            showSearch={{ filterOption: matchesScenario }}
            listHeight={320}
            data-testid="dispatch-rule-scenario"
          />
        </Form.Item>
        <Form.Item
          name="areaCode"
          label={t('dispatch.area')}
          extra={t('dispatch.areaHelp')}
          rules={[{ required: true, message: t('dispatch.areaRequired') }]}
        >
          <AreaTreeSelect roots={scope} testId="dispatch-rule-area" />
        </Form.Item>
        <Form.Item
          name="unitName"
          label={t('dispatch.unit')}
          rules={[
            { required: true, whitespace: true, message: t('dispatch.unitRequired') },
            { max: UNIT_MAX },
          ]}
        >
          <Input
            maxLength={UNIT_MAX}
            placeholder={t('dispatch.unitPlaceholder')}
            data-testid="dispatch-rule-unit"
          />
        </Form.Item>
        <Form.Item
          name="assigneeId"
          label={t('dispatch.assignee')}
          extra={t('dispatch.assigneeHelp')}
        >
          <AccountSelect testId="dispatch-rule-assignee" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
