import type { Readable } from 'node:stream';
import { ErrorBody, PHOTO_MAX_BYTES, PhotoFileParams, UploadedPhoto } from '@cc/contracts';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { readPhoto, tooLarge, uploadPhoto } from './media.service.js';

const tags = ['photos'];
/** Room for the multipart framing around a file of the largest size. */
const MULTIPART_OVERHEAD = 64 * 1024;

export async function mediaRoutes(app: FastifyInstance): Promise<void> {
  // registered here, not on the app: only these routes take multipart bodies
  await app.register(multipart, {
    throwFileSizeLimit: false, // a file over the limit is reported after the body is read
    limits: {
      fileSize: PHOTO_MAX_BYTES,
      files: 1,
      fields: 4,
      fieldSize: 1024,
      parts: 8,
      headerPairs: 20,
    },
  });

  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/photos',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Upload a photo (JPEG, PNG, WebP or HEIC, at most 10 MB) as the file field `file`',
        description:
          'The type is decided by the content, not the name. The photo is re-encoded as WebP ' +
          'in two sizes with every piece of metadata (EXIF, GPS…) removed; the original is not kept.',
        consumes: ['multipart/form-data'],
        response: { 201: UploadedPhoto, ...errorResponses, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      const bytes = await readPhotoPart(req);
      return reply.status(201).send(await uploadPhoto(req.ctx, bytes));
    },
  );
  r.get(
    '/api/photos/:id/:size',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'One size of a photo, as WebP',
        params: PhotoFileParams,
        produces: ['image/webp'],
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const data = await readPhoto(req.ctx, req.params.id, req.params.size);
      return reply
        .header('content-type', 'image/webp')
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=86400')
        .header('content-disposition', 'inline')
        .send(data);
    },
  );
}

/**
 * The bytes of the one file field `file`. A problem found in the parts is reported only once
 * the whole body has been read, so the client is not cut off mid-upload and always gets its
 * answer; bytes past the limits are skipped by the parser, never held in memory.
 */
async function readPhotoPart(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send multipart/form-data with one file field named "file" / 请以表单方式上传文件',
      { field: 'content-type', rule: 'mediaType' },
    );
  }
  // a declared length far past the limit is refused without reading the body
  const declared = Number(req.headers['content-length']);
  if (declared > PHOTO_MAX_BYTES + MULTIPART_OVERHEAD) throw tooLarge();

  let file: Buffer | null = null;
  let problem: AppError | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        problem ??=
          part.fieldname === 'file'
            ? AppError.invalid('file', 'format', 'file: send the photo as a file, not as text')
            : unknownField(part.fieldname);
      } else if (part.fieldname !== 'file') {
        problem ??= unknownField(part.fieldname);
        await drain(part.file);
      } else {
        const { data, truncated } = await readAll(part.file);
        if (truncated) problem ??= tooLarge();
        else file = data;
      }
    }
  } catch (e) {
    throw problem ?? multipartError(e);
  }
  if (problem) throw problem;
  if (!file) {
    throw AppError.invalid(
      'file',
      'required',
      'file: attach the photo as the file field "file" / 请选择照片',
    );
  }
  return file;
}

function unknownField(name: string): AppError {
  return AppError.invalid(
    name.slice(0, 64) || 'body',
    'unknown-field',
    `${name.slice(0, 64)} is not a known field: send only the file field "file"`,
  );
}

function multipartError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'FST_FILES_LIMIT') {
    return AppError.invalid(
      'file',
      'maxCount',
      'file: send exactly one file / 每次只能上传一张照片',
    );
  }
  return AppError.invalid(
    'body',
    'format',
    `body: not a readable multipart form (${(e as Error).message ?? 'unknown error'})`,
  );
}

async function readAll(stream: Readable & { truncated?: boolean }) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { data: Buffer.concat(chunks), truncated: stream.truncated === true };
}

async function drain(stream: Readable): Promise<void> {
  for await (const _ of stream) {
    // skipped: only the field "file" is read
  }
}
