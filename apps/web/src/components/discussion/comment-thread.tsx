import { MessageOutlined } from '@ant-design/icons';
import type { Comment, CommentReply, DiscussionSummary } from '@cc/contracts';
import { Alert, Button, Empty, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { useLatest } from '../../lib/use-latest';
import { Composer } from './comment-composer';
import { CommentItem, Replies } from './comment-item';
import { getDiscussion, listComments, postComment } from './discussion-api';

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
 * reports, the author's delete and a moderator's restore / remove (with a reason, through the
 * moderation decision). Bodies are plain text,
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
