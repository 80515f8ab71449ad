import type { Scenario, Taxonomy } from '@cc/contracts';
import { Card, Form, Input, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { scenarioLabel } from './case-format';
import { ScenarioFields } from '../../components/scenario-fields';
import { ScenarioPicker } from './scenario-picker';

const DESCRIPTION_MAX = 2000;

/** 场景: the scenario picked from the taxonomy, and the fields it asks for. */
export function ScenarioCard({
  taxonomy,
  scenarioCode,
  scenario,
  onChange,
  error,
}: {
  taxonomy: Taxonomy | undefined;
  scenarioCode: string | undefined;
  scenario: Scenario | undefined;
  onChange: (code: string | undefined) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('cases.report.scenario')}>
      {taxonomy ? (
        <ScenarioPicker
          taxonomy={taxonomy}
          value={scenarioCode}
          onChange={onChange}
          error={error}
        />
      ) : (
        <Skeleton active paragraph={{ rows: 3 }} />
      )}
      {scenario && scenario.fields.length > 0 ? (
        <div style={{ marginTop: 12 }} data-testid="report-fields">
          <ScenarioFields scenario={scenario} />
        </div>
      ) : null}
    </Card>
  );
}

/** 描述: one sentence about the problem, prompted by the scenario. */
export function DescriptionCard({ scenario }: { scenario: Scenario | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" title={t('cases.report.description')}>
      <Form.Item
        name="description"
        rules={[
          { required: true, whitespace: true, message: t('cases.report.descriptionRequired') },
          { max: DESCRIPTION_MAX },
        ]}
        style={{ marginBottom: 0 }}
      >
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={DESCRIPTION_MAX}
          placeholder={
            scenario
              ? t('cases.report.descriptionPlaceholderFor', {
                  scenario: scenarioLabel(scenario, i18n.language),
                })
              : t('cases.report.descriptionPlaceholder')
          }
          data-testid="report-description"
        />
      </Form.Item>
    </Card>
  );
}

/** 来电人: the 12345 desk notes who called (shown masked to everyone else). */
export function CallerCard() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('cases.report.caller')} data-testid="report-caller">
      <Form.Item name={['contact', 'name']} label={t('cases.report.callerName')}>
        <Input maxLength={50} autoComplete="off" data-testid="report-caller-name" />
      </Form.Item>
      <Form.Item
        name={['contact', 'phone']}
        label={t('cases.report.callerPhone')}
        rules={[{ pattern: /^\+?[0-9-]{5,20}$/, message: t('cases.report.callerPhoneInvalid') }]}
        style={{ marginBottom: 0 }}
      >
        <Input
          inputMode="tel"
          maxLength={20}
          autoComplete="off"
          data-testid="report-caller-phone"
        />
      </Form.Item>
    </Card>
  );
}
