import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromBoundary, shapeProblem, toBoundary } from './block-shape';

const p = (lng: number, lat: number) => ({ lng, lat });
const square = [p(121.49, 31.22), p(121.5, 31.22), p(121.5, 31.23), p(121.49, 31.23)];

describe('block shape', () => {
  it('when points are drawn, then the polygon is one ring closed on its first point', () => {
    const b = toBoundary(square);
    assert.equal(b.type, 'Polygon');
    assert.equal(b.coordinates.length, 1);
    assert.equal(b.coordinates[0]!.length, 5);
    assert.deepEqual(b.coordinates[0]![4], [121.49, 31.22]);
    assert.deepEqual(fromBoundary(b), square);
  });

  it('when a closed ring is read back, then its closing point is left out once', () => {
    assert.deepEqual(
      fromBoundary(toBoundary(toBoundary(square).coordinates[0]!.map(([lng, lat]) => p(lng, lat)))),
      square,
    );
    assert.deepEqual(fromBoundary(null), []);
  });

  it('when the outline is a simple polygon, then there is no problem', () => {
    assert.equal(shapeProblem(square), null);
    assert.equal(shapeProblem([p(0, 0), p(2, 0), p(1, 1)]), null);
    // concave, still simple
    assert.equal(shapeProblem([p(0, 0), p(4, 0), p(4, 4), p(2, 1), p(0, 4)]), null);
  });

  it('when there are fewer than three distinct points or they lie on a line, then too few', () => {
    assert.equal(shapeProblem([]), 'tooFew');
    assert.equal(shapeProblem([p(0, 0), p(1, 1)]), 'tooFew');
    assert.equal(shapeProblem([p(0, 0), p(1, 1), p(0, 0)]), 'tooFew');
    assert.equal(shapeProblem([p(0, 0), p(1, 1), p(2, 2)]), 'tooFew');
  });

  it('when edges cross or a point repeats, then it is not a simple polygon', () => {
    // a bow tie
    assert.equal(shapeProblem([p(0, 0), p(2, 2), p(2, 0), p(0, 2)]), 'crossing');
    assert.equal(shapeProblem([p(0, 0), p(2, 0), p(2, 2), p(0, 0), p(0, 2)]), 'crossing');
    // a point touching a far edge
    assert.equal(shapeProblem([p(0, 0), p(4, 0), p(4, 4), p(2, 0), p(0, 4)]), 'crossing');
  });
});
