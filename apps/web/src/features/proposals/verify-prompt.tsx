import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { MyHome } from '../../lib/api';

/**
 * Why an account may read but not propose, support or comment: its home is not verified (yet).
 * `reason` is the server's own words when it gave some.
 */
export function VerifyPrompt({ home, reason }: { home: MyHome['state']; reason?: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (home === 'verified' || home === 'unknown') {
    return reason ? (
      <Alert type="info" showIcon message={reason} data-testid="proposal-cannot" />
    ) : null;
  }
  return (
    <Alert
      type="info"
      showIcon
      data-testid="proposal-verify-prompt"
      message={home === 'pending' ? t('proposals.verify.pending') : t('proposals.verify.prompt')}
      description={reason ?? undefined}
      action={
        home === 'unverified' ? (
          <Button
            size="small"
            type="primary"
            onClick={() => void navigate('/r/verify')}
            data-testid="proposal-verify-link"
          >
            {t('proposals.verify.action')}
          </Button>
        ) : undefined
      }
    />
  );
}
