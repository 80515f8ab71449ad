import fs from 'node:fs';
import path from 'node:path';
import {
  AddressBookSummary,
  AddressImportResult,
  AddressSearchAnswer,
  AddressSearchQuery,
  ErrorBody,
  ErrorCode,
} from '@cc/contracts';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { keepOnDisk, receiveOneFile } from '../../platform/http/one-file.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { addressBookSummary, importUploadedFile } from './address-book.js';
import { searchAddresses } from './search.js';

const tags = ['addresses'];
const pre = { preHandler: requireSignIn };

/** 地址搜索 for everyone signed in; 地址库 (counts, imports) for the city's managers. */
export async function addressRoutes(app: FastifyInstance): Promise<void> {
  const maxBytes = app.deps.config.importMaxBytes;
  // registered here, not on the app: only the import takes a multipart body
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes, files: 1, fields: 2, fieldSize: 1024, parts: 4 },
  });
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/addresses/search',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Addresses for what was typed: exact door numbers, then prefixes, then contains',
        querystring: AddressSearchQuery,
        response: { 200: AddressSearchAnswer, ...errorResponses },
      },
    },
    (req) => searchAddresses(req.ctx, req.query),
  );
  r.get(
    '/api/addresses/book',
    {
      ...pre,
      schema: {
        tags,
        summary: '地址库: addresses by source and the last import (city administrators, operators)',
        response: { 200: AddressBookSummary, ...errorResponses },
      },
    },
    (req) => addressBookSummary(req.ctx),
  );
  r.post(
    '/api/addresses/imports',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Import an address file (CSV: address, lng, lat[, area_code]); all rows or none',
        description:
          'The format is data/addresses/README.md. A refused file is a 400 whose rows name each problem by line and column.',
        consumes: ['multipart/form-data'],
        response: { 201: AddressImportResult, ...errorResponses, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      const upload = await receiveUpload(req, maxBytes);
      return reply.status(201).send(await importUploadedFile(req.ctx, upload));
    },
  );
}

function uploadDir(deps: AppDeps): string {
  const dir = path.join(deps.config.dataDir, 'address-uploads');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The file field spooled to disk, so the import reads it as a stream (twice). */
function receiveUpload(req: FastifyRequest, maxBytes: number) {
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return receiveOneFile(req, {
    maxBytes,
    tooLarge: () =>
      new AppError(ErrorCode.payloadTooLarge, `file: at most ${mb} MB / 文件不能超过 ${mb} MB`, {
        field: 'file',
        rule: 'maxSize',
      }),
    missing: 'attach the address file as the field "file" / 请选择地址文件',
    ...keepOnDisk(uploadDir(req.ctx)),
  });
}
