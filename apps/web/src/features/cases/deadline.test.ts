import type { CaseSummary } from '@cc/contracts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testT } from '../../app/test-i18n';
import { deadlineState, deadlineText } from './case-format';

const zh = testT('zh-CN');
const en = testT('en');

const NOW = Date.parse('2026-05-01T08:00:00.000Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

type Item = Pick<CaseSummary, 'status' | 'acceptDueAt' | 'resolveDueAt' | 'overdue'>;
const item = (over: Partial<Item>): Item => ({
  status: 'dispatched',
  acceptDueAt: null,
  resolveDueAt: null,
  overdue: false,
  ...over,
});

const label = (c: Item, t = zh) => {
  const state = deadlineState(c, NOW);
  return state ? deadlineText(state, t) : undefined;
};

describe('one label for a deadline (table, task cards, case page)', () => {
  it('when the accept deadline runs, then it says which and the time left', () => {
    assert.equal(
      label(item({ acceptDueAt: at(12), resolveDueAt: at(120) })),
      '接单时限 · 剩余 12 分钟',
    );
    assert.equal(
      label(item({ acceptDueAt: at(12), resolveDueAt: at(120) }), en),
      'Accept by · 12 min left',
    );
  });

  it('when the resolve deadline has passed though the accept one has a minute left, then it says 已超时, not 剩余', () => {
    const c = item({ acceptDueAt: at(1), resolveDueAt: at(-5), overdue: true });
    const state = deadlineState(c, NOW)!;
    assert.equal(state.kind, 'resolve');
    assert.equal(state.isOver, true);
    assert.equal(label(c), '处置时限 · 已超时 5 分钟');
    assert.ok(!label(c)!.includes('剩余'));
  });

  it('when the server says overdue but the clock here has not passed it (escalated, or clocks apart), then it is late without a time left', () => {
    const c = item({ status: 'escalated', acceptDueAt: at(1), overdue: true });
    assert.equal(deadlineState(c, NOW)!.isOver, true);
    assert.equal(label(c), '接单时限 · 已超时');
    assert.equal(label(c, en), 'Accept by · Overdue');
  });

  it('when the deadline passes while the page is open, then the same case turns late without a reload', () => {
    const c = item({ status: 'in_progress', resolveDueAt: at(1) });
    assert.equal(deadlineText(deadlineState(c, NOW)!, zh), '处置时限 · 剩余 1 分钟');
    const later = deadlineState(c, NOW + 3 * 60_000)!;
    assert.equal(later.isOver, true);
    assert.equal(deadlineText(later, zh), '处置时限 · 已超时 2 分钟');
  });

  it('when work is accepted, then only the resolve deadline counts; when it is closed or waits for verification, none', () => {
    assert.equal(
      deadlineState(item({ status: 'accepted', acceptDueAt: at(-30), resolveDueAt: at(60) }), NOW)!
        .kind,
      'resolve',
    );
    assert.equal(deadlineState(item({ status: 'closed', resolveDueAt: at(-60) }), NOW), undefined);
    assert.equal(
      deadlineState(item({ status: 'resolved', resolveDueAt: at(-60) }), NOW),
      undefined,
    );
  });
});
