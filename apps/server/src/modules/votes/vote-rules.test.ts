import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import type { CreateVoteBody } from '@cc/contracts';
import { AppError } from '../../platform/errors.js';
import { RULES_FILE, resolveRule, rulePresets, rulesProblems } from './vote-rules.js';

const shipped = () =>
  JSON.parse(fs.readFileSync(RULES_FILE, 'utf8')) as {
    presets: Record<string, unknown>[];
  };

/** A 400 naming the field, in English and Chinese. */
function refused(fn: () => unknown, field: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.statusCode, 400);
    assert.equal(e.field, field);
    assert.ok(e.message.includes(field), e.message);
    assert.match(e.message, /[\u4e00-\u9fff]/);
    return true;
  });
}

describe('vote rules (data/votes/rules.json)', () => {
  it('the shipped file is sound, and has the law’s presets', () => {
    assert.deepEqual(rulesProblems(shipped()), []);
    const codes = rulePresets().map((p) => p.code);
    for (const c of ['civil_code_major', 'civil_code_ordinary', 'shanghai_elevator_2011'])
      assert.ok(codes.includes(c), c);
    const major = rulePresets().find((p) => p.code === 'civil_code_major')!;
    assert.deepEqual(major.participation, { share: '2/3', op: 'gte' });
    assert.deepEqual(major.consent, { share: '3/4', op: 'gte', basis: 'participants' });
  });

  it('finds a duplicate code', () => {
    const data = shipped();
    data.presets.push({ ...data.presets[0]! });
    const problems = rulesProblems(data);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, /^\/presets\/5\/code: "civil_code_major" appears twice/);
  });

  it('finds a share above 1 ("5/4") and a share of "0"', () => {
    const data = shipped();
    data.presets[0] = { ...data.presets[0], consent: { share: '5/4', op: 'gte', basis: 'all' } };
    data.presets[1] = { ...data.presets[1], participation: { share: '0', op: 'gt' } };
    const problems = rulesProblems(data);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0]!, /^\/presets\/0\/consent\/share: .*"5\/4"/);
    assert.match(problems[1]!, /^\/presets\/1\/participation\/share: .*"0"/);
  });

  it('finds a one-member-one-vote rule that counts area', () => {
    const data = shipped();
    const i = data.presets.findIndex((p) => p.weighing === 'members');
    data.presets[i] = { ...data.presets[i], measures: ['count', 'area'] };
    assert.deepEqual(rulesProblems(data), [
      `/presets/${i}/measures: one member one vote has no area`,
    ]);
  });

  it('finds what the schema refuses (a share that is no fraction, a missing consent)', () => {
    const data = shipped();
    data.presets[0] = {
      ...data.presets[0],
      consent: { share: 'two thirds', op: 'gte', basis: 'all' },
    };
    assert.ok(rulesProblems(data).length > 0);
    const weighing = shipped();
    weighing.presets[0] = { ...weighing.presets[0], weighing: 'everyone' };
    assert.match(rulesProblems(weighing).join('\n'), /\/presets\/0\/weighing/);
    assert.ok(rulesProblems({ presets: [] }).length > 0);
    assert.ok(rulesProblems(null).length > 0);
  });
});

describe('resolveRule', () => {
  const custom = (
    consent: string,
    participation: string | null = null,
  ): CreateVoteBody['rule'] => ({
    custom: {
      measures: ['count', 'area'],
      participation: participation === null ? null : { share: participation, op: 'gte' },
      consent: { share: consent, op: 'gte', basis: 'participants' },
    },
  });

  it('gives an owners preset with its source, and a custom rule as written', () => {
    const major = resolveRule({ preset: 'civil_code_major' });
    assert.equal(major.code, 'civil_code_major');
    assert.match(major.source!, /民法典/);
    const c = resolveRule(custom('1', '0.5'));
    assert.equal(c.code, 'custom');
    assert.equal(c.source, null);
    assert.deepEqual(c.consent, { share: '1', op: 'gte', basis: 'participants' });
  });

  it('refuses an unknown preset, and a members preset for an owners’ vote (400 naming rule.preset)', () => {
    refused(() => resolveRule({ preset: 'no_such_rule' }), 'rule.preset');
    refused(() => resolveRule({ preset: 'simple_majority' }), 'rule.preset');
  });

  it('refuses custom shares outside (0, 1] (400 naming the share)', () => {
    for (const bad of ['0', '0/3', '5/4', '1.5', '1.000001', '3/0', '0.000000'])
      refused(() => resolveRule(custom(bad)), 'rule.custom.consent.share');
    for (const bad of ['0', '4/3'])
      refused(() => resolveRule(custom('2/3', bad)), 'rule.custom.participation.share');
    for (const good of ['1', '1/1', '0.000001', '9999999/9999999', '2/3'])
      assert.equal(resolveRule(custom(good, good)).code, 'custom');
  });
});
