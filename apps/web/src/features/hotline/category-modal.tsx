import {
  HOTLINE_CATEGORY_MAX_LENGTH,
  type CaseAttributes,
  type HotlineCategory,
  type Taxonomy,
} from '@cc/contracts';
import { App as AntApp, Form, Input, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ScenarioFields, toAttributeValue } from '../../components/scenario-fields';
import { answeredFields, matchesScenario, scenarioGroups } from '../../lib/scenarios';
import { SendModal, useSend } from '../../lib/sending';
import { putCategory } from './hotline-api';

interface Values {
  category: string;
  scenarioCode?: string;
  attributes?: Record<string, unknown>;
}

const FIELDS = ['category', 'scenarioCode', 'attributes'] as const;

/** What the dialog opens on: a mapping to change, a category to map (from a report), or nothing. */
export interface CategoryDraft {
  category?: string;
  mapping?: HotlineCategory;
}

/**
 * 设置对应: a hotline category, the scenario its orders become (searched in the taxonomy), then
 * the answers they get to that scenario's required fields — a work order carries none. The
 * category is fixed when a mapping is changed or a report's held category is mapped.
 */
export function CategoryModal({
  draft,
  taxonomy,
  onClose,
  onSaved,
}: {
  draft: CategoryDraft;
  taxonomy: Taxonomy | undefined;
  onClose: () => void;
  onSaved: (saved: HotlineCategory) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const sending = useSend(form, FIELDS);
  const { mapping } = draft;
  const fixed = mapping?.category ?? draft.category;
  const scenarioCode = Form.useWatch('scenarioCode', form);
  const scenario = taxonomy?.scenarios.find((s) => s.code === scenarioCode);
  // the answers kept are the mapping's own while its scenario stays chosen
  const kept = scenarioCode === mapping?.scenarioCode ? mapping?.attributes : undefined;
  const fields = scenario ? answeredFields(scenario, kept) : [];
  const options = useMemo(() => scenarioGroups(taxonomy, i18n.language), [taxonomy, i18n.language]);

  const send = (values: Values) =>
    sending.send(async () => {
      if (!scenario) return;
      const attributes: CaseAttributes = {};
      for (const field of fields) {
        const value = toAttributeValue(field, values.attributes?.[field.code]);
        if (value !== undefined) attributes[field.code] = value;
      }
      const saved = await putCategory(values.category.trim(), {
        scenarioCode: scenario.code,
        attributes,
      });
      void message.success(t('hotline.categories.saved', { category: saved.category }));
      onSaved(saved);
    });

  return (
    <SendModal
      title={
        fixed
          ? t('hotline.categories.mapTitle', { category: fixed })
          : t('hotline.categories.createTitle')
      }
      okText={t('hotline.categories.save')}
      okTestId="hotline-category-submit"
      sending={sending}
      onOk={() => form.submit()}
      onClose={onClose}
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          category: fixed ?? '',
          scenarioCode: mapping?.scenarioCode,
          attributes: mapping?.attributes ?? {},
        }}
        onFinish={(values) => void send(values)}
        onValuesChange={(changed: Partial<Values>) => {
          sending.clearProblem();
          // another scenario asks other questions
          if ('scenarioCode' in changed) form.setFieldValue('attributes', {});
        }}
      >
        <Form.Item
          name="category"
          label={t('hotline.categories.category')}
          extra={fixed ? undefined : t('hotline.categories.categoryHelp')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('hotline.categories.categoryRequired'),
            },
          ]}
        >
          <Input
            maxLength={HOTLINE_CATEGORY_MAX_LENGTH}
            disabled={!!fixed}
            data-testid="hotline-category-input"
          />
        </Form.Item>
        <Form.Item
          name="scenarioCode"
          label={t('hotline.categories.scenario')}
          extra={t('hotline.categories.scenarioHelp')}
          rules={[{ required: true, message: t('hotline.categories.scenarioRequired') }]}
        >
          <Select
            options={options}
            loading={!taxonomy}
            showSearch={{ filterOption: matchesScenario }}
            listHeight={320}
            placeholder={t('hotline.categories.scenarioPlaceholder')}
            data-testid="hotline-category-scenario"
          />
        </Form.Item>
        {scenario ? (
          fields.length > 0 ? (
            <div data-testid="hotline-category-fields">
              <Typography.Paragraph type="secondary">
                {t('hotline.categories.answersHelp')}
              </Typography.Paragraph>
              <ScenarioFields scenario={{ ...scenario, fields }} testIdPrefix="hotline-field" />
            </div>
          ) : (
            <Typography.Paragraph type="secondary" data-testid="hotline-category-no-fields">
              {t('hotline.categories.noAnswers')}
            </Typography.Paragraph>
          )
        ) : null}
      </Form>
    </SendModal>
  );
}
