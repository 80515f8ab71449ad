import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import sharp from 'sharp';
import { getTaxonomy } from '../cases/index.js';
import {
  accountId,
  DATABASES,
  startTestPlatform,
  uploadTestPhoto,
  type Client,
  type HttpResponse,
  type TestPlatform,
} from '../../testing.js';
import { registerOpen311Client } from './index.js';
import {
  CreatedRequestList,
  Discovery,
  Open311ErrorList,
  ServiceDefinition,
  ServiceList,
  ServiceRequestList,
  TokenAnswerList,
} from './open311.schemas.js';

const V2 = '/open311/v2';
// 云南中路花园, a demo compound of 南京东路街道 (Huangpu)
const HERE = { lat: '31.20937', long: '121.4865' };
const BEIJING = { lat: '39.9042', long: '116.4074' };

// ---- JSON: every response is checked against the schema written from the spec ----

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const validators = new Map<object, ValidateFunction>();
function assertSchema(schema: object, body: unknown): void {
  let v = validators.get(schema);
  if (!v) validators.set(schema, (v = ajv.compile(schema)));
  assert.ok(v(body), `${ajv.errorsText(v.errors)}\n${JSON.stringify(body).slice(0, 600)}`);
}

// ---- XML: a small strict parser (well-formedness, entities, no mixed content) ----

interface XNode {
  name: string;
  children: XNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function parseXml(doc: string): XNode {
  const declaration = /^<\?xml version="1\.0" encoding="utf-8"\?>\n/i.exec(doc);
  assert.ok(declaration, 'the document starts with the XML declaration');
  assert.ok(!XML_ILLEGAL.test(doc), 'no character XML 1.0 forbids');
  let i = declaration[0].length;
  const fail = (what: string): never => {
    throw new Error(`XML: ${what} at ${i}: …${doc.slice(i, i + 40)}`);
  };
  const decode = (raw: string) =>
    raw.replace(/&([a-z]+|#\d+|#x[0-9a-f]+);|&|</gi, (m, name: string | undefined) => {
      if (!name) return fail(`a bare ${m}`);
      if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name] ?? fail(`unknown entity &${name};`);
    });
  const element = (): XNode => {
    const open = /^<([A-Za-z_][A-Za-z0-9_]*)\s*(\/?)>/.exec(doc.slice(i));
    if (!open) return fail('expected a start tag');
    i += open[0].length;
    const node: XNode = { name: open[1]!, children: [], text: '' };
    if (open[2]) return node;
    let text = '';
    for (;;) {
      if (i >= doc.length) fail(`unclosed <${node.name}>`);
      if (doc.startsWith('</', i)) {
        const close = `</${node.name}>`;
        if (!doc.startsWith(close, i)) fail(`expected ${close}`);
        i += close.length;
        break;
      }
      if (doc[i] === '<') {
        node.children.push(element());
        continue;
      }
      const end = doc.indexOf('<', i);
      text += doc.slice(i, end < 0 ? doc.length : end);
      i = end < 0 ? doc.length : end;
    }
    if (node.children.length && text.trim()) fail(`mixed content in <${node.name}>`);
    node.text = node.children.length ? '' : decode(text);
    return node;
  };
  const root = element();
  if (doc.slice(i).trim()) fail('content after the root element');
  return root;
}

/** The Spark convention back to JSON: a wrapper of repeated items is an array. */
const ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};
function xmlToValue(n: XNode): unknown {
  const item = ITEMS[n.name];
  if (item) {
    for (const c of n.children) assert.equal(c.name, item, `<${n.name}> holds <${item}>`);
    return n.children.map(xmlToValue);
  }
  if (!n.children.length) return n.text;
  const out: Record<string, unknown> = {};
  for (const c of n.children) {
    assert.ok(!(c.name in out), `<${c.name}> once in <${n.name}>`);
    out[c.name] = xmlToValue(c);
  }
  return out;
}
/** JSON as XML carries it: scalars as text, null as an empty element, illegal characters gone. */
function asXmlText(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(asXmlText);
  if (typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asXmlText(x)]));
  }
  return String(v).replace(new RegExp(XML_ILLEGAL.source, 'gu'), '');
}

// ---- HTTP ----

type Fields = Record<string, string | string[]>;
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

function encode(fields: Fields): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  }
  return p.toString();
}

function assertFormat(r: HttpResponse, format: 'json' | 'xml'): void {
  assert.equal(
    r.headers.get('content-type'),
    format === 'xml' ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8',
  );
}

for (const kind of DATABASES) {
  describe(`Open311 GeoReport v2 (${kind})`, () => {
    let tp: TestPlatform;
    let anon: Client;
    let street: Client;
    let handler: Client;
    let resident: Client;
    let apiKey: string;
    let disabledKey: string;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      const db = tp.platform.database.db;
      apiKey = (await registerOpen311Client(db, '杭州 12345 app')).apiKey;
      const off = await registerOpen311Client(db, 'Retired client');
      disabledKey = off.apiKey;
      await db
        .updateTable('open311_clients')
        .set({ disabled: true })
        .where('id', '=', off.id)
        .execute();
      anon = tp.client();
      [street, handler, resident] = await Promise.all([
        tp.login('nanjingdong'),
        tp.login('handler'),
        tp.login('resident'),
      ]);
    });
    after(() => tp.close());

    /** GET in JSON (checked against `schema`) and in XML (checked to say the same); the JSON. */
    async function getBoth(path: string, schema: object, root: string): Promise<any> {
      const [q, rest] = path.includes('?') ? path.split('?') : [path, ''];
      const suffix = rest ? `?${rest}` : '';
      const json = await anon.get(`${V2}/${q}.json${suffix}`);
      assert.equal(json.status, 200, JSON.stringify(json.body));
      assertFormat(json, 'json');
      assertSchema(schema, json.body);
      const xml = await anon.get(`${V2}/${q}.xml${suffix}`);
      assert.equal(xml.status, 200, xml.body);
      assertFormat(xml, 'xml');
      const tree = parseXml(xml.body);
      assert.equal(tree.name, root);
      assert.deepEqual(xmlToValue(tree), asXmlText(json.body));
      return json.body;
    }

    const post = (fields: Fields, format: 'json' | 'xml' = 'json', headers = {}) =>
      anon.request('POST', `${V2}/requests.${format}`, encode(fields), { ...FORM, ...headers });

    /** An error in the spec's format (never our own JSON API's), in either format. */
    function assertError(r: HttpResponse, status: number, format: 'json' | 'xml' = 'json'): string {
      assert.equal(r.status, status, typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
      assertFormat(r, format);
      let errors: unknown;
      if (format === 'xml') {
        const tree = parseXml(r.body);
        assert.equal(tree.name, 'errors');
        errors = xmlToValue(tree);
        errors = (errors as { code: string; description: string }[]).map((e) => ({
          code: Number(e.code),
          description: e.description,
        }));
      } else {
        errors = r.body;
      }
      assertSchema(Open311ErrorList, errors);
      const [first] = errors as { code: number; description: string }[];
      return first!.description;
    }

    const manhole = (extra: Fields = {}): Fields => ({
      api_key: apiKey,
      service_code: 'manhole-cover-missing',
      ...HERE,
      'attribute[cover_state]': 'missing',
      description: '人行道上的井盖不见了',
      ...extra,
    });

    async function caseOf(number: string) {
      return tp.platform.database.db
        .selectFrom('cases')
        .selectAll()
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
    }

    it('when a client reads discovery, then it lists this endpoint, both formats and the v2 spec, in JSON and XML', async () => {
      for (const base of ['/open311', V2]) {
        const json = await anon.get(`${base}/discovery.json`);
        assert.equal(json.status, 200);
        assertSchema(Discovery, json.body);
        const [endpoint] = json.body.endpoints;
        assert.equal(endpoint.specification, 'http://wiki.open311.org/GeoReport_v2');
        assert.equal(endpoint.url, `${tp.baseUrl}/open311/v2`);
        assert.equal(endpoint.type, 'test');
        assert.deepEqual(endpoint.formats, ['application/json', 'text/xml']);
        const xml = await anon.get(`${base}/discovery.xml`);
        assertFormat(xml, 'xml');
        const tree = parseXml(xml.body);
        assert.equal(tree.name, 'discovery');
        assert.deepEqual(xmlToValue(tree), asXmlText(json.body));
      }
    });

    it('when a client lists services, then every scenario is a realtime service in its domain group, the same in JSON and XML', async () => {
      const services = await getBoth('services', ServiceList, 'services');
      const t = getTaxonomy();
      assert.equal(services.length, t.scenarios.length);
      const manholeService = services.find(
        (s: { service_code: string }) => s.service_code === 'manhole-cover-missing',
      );
      assert.deepEqual(
        { ...manholeService, description: undefined },
        {
          service_code: 'manhole-cover-missing',
          service_name: '井盖缺失/破损',
          description: undefined,
          metadata: true,
          type: 'realtime',
          keywords: '井盖, 窨井盖, 井盖缺失, 井盖破损, manhole, drain cover',
          group: '公用设施',
        },
      );
      assert.match(manholeService.description, / \/ Missing or broken manhole cover: /);
      const plain = services.find(
        (s: { service_code: string }) => s.service_code === 'drain-blocked',
      );
      assert.equal(plain.metadata, false);
      // a path without an extension is JSON
      const bare = await anon.get(`${V2}/services`);
      assertFormat(bare, 'json');
      assert.deepEqual(bare.body, services);
    });

    it('when a client reads a service definition, then the fields are ordered attributes with their values', async () => {
      const def = await getBoth(
        'services/non-motor-violation',
        ServiceDefinition,
        'service_definition',
      );
      assert.equal(def.service_code, 'non-motor-violation');
      const [violations] = def.attributes;
      assert.equal(violations.code, 'violations');
      assert.equal(violations.datatype, 'multivaluelist');
      assert.equal(violations.required, true);
      assert.equal(violations.variable, true);
      assert.equal(violations.order, 1);
      assert.deepEqual(violations.values[0], {
        key: 'red_light',
        name: '闯红灯 / Running the red light',
      });
      const water = await getBoth('services/waterlogging', ServiceDefinition, 'service_definition');
      const depth = water.attributes.find((a: { code: string }) => a.code === 'depth_cm');
      assert.equal(depth.datatype, 'number');
      assert.equal(depth.values, undefined);
      assert.match(depth.datatype_description, /≥ 0, ≤ 200/);
      assert.deepEqual(
        water.attributes.map((a: { order: number }) => a.order),
        [1, 2],
      );
      const empty = await getBoth(
        'services/drain-blocked',
        ServiceDefinition,
        'service_definition',
      );
      assert.deepEqual(empty.attributes, []);
    });

    it('when a service, a request, a token, a route or a format does not exist, then 404 in the spec format', async () => {
      for (const format of ['json', 'xml'] as const) {
        assert.match(
          assertError(await anon.get(`${V2}/services/no-such-service.${format}`), 404, format),
          /no-such-service/,
        );
        assertError(await anon.get(`${V2}/requests/20200101999999.${format}`), 404, format);
        assertError(await anon.get(`${V2}/requests/not-a-number.${format}`), 404, format);
        assertError(await anon.get(`${V2}/tokens/nosuchtoken123.${format}`), 404, format);
        assertError(await anon.get(`${V2}/nothing-here.${format}`), 404, format);
        assertError(await anon.request('DELETE', `${V2}/requests.${format}`), 404, format);
      }
      assertError(await anon.get(`${V2}/services.csv`), 404);
      assertError(await anon.get(`${V2}/services/manhole-cover-missing.csv`), 404);
    });

    it('when POST has no api_key, a wrong one or a disabled one, then 403 in JSON and XML', async () => {
      for (const format of ['json', 'xml'] as const) {
        const { api_key: _, ...noKey } = manhole();
        assert.match(assertError(await post(noKey, format), 403, format), /api_key/);
        assert.match(
          assertError(
            await post(manhole({ api_key: 'wrong-key-0123456789' }), format),
            403,
            format,
          ),
          /Invalid api_key/,
        );
        assert.match(
          assertError(await post(manhole({ api_key: disabledKey }), format), 403, format),
          /disabled/,
        );
        // an empty api_key is the same as none (the spec's "optional argument" rule)
        assertError(await post(manhole({ api_key: '' }), format), 403, format);
      }
      const count = await tp.platform.database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0, 'nothing was filed');
    });

    it('when POST lacks or breaks an argument, then 400 (404 for an unknown service) naming it, and nothing is filed', async () => {
      const { service_code: _s, ...noService } = manhole();
      const { lat: _la, long: _lo, ...nowhere } = manhole();
      const { long: _l, ...latOnly } = manhole();
      const cases: [string, Fields | string, number, RegExp][] = [
        ['no service_code', noService, 400, /service_code is required/],
        ['an unknown service_code', manhole({ service_code: 'unicorns' }), 404, /unicorns/],
        ['no location at all', nowhere, 400, /lat and long/],
        [
          'only an address',
          { ...nowhere, address_string: '南京东路 100 号' },
          400,
          /cannot locate an address_string/,
        ],
        [
          'only an address_id',
          { ...nowhere, address_id: 'A-12' },
          400,
          /lat and long are required/,
        ],
        ['lat without long', latOnly, 400, /long is missing/],
        [
          'lat that is not a number',
          manhole({ lat: 'north' }),
          400,
          /lat must be a WGS84 latitude/,
        ],
        ['lat beyond 90', manhole({ lat: '91' }), 400, /lat must be/],
        ['a point outside the city', manhole(BEIJING), 400, /outside the city/],
        [
          'an unknown attribute',
          manhole({ 'attribute[colour]': 'red' }),
          400,
          /attribute\.colour is not a field/,
        ],
        [
          'no required attribute',
          manhole({ 'attribute[cover_state]': '' }),
          400,
          /attribute\.cover_state .* is required/,
        ],
        [
          'a value not in the list',
          manhole({ 'attribute[cover_state]': 'stolen' }),
          400,
          /must be one of missing, broken, displaced/,
        ],
        [
          'a malformed attribute name',
          manhole({ 'attribute[cover_state': 'missing' }),
          400,
          /attribute\[code\]=value/,
        ],
        [
          'a number attribute that is not a number',
          {
            ...manhole(),
            service_code: 'waterlogging',
            'attribute[cover_state]': [],
            'attribute[depth_cm]': 'deep',
            'attribute[place]': 'road',
          },
          400,
          /depth_cm .* must be a number/,
        ],
        [
          'a 10,000-character description',
          manhole({ description: '坑'.repeat(10_000) }),
          400,
          /10000 characters; the limit is 4,000/,
        ],
        [
          'a media_url that is not a URL',
          manhole({ media_url: 'javascript:alert(1)' }),
          400,
          /media_url/,
        ],
        ['a phone that is not a number', manhole({ phone: 'call me' }), 400, /phone must be/],
        [
          'service_code twice',
          manhole({ service_code: ['manhole-cover-missing', 'unicorns'] }),
          400,
          /service_code was sent 2 times/,
        ],
        [
          'a bad Idempotency-Key field',
          manhole({ idempotency_key: 'short' }),
          400,
          /Idempotency-Key/,
        ],
      ];
      for (const [what, fields, status, message] of cases) {
        const r = await anon.request(
          'POST',
          `${V2}/requests.json`,
          typeof fields === 'string' ? fields : encode(fields),
          FORM,
        );
        assert.match(assertError(r, status), message, what);
      }
      // the XML answer says the same
      assert.match(
        assertError(await post(manhole(BEIJING), 'xml'), 400, 'xml'),
        /outside the city/,
      );
      // JSON, multipart or no media type at all: the spec's POST is a form
      const json = await anon.post(`${V2}/requests.json`, manhole());
      assert.match(assertError(json, 400), /x-www-form-urlencoded/);
      assert.equal(
        JSON.stringify(json.body).includes('statusCode'),
        false,
        'not our API error body',
      );
      const multipart = new FormData();
      multipart.append('api_key', apiKey);
      assertError(await anon.post(`${V2}/requests.xml`, multipart), 400, 'xml');
      const count = await tp.platform.database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0, 'nothing was filed');
    });

    it('when a client files a request, then GET requests/{id} gives it back in JSON and XML, without the reporter', async () => {
      const description =
        'Riders run the light <again> & "again" — it\'s daily\nsecond line\u0001\uFFFE';
      const r = await post({
        api_key: apiKey,
        service_code: 'non-motor-violation',
        ...HERE,
        address_string: '南京东路 西藏中路路口, 黄浦区, 上海市',
        'attribute[violations][]': ['red_light', 'no_helmet'],
        description,
        first_name: '伟',
        last_name: '张',
        phone: '138 0013 8000',
        email: 'zhang.wei@example.cn',
        device_id: 'device-123',
        account_id: 'hz-4711',
        media_url: 'https://media.example.org/p/1.jpg',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assertFormat(r, 'json');
      assertSchema(CreatedRequestList, r.body);
      const [created] = r.body;
      assert.match(created.service_request_id, /^\d{14}$/);
      assert.equal(created.account_id, 'hz-4711');
      assert.match(created.service_notice, /已受理/);

      const [request] = await getBoth(
        `requests/${created.service_request_id}`,
        ServiceRequestList,
        'service_requests',
      );
      assert.equal(request.service_request_id, created.service_request_id);
      assert.equal(request.status, 'open');
      assert.equal(request.service_code, 'non-motor-violation');
      assert.equal(
        request.service_name,
        getTaxonomy().scenarios.find((s) => s.code === 'non-motor-violation')!.name,
      );
      // as filed, less the invisible control character; XML also loses U+FFFE, which it cannot carry
      assert.equal(request.description, description.replace('\u0001', ''));
      assert.equal(request.media_url, 'https://media.example.org/p/1.jpg');
      assert.equal(request.address, '南京东路 西藏中路路口, 黄浦区, 上海市');
      assert.equal(request.lat, 31.20937);
      assert.equal(request.long, 121.4865);
      assert.equal(request.agency_responsible, '南京东路街道城运中心');
      assert.match(request.requested_datetime, /\+08:00$/);
      assert.ok(request.expected_datetime > request.requested_datetime);
      const xml = await anon.get(`${V2}/requests/${created.service_request_id}.xml`);
      for (const text of [JSON.stringify(request), xml.body]) {
        // the phone in any form (not a fragment: a case number like 2026112800… contains 8000)
        for (const secret of ['张', '13800138000', '0013', 'zhang.wei', 'device-123', 'hz-4711']) {
          assert.ok(!text.includes(secret), `the public request does not show ${secret}`);
        }
      }

      // the case: filed from Open311 by the client, the caller encrypted and masked, the list kept
      const row = await caseOf(created.service_request_id);
      assert.equal(row.source, 'open311');
      assert.deepEqual(row.attributes, { violations: ['red_light', 'no_helmet'] });
      assert.equal(row.contact_name_masked, '张*');
      assert.equal(row.contact_phone_masked, '138****8000');
      assert.equal(tp.platform.deps.cipher.decrypt(row.contact_phone_enc!), '13800138000');
      assert.ok(row.open311_client_id);

      // staff see it in the case with its source and the client's name on the first step
      const detail = await street.get(`/api/cases/${row.id}`);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.timeline[0].actorName, '杭州 12345 app');
      assert.equal(row.media_url, 'https://media.example.org/p/1.jpg');
      assert.doesNotMatch(detail.body.description, /media\.example/);

      // the token (we answer realtime, so POST does not hand it out) resolves to the same id
      const token = row.open311_token!;
      const answer = await getBoth(`tokens/${token}`, TokenAnswerList, 'service_requests');
      assert.deepEqual(answer, [{ service_request_id: created.service_request_id, token }]);

      // the XML answer to a POST has the spec's shape too
      const again = await post(manhole(), 'xml');
      assert.equal(again.status, 200, again.body);
      const tree = parseXml(again.body);
      assert.equal(tree.name, 'service_requests');
      const [item] = xmlToValue(tree) as Record<string, string>[];
      assert.deepEqual(Object.keys(item!), ['service_request_id', 'service_notice', 'account_id']);
      assert.equal(item!.account_id, '');
      assert.equal(
        (await caseOf(item!.service_request_id!)).scenario_code,
        'manhole-cover-missing',
      );
    });

    it('when a client reposts with the same Idempotency-Key, then it gets the same service_request_id and one case', async () => {
      const fields = manhole({ description: '同一个井盖，重试' });
      const first = await post(fields, 'json', { 'Idempotency-Key': 'retry-0001-abcdef' });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const second = await post(fields, 'xml', { 'Idempotency-Key': 'retry-0001-abcdef' });
      assert.equal(second.status, 200);
      const [again] = xmlToValue(parseXml(second.body)) as { service_request_id: string }[];
      assert.equal(again!.service_request_id, first.body[0].service_request_id);
      // a client that cannot set headers sends the key as a field
      const viaField = await post({ ...fields, idempotency_key: 'retry-0001-abcdef' });
      assert.equal(viaField.body[0].service_request_id, first.body[0].service_request_id);
      const rows = await tp.platform.database.db
        .selectFrom('cases')
        .select('number')
        .where('description', '=', '同一个井盖，重试')
        .execute();
      assert.equal(rows.length, 1);
      // the same key for a different request is refused
      const other = await post(manhole({ description: '另一个井盖' }), 'json', {
        'Idempotency-Key': 'retry-0001-abcdef',
      });
      assert.match(assertError(other, 400), /Idempotency-Key was used for a different request/);
      // without a key a repost is a second request
      const a = await post(manhole({ description: '无幂等键' }));
      const b = await post(manhole({ description: '无幂等键' }));
      assert.notEqual(a.body[0].service_request_id, b.body[0].service_request_id);
    });

    it('when a client queries requests, then the filters, the 90-day window and the pages follow the spec', async () => {
      const filed: string[] = [];
      for (const state of ['broken', 'displaced', 'missing']) {
        const r = await post(
          manhole({ 'attribute[cover_state]': state, description: `分页 ${state}` }),
        );
        filed.push(r.body[0].service_request_id);
      }
      const flood = await post({
        api_key: apiKey,
        service_code: 'waterlogging',
        ...HERE,
        'attribute[depth_cm]': '35',
        'attribute[place]': 'road',
      });
      assert.equal(flood.status, 200, JSON.stringify(flood.body));
      const floodId = flood.body[0].service_request_id;
      assert.deepEqual((await caseOf(floodId)).attributes, { depth_cm: 35, place: 'road' });

      const all = await getBoth('requests', ServiceRequestList, 'service_requests');
      assert.ok(all.length >= 5);
      assert.ok(all.every((r: { status: string }) => r.status === 'open'));
      // newest first
      assert.equal(all[0].service_request_id, floodId);
      const withoutDescription = all.find(
        (r: { service_request_id: string }) => r.service_request_id === floodId,
      );
      assert.equal(withoutDescription.description, null);

      // service_request_id (comma delimited) overrides every other argument, even a bad one
      const some = await getBoth(
        `requests?service_request_id=${filed[0]},${floodId},nonsense&status=closed&start_date=garbage&page_size=0`,
        ServiceRequestList,
        'service_requests',
      );
      assert.deepEqual(
        some.map((r: { service_request_id: string }) => r.service_request_id).sort(),
        [filed[0], floodId].sort(),
      );

      const floods = await getBoth(
        'requests?service_code=waterlogging',
        ServiceRequestList,
        'service_requests',
      );
      assert.deepEqual(
        floods.map((r: { service_request_id: string }) => r.service_request_id),
        [floodId],
      );
      const both = await getBoth(
        'requests?service_code=waterlogging,manhole-cover-missing&status=open',
        ServiceRequestList,
        'service_requests',
      );
      assert.equal(
        both.length,
        all.filter((r: { service_code: string }) =>
          ['waterlogging', 'manhole-cover-missing'].includes(r.service_code),
        ).length,
      );
      assert.deepEqual(
        await getBoth('requests?status=closed', ServiceRequestList, 'service_requests'),
        [],
      );
      assert.deepEqual(
        await getBoth('requests?status=open&status=closed', ServiceRequestList, 'service_requests'),
        all,
      );

      // dates: a window in the future is empty; one around now has them all
      const soon = new Date(Date.now() + 86_400_000).toISOString().slice(0, 19);
      assert.deepEqual(
        await getBoth(`requests?start_date=${soon}Z`, ServiceRequestList, 'service_requests'),
        [],
      );
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 19);
      const window = await getBoth(
        `requests?start_date=${yesterday}%2B00:00&end_date=${soon}Z`,
        ServiceRequestList,
        'service_requests',
      );
      assert.deepEqual(window, all);

      // pages (the page/page_size extension): 1-based, no overlap
      const p1 = await getBoth('requests?page_size=2', ServiceRequestList, 'service_requests');
      const p2 = await getBoth(
        'requests?page_size=2&page=2',
        ServiceRequestList,
        'service_requests',
      );
      assert.deepEqual([...p1, ...p2], all.slice(0, 4));
      assert.deepEqual(
        await getBoth('requests?page=1000', ServiceRequestList, 'service_requests'),
        [],
      );

      for (const [query, message] of [
        ['start_date=yesterday', /start_date must be a w3c date-time/],
        ['start_date=2026-01-01T00:00:00', /with a time zone/],
        ['end_date=2026-02-30T00:00:00Z', /end_date must be/],
        [
          'start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z',
          /end_date is before start_date/,
        ],
        ['start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', /more than 90 days/],
        ['page_size=0', /page_size must be an integer from 1 to 1000/],
        ['page_size=10000', /page_size must be an integer from 1 to 1000/],
        ['page_size=ten', /page_size/],
        ['page=0', /page must be an integer from 1/],
        ['status=pending', /status must be open or closed/],
        ['page_size=5&page_size=6', /page_size was sent 2 times/],
      ] as const) {
        for (const format of ['json', 'xml'] as const) {
          assert.match(
            assertError(await anon.get(`${V2}/requests.${format}?${query}`), 400, format),
            message,
            query,
          );
        }
      }
    });

    it('when a case was reported by a resident, then Open311 does not publish it', async () => {
      const r = await resident.post('/api/cases', {
        scenarioCode: 'drain-blocked',
        description: '我家楼下的下水道堵了，我是 3 号楼 502 的住户',
        lat: Number(HERE.lat),
        lng: Number(HERE.long),
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assertError(await anon.get(`${V2}/requests/${r.body.number}.json`), 404);
      const listed = await anon.get(`${V2}/requests.json?service_request_id=${r.body.number}`);
      assert.deepEqual(listed.body, []);
      const all = await anon.get(`${V2}/requests.json?page_size=500`);
      assert.ok(!JSON.stringify(all.body).includes('号楼'));
    });

    it('when operators act on requests, then status and status_notes follow: open until closed, merged or rejected', async () => {
      const db = tp.platform.database.db;
      const handlerId = (
        await db
          .selectFrom('accounts')
          .select('id')
          .where('username', '=', 'handler')
          .executeTakeFirstOrThrow()
      ).id;
      const file = async (description: string) => {
        const r = await post(manhole({ description }));
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const number = r.body[0].service_request_id as string;
        return { number, id: (await caseOf(number)).id };
      };
      const act = async (c: Client, id: string, body: object) => {
        const r = await c.post(`/api/cases/${id}/actions`, body);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body;
      };
      const read = async (number: string) => {
        const [r] = await getBoth(`requests/${number}`, ServiceRequestList, 'service_requests');
        return r;
      };

      // staff's note may name people and places: the public reads only its category
      const rejected = await file('状态：不予受理');
      const note = '非本市管辖范围，已电话告知张先生 13812345678';
      const badReason = await street.post(`/api/cases/${rejected.id}/actions`, {
        action: 'reject',
        note,
        rejectReason: 'because',
      });
      assert.equal(badReason.status, 400, JSON.stringify(badReason.body));
      assert.match(JSON.stringify(badReason.body), /rejectReason/);
      await act(street, rejected.id, { action: 'reject', note, rejectReason: 'out_of_scope' });
      const r1 = await read(rejected.number);
      assert.equal(r1.status, 'closed');
      assert.equal(r1.status_notes, '已驳回：不属受理范围 / Rejected: Out of scope');
      assert.equal(r1.service_notice, null);
      const all = await anon.get(`${V2}/requests.json?page_size=500`);
      assert.ok(!JSON.stringify(all.body).includes('张先生'), 'no note in any request');
      const noReason = await file('状态：驳回无类别');
      await act(street, noReason.id, { action: 'reject', note: '内部说明：重复' });
      assert.equal(
        (await read(noReason.number)).status_notes,
        '已驳回：其他原因 / Rejected: Other',
      );

      const duplicate = await file('状态：重复');
      const original = await file('状态：原件');
      await act(street, duplicate.id, { action: 'merge', targetCaseId: original.id });
      const r2 = await read(duplicate.number);
      assert.equal(r2.status, 'closed');
      assert.equal(
        r2.status_notes,
        `已合并至工单 ${original.number} / Merged into ${original.number}`,
      );
      assert.equal((await read(original.number)).status, 'open');

      const loop = await file('状态：全流程');
      const dispatched = await act(street, loop.id, {
        action: 'dispatch',
        assigneeId: handlerId,
        unitName: '黄浦区市政养护所',
      });
      let r3 = await read(loop.number);
      assert.equal(r3.status, 'open');
      assert.equal(r3.status_notes, '已派单 / Dispatched');
      assert.equal(r3.agency_responsible, '黄浦区市政养护所');
      assert.equal(
        Date.parse(r3.expected_datetime),
        Date.parse(dispatched.resolveDueAt.replace(/\.\d+Z$/, 'Z')),
      );
      await act(handler, loop.id, { action: 'accept' });
      assert.equal((await read(loop.number)).status_notes, '已接单 / Accepted');
      const jpeg = await sharp({
        create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 90, b: 90 } },
      })
        .jpeg()
        .toBuffer();
      const upload = new FormData();
      upload.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'after.jpg');
      const photo = await handler.post('/api/photos', upload);
      assert.equal(photo.status, 201, JSON.stringify(photo.body));
      await act(handler, loop.id, {
        action: 'resolve',
        photoIds: [photo.body.id],
        note: '已更换井盖',
      });
      r3 = await read(loop.number);
      assert.equal(r3.status, 'open', 'resolved is not closed until it is verified');
      assert.equal(r3.media_url, null, 'our photos are not public');
      const closed = await act(street, loop.id, { action: 'close' });
      r3 = await read(loop.number);
      assert.equal(r3.status, 'closed');
      assert.equal(r3.status_notes, '已结案 / Closed');
      assert.equal(r3.updated_datetime, r3.updated_datetime.replace(/\.\d+/, ''));
      assert.ok(Math.abs(Date.parse(r3.updated_datetime) - Date.parse(closed.updatedAt)) < 1000);

      const closedList = await getBoth(
        'requests?status=closed',
        ServiceRequestList,
        'service_requests',
      );
      assert.deepEqual(
        closedList.map((r: { service_request_id: string }) => r.service_request_id).sort(),
        [rejected.number, noReason.number, duplicate.number, loop.number].sort(),
      );
    });

    it('when a request is resolved and then verified, then its status_notes say 已办结 and then 已结案, as the web app does', async () => {
      const filed = await post(manhole({ description: '状态：办结与结案' }));
      assert.equal(filed.status, 200, JSON.stringify(filed.body));
      const number = filed.body[0].service_request_id as string;
      const { id } = await caseOf(number);
      const act = async (c: Client, body: object) => {
        const r = await c.post(`/api/cases/${id}/actions`, body);
        assert.equal(r.status, 200, JSON.stringify(r.body));
      };
      const notes = async () => {
        const [r] = await getBoth(`requests/${number}`, ServiceRequestList, 'service_requests');
        return r.status_notes as string;
      };
      await act(street, { action: 'dispatch', assigneeId: await accountId(tp, 'handler') });
      await act(handler, { action: 'accept' });
      await act(handler, { action: 'resolve', photoIds: [await uploadTestPhoto(handler)] });
      assert.equal(await notes(), '已办结 / Resolved');
      await act(street, { action: 'close' });
      assert.equal(await notes(), '已结案 / Closed');
    });
  });
}
