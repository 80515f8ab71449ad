import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  activityFill,
  defaultShiftTimes,
  dispatchPath,
  dispatchTarget,
  recentYears,
  rosterStep,
  secondsLeft,
  shanghaiSlot,
  timeSpan,
  toggleLine,
  toggleSlot,
  toHours,
} from './volunteer-rules';

const UUID = '7d6f0c3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f';

describe('volunteer rules', () => {
  it('when minutes are shown as hours, then one decimal at most', () => {
    assert.equal(toHours(0), 0);
    assert.equal(toHours(90), 1.5);
    assert.equal(toHours(61), 1);
    assert.equal(toHours(100 * 60), 100);
  });

  it('when a slot is toggled, then the week stays in its one order and toggles back', () => {
    const on = toggleSlot(toggleSlot([], 3, 'evening'), 1, 'morning');
    assert.deepEqual(on, [
      { day: 1, period: 'morning' },
      { day: 3, period: 'evening' },
    ]);
    assert.deepEqual(toggleSlot(on, 3, 'evening'), [{ day: 1, period: 'morning' }]);
  });

  it('when a whole day is toggled, then all its periods go on, and off once all were on', () => {
    const day = toggleLine([{ day: 2, period: 'night' }], { day: 2 });
    assert.equal(day.length, 4);
    assert.ok(day.every((s) => s.day === 2));
    assert.deepEqual(toggleLine(day, { day: 2 }), []);
    assert.equal(toggleLine([], { period: 'afternoon' }).length, 7);
  });

  it("when it is Sunday 23:30 in Shanghai, then the slot is day 7's evening", () => {
    // 2025-06-01 is a Sunday; 15:30 UTC is 23:30 in Shanghai
    assert.deepEqual(shanghaiSlot(Date.parse('2025-06-01T15:30:00Z')), {
      day: 7,
      period: 'evening',
    });
    // and 16:30 UTC is Monday 00:30
    assert.deepEqual(shanghaiSlot(Date.parse('2025-06-01T16:30:00Z')), { day: 1, period: 'night' });
  });

  it("when the year turns in Shanghai first, then the years start from Shanghai's", () => {
    assert.deepEqual(recentYears(Date.parse('2024-12-31T17:00:00Z'), 3), [2025, 2024, 2023]);
  });

  it('when the code expires, then the countdown is whole seconds and never below zero', () => {
    const now = Date.parse('2025-06-01T00:00:00Z');
    assert.equal(secondsLeft('2025-06-01T00:00:41.200Z', now), 42);
    assert.equal(secondsLeft('2025-05-31T23:59:00Z', now), 0);
    assert.equal(secondsLeft('not a time', now), 0);
  });

  it('when a roster row moves on, then the organiser gets the next step only', () => {
    const shift = { startsAt: '2025-06-01T02:00:00Z', endsAt: '2025-06-01T04:00:00Z' };
    const row = {
      status: 'confirmed' as const,
      checkedInAt: null,
      checkedOutAt: null,
      confirmedAt: null,
      minutes: null,
    };
    const at = (iso: string) => Date.parse(iso);
    assert.equal(rosterStep(row, shift, at('2025-06-01T01:00:00Z')), null, 'too early');
    assert.equal(rosterStep(row, shift, at('2025-06-01T01:31:00Z')), 'checkIn');
    assert.equal(rosterStep(row, shift, at('2025-06-01T04:00:00Z')), null, 'over');
    const inside = { ...row, checkedInAt: '2025-06-01T02:00:00Z' };
    assert.equal(rosterStep(inside, shift, at('2025-06-01T05:00:00Z')), 'checkOut');
    const out = { ...inside, checkedOutAt: '2025-06-01T03:00:00Z', minutes: 60 };
    assert.equal(rosterStep(out, shift, 0), 'confirm');
    assert.equal(rosterStep({ ...out, confirmedAt: '2025-06-01T05:00:00Z' }, shift, 0), 'correct');
    assert.equal(
      rosterStep({ ...row, status: 'waitlisted' }, shift, at('2025-06-01T02:30:00Z')),
      null,
    );
  });

  it('when the address names a case or a point, then that is where dispatch looks', () => {
    assert.deepEqual(dispatchTarget(new URLSearchParams({ caseId: UUID })), { caseId: UUID });
    assert.deepEqual(dispatchTarget(new URLSearchParams('lat=31.23&lng=121.47')), {
      lat: 31.23,
      lng: 121.47,
    });
    assert.equal(dispatchTarget(new URLSearchParams('caseId=nope')), null);
    assert.equal(dispatchTarget(new URLSearchParams('lat=91&lng=121')), null);
    assert.equal(dispatchTarget(new URLSearchParams('lat=31')), null);
    assert.equal(dispatchPath({ caseId: UUID }), `/volunteers/dispatch?caseId=${UUID}`);
    assert.equal(
      dispatchPath({ lat: 31.2, lng: 121.5 }),
      '/volunteers/dispatch?lat=31.200000&lng=121.500000',
    );
  });

  it('when a new activity opens, then its first shift starts on a half hour at least an hour ahead', () => {
    const now = Date.parse('2025-06-01T01:10:00Z');
    const [from, to] = defaultShiftTimes(now);
    assert.equal(new Date(from).toISOString(), '2025-06-01T02:30:00.000Z');
    assert.equal(to - from, 2 * 3_600_000);
  });

  it('when times are shown, then in Shanghai, the end without its date on the same day', () => {
    assert.equal(
      timeSpan('2025-06-01T01:00:00Z', '2025-06-01T03:30:00Z'),
      '2025-06-01 09:00 – 11:30',
    );
    assert.equal(
      timeSpan('2025-06-01T15:00:00Z', '2025-06-01T17:00:00Z'),
      '2025-06-01 23:00 – 2025-06-02 01:00',
    );
  });

  it('when roles are summed, then places, sign-ups and the waitlist over every shift', () => {
    const role = (capacity: number, confirmed: number, waitlisted: number) => ({
      capacity,
      confirmed,
      waitlisted,
    });
    assert.deepEqual(
      activityFill([{ roles: [role(5, 5, 2), role(3, 1, 0)] }, { roles: [role(4, 0, 0)] }]),
      {
        capacity: 12,
        confirmed: 6,
        waitlisted: 2,
      },
    );
  });
});
