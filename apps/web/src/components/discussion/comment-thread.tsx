import { CloseOutlined, DeleteOutlined, MessageOutlined, PictureOutlined } from '@ant-design/icons';
import {
  COMMENT_BODY_MAX,
  COMMENT_PHOTOS_MAX,
  COMMENT_REPLIES_PREVIEW,
  type Comment,
  type CommentReply,
  type DiscussionSummary,
  type UploadedAttachment,
} from '@cc/contracts';
import {
  Alert,
  App,
  Button,
  Empty,
  Image,
  Input,
  Popconfirm,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useLatest } from '../../lib/use-latest';
import { DecisionButton } from './decision-button';
import {
  deleteComment,
  getDiscussion,
  listComments,
  listReplies,
  postComment,
  uploadPhoto,
} from './discussion-api';
import { PraiseButton } from './praise-button';
import { ReportButton } from './report-button';

interface View {
  summary: DiscussionSummary;
  items: Comment[];
  cursor: string | null;
}

export interface CommentThreadProps {
  /** as the server registers it: 'proposal', 'building', … */
  subjectType: string;
  subjectId: string;
  /** told the thread's comment count when it changes (a page's header may show it) */
  onCountChange?: (count: number) => void;
}

/**
 * 评论区: a subject's comments, newest first, with one level of replies, photos, praise,
 * reports, the author's delete and a moderator's restore / remove. Bodies are plain text,
 * rendered as React text (never HTML), so `<script>` or Markdown stays inert.
 */
export function CommentThread({ subjectType, subjectId, onCountChange }: CommentThreadProps) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const first = useRequest(
    async (signal) => {
      const [summary, page] = await Promise.all([
        getDiscussion(subjectType, subjectId, signal),
        listComments(subjectType, subjectId, null, signal),
      ]);
      return { summary, items: page.items, cursor: page.nextCursor };
    },
    [subjectType, subjectId, version],
  );
  // what this page changed since the first page came (posts, deletes, more pages)
  const [edited, setEdited] = useState<(View & { from: View }) | null>(null);
  const view: View | undefined = edited && edited.from === first.data ? edited : first.data;
  const update = (fn: (v: View) => View) => {
    const base = view;
    if (!first.data || !base) return;
    setEdited({ ...fn(base), from: first.data });
  };
  const [isMoreLoading, setMoreLoading] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const summary = view?.summary ?? null;
  const items = view?.items ?? [];
  const cursor = view?.cursor ?? null;
  const error = first.error ?? moreError;
  const isLoading = first.isLoading || isMoreLoading;

  const onCount = useLatest(onCountChange);
  const commentCount = summary?.commentCount;
  useEffect(() => {
    if (commentCount !== undefined) onCount.current?.(commentCount);
  }, [commentCount, onCount]);

  const reload = () => setVersion((v) => v + 1);

  const more = async () => {
    setMoreLoading(true);
    try {
      const page = await listComments(subjectType, subjectId, cursor);
      update((v) => ({
        ...v,
        items: [...v.items, ...page.items.filter((c) => !v.items.some((o) => o.id === c.id))],
        cursor: page.nextCursor,
      }));
      setMoreError(null);
    } catch (e) {
      setMoreError(e);
    } finally {
      setMoreLoading(false);
    }
  };

  const withCount = (v: View, delta: number): View => ({
    ...v,
    summary: { ...v.summary, commentCount: v.summary.commentCount + delta },
  });

  const post = async (body: string, attachmentIds: string[], parentId?: string) => {
    const c = await postComment(subjectType, subjectId, { body, parentId, attachmentIds });
    update((v) =>
      withCount(
        {
          ...v,
          items: parentId
            ? v.items.map((p) =>
                p.id === parentId
                  ? { ...p, replyCount: p.replyCount + 1, replies: [...(p.replies ?? []), c] }
                  : p,
              )
            : [{ ...c, replies: [] }, ...v.items],
        },
        1,
      ),
    );
  };

  const markDeleted = (id: string) => {
    const gone = (c: CommentReply): CommentReply =>
      c.id === id ? { ...c, state: 'removed', body: '', attachments: [] } : c;
    update((v) =>
      withCount(
        {
          ...v,
          items: v.items.map((p) => ({ ...gone(p), replies: p.replies?.map(gone) }) as Comment),
        },
        -1,
      ),
    );
  };

  const setReplies = (parentId: string, replies: CommentReply[]) =>
    update((v) => ({
      ...v,
      items: v.items.map((p) => (p.id === parentId ? { ...p, replies } : p)),
    }));

  return (
    <section className="comment-thread" data-testid="comment-thread">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <MessageOutlined /> {t('discussion.comments', { count: summary?.commentCount ?? 0 })}
      </Typography.Title>
      {summary &&
        (summary.canWrite ? (
          <Composer onPost={(body, photos) => post(body, photos)} testId="comment-composer" />
        ) : (
          <Alert
            type="info"
            showIcon
            message={summary.cannotWriteReason ?? t('discussion.cannotWrite')}
            data-testid="comment-cannot-write"
            style={{ marginBottom: 12 }}
          />
        ))}
      {error !== null && (
        <Alert
          type="error"
          showIcon
          message={describeError(error, t)}
          style={{ margin: '8px 0' }}
        />
      )}
      {items.length === 0 && !isLoading && error === null && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('discussion.noComments')} />
      )}
      <div>
        {items.map((c) => (
          <CommentItem
            key={c.id}
            c={c}
            summary={summary}
            onReply={(body, photos) => post(body, photos, c.id)}
            onDeleted={markDeleted}
            onModerated={reload}
          >
            <Replies
              parent={c}
              summary={summary}
              onDeleted={markDeleted}
              onModerated={reload}
              onLoaded={(r) => setReplies(c.id, r)}
            />
          </CommentItem>
        ))}
      </div>
      {isLoading && <Spin style={{ display: 'block', margin: 12 }} />}
      {cursor && !isLoading && (
        <Button block type="link" onClick={() => void more()} data-testid="comments-more">
          {t('discussion.moreComments')}
        </Button>
      )}
    </section>
  );
}

function Replies({
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

function CommentItem({
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
        {c.state !== 'removed' && (c.isMine || isModerator) && (
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
        {isModerator && c.state === 'hidden' && (
          <Space size={6}>
            <DecisionButton
              targetType="comment"
              targetId={c.id}
              action="restore"
              onDone={onModerated}
            />
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

/** Text (1–2000 characters) and up to nine photos; the server masks ID and phone numbers. */
function Composer({
  onPost,
  onCancel,
  placeholder,
  autoFocus,
  testId,
}: {
  onPost: (body: string, photoIds: string[]) => Promise<void>;
  onCancel?: () => void;
  placeholder?: string;
  autoFocus?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [body, setBody] = useState('');
  const [photos, setPhotos] = useState<UploadedAttachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const [sending, setSending] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const addFiles = async (files: FileList | null) => {
    if (!files) return;
    setUploading(true);
    try {
      for (const f of Array.from(files).slice(0, COMMENT_PHOTOS_MAX - photos.length)) {
        const p = await uploadPhoto(f);
        setPhotos((old) => [...old, p]);
      }
    } catch (e) {
      void message.error(describeError(e, t));
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const send = async () => {
    if (!body.trim()) return;
    setSending(true);
    try {
      await onPost(
        body,
        photos.map((p) => p.id),
      );
      setBody('');
      setPhotos([]);
      void message.success(t('discussion.sent'));
    } catch (e) {
      void message.error(describeError(e, t));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="comment-composer" data-testid={testId} style={{ marginBottom: 12 }}>
      <Input.TextArea
        value={body}
        onChange={(e) => setBody(e.target.value)}
        placeholder={placeholder ?? t('discussion.placeholder')}
        maxLength={COMMENT_BODY_MAX}
        showCount
        autoSize={{ minRows: 2, maxRows: 6 }}
        autoFocus={autoFocus}
        data-testid={`${testId}-input`}
      />
      {photos.length > 0 && (
        <Space size={6} wrap style={{ marginTop: 8 }}>
          {photos.map((p) => (
            <span key={p.id} style={{ position: 'relative', display: 'inline-block' }}>
              <Image
                src={p.url}
                alt={p.name}
                width={56}
                height={56}
                style={{ objectFit: 'cover' }}
              />
              <Button
                size="small"
                shape="circle"
                icon={<CloseOutlined />}
                aria-label={t('discussion.delete')}
                style={{ position: 'absolute', top: -6, right: -6 }}
                onClick={() => setPhotos((old) => old.filter((x) => x.id !== p.id))}
              />
            </span>
          ))}
        </Space>
      )}
      <Space style={{ marginTop: 8, width: '100%', justifyContent: 'space-between' }} wrap>
        <span>
          <input
            ref={fileInput}
            type="file"
            accept="image/jpeg,image/png"
            multiple
            hidden
            onChange={(e) => void addFiles(e.target.files)}
            data-testid={`${testId}-photo-input`}
          />
          <Button
            icon={<PictureOutlined />}
            loading={uploading}
            disabled={photos.length >= COMMENT_PHOTOS_MAX}
            onClick={() => fileInput.current?.click()}
            title={t('discussion.photosHelp', { max: COMMENT_PHOTOS_MAX })}
          >
            {t('discussion.addPhotos')}
          </Button>
        </span>
        <Space>
          {onCancel && <Button onClick={onCancel}>{t('discussion.cancel')}</Button>}
          <Button
            type="primary"
            loading={sending}
            disabled={!body.trim() || uploading}
            onClick={() => void send()}
            data-testid={`${testId}-submit`}
          >
            {t('discussion.send')}
          </Button>
        </Space>
      </Space>
    </div>
  );
}
