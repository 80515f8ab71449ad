import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SHANGHAI_AREAS } from './areas.service.js';
import type { AreaFile } from './areas.service.js';
import { AreaIndex, pointInMultiPolygon, type MultiPolygon } from './spatial-index.js';

const file = JSON.parse(fs.readFileSync(SHANGHAI_AREAS, 'utf8')) as AreaFile;
const depth = { city: 0, district: 1, street: 2, committee: 3 } as Record<string, number>;
const index = new AreaIndex(
  file.areas.map((a) => ({
    code: a.code,
    depth: depth[a.level]!,
    boundary: a.boundary as MultiPolygon,
  })),
);

describe('point-in-polygon', () => {
  const square: MultiPolygon = [
    [
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
        [0, 0],
      ],
      [
        [4, 4],
        [6, 4],
        [6, 6],
        [4, 6],
        [4, 4],
      ],
    ],
  ];
  it('when a point is in the hole, then it is outside; in the ring, inside', () => {
    assert.equal(pointInMultiPolygon(2, 2, square), true);
    assert.equal(pointInMultiPolygon(5, 5, square), false);
    assert.equal(pointInMultiPolygon(11, 5, square), false);
  });
});

describe('the area index over Shanghai', () => {
  it('when each committee centre is resolved, then that committee answers', () => {
    for (const a of file.areas.filter((x) => x.level === 'committee')) {
      assert.equal(index.resolve(a.centre[0], a.centre[1]), a.code);
    }
  });

  it('when any point in the city box is resolved, then the index agrees with a full scan', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 120.8, max: 122.2, noNaN: true }),
        fc.double({ min: 30.6, max: 31.9, noNaN: true }),
        (lng, lat) => index.resolve(lng, lat) === index.resolveByScan(lng, lat),
      ),
      { numRuns: 2000 },
    );
  });

  it('when a point is far outside, then nothing answers', () => {
    assert.equal(index.resolve(116.4, 39.9), null);
  });
});
