import { Cascader, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isEnglish } from '../../lib/format';
import { useRequest } from '../../lib/api';
import { childRegions, searchRegions } from './epidemic-api';
import { regionOption, withChildren, type RegionOption as Option } from './epidemic-rules';

/** A region chosen: its code and how to show it (湖北省 武汉市). */
export interface PickedRegion {
  code: string;
  label: string;
}

/**
 * A region of China (province → city → county, any level may be the answer) or a country:
 * a cascade that loads each level from `GET /api/regions?parent=`, or a search by name
 * (`?q=`) for someone who knows where but not the province.
 */
export function RegionPicker({
  value,
  onChange,
  testId = 'region-picker',
}: {
  value?: PickedRegion;
  onChange?: (value: PickedRegion | undefined) => void;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const isEn = isEnglish(i18n.language);
  const [tree, setTree] = useState<Option[] | undefined>();
  const [query, setQuery] = useState('');
  const top = useRequest((signal) => childRegions(undefined, signal), []);
  const options = tree ?? (top.data?.items ?? []).map((r) => regionOption(r, isEn));
  const found = useRequest(
    (signal) => searchRegions(query.trim(), signal),
    [query.trim()],
    query.trim().length > 0,
  );

  async function loadChildren(path: Option[]) {
    const codes = path.map((o) => o.value);
    const last = codes[codes.length - 1];
    if (!last) return;
    const { items } = await childRegions(last);
    setTree((before) =>
      withChildren(
        before ?? options,
        codes,
        items.map((r) => regionOption(r, isEn)),
      ),
    );
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId}>
      <Cascader<Option>
        options={options}
        loadData={(path) => void loadChildren(path)}
        changeOnSelect
        placeholder={t('epidemic.region.cascade')}
        style={{ width: '100%' }}
        onChange={(_codes, path) => {
          const picked = path?.[path.length - 1];
          // a region of China reads without the country (湖北省 武汉市), as the server's paths do
          const named = path?.[0]?.value === 'CN' && path.length > 1 ? path.slice(1) : path;
          onChange?.(
            picked ? { code: picked.value, label: named.map((o) => o.label).join(' ') } : undefined,
          );
        }}
        data-testid={`${testId}-cascade`}
      />
      <Select<string>
        showSearch
        filterOption={false}
        onSearch={setQuery}
        value={null}
        placeholder={t('epidemic.region.search')}
        notFoundContent={query.trim() ? t('epidemic.region.noMatch') : null}
        loading={found.isLoading}
        style={{ width: '100%' }}
        options={(query.trim() ? (found.data?.items ?? []) : []).map((r) => ({
          value: r.code,
          label: r.path || r.name,
        }))}
        onChange={(code) => {
          const r = found.data?.items.find((x) => x.code === code);
          if (r) onChange?.({ code: r.code, label: r.path || r.name });
          setQuery('');
        }}
        data-testid={`${testId}-search`}
      />
      {value ? (
        <Typography.Text data-testid={`${testId}-value`} data-code={value.code}>
          {t('epidemic.region.picked')}
          <Typography.Text strong>{value.label}</Typography.Text>
          <Typography.Text type="secondary"> ({value.code})</Typography.Text>
        </Typography.Text>
      ) : null}
    </Space>
  );
}
