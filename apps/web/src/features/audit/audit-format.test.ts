import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditFields, auditObject, auditTime } from './audit-format';

const areas = { '310101002001': { name: '云南中路居委会', nameEn: 'Yunnan Road (M) Committee' } };
const words = { yes: '是', no: '否', role: (r: string) => (r === 'handler' ? '处置人员' : r) };

describe('the audit page’s formatting', () => {
  it('when a row’s time is shown, then it is Shanghai time to the second, whatever the browser’s zone', () => {
    assert.equal(auditTime('2026-12-07T11:26:14.123Z'), '2026-12-07 19:26:14');
    assert.equal(auditTime('2026-12-31T16:00:00.000Z'), '2027-01-01 00:00:00');
  });

  it('when a detail is shown, then its keys are labelled and its values formatted; unlabelled keys are counted, not shown', () => {
    const { fields, unlabelled } = auditFields(
      {
        reason: '上门走访',
        committee: '310101002001',
        dueAt: '2026-12-07T11:00:00Z',
        role: 'handler',
        urgent: true,
        filter: { action: 'registry.resident.reveal', pageSize: 50, somethingNew: 1 },
        internalCounter: 3,
      },
      areas,
      'zh',
      words,
    );
    assert.deepEqual(
      fields.map((f) => [f.label, f.value]),
      [
        ['事由', '上门走访'],
        ['居委会', '云南中路居委会'],
        ['期限', '2026-12-07 19:00:00'],
        ['角色', '处置人员'],
        ['紧急', '是'],
        ['筛选条件', '操作：查看居民完整信息；每页条数：50'],
      ],
    );
    assert.equal(unlabelled, 2);
  });

  it('when the reader reads English, then labels, areas and nested fields are English', () => {
    const { fields } = auditFields(
      { committee: '310000000000/310101002001', filter: { group: 'personalData' } },
      areas,
      'en',
      words,
    );
    assert.deepEqual(
      fields.map((f) => [f.label, f.value]),
      [
        ['Committee', 'Yunnan Road (M) Committee'],
        ['Filter', 'Action type: Personal data: views and exports'],
      ],
    );
  });

  it('when a row is about a case, an area or something without a page, then the link is there only where a page is', () => {
    assert.deepEqual(
      auditObject({ objectType: 'case', objectId: 'c-1', objectName: 'CC-1' }, areas, 'zh'),
      { kind: '工单', name: 'CC-1', link: '/cases/c-1' },
    );
    assert.deepEqual(
      auditObject(
        { objectType: 'area', objectId: '310101002001', objectName: '云南中路居委会' },
        areas,
        'en',
      ),
      { kind: 'Area', name: 'Yunnan Road (M) Committee', link: '/areas/310101002001' },
    );
    assert.deepEqual(
      auditObject({ objectType: 'photo', objectId: 'p-1', objectName: null }, areas, 'en'),
      { kind: 'Photo', name: null, link: null },
    );
  });
});
