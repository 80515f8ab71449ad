import { SearchOutlined } from '@ant-design/icons';
import type { ResidentList } from '@cc/contracts';
import { Button, Card, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lookupResidents } from './registry-api';
import { ReasonModal } from './reveal-modal';

export type LookupBy = 'document' | 'phone' | 'name';

/**
 * 精确查找: one person by full document number, phone or full name. The value goes in the
 * request's body (never the URL), with a reason asked for in the reveal's dialog; the server
 * audits each lookup and limits how many an account makes an hour.
 */
export function ResidentLookupCard({
  area,
  ways,
  onFound,
}: {
  area: string;
  /** the ways this role may look up, first the default */
  ways: LookupBy[];
  onFound: (list: ResidentList | undefined) => void;
}) {
  const { t } = useTranslation();
  const [by, setBy] = useState<LookupBy>(ways[0] ?? 'document');
  const [value, setValue] = useState('');
  const [isAsking, setIsAsking] = useState(false);
  const min = by === 'document' ? 4 : by === 'phone' ? 11 : 1;
  const isShort = value.trim().length < min;
  return (
    <Card size="small" className="cc-reg-card" data-testid="residents-lookup">
      <Form layout="vertical" onFinish={() => setIsAsking(true)}>
        <Form.Item label={t('registry.lookup.title')} style={{ marginBottom: 0 }}>
          <Space.Compact style={{ width: '100%' }}>
            <Select<LookupBy>
              value={by}
              onChange={(next) => {
                setBy(next);
                setValue('');
                onFound(undefined);
              }}
              options={ways.map((w) => ({ value: w, label: t(`registry.lookup.by.${w}`) }))}
              style={{ minWidth: 120 }}
              data-testid="lookup-by"
            />
            <Input
              value={value}
              onChange={(event) => setValue(event.target.value)}
              allowClear
              maxLength={by === 'name' ? 60 : 30}
              autoComplete="off"
              placeholder={t(`registry.lookup.placeholder.${by}`)}
              data-testid="lookup-value"
            />
            <Button
              type="primary"
              htmlType="submit"
              icon={<SearchOutlined />}
              disabled={isShort}
              data-testid="lookup-search"
            >
              {t('registry.lookup.search')}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
      <ReasonModal
        isOpen={isAsking}
        title={t('registry.lookup.reasonTitle')}
        onCancel={() => setIsAsking(false)}
        onConfirm={async (reason) => {
          onFound(await lookupResidents({ area, [by]: value.trim(), reason }));
          setIsAsking(false);
        }}
      />
    </Card>
  );
}
