import {
  EditOutlined,
  LikeFilled,
  LikeOutlined,
  StarFilled,
  StarOutlined,
  StopOutlined,
} from '@ant-design/icons';
import type { ProposalDetail, ProposalSupportState } from '@cc/contracts';
import { App, Button, Popconfirm, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { describeError } from '../../lib/api';
import { setFollow, setSupport, withdrawProposal } from './proposals-api';

/**
 * Support (or take back) and follow: one tap each, the new counts straight from the server
 * (the page reloads then: the threshold may have been reached).
 */
export function SupportActions({
  d,
  onCounts,
}: {
  d: ProposalDetail;
  onCounts: (s: ProposalSupportState) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'support' | 'follow' | null>(null);

  async function run(kind: 'support' | 'follow', isOn: boolean) {
    setBusy(kind);
    try {
      const next = await (kind === 'support' ? setSupport(d.id, isOn) : setFollow(d.id, isOn));
      onCounts(next);
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setBusy(null);
    }
  }

  const supportButton = d.mySupport ? (
    d.canTakeBack && !d.isMine ? (
      <Button
        icon={<LikeFilled />}
        loading={busy === 'support'}
        onClick={() => void run('support', false)}
        data-testid="proposal-take-back"
      >
        {t('proposals.detail.takeBack')}
      </Button>
    ) : (
      <Button icon={<LikeFilled />} disabled data-testid="proposal-supported">
        {t('proposals.detail.supported')}
      </Button>
    )
  ) : d.canSupport ? (
    <Button
      type="primary"
      icon={<LikeOutlined />}
      loading={busy === 'support'}
      onClick={() => void run('support', true)}
      data-testid="proposal-support"
    >
      {t('proposals.detail.support')}
    </Button>
  ) : null;

  const canFollow = d.canSupport || d.mySupport || d.myFollow;
  return (
    <div className="cc-proposals-actions">
      {supportButton}
      {canFollow && (
        <Button
          icon={d.myFollow ? <StarFilled style={{ color: '#faad14' }} /> : <StarOutlined />}
          loading={busy === 'follow'}
          onClick={() => void run('follow', !d.myFollow)}
          data-testid="proposal-follow"
          data-following={d.myFollow ? 'true' : 'false'}
        >
          {t(d.myFollow ? 'proposals.detail.following' : 'proposals.detail.follow')}
        </Button>
      )}
    </div>
  );
}

/** The author's own: edit (until a neighbour supports it) and withdraw (while open). */
export function AuthorActions({ d, onChanged }: { d: ProposalDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [isBusy, setBusy] = useState(false);
  if (!d.canEdit && !d.canWithdraw) return null;
  async function withdraw() {
    setBusy(true);
    try {
      await withdrawProposal(d.id);
      void message.success(t('proposals.detail.withdrawn'));
      onChanged();
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="cc-proposals-actions">
      {d.canEdit && (
        <Button
          icon={<EditOutlined />}
          onClick={() => void navigate(`/r/together/proposals/${d.id}/edit`)}
          data-testid="proposal-edit"
        >
          {t('proposals.detail.edit')}
        </Button>
      )}
      {d.canWithdraw && (
        <Popconfirm
          title={t('proposals.detail.withdrawConfirm')}
          onConfirm={() => void withdraw()}
          okButtonProps={{ danger: true, 'data-testid': 'proposal-withdraw-ok' } as ButtonProps}
        >
          <Button danger icon={<StopOutlined />} loading={isBusy} data-testid="proposal-withdraw">
            {t('proposals.detail.withdraw')}
          </Button>
        </Popconfirm>
      )}
    </div>
  );
}
