import { LikeFilled, LikeOutlined } from '@ant-design/icons';
import type { PraiseState } from '@cc/contracts';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { getDiscussion, setCommentPraise, setSubjectPraise } from './discussion-api';

export type PraiseButtonProps = (
  | { commentId: string; subjectType?: undefined; subjectId?: undefined }
  | { subjectType: string; subjectId: string; commentId?: undefined }
) & {
  /** the count and the reader's praise as the page already has them (a subject's are loaded otherwise) */
  count?: number;
  praised?: boolean;
  disabled?: boolean;
  onChange?: (state: PraiseState) => void;
  size?: 'small' | 'middle';
};

/** 点赞: praise a comment or a subject (a proposal, a post), or take it back; idempotent on the server. */
export function PraiseButton(props: PraiseButtonProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { subjectType, subjectId, commentId, count, praised } = props;
  const given = count !== undefined ? { praiseCount: count, praisedByMe: praised ?? false } : null;
  // the page's figures when it gives them; else the subject's, loaded here
  const loaded = useRequest(
    (signal) => getDiscussion(subjectType!, subjectId!, signal),
    [subjectType, subjectId],
    given === null && !!subjectType && !!subjectId,
  );
  const [mine, setMine] = useState<{ from: string; state: PraiseState } | null>(null);
  const from = `${commentId ?? subjectId}:${count}:${praised}`;
  const state: PraiseState | null =
    mine && mine.from === from
      ? mine.state
      : (given ??
        (loaded.data
          ? { praiseCount: loaded.data.praiseCount, praisedByMe: loaded.data.praisedByMe }
          : null));
  const [busy, setBusy] = useState(false);

  const toggle = async () => {
    const on = !(state?.praisedByMe ?? false);
    setBusy(true);
    try {
      const next = commentId
        ? await setCommentPraise(commentId, on)
        : await setSubjectPraise(subjectType!, subjectId!, on);
      setMine({ from, state: next });
      props.onChange?.(next);
    } catch (e) {
      void message.error(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };

  const on = state?.praisedByMe ?? false;
  return (
    <Button
      type="text"
      size={props.size ?? 'small'}
      icon={on ? <LikeFilled style={{ color: '#d4380d' }} /> : <LikeOutlined />}
      aria-pressed={on}
      aria-label={on ? t('discussion.praised') : t('discussion.praise')}
      disabled={props.disabled}
      loading={busy}
      onClick={() => void toggle()}
      data-testid={commentId ? `praise-comment-${commentId}` : `praise-${subjectType}-${subjectId}`}
    >
      {state ? state.praiseCount : ''}
    </Button>
  );
}
