import { SearchOutlined } from '@ant-design/icons';
import type { Scenario, Taxonomy } from '@cc/contracts';
import { Button, Empty, Input, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isEnglish } from '../../lib/format';
import { scenarioLabel } from './case-format';
import './cases.css';

export const URGENCY_COLORS: Record<string, string> = {
  urgent: 'red',
  high: 'orange',
  normal: 'blue',
  low: 'default',
};

interface Props {
  taxonomy: Taxonomy;
  value: string | undefined;
  onChange: (code: string) => void;
  error?: string;
}

function matches(scenario: Scenario, query: string): boolean {
  if (!query) return true;
  const haystack = [scenario.name, scenario.nameEn, scenario.code, ...scenario.keywords]
    .join('\n')
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/**
 * A searchable list of scenarios grouped by domain (name, English name and keywords), big
 * enough to tap; once one is picked it folds to a summary with a "change" button.
 */
export function ScenarioPicker({ taxonomy, value, onChange, error }: Props) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const [isOpen, setIsOpen] = useState(!value);
  const selected = taxonomy.scenarios.find((s) => s.code === value);
  const english = isEnglish(i18n.language);

  const groups = useMemo(() => {
    const q = query.trim();
    return taxonomy.domains
      .map((domain) => ({
        domain,
        scenarios: taxonomy.scenarios.filter((s) => s.domain === domain.code && matches(s, q)),
      }))
      .filter((group) => group.scenarios.length > 0);
  }, [taxonomy, query]);

  if (selected && !isOpen) {
    const domain = taxonomy.domains.find((d) => d.code === selected.domain);
    return (
      <div data-testid="report-scenario-selected" data-code={selected.code}>
        <Space wrap size={6} align="center">
          <Typography.Text strong style={{ fontSize: 16 }}>
            {scenarioLabel(selected, i18n.language)}
          </Typography.Text>
          <Tag color={URGENCY_COLORS[selected.urgency]}>
            {t(`cases.urgency.${selected.urgency}`)}
          </Tag>
        </Space>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {domain ? scenarioLabel(domain, i18n.language) : selected.domain} ·{' '}
            {t('cases.report.deadlines', {
              accept: selected.acceptMinutes,
              resolve: selected.resolveMinutes,
            })}
          </Typography.Text>
        </div>
        <Button
          type="link"
          style={{ padding: 0 }}
          onClick={() => setIsOpen(true)}
          data-testid="report-scenario-change"
        >
          {t('cases.report.changeScenario')}
        </Button>
      </div>
    );
  }

  return (
    <div>
      <Input
        size="large"
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('cases.report.scenarioSearch')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        status={error ? 'error' : undefined}
        data-testid="report-scenario-search"
        aria-label={t('cases.report.scenarioSearch')}
      />
      <div className="cc-scenario-list" role="listbox" data-testid="report-scenario-list">
        {groups.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.report.noScenario')} />
        ) : (
          groups.map(({ domain, scenarios }) => (
            <div key={domain.code} role="group" aria-label={domain.name}>
              <div className="cc-scenario-domain">{scenarioLabel(domain, i18n.language)}</div>
              {scenarios.map((scenario) => (
                <button
                  type="button"
                  role="option"
                  aria-selected={scenario.code === value}
                  key={scenario.code}
                  className="cc-scenario-option"
                  data-testid={`report-scenario-option-${scenario.code}`}
                  onClick={() => {
                    onChange(scenario.code);
                    setIsOpen(false);
                    setQuery('');
                  }}
                >
                  {english ? scenario.nameEn : scenario.name}
                  {scenario.urgency === 'urgent' ? (
                    <Tag color="red" style={{ marginInlineStart: 6 }}>
                      {t('cases.urgency.urgent')}
                    </Tag>
                  ) : null}
                </button>
              ))}
            </div>
          ))
        )}
      </div>
      {error ? (
        <Typography.Text type="danger" data-testid="report-scenario-error">
          {error}
        </Typography.Text>
      ) : null}
    </div>
  );
}
