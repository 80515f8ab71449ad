import dayjs from 'dayjs';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testT } from '../../app/test-i18n';
import {
  isDayDisabled,
  isOpenEnded,
  matchPreset,
  pickedRange,
  pickerValue,
  presetRange,
  presetStart,
  rangeText,
} from './dashboard-range';

// The days are Shanghai's whatever the browser's zone: read them from a browser in New York.
process.env.TZ = 'America/New_York';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
/** 14:05 on 7 May 2026 in Shanghai (06:05 UTC, the evening before in New York). */
const NOW = at('2026-05-07T14:05:00+08:00');
const day = (text: string) => dayjs(text);
const days = (pair: [dayjs.Dayjs, dayjs.Dayjs] | null) => pair?.map((d) => d.format('YYYY-MM-DD'));

describe('presets', () => {
  it('when a preset is chosen, then it starts at 00:00 Shanghai of the right day', () => {
    assert.equal(iso(presetStart('today', NOW)), '2026-05-06T16:00:00.000Z');
    assert.equal(iso(presetStart('last7', NOW)), '2026-04-30T16:00:00.000Z');
    assert.equal(iso(presetStart('last30', NOW)), '2026-04-07T16:00:00.000Z');
    assert.equal(iso(presetStart('month', NOW)), '2026-04-30T16:00:00.000Z');
  });

  it('when it is already the 1st in Shanghai but not in UTC, then "this month" is the new month', () => {
    const now = at('2026-06-01T00:30:00+08:00');
    assert.equal(iso(presetStart('month', now)), '2026-05-31T16:00:00.000Z');
    assert.equal(presetStart('month', now), presetStart('today', now));
  });

  it('when today is picked, then the URL needs no values; other presets keep "to" open', () => {
    assert.deepEqual(presetRange('today', NOW), {});
    assert.deepEqual(presetRange('last30', NOW), { from: '2026-04-07T16:00:00.000Z' });
  });

  it('when a range came from a preset, then it is recognised as that preset', () => {
    assert.equal(matchPreset({}, NOW), 'today');
    assert.equal(matchPreset(presetRange('last30', NOW), NOW), 'last30');
    // on the 7th, the last 7 days and this month start alike: the first preset named wins
    assert.equal(matchPreset(presetRange('month', NOW), NOW), 'last7');
  });

  it('when a range has an end, an odd start or a bad start, then it is no preset', () => {
    assert.equal(matchPreset({ to: '2026-05-07T00:00:00Z' }, NOW), undefined);
    assert.equal(matchPreset({ from: '2026-05-03T10:00:00Z' }, NOW), undefined);
    assert.equal(matchPreset({ from: 'yesterday' }, NOW), undefined);
  });

  it('when a range ends after now, has no end or a bad one, then it is live', () => {
    assert.equal(isOpenEnded({}, NOW), true);
    assert.equal(isOpenEnded({ to: iso(NOW + 60_000) }, NOW), true);
    assert.equal(isOpenEnded({ to: 'soon' }, NOW), true);
    assert.equal(isOpenEnded({ to: iso(NOW) }, NOW), false);
  });
});

describe('the date picker', () => {
  it('when past days are picked, then the range runs from the first 00:00 to the day after the last', () => {
    assert.deepEqual(pickedRange(day('2026-05-01'), day('2026-05-03'), NOW), {
      from: '2026-04-30T16:00:00.000Z',
      to: '2026-05-03T16:00:00.000Z',
    });
  });

  it('when the last day picked is today, then the range stays open', () => {
    assert.deepEqual(pickedRange(day('2026-05-01'), day('2026-05-07'), NOW), {
      from: '2026-04-30T16:00:00.000Z',
    });
  });

  it('when a range is shown in the picker, then it shows its first and last Shanghai day', () => {
    assert.deepEqual(days(pickerValue({}, NOW)), ['2026-05-07', '2026-05-07']);
    const closed = pickedRange(day('2026-05-01'), day('2026-05-03'), NOW);
    assert.deepEqual(days(pickerValue(closed, NOW)), ['2026-05-01', '2026-05-03']);
    assert.deepEqual(days(pickerValue({ from: closed.from }, NOW)), ['2026-05-01', '2026-05-07']);
  });

  it('when the URL holds a bad date, then the picker shows nothing', () => {
    assert.equal(pickerValue({ from: 'not a date' }, NOW), null);
    assert.equal(pickerValue({ from: '2026-05-01T00:00:00Z', to: 'nope' }, NOW), null);
  });

  it('when a day is after today in Shanghai, then it cannot be picked', () => {
    assert.equal(isDayDisabled(day('2026-05-07'), undefined, NOW), false);
    assert.equal(isDayDisabled(day('2026-05-08'), undefined, NOW), true);
    assert.equal(isDayDisabled(day('2020-01-01'), undefined, NOW), false);
  });

  it('when a first day is picked, then days 731 or more days away cannot be', () => {
    const first = day('2024-01-01');
    assert.equal(isDayDisabled(first.add(730, 'day'), first, NOW), false);
    assert.equal(isDayDisabled(first.add(731, 'day'), first, NOW), true);
    assert.equal(isDayDisabled(first.subtract(731, 'day'), first, NOW), true);
  });
});

describe('rangeText', () => {
  const zh = testT('zh-CN');
  const en = testT('en');

  it('when a range ends at midnight, then it ends at 24:00 of the day before', () => {
    const range = { from: '2026-04-30T16:00:00.000Z', to: '2026-05-03T16:00:00.000Z' };
    assert.equal(rangeText(range, zh), '2026-05-01 00:00 至 2026-05-03 24:00');
    assert.equal(rangeText(range, en), '2026-05-01 00:00 to 2026-05-03 24:00');
  });

  it('when a range ends during the day, then its end is that time in Shanghai', () => {
    const range = { from: '2026-05-06T16:00:00.000Z', to: iso(NOW) };
    assert.equal(rangeText(range, zh), '2026-05-07 00:00 至 2026-05-07 14:05');
  });

  it('when a range is empty at midnight, then its end is not moved back a day', () => {
    const range = { from: '2026-04-30T16:00:00.000Z', to: '2026-04-30T16:00:00.000Z' };
    assert.equal(rangeText(range, zh), '2026-05-01 00:00 至 2026-05-01 00:00');
  });

  it('when a date is not a date, then there is no text', () => {
    assert.equal(rangeText({ from: 'x', to: '2026-05-01T00:00:00Z' }, zh), '');
    assert.equal(rangeText({ from: '2026-05-01T00:00:00Z', to: '' }, zh), '');
  });
});
