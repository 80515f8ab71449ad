import { ErrorBody, PHOTO_MAX_BYTES, PhotoFileParams, UploadedPhoto } from '@cc/contracts';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { receiveOneFile } from '../../platform/http/one-file.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { attachmentRoutes } from './attachments.routes.js';
import { readPhoto, tooLarge, uploadPhoto } from './media.service.js';

const tags = ['photos'];

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

  await attachmentRoutes(app);

  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/photos',
    {
      preHandler: requireSignIn,
      config: {
        rateLimit: perAccountLimit(app.deps.config.photoUploadsPerMinute, 60_000, 'photo uploads'),
      },
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
      // photos of cases show people and homes: kept by no cache, the browser's included (no
      // photo is public; one that were could be cached)
      return reply
        .header('content-type', 'image/webp')
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', 'inline')
        .send(data);
    },
  );
}

/** The bytes of the one file field `file`, at most the largest photo's size. */
function readPhotoPart(req: FastifyRequest): Promise<Buffer> {
  return receiveOneFile(req, {
    maxBytes: PHOTO_MAX_BYTES,
    tooLarge,
    missing: 'attach the photo as the file field "file" / 请选择照片',
    keep: async (file) => {
      const chunks: Buffer[] = [];
      for await (const chunk of file) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  });
}
