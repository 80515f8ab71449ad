import {
  ATTACHMENT_MAX_BYTES,
  AttachmentParams,
  ErrorBody,
  UploadedAttachment,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { receiveOneFile } from '../../platform/http/one-file.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  attachmentTooLarge,
  CONTENT_TYPES,
  readAttachment,
  uploadAttachment,
} from './attachments.service.js';

const tags = ['attachments'];

/** Attachments: registered inside the media routes, whose multipart parser they share. */
export async function attachmentRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/attachments',
    {
      preHandler: requireSignIn,
      config: {
        rateLimit: perAccountLimit(app.deps.config.photoUploadsPerMinute, 60_000, 'uploads'),
      },
      schema: {
        tags,
        summary:
          'Upload an attachment (PDF, DOCX, XLSX, JPEG or PNG, at most 10 MB) as the file field `file`',
        description:
          'The content must be what the file name says (a ".pdf" must start as a PDF does). ' +
          'It is loose until a form attaches it; loose files are removed after a day.',
        consumes: ['multipart/form-data'],
        response: { 201: UploadedAttachment, ...errorResponses, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      const file = await receiveOneFile(req, {
        maxBytes: ATTACHMENT_MAX_BYTES,
        tooLarge: attachmentTooLarge,
        missing: 'attach the file as the file field "file" / 请选择文件',
        keep: async (stream, fileName) => {
          const chunks: Buffer[] = [];
          for await (const chunk of stream) chunks.push(chunk as Buffer);
          return { fileName, bytes: Buffer.concat(chunks) };
        },
      });
      return reply.status(201).send(await uploadAttachment(req.ctx, file));
    },
  );
  r.get(
    '/api/attachments/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Download an attachment (whoever may read what it is attached to)',
        params: AttachmentParams,
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const file = await readAttachment(req.ctx, req.params.id);
      return reply
        .header('content-type', CONTENT_TYPES[file.kind])
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header(
          'content-disposition',
          `attachment; filename="${file.kind}-${req.params.id.slice(0, 8)}${extensionOf(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        )
        .send(file.data);
    },
  );
}

const extensionOf = (name: string) => {
  const m = /\.[a-z0-9]{1,5}$/i.exec(name);
  return m ? m[0].toLowerCase() : '';
};
