import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import {
  ErrorBody,
  ErrorCode,
  HOTLINE_FILE_MAX_BYTES,
  HOTLINE_MEDIA_TYPES,
  HotlineCategory,
  HotlineCategoryList,
  HotlineCategoryParams,
  HotlineImport,
  HotlineImportList,
  HotlineImportParams,
  PutHotlineCategoryBody,
  type HotlineFormat,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { keepOnDisk, receiveOneFile } from '../../platform/http/one-file.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { departmentForRequest } from '../departments/index.js';
import {
  deleteHotlineCategory,
  listHotlineCategories,
  putHotlineCategory,
} from './categories.service.js';
import { getHotlineImport, listHotlineImports, uploadHotlineFile } from './imports.service.js';
import { importHotlineOrders } from './import-orders.js';

const tags = ['hotline'];
const pre = { preHandler: requireSignIn };
const MB = HOTLINE_FILE_MAX_BYTES / 1024 / 1024;
const tooLarge = () =>
  new AppError(
    ErrorCode.payloadTooLarge,
    `body: at most ${MB} MB of work orders per request; send the rest in another / 每次最多 ${MB} MB，请分批推送`,
    { field: 'body', rule: 'maxSize' },
  );

function spoolDir(deps: AppDeps): string {
  const dir = path.join(deps.config.dataDir, 'hotline-uploads');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The media type a posted file is in, or a 415 naming the two it may be. */
function formatOf(req: FastifyRequest): HotlineFormat {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const format = (Object.keys(HOTLINE_MEDIA_TYPES) as HotlineFormat[]).find(
    (f) => HOTLINE_MEDIA_TYPES[f] === type,
  );
  if (!format) {
    throw new AppError(
      ErrorCode.unsupportedMediaType,
      'Send the work orders as text/csv or application/x-ndjson / 请以 CSV 或 JSON Lines 推送',
      { field: 'content-type', rule: 'mediaType' },
    );
  }
  return format;
}

/** The request's body written to a file, at most HOTLINE_FILE_MAX_BYTES (else a 413). */
async function spool(body: Readable, filePath: string): Promise<void> {
  let bytes = 0;
  let over = false;
  try {
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          bytes += chunk.length;
          // read to the end, so the client gets its answer, but keep nothing more
          if (bytes > HOTLINE_FILE_MAX_BYTES) over = true;
          else yield chunk;
        }
      },
      fs.createWriteStream(filePath, { mode: 0o600 }),
    );
  } catch (e) {
    await fs.promises.rm(filePath, { force: true });
    throw e;
  }
  if (over) {
    await fs.promises.rm(filePath, { force: true });
    throw tooLarge();
  }
}

/** 12345 热线对接: the hotline's system posts work orders; the city's staff map and watch. */
export async function hotlineRoutes(app: FastifyInstance): Promise<void> {
  // the work orders' body is streamed to disk by the route, never held in memory
  app.addContentTypeParser(Object.values(HOTLINE_MEDIA_TYPES), (_req, payload, done) =>
    done(null, payload),
  );
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: HOTLINE_FILE_MAX_BYTES, files: 1, fields: 2, fieldSize: 1024, parts: 4 },
  });
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/api/hotline/orders',
    {
      schema: {
        tags,
        summary: "The hotline's system posts work orders (department key with the hotline grant)",
        description:
          'Authorization: Bearer <department key>. Body: text/csv with a header, or application/x-ndjson, one order per line; columns and rules in docs/DEPARTMENT-INTERFACES.md. A malformed row refuses the file (400, rows named, nothing filed); unmapped categories and unknown addresses are held back and reported; an order is a case once per hotline_id.',
        consumes: Object.values(HOTLINE_MEDIA_TYPES),
        response: {
          200: HotlineImport,
          ...errorResponses,
          413: ErrorBody,
          415: ErrorBody,
        },
      },
    },
    async (req) => {
      const format = formatOf(req);
      const department = await departmentForRequest(req.ctx, req, 'hotline');
      if (Number(req.headers['content-length']) > HOTLINE_FILE_MAX_BYTES) throw tooLarge();
      const filePath = path.join(spoolDir(req.ctx), `${crypto.randomUUID()}.${format}`);
      await spool(req.body as Readable, filePath);
      try {
        return await importHotlineOrders(req.ctx, {
          via: 'api',
          department,
          fileName: `${department.code}-${new Date().toISOString()}.${format}`,
          format,
          filePath,
        });
      } finally {
        await fs.promises.rm(filePath, { force: true });
      }
    },
  );
  r.post(
    '/api/hotline/imports',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Upload a work-order file by hand (.csv or .jsonl; administrators of the city)',
        consumes: ['multipart/form-data'],
        response: { 201: HotlineImport, ...errorResponses, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      const upload = await receiveOneFile(req, {
        maxBytes: HOTLINE_FILE_MAX_BYTES,
        tooLarge,
        missing: 'attach the work-order file as the field "file" / 请选择工单文件',
        ...keepOnDisk(spoolDir(req.ctx)),
      });
      return reply.status(201).send(await uploadHotlineFile(req.ctx, upload));
    },
  );
  r.get(
    '/api/hotline/imports',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The newest 50 work-order files with their reports',
        response: { 200: HotlineImportList, ...errorResponses },
      },
    },
    (req) => listHotlineImports(req.ctx),
  );
  r.get(
    '/api/hotline/imports/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: "One work-order file's report",
        params: HotlineImportParams,
        response: { 200: HotlineImport, ...errorResponses },
      },
    },
    (req) => getHotlineImport(req.ctx, req.params.id),
  );
  r.get(
    '/api/hotline/categories',
    {
      ...pre,
      schema: {
        tags,
        summary: "The mapping of the hotline's categories to scenarios",
        response: { 200: HotlineCategoryList, ...errorResponses },
      },
    },
    (req) => listHotlineCategories(req.ctx),
  );
  r.put(
    '/api/hotline/categories/:category',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Map a hotline category to a scenario, with answers to its required fields',
        params: HotlineCategoryParams,
        body: PutHotlineCategoryBody,
        response: { 200: HotlineCategory, ...errorResponses },
      },
    },
    (req) => putHotlineCategory(req.ctx, req.params.category, req.body),
  );
  r.delete(
    '/api/hotline/categories/:category',
    {
      ...pre,
      schema: {
        tags,
        summary: "Remove a category's mapping (its orders are held back until mapped again)",
        params: HotlineCategoryParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteHotlineCategory(req.ctx, req.params.category);
      return reply.status(204).send(null);
    },
  );
}
