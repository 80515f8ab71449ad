import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDepartmentFigures } from './area-stream';

describe("the area stream's figures events", () => {
  it('when a department has fed figures, then the event names its indicators', () => {
    assert.deepEqual(
      parseDepartmentFigures(
        JSON.stringify({
          source: 'department',
          indicators: ['weather.rainfall_1h', 'water.river_level'],
        }),
      ),
      ['weather.rainfall_1h', 'water.river_level'],
    );
  });

  it("when the event is a topic's, broken or not text, then it names none", () => {
    for (const data of [
      JSON.stringify({ topic: 'epidemic' }),
      JSON.stringify({ source: 'department' }),
      JSON.stringify(null),
      '{not json',
      42,
    ]) {
      assert.equal(parseDepartmentFigures(data), undefined, String(data));
    }
  });
});
