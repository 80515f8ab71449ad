import { Type, type Static } from '@sinclair/typebox';
import { AttachmentRef } from './attachments.js';
import { StringEnum } from './errors.js';

/**
 * Comments and praise (评论、点赞): one shared piece under proposals, building boards and,
 * later, logs and notices. A subject (`proposal`, `building`, …) is any object a module
 * registers with the discussion module; comments have one level of replies.
 */

export const COMMENT_BODY_MAX = 2000;
/** photos on one comment */
export const COMMENT_PHOTOS_MAX = 9;
/** replies shown under each top-level comment in a page of comments */
export const COMMENT_REPLIES_PREVIEW = 3;
export const COMMENT_PAGE_MAX = 50;

export const COMMENT_STATES = ['visible', 'hidden', 'removed'] as const;
export const CommentState = StringEnum(COMMENT_STATES);
export type CommentState = Static<typeof CommentState>;

const Uuid = Type.String({ format: 'uuid' });

/** A subject's kind as modules register it: `proposal`, `building`. */
export const DiscussionParams = Type.Object(
  { type: Type.String({ pattern: '^[a-z][a-z0-9_-]{1,31}$' }), id: Uuid },
  { additionalProperties: false },
);
export type DiscussionParams = Static<typeof DiscussionParams>;

const commentFields = {
  id: Uuid,
  parentId: Type.Union([Uuid, Type.Null()]),
  /** masked: 张* */
  authorName: Type.String(),
  isMine: Type.Boolean(),
  /** e.g. 楼组长 / 居委, as the subject says; null for none */
  authorBadge: Type.Union([Type.String(), Type.Null()]),
  /** plain text (render as text, never as HTML); '' when hidden or removed, except for moderators */
  body: Type.String(),
  attachments: Type.Array(AttachmentRef),
  createdAt: Type.String(),
  praiseCount: Type.Integer(),
  praisedByMe: Type.Boolean(),
  replyCount: Type.Integer(),
  state: CommentState,
};

/** A reply (no replies of its own). */
export const CommentReply = Type.Object(commentFields);
export type CommentReply = Static<typeof CommentReply>;

/** A comment; a top-level one in a page of comments carries its first replies (oldest first). */
export const Comment = Type.Object({
  ...commentFields,
  replies: Type.Optional(Type.Array(CommentReply)),
});
export type Comment = Static<typeof Comment>;

export const CommentList = Type.Object({
  items: Type.Array(Comment),
  /** the next page's cursor; null at the end */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type CommentList = Static<typeof CommentList>;

export const CommentListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: COMMENT_PAGE_MAX, default: 20 })),
  },
  { additionalProperties: false },
);
export type CommentListQuery = Static<typeof CommentListQuery>;

export const PostCommentBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: COMMENT_BODY_MAX }),
    /** a top-level comment of the same subject (a reply to a reply is refused) */
    parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    /** photos uploaded first through POST /api/attachments (JPEG or PNG) */
    attachmentIds: Type.Optional(Type.Array(Uuid, { maxItems: COMMENT_PHOTOS_MAX })),
  },
  { additionalProperties: false },
);
export type PostCommentBody = Static<typeof PostCommentBody>;

/** A subject's discussion as the reader sees it. */
export const DiscussionSummary = Type.Object({
  commentCount: Type.Integer(),
  praiseCount: Type.Integer(),
  praisedByMe: Type.Boolean(),
  canWrite: Type.Boolean(),
  /** why not (zh-CN / English), when canWrite is false */
  cannotWriteReason: Type.Union([Type.String(), Type.Null()]),
  isModerator: Type.Boolean(),
});
export type DiscussionSummary = Static<typeof DiscussionSummary>;

export const PraiseState = Type.Object({
  praiseCount: Type.Integer(),
  praisedByMe: Type.Boolean(),
});
export type PraiseState = Static<typeof PraiseState>;
