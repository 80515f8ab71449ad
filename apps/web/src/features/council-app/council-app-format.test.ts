import { usccCheckCharacter } from '@cc/contracts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  boxAround,
  districtOfUscc,
  shortHash,
  toggleApproval,
  usccProblem,
} from './council-app-format';

const valid = (first17: string) => first17 + usccCheckCharacter(first17)!;

describe('the ballot counter', () => {
  it('when candidates are ticked up to the seats, then each is added in number order', () => {
    let chosen: number[] = [];
    chosen = toggleApproval(chosen, 3, 2);
    chosen = toggleApproval(chosen, 1, 2);
    assert.deepEqual(chosen, [1, 3]);
  });

  it('when one more is ticked than there are seats, then the choice stays as it was', () => {
    const full = [1, 3];
    assert.deepEqual(toggleApproval(full, 2, 2), [1, 3]);
    assert.notEqual(toggleApproval(full, 2, 2), full);
  });

  it('when a ticked candidate is ticked again, then it is removed and another may be chosen', () => {
    const after = toggleApproval([1, 3], 3, 2);
    assert.deepEqual(after, [1]);
    assert.deepEqual(toggleApproval(after, 2, 2), [1, 2]);
  });
});

describe('the unified social credit code on the phone', () => {
  it('when the check character is right, then there is no problem', () => {
    assert.equal(usccProblem(valid('91310101MA1000001')), undefined);
  });

  it('when only the check character is wrong, then the problem is the check character', () => {
    const right = valid('91310101MA1000001');
    const wrong = right.slice(0, 17) + (right[17] === '0' ? '1' : '0');
    assert.equal(usccProblem(wrong), 'checkCharacter');
  });

  it('when the code is short, lower case or holds a letter the standard leaves out, then it is malformed', () => {
    assert.equal(usccProblem('91310101MA100000'), 'format');
    assert.equal(usccProblem(valid('91310101MA1000001').toLowerCase()), 'format');
    assert.equal(usccProblem('91310101MA100000IO'), 'format');
  });

  it('when the code was registered in a district of the city, then that district is guessed', () => {
    assert.equal(districtOfUscc('91310101MA1000001X'), '310101000000');
    assert.equal(districtOfUscc('91310115'), '310115000000');
  });

  it('when the code names another province, the city itself or too little, then nothing is guessed', () => {
    assert.equal(districtOfUscc('91110105MA1000001X'), undefined);
    assert.equal(districtOfUscc('91310000MA1000001X'), undefined);
    assert.equal(districtOfUscc('9131'), undefined);
    assert.equal(districtOfUscc(undefined), undefined);
  });
});

describe('small helpers', () => {
  it('when a box is drawn around a point, then it is minLng,minLat,maxLng,maxLat to 6 decimals', () => {
    assert.equal(boxAround(31.2, 121.48), '121.470000,31.190000,121.490000,31.210000');
    assert.equal(boxAround(31.2, 121.48, 0.1), '121.380000,31.100000,121.580000,31.300000');
  });

  it('when a hash is long, then its two ends are shown; a short one whole', () => {
    assert.equal(shortHash('a'.repeat(8) + 'b'.repeat(48) + 'c'.repeat(8)), 'aaaaaaaa…cccccccc');
    assert.equal(shortHash('abc'), 'abc');
  });
});
