import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scenario } from '@cc/contracts';
import { answeredFields, answerTexts } from './scenarios';

const noise = {
  code: 'noise-nuisance',
  name: '噪声扰民',
  nameEn: 'Noise nuisance',
  fields: [
    {
      code: 'source',
      type: 'singlevaluelist',
      name: '噪声来源',
      nameEn: 'Source of the noise',
      required: true,
      values: [
        { key: 'business', name: '商业经营', nameEn: 'A shop or business' },
        { key: 'other', name: '其他', nameEn: 'Other' },
      ],
    },
    {
      code: 'ongoing',
      type: 'singlevaluelist',
      name: '是否持续',
      nameEn: 'Still going on',
      required: false,
      values: [{ key: 'now', name: '正在发生', nameEn: 'Happening now' }],
    },
  ],
} as unknown as Scenario;

describe('answers given to a scenario in advance (a hotline mapping, a sensor rule)', () => {
  it('when the answers are edited, then the required fields are asked, and an optional one only when it is answered', () => {
    assert.deepEqual(
      answeredFields(noise).map((f) => f.code),
      ['source'],
    );
    assert.deepEqual(
      answeredFields(noise, { source: 'other', ongoing: 'now' }).map((f) => f.code),
      ['source', 'ongoing'],
    );
  });

  it('when answers are shown, then a choice reads as its label in the language, and an unknown field by its code', () => {
    assert.deepEqual(answerTexts(noise, { source: 'other' }, 'zh-CN'), ['噪声来源：其他']);
    assert.deepEqual(answerTexts(noise, { source: 'business' }, 'en'), [
      'Source of the noise: A shop or business',
    ]);
    assert.deepEqual(answerTexts(noise, { gone: ['a', 'b'] }, 'zh-CN'), ['gone：a、b']);
    assert.deepEqual(answerTexts(undefined, { source: 'other' }, 'en'), ['source: other']);
  });
});
