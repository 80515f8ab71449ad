import type { FundChainCheck } from '@cc/contracts';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

/** What a check of a hash chain found: it holds (its length and head), or where it breaks. */
export function ChainCheckAlert({ check, testId }: { check: FundChainCheck; testId: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type={check.ok ? 'success' : 'error'}
      showIcon
      data-testid={testId}
      data-ok={String(check.ok)}
      title={
        check.ok
          ? t('councils.chain.ok', { n: check.length })
          : t('councils.chain.broken', { seq: check.brokenAt ?? '?' })
      }
      description={
        check.ok ? (
          check.head ? (
            <span className="cc-council-hash">
              {t('councils.chain.head', { head: check.head })}
            </span>
          ) : null
        ) : (
          check.reason
        )
      }
    />
  );
}
