import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '@cc/contracts';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** Room for the multipart framing around a file of the largest size. */
const MULTIPART_OVERHEAD = 64 * 1024;

export interface OneFile<T> {
  /** the most bytes the file may have (the route's multipart `fileSize` limit) */
  maxBytes: number;
  /** the 413 for a file over the limit */
  tooLarge: () => AppError;
  /** what to ask for when no file came, e.g. 'attach the photo … / 请选择照片' */
  missing: string;
  /** keep the file's bytes (read them to the end); `truncated` is set once they are read */
  keep: (file: Readable & { truncated?: boolean }, fileName: string) => Promise<T>;
  /** undo `keep` for a file that is refused after all (too large, other problems) */
  discard?: (kept: T) => Promise<void>;
}

/**
 * The one file field `file` of a multipart/form-data request. Every other part is a 400 that
 * names it. A problem found in the parts is reported only once the whole body has been read,
 * so the client is not cut off mid-upload and always gets its answer; bytes past the limits
 * are skipped by the parser, never held.
 */
export async function receiveOneFile<T>(req: FastifyRequest, o: OneFile<T>): Promise<T> {
  if (!req.isMultipart()) {
    throw new AppError(
      ErrorCode.unsupportedMediaType,
      'Send multipart/form-data with one file field named "file" / 请以表单方式上传文件',
      { field: 'content-type', rule: 'mediaType' },
    );
  }
  // a declared length far past the limit is refused without reading the body
  if (Number(req.headers['content-length']) > o.maxBytes + MULTIPART_OVERHEAD) throw o.tooLarge();

  let kept: { value: T } | null = null;
  let problem: AppError | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        problem ??=
          part.fieldname === 'file'
            ? AppError.invalid('file', 'format', 'file: send it as a file, not as text')
            : unknownField(part.fieldname);
      } else if (part.fieldname !== 'file') {
        problem ??= unknownField(part.fieldname);
        for await (const _ of part.file) {
          // skipped: only the one field "file" is kept
        }
      } else {
        kept = { value: await o.keep(part.file, part.filename || 'upload') };
        if (part.file.truncated) problem ??= o.tooLarge();
      }
    }
  } catch (e) {
    problem ??= e instanceof AppError ? e : multipartError(e);
  }
  if (problem) {
    if (kept && o.discard) await o.discard(kept.value);
    throw problem;
  }
  if (!kept) throw AppError.invalid('file', 'required', `file: ${o.missing}`);
  return kept.value;
}

function unknownField(name: string): AppError {
  return AppError.invalid(
    name.slice(0, 64) || 'body',
    'unknown-field',
    `${name.slice(0, 64)} is not a known field: send only the file field "file" / 只需上传文件字段 file`,
  );
}

function multipartError(e: unknown): AppError {
  if ((e as { code?: string }).code === 'FST_FILES_LIMIT') {
    return AppError.invalid(
      'file',
      'maxCount',
      'file: send exactly one file / 每次只能上传一个文件',
    );
  }
  return AppError.invalid(
    'body',
    'format',
    `body: not a readable multipart form (${(e as Error).message ?? 'unknown error'}) / 无法读取上传内容`,
  );
}

/** An uploaded file kept on disk for an import to read as a stream (and delete when done). */
export interface FileOnDisk {
  filePath: string;
  fileName: string;
}

/**
 * `keep` and `discard` for `receiveOneFile` that write the file into `dir` (made if missing,
 * readable by this user only) under a random name; a half-written file is removed.
 */
export function keepOnDisk(dir: string): Pick<OneFile<FileOnDisk>, 'keep' | 'discard'> {
  return {
    keep: async (file, fileName) => {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const filePath = path.join(dir, `${crypto.randomUUID()}.upload`);
      try {
        await pipeline(file, fs.createWriteStream(filePath, { mode: 0o600 }));
      } catch (e) {
        await fs.promises.rm(filePath, { force: true });
        throw e;
      }
      return { filePath, fileName };
    },
    discard: (kept) => fs.promises.rm(kept.filePath, { force: true }),
  };
}
