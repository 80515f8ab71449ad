import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  shanghaiDate,
  shanghaiDateTime,
  shanghaiDayStart,
  shanghaiHourMinute,
  shanghaiMonthDay,
  shanghaiTime,
} from './shanghai-time';

// Shanghai's days whatever the browser's zone: read them from a browser in New York.
process.env.TZ = 'America/New_York';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('Shanghai days', () => {
  it('when a moment is late evening in Shanghai, then its day starts at 00:00 Shanghai', () => {
    assert.equal(
      iso(shanghaiDayStart(at('2026-05-01T23:59:59+08:00'))),
      '2026-04-30T16:00:00.000Z',
    );
    assert.equal(
      iso(shanghaiDayStart(at('2026-05-02T00:00:00+08:00'))),
      '2026-05-01T16:00:00.000Z',
    );
  });

  it('when a moment is shown, then it reads as the Shanghai wall clock', () => {
    const ms = at('2026-12-31T23:30:15+08:00');
    assert.equal(shanghaiDate(ms), '2026-12-31');
    assert.equal(shanghaiMonthDay(ms), '12-31');
    assert.equal(shanghaiHourMinute(ms), '23:30');
    assert.equal(shanghaiTime(ms), '23:30:15');
    // still 31 December in UTC (and in New York)
    assert.equal(shanghaiDate(at('2027-01-01T00:10:00+08:00')), '2027-01-01');
    // the server's times (ISO, UTC) as Shanghai reads them
    assert.equal(shanghaiDateTime('2026-12-31T15:30:15.000Z'), '2026-12-31 23:30');
    assert.equal(shanghaiDateTime(at('2027-01-01T00:10:00+08:00')), '2027-01-01 00:10');
  });

  it('when a moment is before 1970 or far ahead, then the day still starts at 00:00 Shanghai', () => {
    assert.equal(
      iso(shanghaiDayStart(at('1969-12-31T12:00:00+08:00'))),
      '1969-12-30T16:00:00.000Z',
    );
    assert.equal(shanghaiDate(at('2100-02-28T23:59:59+08:00')), '2100-02-28');
  });
});
