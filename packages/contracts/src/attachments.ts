import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './errors.js';

/** The largest attachment a client may upload. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** What an attachment may be; its content must be what its name's extension says. */
export const ATTACHMENT_KINDS = ['pdf', 'docx', 'xlsx', 'jpeg', 'png'] as const;
export const AttachmentKind = StringEnum(ATTACHMENT_KINDS);
export type AttachmentKind = Static<typeof AttachmentKind>;

/** File name extensions (lower case, with the dot) and the kind each must hold. */
export const ATTACHMENT_EXTENSIONS: Readonly<Record<string, AttachmentKind>> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.xlsx': 'xlsx',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.png': 'png',
};

/** An attachment as its owner's pages show it; `url` serves it to whoever may read the owner. */
export const AttachmentRef = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  kind: AttachmentKind,
  bytes: Type.Integer({ minimum: 1 }),
  url: Type.String(),
});
export type AttachmentRef = Static<typeof AttachmentRef>;

export const UploadedAttachment = AttachmentRef;
export type UploadedAttachment = AttachmentRef;

export const AttachmentParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
