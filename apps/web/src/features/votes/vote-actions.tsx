import type { VoteDetail } from '@cc/contracts';
import { Alert, App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { cancelVote, openVote, publishVote } from './votes-api';

/**
 * 开始表决, 公布结果, 取消表决 — as the server allows them (`can`); a refusal is shown in the
 * server's words (opening lists the rooms to fix in the owners register).
 */
export function VoteActions({ v, onChange }: { v: VoteDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [problem, setProblem] = useState<{ action: string; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [isCancelling, setIsCancelling] = useState(false);
  const [reason, setReason] = useState('');

  async function act(action: string, run: () => Promise<VoteDetail>, done: string) {
    setBusy(action);
    setProblem(null);
    try {
      await run();
      onChange();
      void message.success(done);
      return true;
    } catch (error) {
      setProblem({ action, text: describeError(error, t) });
      return false;
    } finally {
      setBusy(null);
    }
  }
  const confirmThen = (title: string, content: string, then: () => void) =>
    modal.confirm({
      title,
      content,
      onOk: then,
      okButtonProps: { 'data-testid': 'vote-confirm-ok' },
    });

  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
      <Space wrap>
        {v.can.open && (
          <Button
            type="primary"
            loading={busy === 'open'}
            onClick={() =>
              confirmThen(
                t('votes.open'),
                t('votes.openConfirm'),
                () => void act('open', () => openVote(v.id), t('votes.opened')),
              )
            }
            data-testid="vote-open"
          >
            {t('votes.open')}
          </Button>
        )}
        {v.can.publish && (
          <Button
            type="primary"
            loading={busy === 'publish'}
            onClick={() =>
              confirmThen(
                t('votes.publish'),
                t('votes.publishConfirm'),
                () => void act('publish', () => publishVote(v.id), t('votes.publishedDone')),
              )
            }
            data-testid="vote-publish"
          >
            {t('votes.publish')}
          </Button>
        )}
        {v.can.cancel && (
          <Button
            danger
            onClick={() => {
              setReason('');
              setIsCancelling(true);
            }}
            data-testid="vote-cancel"
          >
            {t('votes.cancel')}
          </Button>
        )}
      </Space>
      {problem && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setProblem(null)}
          message={t(`votes.failed.${problem.action}`)}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{problem.text}</span>}
          data-testid={`vote-${problem.action}-error`}
        />
      )}
      <Modal
        open={isCancelling}
        title={t('votes.cancel')}
        onCancel={() => setIsCancelling(false)}
        onOk={() =>
          void act('cancel', () => cancelVote(v.id, reason.trim()), t('votes.cancelledDone')).then(
            (ok) => ok && setIsCancelling(false),
          )
        }
        okButtonProps={{
          danger: true,
          disabled: reason.trim().length < 2,
          loading: busy === 'cancel',
          'data-testid': 'vote-cancel-confirm',
        }}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('votes.cancelReason')} extra={t('votes.cancelReasonRule')}>
            <Input.TextArea
              rows={3}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              data-testid="vote-cancel-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
