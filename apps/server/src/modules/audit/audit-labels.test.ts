import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AUDIT_ACTIONS,
  AUDIT_DETAIL_FIELDS,
  AUDIT_GROUP_LABELS,
  AUDIT_GROUPS,
  AUDIT_OBJECT_TYPES,
  auditActionGroup,
  auditActionLabel,
  auditObjectLabel,
  type AuditEntry,
  type AuditList,
} from '@cc/contracts';
import {
  Client,
  DATABASES,
  DEMO_COMMITTEE,
  startTestPlatform,
  verifiedResident,
  type TestPlatform,
} from '../../testing.js';
import { appendAudits } from './audit.repo.js';

const SERVER = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

const DOTTED = /^[a-z][\w-]*(\.[\w${}-]+)+$/;
const LITERAL = /'([^'\n]*)'|`([^`\n]*)`/g;
/**
 * Where the server names an audit action: an `action` property or variable, an `ACTION`
 * constant, or a literal passed to one of the modules' refusing helpers (they audit the
 * refusal under the action they are given).
 */
const ACTION_PLACES = [
  /\baction\s*[:=]\s*([^,;\n]+)/g,
  /\b[A-Z_]*ACTION[A-Z_]*\s*=\s*([^;\n]+)/g,
  /\b(?:require\w+|taskAudit|refuseFilter)\(([^)]*)/g,
];

/** The actions the server's source names where it writes to the audit log. */
function actionsInSource(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(SERVER)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const place of ACTION_PLACES) {
      for (const m of text.matchAll(place)) {
        for (const lit of m[1]!.matchAll(LITERAL)) {
          const value = lit[1] ?? lit[2]!;
          // `fields.${i}.label` and the like are paths of input fields, not actions
          if (DOTTED.test(value) && !value.startsWith('test.') && !/\$\{[a-z]\}/.test(value)) {
            found.set(value, path.relative(SERVER, file));
          }
        }
      }
    }
  }
  return found;
}

/** `case.${body.action}` → a pattern a label must match. */
const templatePattern = (action: string) =>
  new RegExp(
    `^${action
      .split(/\$\{[^}]*\}/)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
      .join('[\\w-]+')}$`,
  );

const LATIN_WORD = /[A-Za-z]{3,}/;
const CJK = /[\u3400-\u9fff]/;

describe('audit labels', () => {
  it('when a module names an audit action, then the action has a label in both languages', () => {
    const found = actionsInSource();
    assert.ok(found.size > 150, `only ${found.size} actions found: the scan is broken`);
    const labelled = Object.keys(AUDIT_ACTIONS);
    const missing = [...found]
      .filter(([action]) =>
        action.includes('${')
          ? !labelled.some((a) => templatePattern(action).test(a))
          : !Object.hasOwn(AUDIT_ACTIONS, action),
      )
      .map(([action, file]) => `${action} (${file})`);
    assert.deepEqual(missing, [], 'add these to packages/contracts/src/audit-labels.ts');
  });

  it('when a module names the kind of object an audit row is about, then the kind has a label', () => {
    const missing: string[] = [];
    for (const file of sourceFiles(SERVER)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bobjectType:\s*'([^'\n]+)'/g)) {
        if (m[1] !== 'test' && !Object.hasOwn(AUDIT_OBJECT_TYPES, m[1]!)) {
          missing.push(`${m[1]} (${path.relative(SERVER, file)})`);
        }
      }
    }
    assert.deepEqual(missing, [], 'add these to packages/contracts/src/audit-labels.ts');
  });

  it('when the labels are read, then Chinese has no Latin words and English no Chinese', () => {
    const texts = [
      ...Object.entries(AUDIT_ACTIONS).map(([k, [, zh, en]]) => [k, zh, en] as const),
      ...Object.entries(AUDIT_OBJECT_TYPES).map(([k, o]) => [k, o.zh, o.en] as const),
      ...Object.entries(AUDIT_DETAIL_FIELDS).map(([k, o]) => [k, o.zh, o.en] as const),
      ...Object.entries(AUDIT_GROUP_LABELS).map(([k, o]) => [k, o.zh, o.en] as const),
    ];
    for (const [key, zh, en] of texts) {
      assert.doesNotMatch(zh, LATIN_WORD, key);
      assert.match(zh, CJK, key);
      assert.doesNotMatch(en, CJK, key);
      assert.match(en, /[A-Za-z]{2,}/, key);
    }
    for (const group of AUDIT_GROUPS) {
      assert.ok(
        Object.values(AUDIT_ACTIONS).some(([g]) => g === group),
        `group ${group} has no actions`,
      );
    }
  });

  it('when a test writes an action without a label, then the server refuses it', async () => {
    const config = { config: { auditKey: null } } as never;
    await assert.rejects(
      appendAudits({ isTransaction: true } as never, config, [
        {
          actorId: null,
          actorName: null,
          action: 'cases.unlabelled-thing',
          objectType: 'case',
          objectId: null,
          ip: null,
          outcome: 'ok',
        },
      ]),
      /cases\.unlabelled-thing on case has no label/,
    );
  });

  for (const kind of DATABASES) {
    describe(`the audit page's answer (${kind})`, () => {
      let tp: TestPlatform;
      let admin: Client;
      let caseId: string;
      let caseNumber: string;
      let residentId: string;
      let residentName: string;

      before(async () => {
        tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
        admin = await tp.login('admin');
        const inspector = await tp.login('inspector');
        const here = await tp.centreOf(DEMO_COMMITTEE);
        const filed = await inspector.post('/api/cases', {
          scenarioCode: 'fire-exit-blocked',
          description: '安全出口堵塞',
          attributes: { exit_location: '北门', blocked_by: 'locked' },
          ...here,
        });
        assert.equal(filed.status, 201, JSON.stringify(filed.body));
        caseId = filed.body.id;
        caseNumber = filed.body.number;
        // a registry for the committee (and one resident linked to an account)
        await verifiedResident(tp);
        const resident = await tp.platform.database.db
          .selectFrom('residents')
          .select(['id', 'name'])
          .where('committee_code', '=', DEMO_COMMITTEE)
          .limit(1)
          .executeTakeFirstOrThrow();
        residentId = resident.id;
        residentName = resident.name;
        const staff = await tp.login('yunnan');
        const shown = await staff.post(`/api/registry/residents/${residentId}/reveal`, {
          reason: '上门走访核对信息',
        });
        assert.equal(shown.status, 200, JSON.stringify(shown.body));
        const made = await admin.post('/api/accounts', {
          username: 'labels-admin-xuhui',
          displayName: '徐汇区系统管理员',
          password: 'audit-labels-Xuhui-2026',
          roles: [{ role: 'administrator', areaCode: '310104000000' }],
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
      });
      after(() => tp.close());

      it('when an administrator reads a fresh page, then every action and object on it has a Chinese and an English label', async () => {
        const r = await admin.get<AuditList>('/api/audit?pageSize=200');
        assert.equal(r.status, 200);
        assert.ok(r.body.items.length >= 4, JSON.stringify(r.body.items.map((e) => e.action)));
        const actions = new Set(r.body.items.map((e) => e.action));
        for (const a of [
          'auth.login',
          'case.create',
          'registry.resident.reveal',
          'account.create',
        ]) {
          assert.ok(actions.has(a), `${a} on the page`);
        }
        for (const e of r.body.items) {
          assert.ok(auditActionLabel(e.action, 'zh'), `${e.action}: no Chinese label`);
          assert.ok(auditActionLabel(e.action, 'en'), `${e.action}: no English label`);
          assert.ok(auditObjectLabel(e.objectType, 'zh'), `${e.objectType}: no Chinese label`);
          assert.ok(auditObjectLabel(e.objectType, 'en'), `${e.objectType}: no English label`);
        }
      });

      it('when rows are about a case, a resident, an account or an area, then they carry its number, masked name, user name or area name', async () => {
        const r = await admin.get<AuditList>('/api/audit?pageSize=200');
        const about = (action: string) => r.body.items.find((e) => e.action === action)!;
        assert.equal(about('case.create').objectName, caseNumber);
        const reveal = about('registry.resident.reveal');
        assert.equal(reveal.objectId, residentId);
        assert.ok(reveal.objectName, 'a resident has a name');
        assert.notEqual(reveal.objectName, residentName, 'never the name in clear');
        assert.match(reveal.objectName!, /\*/);
        assert.equal(reveal.objectName![0], residentName[0]);
        const created = about('account.create');
        assert.equal(created.objectName, 'labels-admin-xuhui');
        // the reveal's committee is named by the areas of the answer
        assert.equal((reveal.detail as { committee: string }).committee, DEMO_COMMITTEE);
        assert.ok(r.body.areas[DEMO_COMMITTEE]?.name, 'the committee is named');
        assert.match(r.body.areas[DEMO_COMMITTEE]!.name, CJK);
      });

      it('when filtered by action type, then only that type comes back', async () => {
        const r = await admin.get<AuditList>('/api/audit?group=personalData&pageSize=200');
        assert.equal(r.status, 200);
        assert.ok(r.body.items.some((e) => e.action === 'registry.resident.reveal'));
        for (const e of r.body.items) assert.equal(auditActionGroup(e.action), 'personalData');
        const signIns = await admin.get<AuditList>('/api/audit?group=signIn&pageSize=200');
        assert.ok(signIns.body.items.length > 0);
        for (const e of signIns.body.items) assert.equal(auditActionGroup(e.action), 'signIn');
        const bad = await admin.get('/api/audit?group=everything');
        assert.equal(bad.status, 400);
        assert.equal(bad.body.field, 'group');
      });

      it('when filtered by object, by id, case number or user name, then only that object comes back', async () => {
        const byNumber = await admin.get<AuditList>(
          `/api/audit?objectType=case&objectId=${encodeURIComponent(caseNumber)}`,
        );
        assert.equal(byNumber.status, 200);
        assert.ok(byNumber.body.items.length > 0);
        for (const e of byNumber.body.items) {
          assert.equal(e.objectType, 'case');
          assert.equal(e.objectId, caseId);
        }
        const byId = await admin.get<AuditList>(`/api/audit?objectType=case&objectId=${caseId}`);
        assert.deepEqual(
          byId.body.items.map((e) => e.seq),
          byNumber.body.items.map((e) => e.seq),
        );
        const byName = await admin.get<AuditList>(
          '/api/audit?objectType=account&objectId=labels-admin-xuhui',
        );
        assert.ok(byName.body.items.some((e: AuditEntry) => e.action === 'account.create'));
        for (const e of byName.body.items) assert.equal(e.objectName, 'labels-admin-xuhui');
        const resident = await admin.get<AuditList>(
          `/api/audit?objectType=resident&objectId=${residentId}`,
        );
        assert.deepEqual(
          resident.body.items.map((e) => e.action),
          ['registry.resident.reveal'],
        );
      });

      it('when an administrator of another district filters by type or object, then the rows of Huangpu stay out of reach', async () => {
        const xuhui = await tp.login('labels-admin-xuhui', 'audit-labels-Xuhui-2026');
        for (const q of [
          'group=personalData',
          'group=cases',
          `objectType=case&objectId=${encodeURIComponent(caseNumber)}`,
          `objectType=resident&objectId=${residentId}`,
        ]) {
          const r = await xuhui.get<AuditList>(`/api/audit?${q}&pageSize=200`);
          assert.equal(r.status, 200, q);
          assert.deepEqual(
            r.body.items.filter((e) => e.objectId === caseId || e.objectId === residentId),
            [],
            q,
          );
        }
        const resident = await tp.login('resident');
        assert.equal((await resident.get('/api/audit?group=personalData')).status, 403);
      });
    });
  }
});
