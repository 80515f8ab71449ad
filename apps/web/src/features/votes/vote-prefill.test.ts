import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPrefill } from './vote-prefill';

const ID = '8a3c1f2e-1111-4222-8333-944455556666';
const BUILDING = '0b3c1f2e-1111-4222-8333-944455556666';

describe('the votes page opened from another page, prefilled', () => {
  it('an elevator project: its staircase, title and the major-matter rule', () => {
    const q = new URLSearchParams({
      subject: `elevator:${ID}`,
      compound: '310101002001-01',
      building: BUILDING,
      unit: '1单元',
      title: '3号楼1单元加装电梯',
    });
    assert.deepEqual(readPrefill(q), {
      subject: { type: 'elevator', id: ID },
      title: '3号楼1单元加装电梯',
      electorate: {
        kind: 'unit',
        compoundCode: '310101002001-01',
        buildingId: BUILDING,
        unit: '1单元',
      },
      rule: 'civil_code_major',
    });
  });
  it('a fee change: the whole compound, an ordinary matter', () => {
    const p = readPrefill(
      new URLSearchParams(`subject=property_fee:${ID}&compound=310101002001-02`),
    );
    assert.deepEqual(p?.electorate, { kind: 'compound', compoundCode: '310101002001-02' });
    assert.equal(p?.rule, 'civil_code_ordinary');
  });
  it('nothing to prefill, or a subject that is not one, is left out', () => {
    assert.equal(readPrefill(new URLSearchParams('')), undefined);
    assert.equal(readPrefill(new URLSearchParams('subject=Elevator:not-a-uuid')), undefined);
  });
});
