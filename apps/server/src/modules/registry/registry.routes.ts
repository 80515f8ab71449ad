import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import {
  AreaCodeParam,
  Building,
  BuildingBody,
  BuildingList,
  BuildingQuery,
  CallList,
  CallListBody,
  EmergencyContactBody,
  ErrorBody,
  ErrorCode,
  ExportQuery,
  ImportQuery,
  MoveOutBody,
  MoveResidentBody,
  OneScreen,
  Organisation,
  OrganisationBody,
  OrganisationList,
  OwnersSummary,
  OwnersSummaryQuery,
  RegistryHistory,
  RegistryImport,
  RegistryImportList,
  RegistryTag,
  RegistryTagBody,
  RegistryTagList,
  Resident,
  ResidentBody,
  ResidentList,
  ResidentLookupBody,
  ResidentPatch,
  ResidentQuery,
  ResidentReveal,
  RevealBody,
  Room,
  RoomBody,
  RoomList,
  RoomOwners,
  RoomOwnersBody,
  RoomPatch,
  RoomQuery,
} from '@cc/contracts';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { AppError } from '../../platform/errors.js';
import { receiveOneFile } from '../../platform/http/one-file.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { exportRegistry } from './exports.js';
import {
  createBuilding,
  createOrganisation,
  createRoom,
  createTag,
  listBuildings,
  listOrganisations,
  listRooms,
  listTags,
  updateRoom,
} from './housing.service.js';
import {
  getImport,
  importReport,
  listImports,
  startImport,
  uploadPath,
  type Upload,
} from './imports.js';
import {
  createResident,
  getResident,
  listResidents,
  lookupResidents,
  moveOutResident,
  moveResident,
  residentHistory,
  revealResident,
  updateResident,
} from './residents.service.js';
import { getOneScreen } from './screen.service.js';
import { clearEmergencyContact, setEmergencyContact } from './emergency-contacts.js';
import { revealCallList } from './call-list.js';
import { getRoomOwners, ownersSummary, replaceRoomOwners } from './owners.service.js';

const tags = ['registry'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const CodeParams = Type.Object({ code: AreaCodeParam });
const pre = { preHandler: requireSignIn };

export async function registryRoutes(app: FastifyInstance): Promise<void> {
  const importMaxBytes = app.deps.config.importMaxBytes;
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: importMaxBytes, files: 1, fields: 2, fieldSize: 1024, parts: 4 },
  });
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/registry/tags',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The tag dictionary (标签字典)',
        response: { 200: RegistryTagList, ...errorResponses },
      },
    },
    (req) => listTags(req.ctx),
  );
  r.post(
    '/api/registry/tags',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Add a tag to the dictionary',
        body: RegistryTagBody,
        response: { 201: RegistryTag, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createTag(req.ctx, req.body)),
  );
  r.get(
    '/api/registry/screen/:code',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The one screen (社区一屏) of an area',
        params: CodeParams,
        response: { 200: OneScreen, ...errorResponses },
      },
    },
    (req) => getOneScreen(req.ctx, req.params.code),
  );

  r.get(
    '/api/registry/residents',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Residents of an area, masked, filtered',
        querystring: ResidentQuery,
        response: { 200: ResidentList, ...errorResponses },
      },
    },
    (req) => listResidents(req.ctx, req.query),
  );
  r.post(
    '/api/registry/residents/lookup',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'One person by exact document number, phone or full name, for a reason (audited, rate-limited per account)',
        description:
          'The value travels in the body, never in a URL or a log. A 429 with Retry-After once the account has spent its lookups for the hour.',
        body: ResidentLookupBody,
        response: { 200: ResidentList, ...errorResponses },
      },
    },
    (req) => lookupResidents(req.ctx, req.body),
  );
  r.post(
    '/api/registry/residents',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Register a resident',
        body: ResidentBody,
        response: { 201: Resident, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createResident(req.ctx, req.body)),
  );
  r.get(
    '/api/registry/residents/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One resident, masked',
        params: IdParams,
        response: { 200: Resident, ...errorResponses },
      },
    },
    (req) => getResident(req.ctx, req.params.id),
  );
  r.patch(
    '/api/registry/residents/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: "Change a resident's details",
        params: IdParams,
        body: ResidentPatch,
        response: { 200: Resident, ...errorResponses },
      },
    },
    (req) => updateResident(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/registry/residents/:id/move',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Move a resident to another room',
        params: IdParams,
        body: MoveResidentBody,
        response: { 200: Resident, ...errorResponses },
      },
    },
    (req) => moveResident(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/registry/residents/:id/move-out',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Record a move-out',
        params: IdParams,
        body: MoveOutBody,
        response: { 200: Resident, ...errorResponses },
      },
    },
    (req) => moveOutResident(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/registry/residents/:id/reveal',
    {
      ...pre,
      schema: {
        tags,
        summary: "A resident's personal data in clear, for a reason (audited)",
        params: IdParams,
        body: RevealBody,
        response: { 200: ResidentReveal, ...errorResponses },
      },
    },
    (req) => revealResident(req.ctx, req.params.id, req.body.reason),
  );
  r.put(
    '/api/registry/residents/:id/emergency-contact',
    {
      ...pre,
      schema: {
        tags,
        summary:
          "Set a resident's emergency contact (name, relation, phone), sealed like the phone",
        params: IdParams,
        body: EmergencyContactBody,
        response: { 200: Resident, ...errorResponses },
      },
    },
    (req) => setEmergencyContact(req.ctx, req.params.id, req.body),
  );
  r.delete(
    '/api/registry/residents/:id/emergency-contact',
    {
      ...pre,
      schema: {
        tags,
        summary: "Remove a resident's emergency contact",
        params: IdParams,
        response: { 200: Resident, ...errorResponses },
      },
    },
    (req) => clearEmergencyContact(req.ctx, req.params.id),
  );
  r.post(
    '/api/registry/call-list',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'The call list of a care group in an area: names, phones, rooms and emergency contacts in clear, for a reason (one audit entry per person)',
        description:
          'At most 200 people a page (nextCursor for the next); committee staff within their area only.',
        body: CallListBody,
        response: { 200: CallList, ...errorResponses },
      },
    },
    (req) => revealCallList(req.ctx, req.body),
  );
  r.get(
    '/api/registry/residents/:id/history',
    {
      ...pre,
      schema: {
        tags,
        summary: "Who changed what of a resident's record, when",
        params: IdParams,
        response: { 200: RegistryHistory, ...errorResponses },
      },
    },
    (req) => residentHistory(req.ctx, req.params.id),
  );

  r.get(
    '/api/registry/buildings',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Buildings of a committee or compound',
        querystring: BuildingQuery,
        response: { 200: BuildingList, ...errorResponses },
      },
    },
    (req) => listBuildings(req.ctx, req.query),
  );
  r.post(
    '/api/registry/buildings',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Add a building to a compound',
        body: BuildingBody,
        response: { 201: Building, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createBuilding(req.ctx, req.body)),
  );
  r.get(
    '/api/registry/rooms',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Rooms of an area',
        querystring: RoomQuery,
        response: { 200: RoomList, ...errorResponses },
      },
    },
    (req) => listRooms(req.ctx, req.query),
  );
  r.post(
    '/api/registry/rooms',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Add a room',
        body: RoomBody,
        response: { 201: Room, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createRoom(req.ctx, req.body)),
  );
  r.patch(
    '/api/registry/rooms/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Change a room',
        params: IdParams,
        body: RoomPatch,
        response: { 200: Room, ...errorResponses },
      },
    },
    (req) => updateRoom(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/registry/rooms/:id/owners',
    {
      ...pre,
      schema: {
        tags,
        summary: "A room's owners on record (产权人) and its registered area (audited)",
        params: IdParams,
        response: { 200: RoomOwners, ...errorResponses },
      },
    },
    (req) => getRoomOwners(req.ctx, req.params.id),
  );
  r.put(
    '/api/registry/rooms/:id/owners',
    {
      ...pre,
      schema: {
        tags,
        summary: "Replace a room's owners on record in one go (shares add up to 100 %)",
        params: IdParams,
        body: RoomOwnersBody,
        response: { 200: RoomOwners, ...errorResponses },
      },
    },
    (req) => replaceRoomOwners(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/registry/owners/summary',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The owners register of a committee, grid or compound, in figures',
        querystring: OwnersSummaryQuery,
        response: { 200: OwnersSummary, ...errorResponses },
      },
    },
    (req) => ownersSummary(req.ctx, req.query),
  );
  r.get(
    '/api/registry/organisations',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Organisations of an area',
        querystring: BuildingQuery,
        response: { 200: OrganisationList, ...errorResponses },
      },
    },
    (req) => listOrganisations(req.ctx, req.query),
  );
  r.post(
    '/api/registry/organisations',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Register an organisation',
        body: OrganisationBody,
        response: { 201: Organisation, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createOrganisation(req.ctx, req.body)),
  );

  r.post(
    '/api/registry/imports',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Import a CSV or XLSX file of residents, housing or organisations into a committee',
        description:
          'All rows or none; the import runs on after the 202 and reports its progress at /api/registry/imports/{id}.',
        consumes: ['multipart/form-data'],
        querystring: ImportQuery,
        response: { 202: RegistryImport, ...errorResponses, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      const upload = await receiveUpload(req, importMaxBytes);
      const { started } = await startImport(req.ctx, req.query.kind, req.query.committee, upload);
      return reply.status(202).send(started);
    },
  );
  r.get(
    '/api/registry/imports',
    {
      ...pre,
      schema: {
        tags,
        summary: "A committee's recent imports",
        querystring: Type.Object({ committee: AreaCodeParam }, { additionalProperties: false }),
        response: { 200: RegistryImportList, ...errorResponses },
      },
    },
    (req) => listImports(req.ctx, req.query.committee),
  );
  r.get(
    '/api/registry/imports/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: "An import's progress and result",
        params: IdParams,
        response: { 200: RegistryImport, ...errorResponses },
      },
    },
    (req) => getImport(req.ctx, req.params.id),
  );
  r.get(
    '/api/registry/imports/:id/report.csv',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Every bad row of an import (row, field, reason), as CSV',
        params: IdParams,
      },
    },
    async (req, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${req.params.id}-report.csv"`)
        .send(await importReport(req.ctx, req.params.id)),
  );
  r.get(
    '/api/registry/export',
    {
      ...pre,
      config: {
        rateLimit: perAccountLimit(app.deps.config.exportsPerHour, 3_600_000, 'exports'),
      },
      schema: {
        tags,
        summary:
          'Export residents, housing or organisations of an area (CSV or XLSX), masked unless revealed for a reason',
        querystring: ExportQuery,
      },
    },
    async (req, reply) => {
      const file = await exportRegistry(req.ctx, req.query);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
}

/** The one file field `file`, streamed to disk (never held in memory). */
function receiveUpload(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return receiveOneFile(req, {
    maxBytes,
    tooLarge: () =>
      new AppError(ErrorCode.payloadTooLarge, `file: at most ${mb} MB / 文件不能超过 ${mb} MB`, {
        field: 'file',
        rule: 'maxSize',
      }),
    missing: 'attach the file as the field "file" / 请选择文件',
    keep: async (file, fileName) => {
      const filePath = uploadPath(req.ctx);
      try {
        await pipeline(file, fs.createWriteStream(filePath, { mode: 0o600 }));
      } catch (e) {
        await fs.promises.rm(filePath, { force: true }); // cut off mid-upload, or the disk full
        throw e;
      }
      return { filePath, fileName, bytes: (await fs.promises.stat(filePath)).size };
    },
    discard: (upload) => fs.promises.rm(upload.filePath, { force: true }),
  });
}
