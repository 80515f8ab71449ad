import { CheckCircleFilled, PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeclareAnswer as DeclarationReceipt } from '@cc/contracts';

/**
 * After a declaration: its reference to quote, and for an arrival from a key region a calm word
 * that the committee will call and, when an observation opened, that an SMS link will follow.
 */
export function ReceiptView({
  receipt,
  onAgain,
  extra,
}: {
  receipt: DeclarationReceipt;
  onAgain: () => void;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const region = receipt.keyRegion;
  return (
    <div className="cc-declare-card" data-testid="declare-receipt">
      <Result
        icon={<CheckCircleFilled style={{ color: '#389e0d' }} />}
        title={t('declare.receipt.title')}
        subTitle={t('declare.receipt.body')}
        style={{ padding: '16px 0' }}
      />
      <Typography.Text type="secondary">{t('declare.receipt.reference')}</Typography.Text>
      <div className="cc-declare-reference" data-testid="declare-reference">
        {receipt.reference}
      </div>
      {region ? (
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          showIcon
          icon={<PhoneOutlined />}
          data-testid="declare-key-region"
          data-level={region.level}
          title={t('declare.receipt.keyRegionTitle', {
            name: region.name,
            level: t(`declare.receipt.levels.${region.level}`),
          })}
          description={
            <>
              <div>{t('declare.receipt.keyRegionBody')}</div>
              {receipt.observation ? (
                <div data-testid="declare-observation">{t('declare.receipt.observationBody')}</div>
              ) : null}
            </>
          }
        />
      ) : null}
      <div style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 20 }}>
        {extra}
        <Button block size="large" onClick={onAgain} data-testid="declare-again">
          {t('declare.receipt.again')}
        </Button>
      </div>
    </div>
  );
}
