import { Type, type Static } from '@sinclair/typebox';

/**
 * The base map under the platform's maps (`GET /api/map/config`, decision 026): the area
 * outlines alone (the default, tile-free), a city's raster or WMTS tiles (an XYZ template such
 * as 天地图's), or a MapLibre style for its vector tiles.
 */
export const MapConfig = Type.Union([
  Type.Object({ kind: Type.Literal('outline') }),
  Type.Object({
    kind: Type.Literal('raster'),
    tiles: Type.String({
      description: 'URL template with {z}, {x}, {y} and optionally {s} (a subdomain)',
    }),
    /** an annotation layer drawn over the tiles (天地图's cva), same placeholders */
    labels: Type.Union([Type.String(), Type.Null()]),
    subdomains: Type.Array(Type.String()),
    minZoom: Type.Integer({ minimum: 0, maximum: 24 }),
    maxZoom: Type.Integer({ minimum: 0, maximum: 24 }),
    attribution: Type.String(),
  }),
  Type.Object({
    kind: Type.Literal('style'),
    styleUrl: Type.String({ description: 'a MapLibre style JSON' }),
    attribution: Type.String(),
  }),
]);
export type MapConfig = Static<typeof MapConfig>;
