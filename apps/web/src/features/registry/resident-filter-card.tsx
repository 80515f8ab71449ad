import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import type { Building } from '@cc/contracts';
import {
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  type FormInstance,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { codeOptions, type RegistryTags } from './registry-labels';
import { ResidentFilterChips } from './resident-filter-chips';
import type { ResidentFilters } from './resident-filters';
import { BuildingSelect } from './room-picker';

export interface ResidentFilterValues {
  name?: string;
  tag?: string;
  registration?: ResidentFilters['registration'];
  sex?: ResidentFilters['sex'];
  ageFrom?: number | null;
  ageTo?: number | null;
  building?: string;
  nationality?: string;
  status?: ResidentFilters['status'];
}

/** The form's values as filters: text trimmed, nationality in capitals, blanks left out. */
export function toResidentFilters(values: ResidentFilterValues): ResidentFilters {
  const text = (v: string | undefined) => v?.trim() || undefined;
  return {
    name: text(values.name),
    tag: values.tag,
    registration: values.registration,
    sex: values.sex,
    ageFrom: values.ageFrom ?? undefined,
    ageTo: values.ageTo ?? undefined,
    building: values.building,
    nationality: text(values.nationality)?.toUpperCase(),
    status: values.status,
  };
}

interface Props {
  form: FormInstance<ResidentFilterValues>;
  filters: ResidentFilters;
  onChange: (filters: ResidentFilters) => void;
  isCommittee: boolean;
  isPhone: boolean;
  tags: RegistryTags;
  buildings: { items: Building[]; isLoading: boolean };
}

/**
 * The residents' filters: the start of a name; tag, registration, sex, age,
 * building and status when browsing (behind "more" on a phone); then the filters in force.
 */
export function ResidentFilterCard({
  form,
  filters,
  onChange,
  isCommittee,
  isPhone,
  tags,
  buildings,
}: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [isMoreOpen, setIsMoreOpen] = useState(false);
  const half = { xs: 12, sm: 8, lg: 6 };
  const showAll = !isPhone || isMoreOpen;

  return (
    <Card size="small" className="cc-reg-card">
      <Form<ResidentFilterValues>
        form={form}
        layout="vertical"
        className="cc-reg-filters"
        onFinish={(values) => onChange(toResidentFilters(values))}
        data-testid="residents-filters"
      >
        <Row gutter={[12, 0]}>
          <Col {...half}>
            <Form.Item name="name" label={t('registry.field.name')}>
              <Input allowClear maxLength={40} data-testid="filter-name" />
            </Form.Item>
          </Col>
          {showAll ? (
            <>
              <Col {...half}>
                <Form.Item name="tag" label={t('registry.field.tags')}>
                  <Select
                    allowClear
                    options={tags.options}
                    loading={tags.isLoading}
                    showSearch={{ optionFilterProp: 'label' }}
                    data-testid="filter-tag"
                  />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item name="registration" label={t('registry.field.registration')}>
                  <Select
                    allowClear
                    options={codeOptions('registration', language)}
                    data-testid="filter-registration"
                  />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item name="sex" label={t('registry.field.sex')}>
                  <Select
                    allowClear
                    options={codeOptions('sex', language)}
                    data-testid="filter-sex"
                  />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item label={t('registry.field.age')} style={{ marginBottom: 0 }}>
                  <Space.Compact block>
                    <Form.Item name="ageFrom" noStyle>
                      <InputNumber
                        min={0}
                        max={130}
                        precision={0}
                        placeholder={t('registry.filter.from')}
                        style={{ width: '50%' }}
                        data-testid="filter-age-from"
                      />
                    </Form.Item>
                    <Form.Item name="ageTo" noStyle>
                      <InputNumber
                        min={0}
                        max={130}
                        precision={0}
                        placeholder={t('registry.filter.to')}
                        style={{ width: '50%' }}
                        data-testid="filter-age-to"
                      />
                    </Form.Item>
                  </Space.Compact>
                </Form.Item>
              </Col>
              {isCommittee ? (
                <Col {...half}>
                  <Form.Item name="building" label={t('registry.field.building')}>
                    <BuildingSelect
                      buildings={buildings.items}
                      isLoading={buildings.isLoading}
                      testId="filter-building"
                    />
                  </Form.Item>
                </Col>
              ) : null}
              <Col {...half}>
                <Form.Item name="status" label={t('registry.field.status')}>
                  <Select
                    allowClear
                    placeholder={t('registry.status.present')}
                    options={[
                      { value: 'present', label: t('registry.status.present') },
                      { value: 'moved_out', label: t('registry.status.moved_out') },
                    ]}
                    data-testid="filter-status"
                  />
                </Form.Item>
              </Col>
            </>
          ) : null}
        </Row>
        <Space wrap>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SearchOutlined />}
            data-testid="filter-submit"
          >
            {t('common.search')}
          </Button>
          <Button onClick={() => onChange({})} data-testid="filter-reset">
            {t('common.reset')}
          </Button>
          {isPhone ? (
            <Button
              type="link"
              icon={<FilterOutlined />}
              onClick={() => setIsMoreOpen((open) => !open)}
            >
              {isMoreOpen ? t('registry.filter.fewer') : t('registry.filter.more')}
            </Button>
          ) : null}
        </Space>
      </Form>
      <ResidentFilterChips
        filters={filters}
        onChange={onChange}
        tags={tags}
        buildings={buildings.items}
      />
    </Card>
  );
}
