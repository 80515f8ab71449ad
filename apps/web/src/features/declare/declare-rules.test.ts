import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  arrivalDateBounds,
  arrivalDateProblem,
  documentNumberProblem,
  fieldOfServerPath,
  floodProblem,
  nameProblem,
  originProblem,
  stayDaysProblem,
  temperatureProblem,
  toDeclarationBody,
  toggleSymptom,
} from './declare-rules';

const key = (p: { key: string } | null) => p?.key ?? null;
// 2026-12-06 23:00 UTC is 2026-12-07 07:00 in Shanghai: the day counts in Shanghai.
const NOW = Date.parse('2026-12-06T23:00:00Z');
// a resident ID with a right check character (GB 11643)
const GOOD_ID = '11010519491231002X';

describe('the declaration form rules', () => {
  it('when a name is empty or longer than 40 characters, then it is refused', () => {
    assert.equal(key(nameProblem('  ')), 'nameRequired');
    assert.equal(key(nameProblem(undefined)), 'nameRequired');
    assert.equal(key(nameProblem('张'.repeat(41))), 'nameTooLong');
    assert.equal(key(nameProblem('张'.repeat(40))), null);
  });

  it('when a resident ID has a wrong check character or form, then it is refused', () => {
    assert.equal(key(documentNumberProblem('resident_id', GOOD_ID)), null);
    assert.equal(key(documentNumberProblem('resident_id', GOOD_ID.toLowerCase())), null);
    assert.equal(
      key(documentNumberProblem('resident_id', '110105194912310021')),
      'documentCheckDigit',
    );
    assert.equal(key(documentNumberProblem('resident_id', '1101051949')), 'documentFormat');
    assert.equal(key(documentNumberProblem('resident_id', '')), 'documentRequired');
  });

  it('when a passport is not 5–20 letters or digits, then it is refused', () => {
    assert.equal(key(documentNumberProblem('passport', 'e1234 5678')), null);
    assert.equal(key(documentNumberProblem('passport', 'E123')), 'documentPassport');
    assert.equal(key(documentNumberProblem('passport', 'E1234-5678')), 'documentPassport');
    assert.equal(key(documentNumberProblem('passport', 'E'.repeat(21))), 'documentPassport');
    assert.equal(key(documentNumberProblem('passport', ' ')), 'documentRequired');
  });

  it('when another document is not 4–30 letters, digits or dashes, then it is refused', () => {
    assert.equal(key(documentNumberProblem('other', 'HK-1234')), null);
    assert.equal(key(documentNumberProblem('other', 'AB1')), 'documentOther');
    assert.equal(key(documentNumberProblem('other', 'x'.repeat(31))), 'documentOther');
    assert.equal(key(documentNumberProblem('other', 'AB/1234')), 'documentOther');
  });

  it('when the arrival is beyond tomorrow or over 60 days back in Shanghai, then it is refused', () => {
    assert.deepEqual(arrivalDateBounds(NOW), { min: '2026-10-08', max: '2026-12-08' });
    assert.equal(key(arrivalDateProblem('2026-12-08', NOW)), null);
    assert.equal(key(arrivalDateProblem('2026-12-09', NOW)), 'arrivalFuture');
    assert.equal(key(arrivalDateProblem('2026-10-08', NOW)), null);
    assert.equal(key(arrivalDateProblem('2026-10-07', NOW)), 'arrivalTooOld');
    assert.equal(key(arrivalDateProblem('2026-02-30', NOW)), 'arrivalFormat');
    assert.equal(key(arrivalDateProblem('', NOW)), 'arrivalRequired');
  });

  it('when a temperature is outside 34–43 or has two decimals, then it is refused', () => {
    assert.equal(key(temperatureProblem(36.5)), null);
    assert.equal(key(temperatureProblem('37')), null);
    assert.equal(key(temperatureProblem(34)), null);
    assert.equal(key(temperatureProblem(43)), null);
    assert.equal(key(temperatureProblem(33.9)), 'temperatureRange');
    assert.equal(key(temperatureProblem(43.1)), 'temperatureRange');
    assert.equal(key(temperatureProblem(36.55)), 'temperatureDecimal');
    assert.equal(key(temperatureProblem(null)), 'temperatureRequired');
    assert.equal(key(temperatureProblem('abc')), 'temperatureRequired');
  });

  it('when the stay is not a whole number of days from 1 to 365, then it is refused', () => {
    assert.equal(key(stayDaysProblem(1)), null);
    assert.equal(key(stayDaysProblem(365)), null);
    assert.equal(key(stayDaysProblem(0)), 'stayRange');
    assert.equal(key(stayDaysProblem(366)), 'stayRange');
    assert.equal(key(stayDaysProblem(2.5)), 'stayRange');
    assert.equal(key(stayDaysProblem(undefined)), 'stayRequired');
  });

  it('when the origin is China alone or missing, then a province is asked for', () => {
    assert.equal(key(originProblem(undefined)), 'originRequired');
    assert.equal(key(originProblem('CN')), 'originProvince');
    assert.equal(key(originProblem('420102')), null);
    assert.equal(key(originProblem('US')), null);
  });

  it('when 无 is ticked, then every symptom is cleared; others keep the server order', () => {
    assert.deepEqual(toggleSymptom(['cough', 'fever'], 'none', true), []);
    assert.deepEqual(toggleSymptom(['cough'], 'fever', true), ['fever', 'cough']);
    assert.deepEqual(toggleSymptom(['fever', 'cough'], 'fever', false), ['cough']);
    assert.deepEqual(toggleSymptom(['fever'], 'fever', true), ['fever']);
  });
});

describe('the declaration body', () => {
  it('when the form is filled, then the body is trimmed, typed and rounded', () => {
    const body = toDeclarationBody({
      phone: ' 13800138000 ',
      code: ' 123456 ',
      name: ' 张三 ',
      document: { kind: 'resident_id', number: ' 11010519491231002x ' },
      originCode: '420102',
      arrivalDate: '2026-12-06',
      arrivalMeans: 'train',
      buildingId: 'b1',
      roomId: 'r1',
      purpose: 'family',
      stayDays: '14',
      health: { temperature: '36.5', symptoms: ['cough'] },
    });
    assert.deepEqual(body, {
      phone: '13800138000',
      code: '123456',
      name: '张三',
      document: { kind: 'resident_id', number: GOOD_ID },
      originCode: '420102',
      arrivalDate: '2026-12-06',
      arrivalMeans: 'train',
      roomId: 'r1',
      purpose: 'family',
      stayDays: 14,
      health: { temperature: 36.5, symptoms: ['cough'] },
    });
  });

  it('when there is no code (a resident declares), then the body has none', () => {
    const body = toDeclarationBody({ phone: '13800138000', health: { temperature: 37 } });
    assert.equal('code' in body, false);
    assert.deepEqual(body.health, { temperature: 37, symptoms: [] });
  });

  it('when the server names a nested field, then the form field that shows it is found', () => {
    assert.deepEqual(fieldOfServerPath(['document', 'number']), ['document', 'number']);
    assert.deepEqual(fieldOfServerPath(['document']), ['document', 'number']);
    assert.deepEqual(fieldOfServerPath(['document', 'kind']), ['document', 'kind']);
    assert.deepEqual(fieldOfServerPath(['health', 'symptoms', 2]), ['health', 'symptoms']);
    assert.deepEqual(fieldOfServerPath(['health', 'temperature']), ['health', 'temperature']);
    assert.deepEqual(fieldOfServerPath(['roomId']), ['roomId']);
  });
});

describe('a flood of submits', () => {
  it('when the server says 429 with Retry-After, then the wait is told; without, a plain later', () => {
    assert.deepEqual(floodProblem(429, 90), { key: 'tooMany', values: { seconds: 90 } });
    assert.deepEqual(floodProblem(429, 1467), { key: 'tooManyMinutes', values: { minutes: 25 } });
    assert.deepEqual(floodProblem(429, undefined), { key: 'tooManySoon' });
    assert.equal(floodProblem(400, 120), null);
  });
});
