import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SsoClient, SsoSystem } from '@cc/contracts';
import { serverFieldPath } from '../../lib/form-errors';
import {
  CLIENT_FIELDS,
  clientFieldName,
  clientFormValues,
  departmentColor,
  groupByDepartment,
  isClientUri,
  isLogoUrl,
  matchesSystem,
  sortClaims,
  toClientBody,
} from './sso-rules';

const system = (name: string, department: string): SsoSystem => ({
  id: `${department}-${name}`,
  name,
  department,
  logoUrl: null,
  launchUrl: `https://${name}.example/login`,
});

describe('专业系统: grouping and search', () => {
  it('when systems come in the server order, then each department is one group in that order', () => {
    const groups = groupByDepartment([
      system('救助', '民政局'),
      system('治安', '公安局'),
      system('养老', '民政局'),
    ]);
    assert.deepEqual(
      groups.map(([department, list]) => [department, list.map((s) => s.name)]),
      [
        ['民政局', ['救助', '养老']],
        ['公安局', ['治安']],
      ],
    );
  });

  it('when searching, then a piece of the name or the department matches, in any case', () => {
    const s = system('Elder Care 养老服务', '民政局');
    assert.ok(matchesSystem(s, '养老'));
    assert.ok(matchesSystem(s, '民政'));
    assert.ok(matchesSystem(s, 'elder'));
    assert.ok(!matchesSystem(s, '公安'));
  });

  it('when a department is named twice, then its colour is the same; colours are hex', () => {
    assert.equal(departmentColor('民政局'), departmentColor('民政局'));
    for (const d of ['民政局', '公安局', '卫健委', '', 'x']) {
      assert.match(departmentColor(d), /^#[0-9a-f]{6}$/);
    }
  });
});

describe('接入系统: the rules of the drawer', () => {
  it('when an address is https, or http on this machine, without # or a user, then it is taken', () => {
    for (const ok of [
      'https://minzheng.example.gov.cn/oidc/callback',
      'http://localhost:3001/callback',
      'http://127.0.0.1:8080/cb',
      ' https://a.example/cb ',
    ]) {
      assert.ok(isClientUri(ok), ok);
    }
    for (const bad of [
      'http://minzheng.example.gov.cn/cb',
      'https://a.example/cb#x',
      'https://user:pw@a.example/cb',
      'ftp://a.example/cb',
      '/relative/cb',
      'not a url',
      '',
    ]) {
      assert.ok(!isClientUri(bad), bad);
    }
  });

  it('when a logo is a path on this site, or an address as above, then it is taken', () => {
    assert.ok(isLogoUrl('/logos/minzheng.png'));
    assert.ok(isLogoUrl('https://cdn.example/logo.png'));
    assert.ok(!isLogoUrl('//evil.example/logo.png'));
    assert.ok(!isLogoUrl('http://cdn.example/logo.png'));
  });

  it('when the server names redirectUris.1, then the second address shows it; a role choice the select', () => {
    const at = (field: string) => {
      const path = serverFieldPath(field, CLIENT_FIELDS);
      return path && clientFieldName(path);
    };
    assert.deepEqual(at('redirectUris.1'), ['redirectUris', 1]);
    assert.deepEqual(at('/postLogoutRedirectUris/0'), ['postLogoutRedirectUris', 0]);
    assert.equal(at('redirectUris'), 'redirectUris');
    assert.equal(at('allowedRoles.2'), 'allowedRoles');
    assert.equal(at('initiateLoginUri'), 'initiateLoginUri');
    assert.equal(at('clientSecret'), undefined);
  });

  it('when the form is sent, then texts are trimmed, blanks are null or dropped, claims in order', () => {
    assert.deepEqual(
      toClientBody({
        name: ' 社区救助 ',
        department: ' 民政局',
        logoUrl: '  ',
        redirectUris: [' https://a.example/cb '],
        postLogoutRedirectUris: ['', undefined, ' https://a.example/bye'],
        initiateLoginUri: 'https://a.example/login ',
        backchannelLogoutUri: '',
        allowedRoles: ['committee_staff', 'street_operator'],
        allowedClaims: ['phone_number', 'name'],
      }),
      {
        name: '社区救助',
        department: '民政局',
        logoUrl: null,
        redirectUris: ['https://a.example/cb'],
        postLogoutRedirectUris: ['https://a.example/bye'],
        initiateLoginUri: 'https://a.example/login',
        backchannelLogoutUri: null,
        allowedRoles: ['committee_staff', 'street_operator'],
        allowedClaims: ['name', 'phone_number'],
      },
    );
  });

  it('when a system is edited, then the form starts from it and sends back the same body', () => {
    const client: SsoClient = {
      id: '00000000-0000-4000-8000-000000000001',
      clientId: 'cc-0001',
      name: '社区救助',
      department: '民政局',
      logoUrl: null,
      redirectUris: ['https://a.example/cb'],
      postLogoutRedirectUris: [],
      initiateLoginUri: 'https://a.example/login',
      backchannelLogoutUri: 'https://a.example/bc',
      allowedRoles: ['committee_staff'],
      allowedClaims: ['roles', 'name'],
      disabled: false,
      secretRotatedAt: '2026-01-01T00:00:00.000Z',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const values = clientFormValues(client);
    assert.deepEqual(toClientBody(values as Parameters<typeof toClientBody>[0]), {
      name: '社区救助',
      department: '民政局',
      logoUrl: null,
      redirectUris: ['https://a.example/cb'],
      postLogoutRedirectUris: [],
      initiateLoginUri: 'https://a.example/login',
      backchannelLogoutUri: 'https://a.example/bc',
      allowedRoles: ['committee_staff'],
      allowedClaims: ['name', 'roles'],
    });
    // a new system: one empty address to fill, name and roles offered
    assert.deepEqual(clientFormValues(undefined).redirectUris, ['']);
    assert.deepEqual(clientFormValues(undefined).allowedClaims, ['name', 'roles']);
  });

  it('when claims come in any order, then they are shown in the contracts’ order', () => {
    assert.deepEqual(sortClaims(['phone_number', 'roles', 'name']), [
      'name',
      'roles',
      'phone_number',
    ]);
    assert.deepEqual(sortClaims([]), []);
  });
});
