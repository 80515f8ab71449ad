import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CERTIFICATE_KIND_LABELS } from '@cc/contracts';
import { CATALOGUE_FILE, catalogueProblems, loadCatalogue } from './catalogue.js';
import { checkAnswers } from './affair-answers.js';
import { dueDate } from './affair-deadlines.js';

const shipped = () => JSON.parse(fs.readFileSync(CATALOGUE_FILE, 'utf8'));

describe('the affairs catalogue (data/affairs/services.json)', () => {
  it('when the shipped file is checked, then it is valid and names the agreed services', () => {
    assert.deepEqual(catalogueProblems(shipped()), []);
    const codes = loadCatalogue().map((s) => s.code);
    for (const c of [
      'residence-certificate',
      'rental-registration',
      'elderly-care',
      'repair',
      'complaint',
    ]) {
      assert.ok(codes.includes(c), c);
    }
  });

  it('when a service issues a certificate, then its kind has a label in both languages (pages name it)', () => {
    const kinds = loadCatalogue().flatMap((s) =>
      s.outcome.kind === 'certificate' ? [s.outcome.certificateKind] : [],
    );
    assert.ok(kinds.includes('only-child'));
    for (const kind of kinds) {
      const label = CERTIFICATE_KIND_LABELS[kind];
      assert.ok(label?.zh && label.en, `certificate kind ${kind} has no label`);
    }
  });

  it('when the file is wrong, then loading fails naming what is wrong', () => {
    const bad = shipped();
    bad.services[0].fields[0].type = 'colour';
    assert.match(catalogueProblems(bad).join('\n'), /services\/0\/fields\/0\/type/);
    const select = shipped();
    delete select.services[0].fields[0].options;
    assert.match(catalogueProblems(select).join('\n'), /a select needs options/);
    const template = shipped();
    template.services[0].outcome.lines[0].value = '{{answers.nope}}';
    assert.match(catalogueProblems(template).join('\n'), /unknown \{\{answers\.nope\}\}/);
    const scenario = shipped();
    scenario.services.find((s: { code: string }) => s.code === 'repair').outcome.scenarios.leak =
      'no-such';
    assert.match(catalogueProblems(scenario).join('\n'), /no scenario "no-such"/);
    const twice = shipped();
    twice.services.push(twice.services[0]);
    assert.match(catalogueProblems(twice).join('\n'), /used twice/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'affairs-')), 'services.json');
    fs.writeFileSync(file, JSON.stringify(template));
    assert.throws(
      () => loadCatalogue(file),
      /affairs catalogue .* is not valid:[\s\S]*answers\.nope/,
    );
    loadCatalogue(); // the shipped one again, for the tests after
  });

  it('when answers are checked, then they are normalised by type', () => {
    const care = loadCatalogue().find((s) => s.code === 'elderly-care')!;
    assert.deepEqual(
      checkAnswers(care, {
        elderName: ' 王 ',
        age: '80',
        service: 'meals',
        livesAlone: 'no',
        details: '',
      }),
      { elderName: '王', age: 80, service: 'meals', livesAlone: 'no' },
    );
  });

  it('when a limit is in working days, then weekends do not count (Shanghai days)', () => {
    // Friday 2026-03-06 10:00 Shanghai + 3 working days → end of Wednesday 2026-03-11
    const friday = new Date('2026-03-06T02:00:00Z');
    assert.equal(
      dueDate(friday, { days: 3, working: true }).toISOString(),
      '2026-03-11T16:00:00.000Z',
    );
    assert.equal(
      dueDate(friday, { days: 3, working: false }).toISOString(),
      '2026-03-09T16:00:00.000Z',
    );
  });
});
