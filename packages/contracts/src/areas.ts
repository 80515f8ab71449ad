import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './errors.js';

export const AREA_LEVELS = [
  'city',
  'district',
  'street',
  'committee',
  'grid',
  'compound',
  'building',
  'unit',
  'room',
] as const;
export const AreaLevel = StringEnum(AREA_LEVELS);
export type AreaLevel = Static<typeof AreaLevel>;

/** An area code: 12-digit national code, its short forms (2, 6, 9 digits), or a local code. */
export const AreaCodeParam = Type.String({
  pattern: '^(\\d{2}|\\d{6}|\\d{9}|\\d{12}|\\d{12}-[A-Za-z0-9-]{1,40})$',
  description:
    '12-digit statistical code (310101000000) or its short forms 31 / 310101 / 310101002; local areas (grids, compounds) use the committee code plus a suffix',
});

export const LngLat = Type.Tuple([Type.Number(), Type.Number()], {
  description: '[longitude, latitude] in WGS-84 degrees',
});

export const Area = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  level: AreaLevel,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  approximate: Type.Boolean({
    description: 'true when the boundary is an approximate cell',
  }),
  centre: LngLat,
});
export type Area = Static<typeof Area>;

export const AreaDetail = Type.Object({
  area: Area,
  chain: Type.Array(Area, {
    description: 'ancestors, from the city down to the parent',
  }),
  childCounts: Type.Record(Type.String(), Type.Integer(), {
    description: 'number of direct children per level',
  }),
});
export type AreaDetail = Static<typeof AreaDetail>;

export const AreaList = Type.Object({ items: Type.Array(Area) });
export type AreaList = Static<typeof AreaList>;

export const ResolveQuery = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false },
);
export type ResolveQuery = Static<typeof ResolveQuery>;

export const ResolvedArea = Type.Object({
  area: Area,
  chain: Type.Array(Area),
});
export type ResolvedArea = Static<typeof ResolvedArea>;

/** GeoJSON FeatureCollection of area boundaries (MultiPolygon), properties from Area. */
export const AreaFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      properties: Type.Object({
        code: Type.String(),
        name: Type.String(),
        nameEn: Type.Union([Type.String(), Type.Null()]),
        level: AreaLevel,
        approximate: Type.Boolean(),
        centre: LngLat,
      }),
      geometry: Type.Object({
        type: Type.Literal('MultiPolygon'),
        coordinates: Type.Array(Type.Array(Type.Array(Type.Array(Type.Number())))),
      }),
    }),
  ),
});
export type AreaFeatureCollection = Static<typeof AreaFeatureCollection>;
