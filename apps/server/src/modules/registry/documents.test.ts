import { maskDocument, maskPhone } from '@cc/contracts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  checkDocument,
  checkMobile,
  checkResidentId,
  DOCUMENT_TYPES,
  fakeResidentId,
  residentIdCheckChar,
} from './documents.js';

const TODAY = new Date('2024-06-01T12:00:00Z'); // 20:00 in Shanghai, still 2024-06-01
const BILINGUAL = /^[A-Za-z][ -~]* \/ .*[\u4e00-\u9fff]/;

/** The reason of a failed check, asserting that it failed with a bilingual message. */
function reasonOf(r: { ok: true } | { ok: false; reason: string }): string {
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.match(r.reason, BILINGUAL);
  return r.reason;
}

/** 17 digits plus their check character. */
const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

// prettier-ignore
const PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82];
const region = fc
  .tuple(fc.constantFrom(...PROVINCES), fc.integer({ min: 0, max: 9999 }))
  .map(([p, rest]) => `${p}${String(rest).padStart(4, '0')}`);
const birthDate = fc
  .date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date('2024-06-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));
const validId = fc
  .tuple(region, birthDate, fc.integer({ min: 0, max: 999 }))
  .map(([r, d, seq]) => withCheck(`${r}${d.replaceAll('-', '')}${String(seq).padStart(3, '0')}`));

describe('resident ID check character (ISO 7064 MOD 11-2)', () => {
  it('when computed by hand, then the function agrees', () => {
    // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → X
    assert.equal(residentIdCheckChar('11010519491231002'), 'X');
    // 4·7+4·9+0+5·5+2·8+4·4+1·2+8·1+8·6+0+0+1·9+0+1·5+0+0+1·2 = 195; 195 mod 11 = 8 → 4
    assert.equal(residentIdCheckChar('44052418800101001'), '4');
    // 3·7+1·9+0+1·5+0+4·4+2·2+0+0+0+0+2·9+2·10+9·5+0+0+1·2 = 140; 140 mod 11 = 8 → 4
    assert.equal(residentIdCheckChar('31010420000229001'), '4');
    assert.throws(() => residentIdCheckChar('1234'), RangeError);
  });
});

describe('checkResidentId', () => {
  it('when given the GB 11643 textbook example, then it is valid, female, born 1949-12-31', () => {
    assert.deepEqual(checkResidentId('11010519491231002X', TODAY), {
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('when the check character is a lowercase x or the value has surrounding spaces, then it is normalised', () => {
    const r = checkResidentId(' 11010519491231002x ', TODAY);
    assert.ok(r.ok);
    assert.equal(r.normalized, '11010519491231002X');
  });

  it('when the birth date is 2000-02-29, then it is valid and the odd sequence means male', () => {
    assert.deepEqual(checkResidentId('310104200002290014', TODAY), {
      ok: true,
      normalized: '310104200002290014',
      birthDate: '2000-02-29',
      sex: 'male',
    });
  });

  it('when the length or characters are wrong, then the reason says so', () => {
    for (const bad of [
      '',
      '11010519491231002',
      '11010519491231002XX',
      'A1010519491231002X',
      '1101051949123100X2',
    ]) {
      assert.match(reasonOf(checkResidentId(bad, TODAY)), /18 characters.*\/ 身份证号应为18位/);
    }
  });

  it('when the region code is not a province of GB/T 2260, then the reason names the region code', () => {
    for (const prefix of ['00', '10', '16', '24', '38', '47', '55', '66', '72', '80', '83', '99']) {
      const id = withCheck(`${prefix}010519491231002`);
      assert.match(
        reasonOf(checkResidentId(id, TODAY)),
        /unknown region code \/ 身份证号地区码无效/,
      );
    }
  });

  it('when the birth date does not exist (1900-02-29, 2023-02-29, 1990-13-01, 1990-04-31), then the reason says so', () => {
    for (const date of ['19000229', '20230229', '19901301', '19900431', '19900100']) {
      const id = withCheck(`310104${date}001`);
      assert.match(
        reasonOf(checkResidentId(id, TODAY)),
        /does not exist \/ 身份证号出生日期不存在/,
      );
    }
  });

  it('when the birth date is before 1900, then it is rejected even with a right check character', () => {
    assert.match(
      reasonOf(checkResidentId('440524188001010014', TODAY)),
      /before 1900-01-01 \/ .*早于1900年/,
    );
  });

  it('when the birth date is after today in Shanghai, then it is in the future; today itself is fine', () => {
    assert.match(
      reasonOf(checkResidentId(withCheck('31010420240602001'), TODAY)),
      /in the future \/ .*晚于今天/,
    );
    assert.ok(checkResidentId(withCheck('31010420240601001'), TODAY).ok);
    // 2024-06-01T17:00Z is already 2024-06-02 in Shanghai
    assert.ok(checkResidentId(withCheck('31010420240602001'), new Date('2024-06-01T17:00:00Z')).ok);
    assert.equal(
      checkResidentId(withCheck('31010420990101001')).ok,
      false,
      'the default today is now',
    );
  });

  it('when the check character is wrong, then the reason names the expected one', () => {
    assert.match(
      reasonOf(checkResidentId('110105194912310021', TODAY)),
      /check digit should be X \/ 身份证号校验码应为 X/,
    );
    assert.match(
      reasonOf(checkResidentId('31010420000229001X', TODAY)),
      /check digit should be 4 \/ 身份证号校验码应为 4/,
    );
  });

  it('property: changing any single digit of a valid ID makes it invalid', () => {
    fc.assert(
      fc.property(
        validId,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 0, max: 9 }),
        (id, pos, digit) => {
          fc.pre(id[pos] !== String(digit));
          const changed = id.slice(0, pos) + digit + id.slice(pos + 1);
          assert.equal(checkResidentId(changed, TODAY).ok, false, changed);
        },
      ),
    );
  });
});

describe('checkDocument', () => {
  it('when the type is resident_id, then it is checkResidentId', () => {
    assert.deepEqual(
      checkDocument('resident_id', '11010519491231002x', TODAY),
      checkResidentId('11010519491231002X', TODAY),
    );
  });

  it('when given valid documents, then they are accepted upper-cased', () => {
    const valid: [Parameters<typeof checkDocument>[0], string, string][] = [
      ['passport', 'e12345678', 'E12345678'],
      ['passport', 'AB123', 'AB123'],
      ['passport', 'A'.repeat(20), 'A'.repeat(20)],
      ['hk_macao_permit', 'h12345678', 'H12345678'],
      ['hk_macao_permit', 'M1234567890', 'M1234567890'],
      ['taiwan_permit', ' 12345678 ', '12345678'],
      ['foreign_permanent_id', 'usa310012345678', 'USA310012345678'],
      ['foreign_permanent_id', withCheck('93184019900101011'), withCheck('93184019900101011')],
    ];
    for (const [type, value, normalized] of valid) {
      assert.deepEqual(
        checkDocument(type, value, TODAY),
        { ok: true, normalized },
        `${type} ${value}`,
      );
    }
  });

  it('when given invalid documents, then each reason names its field in both languages', () => {
    const invalid: [Parameters<typeof checkDocument>[0], string, RegExp][] = [
      ['passport', 'E123', /^passport number .* \/ 护照号码/],
      ['passport', 'E12345678-', /^passport number/],
      ['passport', 'A'.repeat(21), /^passport number/],
      ['hk_macao_permit', 'C12345678', /^HK\/Macao permit number .* \/ 港澳居民来往内地通行证号码/],
      ['hk_macao_permit', 'H123456789', /^HK\/Macao permit number/],
      ['taiwan_permit', '1234567', /^Taiwan permit number .* \/ 台湾居民来往大陆通行证号码/],
      [
        'foreign_permanent_id',
        '831840199001010118',
        /^foreign permanent resident ID .* \/ 外国人永久居留身份证号码/,
      ],
      ['foreign_permanent_id', 'US310012345678', /^foreign permanent resident ID/],
    ];
    for (const [type, value, pattern] of invalid)
      assert.match(reasonOf(checkDocument(type, value, TODAY)), pattern);
    const good = withCheck('93184019900101011');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    assert.match(
      reasonOf(checkDocument('foreign_permanent_id', bad, TODAY)),
      new RegExp(`check digit should be ${good[17]} /`),
    );
  });

  it('DOCUMENT_TYPES lists the five types once each', () => {
    assert.deepEqual([...DOCUMENT_TYPES].sort(), [
      'foreign_permanent_id',
      'hk_macao_permit',
      'passport',
      'resident_id',
      'taiwan_permit',
    ]);
  });
});

describe('checkMobile', () => {
  it('when the number has +86 / 86, spaces or dashes, then they are stripped', () => {
    for (const v of [
      '13812345678',
      '+86 138 1234 5678',
      '86-138-1234-5678',
      '+8613812345678',
      ' 138-1234-5678 ',
    ]) {
      assert.deepEqual(checkMobile(v), { ok: true, normalized: '13812345678' }, v);
    }
    assert.deepEqual(checkMobile('19912345678'), { ok: true, normalized: '19912345678' });
  });

  it('when the number is not an 11-digit mainland mobile, then the reason says so in both languages', () => {
    for (const v of [
      '',
      '12812345678',
      '1381234567',
      '138123456789',
      '+85213812345678',
      '021-12345678',
      '1381234567a',
    ]) {
      assert.match(reasonOf(checkMobile(v)), /^mobile number .* \/ 手机号码/, v);
    }
  });
});

describe('masking', () => {
  it('when masking documents, then the resident ID keeps 4+4 and others keep 2+2 with at least 4 stars', () => {
    assert.equal(maskDocument('resident_id', '11010519491231002X'), '1101**********002X');
    assert.equal(maskDocument('passport', 'E12345678'), 'E1*****78');
    assert.equal(maskDocument('passport', 'AB123'), 'AB****23');
    assert.equal(maskDocument('taiwan_permit', '12345678'), '12****78');
    assert.equal(maskDocument('foreign_permanent_id', 'USA310012345678'), 'US***********78');
    assert.equal(maskDocument('passport', 'ABC'), '****', 'too short to show any end');
  });

  it('property: a masked valid resident ID has the fixed shape and never shows the birth date digits', () => {
    fc.assert(
      fc.property(validId, (id) => {
        assert.ok(checkResidentId(id, TODAY).ok);
        const masked = maskDocument('resident_id', id);
        assert.match(masked, /^\d{4}\*{10}\d{3}[\dX]$/);
        assert.ok(!masked.includes(id.slice(6, 14)));
        assert.equal(masked.replace(/[^\dX]/g, ''), id.slice(0, 4) + id.slice(14));
      }),
    );
  });

  it('property: a masked mobile matches 1xx****xxxx', () => {
    const mobile = fc
      .tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 }))
      .map(([second, rest]) => `1${second}${String(rest).padStart(9, '0')}`);
    const prefix = fc.constantFrom('', '86', '+86', '+86 ', '86-');
    fc.assert(
      fc.property(mobile, prefix, (m, p) => {
        const r = checkMobile(p + m);
        assert.ok(r.ok);
        assert.equal(r.normalized, m);
        assert.match(maskPhone(r.normalized), /^1\d{2}\*{4}\d{4}$/);
        assert.equal(maskPhone(r.normalized).slice(-4), m.slice(-4));
      }),
    );
  });
});

describe('fakeResidentId', () => {
  it('when given a Shanghai district, date and sex, then the ID is valid, in a county never assigned, with any sequence 000-999', () => {
    const id = fakeResidentId('310101', '1985-07-14', 'female', () => 0);
    assert.equal(id, withCheck('31019019850714000'));
    assert.equal(
      fakeResidentId('310101', '1985-07-14', 'male', () => 0.999999).slice(14, 17),
      '999',
    );
    assert.equal(
      fakeResidentId('310101', '1985-07-14', 'female', () => 1).slice(14, 17),
      '998',
      'rand() = 1 stays in range',
    );
  });

  it('when the arguments cannot make a valid ID, then it throws (a programming error)', () => {
    assert.throws(() => fakeResidentId('3101', '1985-07-14', 'male', Math.random), RangeError);
    assert.throws(() => fakeResidentId('990101', '1985-07-14', 'male', Math.random), /region code/);
    assert.throws(
      () => fakeResidentId('310101', '1985-02-30', 'male', Math.random),
      /does not exist/,
    );
  });

  it('property: every fake ID passes checkResidentId and round-trips sex and birth date', () => {
    fc.assert(
      fc.property(
        region,
        birthDate,
        fc.constantFrom('male' as const, 'female' as const),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (r, date, sex, x) => {
          const id = fakeResidentId(r, date, sex, () => x);
          const checked = checkResidentId(id, TODAY);
          assert.ok(checked.ok, id);
          assert.equal(checked.birthDate, date);
          assert.equal(checked.sex, sex);
          assert.equal(id.slice(0, 4), r.slice(0, 4));
          assert.ok(Number(id.slice(4, 6)) >= 90, `county ${id.slice(4, 6)} is one never assigned`);
          const sequence = Number(id.slice(14, 17));
          assert.ok(sequence >= 0 && sequence <= 999, id);
        },
      ),
    );
  });
});
