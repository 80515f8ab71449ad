import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './errors.js';

/** The largest photo a client may upload (the original, before re-encoding). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** Types accepted on upload, decided by the file's first bytes (never its name). */
export const PHOTO_UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;

/** The renditions served, all WebP: `large` fits 1600×1600, `thumb` fits 320×320. */
export const PHOTO_SIZES = ['large', 'thumb'] as const;
export const PhotoSize = StringEnum(PHOTO_SIZES);
export type PhotoSize = Static<typeof PhotoSize>;

export const PhotoFileParams = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    size: PhotoSize,
  },
  { additionalProperties: false },
);
export type PhotoFileParams = Static<typeof PhotoFileParams>;

export const UploadedPhoto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  /** Of the `large` rendition, after turning it upright. */
  width: Type.Integer({ minimum: 1 }),
  height: Type.Integer({ minimum: 1 }),
  urls: Type.Object({
    large: Type.String(),
    thumb: Type.String(),
  }),
});
export type UploadedPhoto = Static<typeof UploadedPhoto>;
