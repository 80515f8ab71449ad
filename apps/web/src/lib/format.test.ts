import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areaName, formatDateTime, inLanguage, isEnglish } from './format';

// Times are shown in the browser's zone; the tests read them as a Shanghai browser would.
process.env.TZ = 'Asia/Shanghai';

describe('language helpers', () => {
  it('when the language is any English, then it is English; Chinese or nothing is not', () => {
    assert.deepEqual(['en', 'en-GB', 'EN-us', 'zh-CN', 'zh', '', undefined].map(isEnglish), [
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('when there is an English text, then English readers get it; everyone else the Chinese', () => {
    assert.equal(inLanguage('路灯', 'Street light', 'en'), 'Street light');
    assert.equal(inLanguage('路灯', 'Street light', 'zh-CN'), '路灯');
    assert.equal(inLanguage('路灯', 'Street light', undefined), '路灯');
  });

  it('when the English text is missing or empty, then English readers get the Chinese', () => {
    assert.equal(inLanguage('路灯', null, 'en'), '路灯');
    assert.equal(inLanguage('路灯', undefined, 'en'), '路灯');
    assert.equal(inLanguage('路灯', '', 'en'), '路灯');
  });

  it('when an area has an English name, then it is used in English only', () => {
    const area = { name: '黄浦区', nameEn: 'Huangpu District' };
    assert.equal(areaName(area, 'en'), 'Huangpu District');
    assert.equal(areaName(area, 'zh-CN'), '黄浦区');
    assert.equal(areaName({ name: '南京东路街道' }, 'en'), '南京东路街道');
    assert.equal(areaName({ name: '南京东路街道', nameEn: null }, 'en'), '南京东路街道');
  });
});

describe('formatDateTime', () => {
  it('when a time is shown in Chinese, then it reads as a 24-hour Chinese date', () => {
    assert.equal(formatDateTime('2026-05-01T06:30:00Z', 'zh-CN'), '2026/5/1 14:30:00');
  });

  it('when a time is shown in English, then it reads day first, 24-hour', () => {
    assert.equal(formatDateTime('2026-05-01T06:30:00Z', 'en'), '01/05/2026, 14:30:00');
  });

  it('when a time falls just after midnight, then it is 00 o’clock, not 24', () => {
    assert.equal(formatDateTime('2026-05-01T16:05:09Z', 'zh-CN'), '2026/5/2 00:05:09');
    assert.equal(formatDateTime('2026-05-01T16:05:09Z', 'en'), '02/05/2026, 00:05:09');
  });

  it('when the text is not a time, then it is shown as it came', () => {
    assert.equal(formatDateTime('not a date', 'zh-CN'), 'not a date');
    assert.equal(formatDateTime('', 'en'), '');
  });
});
