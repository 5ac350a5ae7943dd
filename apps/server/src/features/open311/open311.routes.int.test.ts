import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db/db';
import { createTestApp, XSS, type Client, type TestApp } from '../../test/harness';
import requestSchema from './schemas/request.json';
import requestsSchema from './schemas/requests.json';
import serviceSchema from './schemas/service.json';
import servicesSchema from './schemas/services.json';
import serviceDefinitionSchema from './schemas/service-definition.json';

// GeoReport v2 conformance: every endpoint in both formats; JSON validated against the official
// schemas (copied into ./schemas), XML content type and declaration, W3C times with Z, string ids,
// null (never "") for absent values, errors as the spec says, API keys and rate limits.

let t: TestApp;
let admin: Client;
let apiKey = '';
// logger off: ajv 6 warns that the official requests.json puts minItems beside a $ref (ignored, as the schema's authors' validators do).
const ajv = new Ajv({ allErrors: true, logger: false });
ajv.addSchema(requestSchema, 'request.json');
ajv.addSchema(serviceSchema, 'service.json');
const validators = {
  services: ajv.compile(servicesSchema),
  serviceDefinition: ajv.compile(serviceDefinitionSchema),
  requests: ajv.compile(requestsSchema),
};
const SERVICE = 'incident-01-02'; // 暴露垃圾
const POINT = { lat: '29.91', long: '119.625' };

beforeAll(async () => {
  t = await createTestApp({
    loginRateLimit: { max: 1000, windowMs: 60_000 },
    citizens: { submitPerMinute: 1000, readPerMinute: 1000, open311PerMinute: 1000, open311KeyPerMinute: 1000 },
  });
  admin = await t.login('admin');
  const res = await admin.post('/api/open311/keys', { name: `test client ${XSS}`, ratePerMinute: 1000 });
  expect(res.statusCode, res.body).toBe(201);
  apiKey = res.json().key;
});
afterAll(() => t.close());

function expectValid(validate: ReturnType<typeof ajv.compile>, body: unknown) {
  const ok = validate(body);
  expect(ok, JSON.stringify(validate.errors)).toBe(true);
}

/** No empty strings anywhere: absent values are null. */
function expectNoEmptyStrings(value: unknown, path = '$') {
  if (value === '') throw new Error(`empty string at ${path}`);
  if (Array.isArray(value)) value.forEach((v, i) => expectNoEmptyStrings(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) expectNoEmptyStrings(v, `${path}.${k}`);
}

const W3C_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function expectRequestShape(r: Record<string, unknown>) {
  expect(typeof r.service_request_id).toBe('string');
  expect(r.requested_datetime).toMatch(W3C_Z);
  for (const k of ['updated_datetime', 'expected_datetime'] as const) if (r[k] !== null) expect(r[k]).toMatch(W3C_Z);
  // Every element is emitted, absent ones as null.
  for (const k of [
    'status_notes',
    'service_name',
    'description',
    'agency_responsible',
    'service_notice',
    'updated_datetime',
    'expected_datetime',
    'address',
    'address_id',
    'zipcode',
    'lat',
    'long',
    'media_url',
  ]) {
    expect(r, k).toHaveProperty(k);
  }
  expectNoEmptyStrings(r);
}

const get = (url: string) => t.app.inject({ method: 'GET', url });
const post = (url: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    payload: new URLSearchParams(form).toString(),
  });

function expectXml(res: { headers: Record<string, unknown>; body: string }, root: string) {
  expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(res.body).toContain(`<${root}>`);
  expect(res.body).not.toContain('<script>');
}

let createdJson = '';
let createdXml = '';

describe('Open311 GeoReport v2', () => {
  it('discovery lists both formats, in JSON and XML', async () => {
    const json = await get('/open311/v2/discovery.json');
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const d = json.json();
    expect(d).toMatchObject({ changeset: expect.stringMatching(W3C_Z), contact: expect.any(String), key_service: expect.any(String) });
    expect(d.endpoints).toEqual([
      expect.objectContaining({
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: expect.stringMatching(/\/open311\/v2$/),
        type: 'test',
        formats: ['text/xml', 'application/json'],
      }),
    ]);
    const xml = await get('/open311/v2/discovery.xml');
    expectXml(xml, 'discovery');
    expect(xml.body).toContain('<endpoints><endpoint>');
    expect(xml.body).toContain('<formats><format>text/xml</format><format>application/json</format></formats>');
  });

  it('services validate against services.json; XML has the same list', async () => {
    const json = await get('/open311/v2/services.json');
    const services = json.json() as { service_code: string; metadata: boolean; type: string }[];
    expectValid(validators.services, services);
    expect(services.length).toBeGreaterThan(100);
    expect(services.find((s) => s.service_code === SERVICE)).toMatchObject({ type: 'realtime' });
    expectNoEmptyStrings(services);
    const xml = await get('/open311/v2/services.xml');
    expectXml(xml, 'services');
    expect(xml.body.match(/<service>/g)!.length).toBe(services.length);
    expect(xml.body).toContain(`<service_code>${SERVICE}</service_code>`);
    expect(xml.body).toMatch(/<metadata>(true|false)<\/metadata>/);
  });

  it('a service definition validates against service-definition.json; unknown codes are 404', async () => {
    const services = (await get('/open311/v2/services.json')).json() as { service_code: string; metadata: boolean }[];
    const withMeta = services.find((s) => s.metadata)!;
    for (const code of [withMeta.service_code, SERVICE]) {
      const json = await get(`/open311/v2/services/${code}.json`);
      expect(json.statusCode).toBe(200);
      const def = json.json();
      expectValid(validators.serviceDefinition, def);
      expect(def.service_code).toBe(code);
      for (const a of def.attributes) expect(a.datatype_description).toBeTruthy(); // never an empty leaf
      const xml = await get(`/open311/v2/services/${code}.xml`);
      expectXml(xml, 'service_definition');
    }
    const missing = await get('/open311/v2/services/incident-99-99.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: expect.any(String) }]);
    const missingXml = await get('/open311/v2/services/incident-99-99.xml');
    expect(missingXml.statusCode).toBe(404);
    expectXml(missingXml, 'errors');
    expect(missingXml.body).toContain('<error><code>404</code><description>');
  });

  it('POST requests needs a valid api_key (403), a known service (404), a location (400)', async () => {
    const base = { service_code: SERVICE, ...POINT, description: 'x' };
    for (const [form, status] of [
      [base, 403],
      [{ ...base, api_key: 'cw311_wrong' }, 403],
      [{ ...base, api_key: apiKey, service_code: 'incident-99-99' }, 404],
      [{ ...base, api_key: apiKey, service_code: '' }, 400],
      [{ api_key: apiKey, service_code: SERVICE, address_string: '人民路' }, 400],
      [{ ...base, api_key: apiKey, description: 'x'.repeat(4001) }, 400],
      [{ ...base, api_key: apiKey, description: 'bin\u0000ary' }, 400],
      [{ ...base, api_key: apiKey, lat: 'north' }, 400],
    ] as const) {
      const res = await post('/open311/v2/requests.json', form as Record<string, string>);
      expect(res.statusCode, `${JSON.stringify(form).slice(0, 80)} → ${res.body}`).toBe(status);
      expect(res.json()).toEqual([{ code: status, description: expect.any(String) }]);
    }
    const xml = await post('/open311/v2/requests.xml', { ...base });
    expect(xml.statusCode).toBe(403);
    expectXml(xml, 'errors');
  });

  it('POST requests in both formats returns a service_request_id (string) and no token', async () => {
    const form = {
      api_key: apiKey,
      service_code: SERVICE,
      ...POINT,
      description: `垃圾 ${XSS}`,
      first_name: '张',
      last_name: '三',
      phone: '13800000000',
      email: 'z@example.org',
      address_string: '人民路 12 号',
    };
    const json = await post('/open311/v2/requests.json', form);
    expect(json.statusCode, json.body).toBe(200);
    const [created] = json.json();
    expect(created).toEqual({
      service_request_id: expect.stringMatching(/^SF-\d{4}-\d{6}$/),
      service_notice: expect.stringMatching(/^跟踪码 Tracking code: [0-9A-Z]{5}-[0-9A-Z]{5}$/),
      account_id: null,
    });
    expect(created).not.toHaveProperty('token');
    createdJson = created.service_request_id;
    const xml = await post('/open311/v2/requests.xml', form);
    expectXml(xml, 'service_requests');
    createdXml = /<service_request_id>([^<]+)<\/service_request_id>/.exec(xml.body)![1]!;
    expect(xml.body).toContain('<account_id/>');
    expect(createdXml).not.toBe(createdJson);
  });

  it('GET requests/{id} validates; before moderation no text, only the approximate place, no personal data', async () => {
    const json = await get(`/open311/v2/requests/${createdJson}.json`);
    expect(json.statusCode).toBe(200);
    const body = json.json();
    expectValid(validators.requests, body);
    expect(body).toHaveLength(1);
    expectRequestShape(body[0]);
    expect(body[0]).toMatchObject({
      service_request_id: createdJson,
      status: 'open',
      service_code: SERVICE,
      description: null,
      address: '城关街道 文昌社区（大致位置）',
      media_url: null,
    });
    expect(json.body).not.toContain('人民路');
    expect(json.body).not.toMatch(/13800000000|z@example\.org|张 三/);
    const xml = await get(`/open311/v2/requests/${createdJson}.xml`);
    expectXml(xml, 'service_requests');
    expect(xml.body).toContain('<request>');
    expect(xml.body).toContain('<description/>');
    const missing = await get('/open311/v2/requests/SF-1999-000001.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()[0].code).toBe(404);
  });

  it('after acceptance the text is public, verbatim (markup as data); the rejected one closes with its reason', async () => {
    const queue = (await admin.get('/api/citizens/queue')).json().items as { caseId: number; number: string; version: number }[];
    const a = queue.find((q) => q.number === createdJson)!;
    const b = queue.find((q) => q.number === createdXml)!;
    expect((await admin.post(`/api/citizens/reports/${a.caseId}/accept`, { version: a.version })).statusCode).toBe(200);
    expect((await admin.post(`/api/citizens/reports/${b.caseId}/reject`, { version: b.version, reason: `不在本县 ${XSS}` })).statusCode).toBe(200);
    const body = (await get(`/open311/v2/requests.json?service_request_id=${createdJson},${createdXml}`)).json();
    expectValid(validators.requests, body);
    const [ra, rb] = [
      body.find((r: { service_request_id: string }) => r.service_request_id === createdJson),
      body.find((r: { service_request_id: string }) => r.service_request_id === createdXml),
    ];
    expect(ra).toMatchObject({ status: 'open', description: `垃圾 ${XSS}`, address: '人民路 12 号', status_notes: expect.stringContaining('已受理') });
    expect(rb).toMatchObject({ status: 'closed', description: null, status_notes: expect.stringContaining(`不在本县 ${XSS}`) });
    const xml = await get(`/open311/v2/requests/${createdJson}.xml`);
    expect(xml.body).toContain('<description>垃圾 &lt;script&gt;alert(1)&lt;/script&gt;</description>');
    const ext = (await get(`/open311/v2/requests/${createdXml}.json?extended_statuses=true`)).json();
    expect(ext[0].status).toBe('no_further_action');
  });

  it('GET requests: filters, paging, both formats, schema-valid', async () => {
    for (let i = 0; i < 3; i++)
      expect((await post('/open311/v2/requests.json', { api_key: apiKey, service_code: SERVICE, ...POINT, description: `第 ${i} 件` })).statusCode).toBe(200);
    const all = (await get('/open311/v2/requests.json')).json() as { service_request_id: string; status: string }[];
    expectValid(validators.requests, all);
    all.forEach(expectRequestShape);
    expect(all.length).toBe(5);
    const page1 = (await get('/open311/v2/requests.json?page=1&page_size=2')).json() as { service_request_id: string }[];
    const page3 = (await get('/open311/v2/requests.json?page=3&page_size=2')).json() as { service_request_id: string }[];
    expect(page1.map((r) => r.service_request_id)).toEqual(all.slice(0, 2).map((r) => r.service_request_id));
    expect(page3).toHaveLength(1);
    expect((await get('/open311/v2/requests.json?page=9&page_size=2')).json()).toEqual([]);
    expect(((await get('/open311/v2/requests.json?status=closed')).json() as unknown[]).length).toBe(1);
    expect(((await get('/open311/v2/requests.json?status=open')).json() as unknown[]).length).toBe(4);
    expect(((await get(`/open311/v2/requests.json?service_code=${SERVICE},facility-01-01`)).json() as unknown[]).length).toBe(5);
    expect(((await get('/open311/v2/requests.json?service_code=facility-01-01')).json() as unknown[]).length).toBe(0);
    // Empty parameters are absent parameters.
    expect(((await get('/open311/v2/requests.json?status=&service_code=&start_date=&end_date=')).json() as unknown[]).length).toBe(5);
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
    expect(((await get(`/open311/v2/requests.json?start_date=${iso(now - 3_600_000)}&end_date=${iso(now + 3_600_000)}`)).json() as unknown[]).length).toBe(5);
    expect(((await get(`/open311/v2/requests.json?start_date=${iso(now + 3_600_000)}`)).json() as unknown[]).length).toBe(0);
    for (const bad of ['status=pending', `start_date=${iso(now - 100 * 86_400_000)}&end_date=${iso(now)}`, 'start_date=yesterday', 'page_size=5000']) {
      const res = await get(`/open311/v2/requests.json?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json()[0].code).toBe(400);
    }
    const xml = await get('/open311/v2/requests.xml?page_size=2');
    expectXml(xml, 'service_requests');
    expect(xml.body.match(/<request>/g)!.length).toBe(2);
    expect(xml.body).toMatch(/<requested_datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z<\/requested_datetime>/);
  });

  it('tokens resolve a tracking code to its service_request_id, in both formats', async () => {
    const res = await post('/open311/v2/requests.json', { api_key: apiKey, service_code: SERVICE, ...POINT, description: 'token' });
    const [{ service_request_id, service_notice }] = res.json();
    const code = /([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(service_notice)![1]!;
    const json = await get(`/open311/v2/tokens/${code.replace('-', '')}.json`);
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual([{ service_request_id, token: code.replace('-', '') }]);
    const xml = await get(`/open311/v2/tokens/${code.replace('-', '')}.xml`);
    expectXml(xml, 'service_requests');
    expect(xml.body).toContain(`<service_request_id>${service_request_id}</service_request_id>`);
    expect((await get('/open311/v2/tokens/0000000000.json')).statusCode).toBe(404);
  });

  it('unknown resources and formats are 404 in the spec’s error format', async () => {
    for (const url of ['/open311/v2/nothing.json', '/open311/v2/requests/SF-1.html', '/open311/v2/services.yaml']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()[0].code).toBe(404);
    }
  });

  it('a revoked key is refused; a key over its per-minute limit gets 429 with Retry-After', async () => {
    const limited = (await admin.post('/api/open311/keys', { name: 'slow', ratePerMinute: 2 })).json() as { id: number; key: string };
    const form = { api_key: limited.key, service_code: SERVICE, ...POINT, description: 'rate' };
    expect((await post('/open311/v2/requests.json', form)).statusCode).toBe(200);
    expect((await post('/open311/v2/requests.json', form)).statusCode).toBe(200);
    const third = await post('/open311/v2/requests.xml', form);
    expect(third.statusCode).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expectXml(third, 'errors');
    expect((await admin.post(`/api/open311/keys/${limited.id}/revoke`)).statusCode).toBe(200);
    expect((await post('/open311/v2/requests.json', form)).statusCode).toBe(403);
    const keys = (await admin.get('/api/open311/keys')).json().items as { keyPrefix: string; isActive: boolean }[];
    expect(JSON.stringify(keys)).not.toContain(limited.key);
    expect(keys.find((k) => limited.key.startsWith(k.keyPrefix))!.isActive).toBe(false);
  });
});

describe('Open311 per-IP rate limit', () => {
  it('answers 429 with Retry-After in the spec’s format', async () => {
    const small = await createTestApp({ citizens: { submitPerMinute: 2, readPerMinute: 2, open311PerMinute: 2, open311KeyPerMinute: 60 } });
    try {
      for (let i = 0; i < 2; i++) expect((await small.app.inject({ method: 'GET', url: '/open311/v2/services.json' })).statusCode).toBe(200);
      const res = await small.app.inject({ method: 'GET', url: '/open311/v2/services.json' });
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.json()).toEqual([{ code: 429, description: expect.any(String) }]);
    } finally {
      await small.close();
    }
  });
});

/** A web build of one file: with it the static wildcard route exists, as in production. */
function webDistDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-open311-web-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  return dir;
}

describe('Open311 per-IP rate limit across routes', () => {
  it('one bucket per IP for the whole API: the 121st request in the minute is refused, whatever the routes', async () => {
    const app = await createTestApp({ webDist: webDistDir() });
    try {
      expect(app.config.citizens.open311PerMinute).toBe(120); // the documented default
      const calls: (() => Promise<{ statusCode: number }>)[] = [
        () => app.app.inject({ method: 'GET', url: '/open311/v2/discovery.json' }),
        () => app.app.inject({ method: 'GET', url: '/open311/v2/discovery.xml' }),
        () => app.app.inject({ method: 'GET', url: '/open311/v2/services/incident-99-99.json' }),
        () => app.app.inject({ method: 'GET', url: '/open311/v2/requests/SF-1999-000001.xml' }),
        () => app.app.inject({ method: 'GET', url: '/open311/v2/tokens/0000000000.json' }),
        () => app.app.inject({ method: 'GET', url: '/open311/v2/requests.json' }),
        () => app.app.inject({ method: 'GET', url: '/open311/v2/servicerequestupdates.xml' }),
        () => app.app.inject({ method: 'GET', url: '/open311/v2/nothing.json' }),
        () =>
          app.app.inject({
            method: 'POST',
            url: '/open311/v2/requests.json',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: 'service_code=x',
          }),
      ];
      for (let i = 0; i < 120; i++) {
        const res = await calls[i % calls.length]!();
        expect(res.statusCode, `request ${i + 1}`).not.toBe(429);
      }
      const refused = await app.app.inject({ method: 'GET', url: '/open311/v2/services.xml' });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expectXml(refused, 'errors');
      expect(refused.body).toContain('<error><code>429</code>');
      const post = await app.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'service_code=x',
      });
      expect(post.statusCode).toBe(429);
      expect(post.json()).toEqual([{ code: 429, description: expect.any(String) }]);
    } finally {
      await app.close();
    }
  });
});

describe('Open311 on the demo county', () => {
  const PUBLIC = 'https://cw.example.gov.cn';
  let demo: TestApp;
  const dget = (url: string, headers: Record<string, string> = {}) => demo.app.inject({ method: 'GET', url, headers });
  type Req = {
    service_request_id: string;
    status: string;
    address: string | null;
    lat: number;
    long: number;
    updated_datetime: string;
    media_url: string | null;
    description: string | null;
  };
  type Update = { update_id: string; service_request_id: string; status: string; updated_datetime: string; description: string; media_url: string | null };

  beforeAll(async () => {
    demo = await createTestApp(
      {
        webDist: webDistDir(),
        publicUrl: PUBLIC,
        loginRateLimit: { max: 1000, windowMs: 60_000 },
        citizens: { submitPerMinute: 1000, readPerMinute: 1000, open311PerMinute: 1000, open311KeyPerMinute: 1000 },
      },
      { demoCases: true },
    );
  });
  afterAll(() => demo.close());

  it('the demo’s citizen-source cases are citizen reports: listed by requests.json and in the moderation queue', async () => {
    const rows = rowsOf<{ cases: number; reports: number }>(
      await demo.database.db.execute(sql`select
      (select count(*)::int from cases where source = 'citizen') as cases,
      (select count(*)::int from citizen_reports r join cases c on c.id = r.case_id where c.source = 'citizen') as reports`),
    );
    expect(rows[0]!.cases).toBeGreaterThan(0);
    expect(rows[0]!.reports).toBe(rows[0]!.cases);
    const list = await dget('/open311/v2/requests.json');
    const body = list.json() as Req[];
    expectValid(validators.requests, body);
    body.forEach(expectRequestShape);
    expect(body.length).toBe(rows[0]!.cases);
    const admin = await demo.login('admin');
    const queue = (await admin.get('/api/citizens/queue')).json() as { items: { number: string }[]; total: number };
    const submitted = body.filter((r) => r.description === null && r.status === 'open');
    expect(queue.total).toBe(submitted.length);
    expect(queue.items.map((q) => q.number).sort()).toEqual(submitted.map((r) => r.service_request_id).sort());
  });

  it('public URLs come from PUBLIC_URL, never from the Host header', async () => {
    const evil = { host: 'evil.example', 'x-forwarded-host': 'evil.example' };
    const d = (await dget('/open311/v2/discovery.json', evil)).json();
    expect(d.endpoints[0].url).toBe(`${PUBLIC}/open311/v2`);
    const xml = await dget('/open311/v2/discovery.xml', evil);
    expect(xml.body).toContain(`<url>${PUBLIC}/open311/v2</url>`);
    const list = await dget('/open311/v2/requests.json', evil);
    expect(list.body).not.toContain('evil.example');
    const media = (list.json() as Req[]).map((r) => r.media_url).filter((m): m is string => m !== null);
    expect(media.length).toBeGreaterThan(0);
    for (const m of media) expect(m.startsWith(`${PUBLIC}/api/public/cases/`), m).toBe(true);
    const photo = await dget(media[0]!.slice(PUBLIC.length));
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toMatch(/^image\//);
    const updates = await dget('/open311/v2/servicerequestupdates.json', evil);
    expect(updates.body).not.toContain('evil.example');
    expect(updates.body).toContain(`${PUBLIC}/api/public/cases/`);
  });

  it('unknown GET paths answer in Open311’s format (XML for .xml), also beside the web app', async () => {
    for (const url of ['/open311/v2/services.html', '/open311/v2/requests.json/x', '/open311/v2/', '/open311/v2/services/a/b.json']) {
      const res = await dget(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toEqual([{ code: 404, description: expect.any(String) }]);
    }
    for (const url of ['/open311/v2/requests.xml/x', '/open311/v2/nothing.xml', '/open311/v2/requests/SF-1.xml/more']) {
      const res = await dget(url);
      expect(res.statusCode, url).toBe(404);
      expectXml(res, 'errors');
      expect(res.body).toContain('<error><code>404</code>');
    }
  });

  it('not-yet-moderated requests give their community and town as the address', async () => {
    const body = (await dget('/open311/v2/requests.json')).json() as Req[];
    const hidden = body.filter((r) => r.description === null);
    expect(hidden.length).toBeGreaterThan(0);
    for (const r of hidden) expect(r.address, r.service_request_id).toMatch(/^\S+(镇|街道) \S+(社区|村)（大致位置）$/);
    const en = (await dget(`/open311/v2/requests/${hidden[0]!.service_request_id}.json`, { 'accept-language': 'en' })).json() as Req[];
    expect(en[0]!.address).toMatch(/(社区|村) \(approximate\)$/);
    // The real address never leaks before moderation.
    expect(hidden.every((r) => !/号附近/.test(r.address!))).toBe(true);
    expect(body.some((r) => r.description !== null && /号附近/.test(r.address ?? ''))).toBe(true);
  });

  it('lat/long/radius keep the requests near a point (measured from the published point)', async () => {
    const all = (await dget('/open311/v2/requests.json')).json() as Req[];
    const p = all[0]!;
    const near = (await dget(`/open311/v2/requests.json?lat=${p.lat}&long=${p.long}&radius=3000`)).json() as Req[];
    expectValid(validators.requests, near);
    expect(near.map((r) => r.service_request_id)).toContain(p.service_request_id);
    const metres = (r: Req) => 111_320 * Math.hypot(r.lat - p.lat, (r.long - p.long) * Math.cos((p.lat * Math.PI) / 180));
    for (const r of near) expect(metres(r)).toBeLessThanOrEqual(3000);
    expect(near.length).toBe(all.filter((r) => metres(r) <= 3000).length);
    expect(near.length).toBeLessThan(all.length);
    expect((await dget('/open311/v2/requests.json?lat=31.2&long=121.5&radius=5000')).json()).toEqual([]);
    expect(((await dget(`/open311/v2/requests.json?lat=${p.lat}&long=${p.long}`)).json() as Req[]).length).toBeGreaterThan(0); // default radius
    for (const bad of ['lat=29.9', 'long=119.6', 'radius=100', 'lat=29.9&long=119.6&radius=-1', 'lat=29.9&long=119.6&radius=far']) {
      const res = await dget(`/open311/v2/requests.json?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json()[0].code).toBe(400);
    }
  });

  it('updated_after/updated_before select by updated_datetime, beyond the 90-day requested window', async () => {
    const all = (await dget('/open311/v2/requests.json')).json() as Req[];
    const times = [...new Set(all.map((r) => r.updated_datetime))].sort();
    const mid = times[Math.floor(times.length / 2)]!;
    const after = (await dget(`/open311/v2/requests.json?updated_after=${mid}`)).json() as Req[];
    expectValid(validators.requests, after);
    expect(after.length).toBe(all.filter((r) => r.updated_datetime > mid).length);
    expect(after.length).toBeGreaterThan(0);
    const before = (await dget(`/open311/v2/requests.json?updated_before=${mid}`)).json() as Req[];
    expect(before.length).toBe(all.filter((r) => r.updated_datetime <= mid).length);
    const xml = await dget(`/open311/v2/requests.xml?updated_after=${mid}`);
    expect(xml.body.match(/<request>/g)?.length ?? 0).toBe(after.length);
    const future = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    expect((await dget(`/open311/v2/requests.json?updated_after=${future}`)).json()).toEqual([]);
    expect((await dget('/open311/v2/requests.json?updated_after=soon')).statusCode).toBe(400);
    expect((await dget(`/open311/v2/requests.json?updated_after=${future}&updated_before=${mid}`)).statusCode).toBe(400);
  });

  it('servicerequestupdates (mySociety) lists status changes in both formats and follows a new one', async () => {
    const res = await dget('/open311/v2/servicerequestupdates.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const updates = res.json() as Update[];
    expect(updates.length).toBeGreaterThan(0);
    expectNoEmptyStrings(updates);
    for (const u of updates) {
      expect(Object.keys(u).sort()).toEqual(['description', 'media_url', 'service_request_id', 'status', 'update_id', 'updated_datetime']);
      expect(u.update_id).toMatch(/^\d+$/);
      expect(u.service_request_id).toMatch(/^SF-\d{4}-\d{6}$/);
      expect(['OPEN', 'CLOSED']).toContain(u.status);
      expect(u.updated_datetime).toMatch(W3C_Z);
    }
    const sorted = [...updates].sort((a, b) => a.updated_datetime.localeCompare(b.updated_datetime) || Number(a.update_id) - Number(b.update_id));
    expect(updates).toEqual(sorted);
    expect(updates.some((u) => u.status === 'CLOSED' && u.media_url === null)).toBe(true);
    const ext = (await dget('/open311/v2/servicerequestupdates.json?extended_statuses=true')).json() as Update[];
    expect(ext.some((u) => u.status === 'FIXED')).toBe(true);
    const xml = await dget('/open311/v2/servicerequestupdates.xml');
    expectXml(xml, 'service_request_updates');
    expect(xml.body.match(/<request_update>/g)!.length).toBe(updates.length);
    expect(xml.body).toMatch(/<request_update><update_id>\d+<\/update_id><service_request_id>SF-/);
    // A client following the feed: `after` the last id it saw, then the office accepts a report.
    const last = Math.max(...updates.map((u) => Number(u.update_id)));
    expect((await dget(`/open311/v2/servicerequestupdates.json?after=${last}`)).json()).toEqual([]);
    const firstId = updates[0]!.update_id;
    expect(((await dget(`/open311/v2/servicerequestupdates.json?after=${firstId}`)).json() as Update[]).map((u) => u.update_id)).not.toContain(firstId);
    const admin = await demo.login('admin');
    const [item] = (await admin.get('/api/citizens/queue')).json().items as { caseId: number; number: string; version: number }[];
    expect((await admin.post(`/api/citizens/reports/${item!.caseId}/accept`, { version: item!.version })).statusCode).toBe(200);
    const fresh = (await dget(`/open311/v2/servicerequestupdates.json?after=${last}&extended_statuses=true`)).json() as Update[];
    expect(fresh).toEqual([
      expect.objectContaining({ service_request_id: item!.number, status: 'INVESTIGATING', description: expect.stringContaining('已受理'), media_url: null }),
    ]);
    const since = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    expect(((await dget(`/open311/v2/servicerequestupdates.json?start_date=${since}`)).json() as Update[]).map((u) => u.service_request_id)).toContain(
      item!.number,
    );
    for (const bad of ['start_date=yesterday', 'after=-1', `start_date=${since}&end_date=2020-01-01T00:00:00Z`]) {
      const r = await dget(`/open311/v2/servicerequestupdates.json?${bad}`);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json()[0].code).toBe(400);
    }
  });
});
