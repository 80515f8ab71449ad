import {
  AreaCodeParam,
  AreaDetail,
  AreaFeatureCollection,
  AreaList,
  MapConfig,
  ResolveQuery,
  ResolvedArea,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireSignIn, errorResponses } from '../../platform/http/route-helpers.js';
import { getAreaBoundaries, getAreaDetail, listChildAreas, resolvePoint } from './areas.service.js';

const CodeParams = Type.Object({ code: AreaCodeParam });
const tags = ['areas'];

export async function areaRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/map/config',
    {
      schema: {
        tags,
        summary:
          "The base map under the maps: the area outlines alone, raster/WMTS tiles or a MapLibre style (from the server's settings)",
        response: { 200: MapConfig, ...errorResponses },
      },
    },
    // public: it names no one, and the sign-in page may show a map one day
    () => app.deps.config.baseMap,
  );
  r.get(
    '/api/areas/resolve',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'The deepest area containing a point, with its chain',
        querystring: ResolveQuery,
        response: { 200: ResolvedArea, ...errorResponses },
      },
    },
    (req) => resolvePoint(req.ctx, req.query.lat, req.query.lng),
  );
  r.get(
    '/api/areas/:code',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'An area, its parent chain and counts of its children',
        params: CodeParams,
        response: { 200: AreaDetail, ...errorResponses },
      },
    },
    (req) => getAreaDetail(req.ctx, req.params.code),
  );
  r.get(
    '/api/areas/:code/children',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'The direct children of an area',
        params: CodeParams,
        response: { 200: AreaList, ...errorResponses },
      },
    },
    (req) => listChildAreas(req.ctx, req.params.code),
  );
  r.get(
    '/api/areas/:code/boundaries',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: "GeoJSON boundaries of the area's children (or of the area itself)",
        params: CodeParams,
        response: { 200: AreaFeatureCollection, ...errorResponses },
      },
    },
    (req) => getAreaBoundaries(req.ctx, req.params.code),
  );
}
