import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DailyLogAuthorship, Me } from '@cc/contracts';
import {
  bodyProblem,
  canManageDailyLogs,
  excerpt,
  kindFilter,
  kindsFor,
  pickCommittee,
  staffCommittees,
} from './daily-log-rules';

const binding = (role: string, areaCode: string, areaLevel = 'committee') => ({
  id: `${role}-${areaCode}`,
  role,
  areaCode,
  areaName: `居委${areaCode}`,
  areaLevel,
});
const me = (...roles: ReturnType<typeof binding>[]): Me =>
  ({ id: 'a', username: 'u', displayName: '张三', roles }) as Me;

describe('whom the staff page is for', () => {
  it('when a person is committee staff of two committees, then both are theirs, once each', () => {
    const person = me(
      binding('committee_staff', '310101002001'),
      binding('committee_staff', '310101002001'),
      binding('committee_staff', '310101002002'),
      binding('resident', '310101002001-c1', 'compound'),
    );
    assert.deepEqual(
      staffCommittees(person).map((c) => c.code),
      ['310101002001', '310101002002'],
    );
    assert.equal(canManageDailyLogs(person), true);
  });

  it('when a person is only a resident or a street operator, then the staff page is not for them', () => {
    assert.equal(canManageDailyLogs(me(binding('resident', 'c1', 'compound'))), false);
    assert.equal(
      canManageDailyLogs(me(binding('street_operator', '310101002000', 'street'))),
      false,
    );
  });

  it('when the address asks for a committee the person does not work for, then their first is shown', () => {
    const committees = [{ code: 'A' }, { code: 'B' }];
    assert.equal(pickCommittee(committees, 'B'), 'B');
    assert.equal(pickCommittee(committees, 'Z'), 'A');
    assert.equal(pickCommittee(committees, null), 'A');
    assert.equal(pickCommittee([], 'A'), undefined);
  });
});

describe('which kinds one may post', () => {
  const authorships: DailyLogAuthorship[] = [
    { committee: { code: 'A', name: '甲' }, kinds: ['volunteer'], asStaff: false },
    { committee: { code: 'B', name: '乙' }, kinds: ['work', 'quarantine'], asStaff: true },
  ];
  it('when the person is an author of a committee, then its kinds come in the usual order', () => {
    assert.deepEqual(kindsFor(authorships, 'A'), ['volunteer']);
    assert.deepEqual(kindsFor(authorships, 'B'), ['quarantine', 'work']);
  });
  it('when the person writes nowhere there, then no kind', () => {
    assert.deepEqual(kindsFor(authorships, 'C'), []);
    assert.deepEqual(kindsFor([], undefined), []);
  });
  it('when the address names a kind, then only a known one filters', () => {
    assert.equal(kindFilter('volunteer'), 'volunteer');
    assert.equal(kindFilter('diary'), undefined);
    assert.equal(kindFilter(null), undefined);
  });
});

describe("a log's text before sending", () => {
  it('when it is empty or only spaces, then it is required', () => {
    assert.deepEqual(bodyProblem(''), { key: 'required' });
    assert.deepEqual(bodyProblem(' \n '), { key: 'required' });
  });
  it('when it is longer than 2000 characters once trimmed, then it is too long', () => {
    assert.deepEqual(bodyProblem('长'.repeat(2001)), { key: 'tooLong', max: 2000 });
    assert.equal(bodyProblem(`  ${'长'.repeat(2000)}  `), null);
  });
  it('when a list shows it, then whitespace is folded and long text cut with …', () => {
    assert.equal(excerpt('今天\n\n走访  12 户'), '今天 走访 12 户');
    assert.equal(excerpt('一二三四五', 3), '一二三…');
    assert.equal(excerpt('一二三', 3), '一二三');
  });
});
