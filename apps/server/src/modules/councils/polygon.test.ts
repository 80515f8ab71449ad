import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  isClosedRing,
  isSimplePolygon,
  pointInPolygon,
  ringBox,
  ringCrossesAny,
  ringVertices,
  segmentsIntersect,
  type Point,
} from './polygon.js';

const square: Point[] = [
  [0, 0],
  [2, 0],
  [2, 2],
  [0, 2],
  [0, 0],
];

describe('block outline geometry', () => {
  it('when the last point repeats the first, then the ring is closed; otherwise not', () => {
    assert.equal(isClosedRing(square), true);
    assert.equal(isClosedRing(square.slice(0, -1)), false);
    assert.equal(isClosedRing([]), false);
  });

  it('when a square or a concave L shape is given, then it is a simple polygon (either winding)', () => {
    assert.equal(isSimplePolygon(square), true);
    assert.equal(isSimplePolygon([...square].reverse()), true);
    const l: Point[] = [
      [0, 0],
      [3, 0],
      [3, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ];
    assert.equal(isSimplePolygon(l), true);
    const triangle: Point[] = [
      [0, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    assert.equal(isSimplePolygon(triangle), true);
  });

  it('when the ring is not closed, then it is not a simple polygon', () => {
    assert.equal(isSimplePolygon(square.slice(0, -1)), false);
  });

  it('when two edges cross (a bow tie), then it is not simple', () => {
    const bowTie: Point[] = [
      [0, 0],
      [2, 2],
      [2, 0],
      [0, 2],
      [0, 0],
    ];
    assert.equal(isSimplePolygon(bowTie), false);
  });

  it('when fewer than 3 distinct points (repeated ones aside) are given, then it is not simple', () => {
    const twice: Point[] = [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ];
    assert.equal(isSimplePolygon(twice), false);
    const line: Point[] = [
      [0, 0],
      [1, 1],
      [2, 2],
      [0, 0],
    ];
    assert.equal(isSimplePolygon(line), false, 'collinear: no area');
  });

  it('when an edge touches a vertex it does not end at, or a vertex is used twice, then it is not simple', () => {
    const touching: Point[] = [
      [0, 0],
      [4, 0],
      [4, 4],
      [2, 0], // on the first edge
      [0, 4],
      [0, 0],
    ];
    assert.equal(isSimplePolygon(touching), false);
    const figureEight: Point[] = [
      [0, 0],
      [1, 1],
      [2, 0],
      [2, 2],
      [1, 1],
      [0, 2],
      [0, 0],
    ];
    assert.equal(isSimplePolygon(figureEight), false);
  });

  it('when an edge folds back over its neighbour (a spike), then it is not simple', () => {
    const spike: Point[] = [
      [0, 0],
      [2, 0],
      [2, 2],
      [2, 3],
      [2, 1],
      [0, 2],
      [0, 0],
    ];
    assert.equal(isSimplePolygon(spike), false);
  });

  it('when a point repeats right after itself, then it is dropped and the polygon stays simple', () => {
    const stutter: Point[] = [
      [0, 0],
      [2, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 0],
    ];
    assert.deepEqual(ringVertices(stutter).length, 4);
    assert.equal(isSimplePolygon(stutter), true);
  });

  it('when points lie inside, outside or in a concave notch, then pointInPolygon says so', () => {
    assert.equal(pointInPolygon(1, 1, square), true);
    assert.equal(pointInPolygon(3, 1, square), false);
    assert.equal(pointInPolygon(1, -0.5, square), false);
    const l: Point[] = [
      [0, 0],
      [3, 0],
      [3, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ];
    assert.equal(pointInPolygon(2, 2, l), false, 'the notch');
    assert.equal(pointInPolygon(0.5, 2, l), true);
    assert.equal(pointInPolygon(2, 0.5, l), true);
  });

  it('when segments cross, touch at an end, overlap or miss, then segmentsIntersect says so', () => {
    assert.equal(segmentsIntersect([0, 0], [2, 2], [0, 2], [2, 0]), true);
    assert.equal(segmentsIntersect([0, 0], [1, 0], [1, 0], [1, 1]), true);
    assert.equal(segmentsIntersect([0, 0], [2, 0], [1, 0], [3, 0]), true);
    assert.equal(segmentsIntersect([0, 0], [1, 0], [2, 0], [3, 0]), false);
    assert.equal(segmentsIntersect([0, 0], [1, 1], [0, 1], [0.4, 0.6]), false);
  });

  it('for any convex polygon (points on a circle in order), then it is simple and holds its centre', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 3, maxLength: 40 }),
        fc.double({ min: 0.0005, max: 0.01, noNaN: true }),
        (degrees, r) => {
          const ring: Point[] = [...degrees]
            .sort((a, b) => a - b)
            .map((d) => [
              121.48 + r * Math.cos((d * Math.PI) / 180),
              31.2 + r * Math.sin((d * Math.PI) / 180),
            ]);
          ring.push(ring[0]!);
          assert.equal(isSimplePolygon(ring), true);
          // the centre is inside when the points leave no gap of 180° or more
          const sorted = [...degrees].sort((a, b) => a - b);
          const gaps = sorted.map(
            (d, i) => (sorted[(i + 1) % sorted.length]! - d + 360) % 360 || 360,
          );
          if (Math.max(...gaps) < 180) assert.equal(pointInPolygon(121.48, 31.2, ring), true);
          const box = ringBox(ring);
          assert.equal(pointInPolygon(box.maxLng + 0.001, 31.2, ring), false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('for any convex polygon, when two of its points are swapped (non-neighbours), then it is not simple', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 30 }), fc.nat(), fc.nat(), (n, a, b) => {
        const ring: Point[] = Array.from({ length: n }, (_, i) => [
          Math.cos((2 * Math.PI * i) / n),
          Math.sin((2 * Math.PI * i) / n),
        ]);
        const i = a % n;
        let j = b % n;
        const gap = (j - i + n) % n;
        if (gap < 2 || gap > n - 2) j = (i + 2) % n;
        [ring[i], ring[j]] = [ring[j]!, ring[i]!];
        ring.push(ring[0]!);
        assert.equal(isSimplePolygon(ring), false);
      }),
      { numRuns: 200 },
    );
  });

  it('when a block’s vertices all lie in a concave street but an edge cuts across its notch, then the edge crosses the street’s boundary', () => {
    // a U-shaped street: the notch is x in (1, 2), y in (1, 3)
    const street: Point[] = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ];
    // vertices in both arms, the top edge through the notch
    const acrossNotch: Point[] = [
      [0.5, 0.5],
      [2.5, 0.5],
      [2.5, 2.5],
      [0.5, 2.5],
      [0.5, 0.5],
    ];
    for (const [lng, lat] of acrossNotch)
      assert.equal(pointInPolygon(lng, lat, street), true, `${lng},${lat} inside`);
    assert.equal(ringCrossesAny(acrossNotch, [street]), true);
    // inside the bottom of the U: no edge crosses
    const below: Point[] = [
      [0.5, 0.2],
      [2.5, 0.2],
      [2.5, 0.8],
      [0.5, 0.8],
      [0.5, 0.2],
    ];
    assert.equal(ringCrossesAny(below, [street]), false);
    // a street ring given open (not repeating its first point) is closed all the same
    assert.equal(ringCrossesAny(acrossNotch, [street.slice(0, -1)]), true);
    // an edge touching the street's boundary counts as crossing it
    const touching: Point[] = [
      [0.5, 0.2],
      [1, 0.2],
      [1, 1],
      [0.5, 0.8],
      [0.5, 0.2],
    ];
    assert.equal(ringCrossesAny(touching, [street]), true);
    // far away from every edge (a hole elsewhere among the rings does not matter)
    assert.equal(ringCrossesAny(square, [street.map(([x, y]) => [x + 10, y] as Point)]), false);
  });
});
