import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  for (const k of ['status_notes', 'service_name', 'description', 'agency_responsible', 'service_notice', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url']) {
    expect(r, k).toHaveProperty(k);
  }
  expectNoEmptyStrings(r);
}

const get = (url: string) => t.app.inject({ method: 'GET', url });
const post = (url: string, form: Record<string, string>, headers: Record<string, string> = {}) => t.app.inject({
  method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers }, payload: new URLSearchParams(form).toString(),
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
    expect(d.endpoints).toEqual([expect.objectContaining({ specification: 'http://wiki.open311.org/GeoReport_v2', url: expect.stringMatching(/\/open311\/v2$/), type: 'test', formats: ['text/xml', 'application/json'] })]);
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
      [base, 403], [{ ...base, api_key: 'cw311_wrong' }, 403], [{ ...base, api_key: apiKey, service_code: 'incident-99-99' }, 404],
      [{ ...base, api_key: apiKey, service_code: '' }, 400], [{ api_key: apiKey, service_code: SERVICE, address_string: '人民路' }, 400],
      [{ ...base, api_key: apiKey, description: 'x'.repeat(4001) }, 400], [{ ...base, api_key: apiKey, description: 'bin\u0000ary' }, 400],
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
    const form = { api_key: apiKey, service_code: SERVICE, ...POINT, description: `垃圾 ${XSS}`, first_name: '张', last_name: '三', phone: '13800000000', email: 'z@example.org', address_string: '人民路 12 号' };
    const json = await post('/open311/v2/requests.json', form);
    expect(json.statusCode, json.body).toBe(200);
    const [created] = json.json();
    expect(created).toEqual({ service_request_id: expect.stringMatching(/^SF-\d{4}-\d{6}$/), service_notice: expect.stringMatching(/^跟踪码 Tracking code: [0-9A-Z]{5}-[0-9A-Z]{5}$/), account_id: null });
    expect(created).not.toHaveProperty('token');
    createdJson = created.service_request_id;
    const xml = await post('/open311/v2/requests.xml', form);
    expectXml(xml, 'service_requests');
    createdXml = /<service_request_id>([^<]+)<\/service_request_id>/.exec(xml.body)![1]!;
    expect(xml.body).toContain('<account_id/>');
    expect(createdXml).not.toBe(createdJson);
  });

  it('GET requests/{id} validates; before moderation no text, no address, no personal data', async () => {
    const json = await get(`/open311/v2/requests/${createdJson}.json`);
    expect(json.statusCode).toBe(200);
    const body = json.json();
    expectValid(validators.requests, body);
    expect(body).toHaveLength(1);
    expectRequestShape(body[0]);
    expect(body[0]).toMatchObject({ service_request_id: createdJson, status: 'open', service_code: SERVICE, description: null, address: null, media_url: null });
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
    const [ra, rb] = [body.find((r: { service_request_id: string }) => r.service_request_id === createdJson), body.find((r: { service_request_id: string }) => r.service_request_id === createdXml)];
    expect(ra).toMatchObject({ status: 'open', description: `垃圾 ${XSS}`, address: '人民路 12 号', status_notes: expect.stringContaining('已受理') });
    expect(rb).toMatchObject({ status: 'closed', description: null, status_notes: expect.stringContaining(`不在本县 ${XSS}`) });
    const xml = await get(`/open311/v2/requests/${createdJson}.xml`);
    expect(xml.body).toContain('<description>垃圾 &lt;script&gt;alert(1)&lt;/script&gt;</description>');
    const ext = (await get(`/open311/v2/requests/${createdXml}.json?extended_statuses=true`)).json();
    expect(ext[0].status).toBe('no_further_action');
  });

  it('GET requests: filters, paging, both formats, schema-valid', async () => {
    for (let i = 0; i < 3; i++) expect((await post('/open311/v2/requests.json', { api_key: apiKey, service_code: SERVICE, ...POINT, description: `第 ${i} 件` })).statusCode).toBe(200);
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
