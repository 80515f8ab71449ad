import { DeleteOutlined } from '@ant-design/icons';
import {
  COMMENT_REPLIES_PREVIEW,
  type Comment,
  type CommentReply,
  type DiscussionSummary,
} from '@cc/contracts';
import { App, Button, Image, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { Composer } from './comment-composer';
import { DecisionButton } from './decision-button';
import { deleteComment, listReplies } from './discussion-api';
import { PraiseButton } from './praise-button';
import { ReportButton } from './report-button';

/** A top-level comment's replies: the preview's first three, then the rest a page at a time. */
export function Replies({
  parent,
  summary,
  onDeleted,
  onModerated,
  onLoaded,
}: {
  parent: Comment;
  summary: DiscussionSummary | null;
  onDeleted: (id: string) => void;
  onModerated: () => void;
  onLoaded: (replies: CommentReply[]) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const replies = parent.replies ?? [];
  const shown = replies.length;

  const loadMore = async () => {
    setBusy(true);
    try {
      // the first call starts from the beginning: the preview's three are replaced, not doubled
      const page = await listReplies(parent.id, next ?? null);
      onLoaded(next ? [...replies, ...page.items] : page.items);
      setNext(page.nextCursor);
    } catch (e) {
      void message.error(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };

  if (shown === 0) return null;
  // removed replies still show (as placeholders) but leave the count: a full preview with one
  // of them may hide more
  const hasMore =
    next === undefined
      ? parent.replyCount > shown ||
        (shown >= COMMENT_REPLIES_PREVIEW && replies.some((r) => r.state === 'removed'))
      : next !== null;
  return (
    <div
      className="comment-replies"
      style={{ marginLeft: 16, paddingLeft: 12, borderLeft: '2px solid #f0f0f0' }}
    >
      {replies.map((r) => (
        <CommentItem
          key={r.id}
          c={r}
          summary={summary}
          onDeleted={onDeleted}
          onModerated={onModerated}
        />
      ))}
      {hasMore && (
        <Button
          type="link"
          size="small"
          loading={busy}
          onClick={() => void loadMore()}
          data-testid={`replies-more-${parent.id}`}
        >
          {next === undefined
            ? t('discussion.moreReplies', { count: parent.replyCount })
            : t('discussion.loadMoreReplies')}
        </Button>
      )}
    </div>
  );
}

/**
 * One comment or reply: its author may delete it; a moderator restores or removes it with a
 * reason (the moderation decision, audited), never by a bare delete.
 */
export function CommentItem({
  c,
  summary,
  onReply,
  onDeleted,
  onModerated,
  children,
}: {
  c: CommentReply;
  summary: DiscussionSummary | null;
  onReply?: (body: string, photos: string[]) => Promise<void>;
  onDeleted: (id: string) => void;
  onModerated: () => void;
  children?: React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [replying, setReplying] = useState(false);
  const canWrite = summary?.canWrite ?? false;
  const isModerator = summary?.isModerator ?? false;
  const visible = c.state === 'visible';

  const remove = async () => {
    try {
      await deleteComment(c.id);
      void message.success(t('discussion.deleted'));
      onDeleted(c.id);
    } catch (e) {
      void message.error(describeError(e, t));
    }
  };

  return (
    <article className="comment-item" data-testid={`comment-${c.id}`} style={{ padding: '10px 0' }}>
      <Space size={6} wrap>
        <Typography.Text strong>{c.authorName}</Typography.Text>
        {c.authorBadge && <Tag color="blue">{c.authorBadge}</Tag>}
        {c.state === 'hidden' && <Tag color="orange">{t('discussion.hiddenTag')}</Tag>}
        {c.state === 'removed' && <Tag>{t('discussion.removedTag')}</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(c.createdAt, i18n.language)}
        </Typography.Text>
      </Space>
      {c.body ? (
        <Typography.Paragraph
          data-testid={`comment-body-${c.id}`}
          style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', margin: '4px 0' }}
          type={visible ? undefined : 'secondary'}
        >
          {c.body}
        </Typography.Paragraph>
      ) : (
        <Typography.Paragraph
          type="secondary"
          italic
          style={{ margin: '4px 0' }}
          data-testid={`comment-body-${c.id}`}
        >
          {c.state === 'hidden'
            ? t('discussion.hiddenPlaceholder')
            : t('discussion.removedPlaceholder')}
        </Typography.Paragraph>
      )}
      {c.attachments.length > 0 && (
        <Image.PreviewGroup>
          <Space size={6} wrap style={{ marginBottom: 4 }}>
            {c.attachments.map((a) => (
              <Image
                key={a.id}
                src={a.url}
                alt={a.name}
                width={72}
                height={72}
                style={{ objectFit: 'cover', borderRadius: 4 }}
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      <Space size={0} wrap>
        {visible && (
          <PraiseButton
            commentId={c.id}
            count={c.praiseCount}
            praised={c.praisedByMe}
            disabled={!canWrite}
          />
        )}
        {visible && onReply && canWrite && (
          <Button
            type="text"
            size="small"
            onClick={() => setReplying((v) => !v)}
            data-testid={`reply-${c.id}`}
          >
            {t('discussion.reply')}
          </Button>
        )}
        {visible && !c.isMine && <ReportButton targetType="comment" targetId={c.id} />}
        {c.state !== 'removed' && c.isMine && (
          <Popconfirm
            title={t('discussion.deleteConfirm')}
            onConfirm={() => void remove()}
            okButtonProps={{ ...{ 'data-testid': `delete-confirm-${c.id}` } }}
          >
            <Button
              type="text"
              size="small"
              icon={<DeleteOutlined />}
              data-testid={`delete-comment-${c.id}`}
            >
              {t('discussion.delete')}
            </Button>
          </Popconfirm>
        )}
        {isModerator && !c.isMine && c.state !== 'removed' && (
          <Space size={6}>
            {c.state === 'hidden' && (
              <DecisionButton
                targetType="comment"
                targetId={c.id}
                action="restore"
                onDone={onModerated}
              />
            )}
            <DecisionButton
              targetType="comment"
              targetId={c.id}
              action="remove"
              onDone={onModerated}
            />
          </Space>
        )}
      </Space>
      {replying && onReply && (
        <Composer
          placeholder={t('discussion.replyPlaceholder', { name: c.authorName })}
          autoFocus
          testId={`reply-composer-${c.id}`}
          onPost={async (body, photos) => {
            await onReply(body, photos);
            setReplying(false);
          }}
          onCancel={() => setReplying(false)}
        />
      )}
      {children}
    </article>
  );
}
