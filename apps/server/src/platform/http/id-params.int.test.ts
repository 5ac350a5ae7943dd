import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ROLES, type RoleCode } from '@chuangwen/domain/auth/permissions';
import { BIGINT_ID_MAX, INT_ID_MAX } from '@chuangwen/domain/common/ids';
import { anonymous, createTestApp, type Client, type TestApp } from '../../test/harness';
import { DEMO_USERS } from '../../demo/demo-county';

// Issue 18, item 7: every id the API takes (path, query, body, arrays of ids) is checked by the one
// id schema of the domain, so a bad id is the caller's 4xx and never reaches the database as a 500.
// The walk is derived from the OpenAPI document, so a new route is covered without touching this file.

type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Parameter = { in: 'path' | 'query' | 'header' | 'cookie'; name: string; schema: Schema; required?: boolean };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The names the API gives ids: `id`, `siteId`, `nodeIds`, `upToId`…, and keyset cursors (the last id of a page). */
const ID_NAME = /(^id$|Id$|Ids$|^cursor$)/;

/** Out of the integer and bigint ranges, negative, zero, not a number, not an integer. */
const BAD_IDS: (number | string)[] = [2147483648, 9007199254740991, '9223372036854775808', -1, 0, 'abc', 1.5];

/** A valid id that exists nowhere: fills the other id fields, so nothing is found and nothing changes. */
const ABSENT_ID = INT_ID_MAX;

/** Schemas of a field, without `nullable` wrappers and single-branch unions. */
function leaf(schema: Schema): Schema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches?.length === 1) return leaf(branches[0]!);
  return schema;
}

/** Whether `value` is a valid value of an id schema as the document declares it. */
function declaredValid(schema: Schema, value: number | string): boolean {
  const s = leaf(schema);
  if (s.type === 'string' && s.format === 'uuid') return false; // none of BAD_IDS is a uuid
  if (s.type !== 'integer') return true; // a free-text filter named like an id (audit's entityId)
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) return false;
  const min = s.minimum ?? -Infinity;
  const max = s.maximum ?? Infinity;
  if (s.exclusiveMinimum === true ? n <= min : n < min) return false;
  if (typeof s.exclusiveMinimum === 'number' && n <= s.exclusiveMinimum) return false;
  return n <= max;
}

/** A plausible value for a schema (the target field aside), so the body's other fields pass where they can. */
function example(schema: Schema, name = ''): unknown {
  const s = leaf(schema);
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  const branches = s.anyOf ?? s.oneOf;
  if (branches?.length) return example(branches[0]!, name);
  if (s.allOf?.length) return example({ ...s, allOf: undefined, ...s.allOf[0] }, name);
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = example(s.properties?.[key] ?? {}, key);
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => example(s.items ?? {}, name));
    case 'integer':
    case 'number':
      if (ID_NAME.test(name)) return ABSENT_ID;
      return s.minimum !== undefined ? Math.max(s.minimum, s.type === 'integer' ? Math.ceil(s.minimum) : s.minimum) : 1;
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'date-time') return new Date().toISOString();
      if (s.format === 'date') return new Date().toISOString().slice(0, 10);
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    default:
      return null;
  }
}

/** A place in a body where an id goes: the property path and the id's schema. */
type Slot = { path: (string | number)[]; schema: Schema; branch: Schema[] };

/** Every id-like field of a body schema, inside nested objects, arrays and union branches. */
function idSlots(schema: Schema | undefined, path: (string | number)[] = [], branch: Schema[] = []): Slot[] {
  if (!schema) return [];
  const s = schema;
  const out: Slot[] = [];
  for (const option of s.anyOf ?? s.oneOf ?? []) out.push(...idSlots(option, path, [...branch, option]));
  for (const part of s.allOf ?? []) out.push(...idSlots(part, path, branch));
  if (s.type === 'array' && s.items) out.push(...idSlots(s.items, [...path, 0], branch));
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const c = leaf(child);
    if (ID_NAME.test(key) && (c.type === 'integer' || c.type === 'string')) out.push({ path: [...path, key], schema: child, branch });
    else if (ID_NAME.test(key) && c.type === 'array' && c.items) out.push({ path: [...path, key, 0], schema: c.items, branch });
    else out.push(...idSlots(child, [...path, key], branch));
  }
  return out;
}

/** A body that is plausible everywhere except `value` at the slot's path (along its union branches). */
function bodyWith(root: Schema, slot: Slot, value: unknown): unknown {
  const base = example(slot.branch.length ? { ...root, ...slot.branch[0], anyOf: undefined, oneOf: undefined } : root);
  let node = base as Record<string | number, unknown>;
  let schema: Schema | undefined = slot.branch.length ? slot.branch[0] : root;
  slot.path.forEach((step, i) => {
    const last = i === slot.path.length - 1;
    if (last) {
      node[step] = value;
      return;
    }
    schema = schema && leaf(schema);
    const next: Schema | undefined = typeof step === 'number' ? schema?.items : schema?.properties?.[step];
    const branchHere = slot.branch.find((b) => next && (next.anyOf ?? next.oneOf)?.includes(b));
    const chosen = branchHere ?? next;
    let child = node[step];
    if (child === undefined || child === null || typeof child !== 'object') {
      child = typeof slot.path[i + 1] === 'number' ? [] : (example(chosen ?? { type: 'object' }) ?? {});
      if (typeof child !== 'object' || child === null) child = typeof slot.path[i + 1] === 'number' ? [] : {};
    }
    if (Array.isArray(child) && child.length === 0 && typeof slot.path[i + 1] !== 'number') child = {};
    if (Array.isArray(child) && child.length === 0) child.push(example(leaf(chosen ?? {}).items ?? {}));
    node[step] = child;
    node = child as Record<string | number, unknown>;
    schema = chosen;
  });
  return base;
}

/** The filler of a path parameter that is not under test. */
function pathFiller(p: Parameter): string {
  const s = leaf(p.schema);
  if (s.enum?.length) return String(s.enum[0]);
  if (s.type === 'integer' || s.type === 'number') return String(ABSENT_ID);
  if (s.format === 'uuid') return randomUUID();
  return 'nothing-here';
}

/** One request of the walk: where the bad id went and the path the validation error must name. */
type Probe = { method: Method; url: string; route: string; body: unknown; field: string; valid: boolean; value: number | string };

function probes(doc: { paths: Record<string, Record<string, Operation>> }): Probe[] {
  const out: Probe[] = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase() as Method;
      if (!['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(method)) continue;
      const route = `${method} ${template.replace(/\{(\w+)\}/g, ':$1')}`;
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const query = params.filter((p) => p.in === 'query');
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const baseBody = bodySchema ? example(bodySchema) : method === 'GET' || method === 'DELETE' ? undefined : {};
      const requiredQuery = Object.fromEntries(query.filter((p) => p.required).map((p) => [p.name, String(example(p.schema, p.name))]));
      const build = (pathValues: Record<string, string>, q: Record<string, string>) => {
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
          encodeURIComponent(pathValues[name] ?? pathFiller(pathParams.find((p) => p.name === name)!)),
        );
        const search = new URLSearchParams({ ...requiredQuery, ...q }).toString();
        return search ? `${path}?${search}` : path;
      };
      for (const value of BAD_IDS) {
        for (const p of [...pathParams, ...query].filter((x) => ID_NAME.test(x.name))) {
          const url = p.in === 'path' ? build({ [p.name]: String(value) }, {}) : build({}, { [p.name]: String(value) });
          const where = p.in === 'path' ? 'params' : 'querystring';
          out.push({ method, url, route, body: baseBody, field: `${where}.${p.name}`, valid: declaredValid(p.schema, value), value });
        }
        for (const slot of idSlots(bodySchema)) {
          out.push({
            method,
            url: build({}, {}),
            route,
            body: bodyWith(bodySchema!, slot, value),
            field: slot.path.join('.'),
            valid: declaredValid(slot.schema, value),
            value,
          });
        }
      }
    }
  }
  return out;
}

let t: TestApp;
let doc: { paths: Record<string, Record<string, Operation>> };
const callers = new Map<string, Client>();

beforeAll(async () => {
  // Rate limits would answer 429 before validation; the walk is about validation.
  const lifted = { submitPerMinute: 100_000, readPerMinute: 100_000, open311PerMinute: 100_000, open311KeyPerMinute: 100_000 };
  t = await createTestApp({ loginRateLimit: { max: 1000, windowMs: 60_000 }, citizens: lifted });
  doc = (await anonymous(t.app).get('/api/openapi.json')).json();
  for (const user of DEMO_USERS) callers.set(user.role, await t.login(user.username));
});
afterAll(() => t.close());

/** Who calls a route: nobody for public routes, else the office admin, or a demo user holding the permission the admin lacks. */
function callerFor(route: string): Client {
  const [method, url] = route.split(' ');
  const access = t.app.routeAccess.find((r) => r.method === method && r.url === url);
  if (!access || access.auth === 'public') return anonymous(t.app);
  const role = (['officeAdmin', ...Object.keys(SYSTEM_ROLES)] as RoleCode[]).find((r) => !access.permission || SYSTEM_ROLES[r].includes(access.permission));
  return callers.get(role ?? 'officeAdmin')!;
}

describe('ids on every route of the OpenAPI document', () => {
  it('the domain id schema matches the database columns', () => {
    expect(INT_ID_MAX).toBe(2 ** 31 - 1); // PostgreSQL integer
    expect(BIGINT_ID_MAX).toBe(Number.MAX_SAFE_INTEGER); // bigint ids, read as JS numbers
  });

  it('finds the id-like fields: path, query, body and arrays of ids', () => {
    const all = probes(doc);
    const fields = new Set(all.map((p) => `${p.route} ${p.field}`));
    // Spot checks that the walk sees what issue 18 found (it walks many more).
    for (const f of [
      'GET /api/units/:id params.id',
      'GET /api/cases querystring.siteId',
      'GET /api/users querystring.unitId',
      'POST /api/inspections/checklists/derive frameworkId',
      'GET /api/public/exposures/:id params.id',
      'POST /api/frameworks/:id/responsibilities/bulk nodeIds.0',
      'POST /api/inspections/rounds/:id/allot items.0.siteId',
      'GET /api/cases querystring.cursor',
      'GET /api/audit querystring.cursor',
    ])
      expect(fields, f).toContain(f);
    expect(new Set(all.map((p) => p.route)).size).toBeGreaterThan(80);
  });

  it('never answers 500; an id outside its declared range is a 400 naming the field', async () => {
    const failures: string[] = [];
    for (const probe of probes(doc)) {
      const client = callerFor(probe.route);
      const res = await client.request(probe.method, probe.url, probe.body).catch((e: Error) => e);
      if (res instanceof Error) {
        failures.push(`${probe.route} ${probe.field}=${JSON.stringify(probe.value)} → ${res.message}`);
        continue;
      }
      const what = `${probe.route} ${probe.field}=${JSON.stringify(probe.value)} → ${res.statusCode} ${res.body.slice(0, 160)}`;
      if (res.statusCode >= 500) {
        failures.push(what);
        continue;
      }
      // In range but absent: 404, the route's own 4xx, or an empty list where the id filters one.
      if (probe.valid) continue;
      // Out of range: a 400 with one entry for the field (one entry per bad field, docs/API.md).
      const error = res.json().error as { code: string; details: { path: string; message: string }[] | null };
      const named =
        res.statusCode === 400 &&
        error.code === 'validation_failed' &&
        (error.details ?? []).filter((d) => d.path === probe.field && d.message.length > 0).length === 1;
      if (!named) failures.push(what);
    }
    expect(failures).toEqual([]);
  });

  it('says what is wrong with an id, in Chinese and in English', async () => {
    const admin = callers.get('officeAdmin')!;
    const zh = await admin.get('/api/units/2147483648');
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.details).toEqual([{ path: 'params.id', message: expect.stringContaining('2147483647') }]);
    admin.lang = 'en';
    const en = await admin.get('/api/users?unitId=abc');
    admin.lang = 'zh-CN';
    expect(en.statusCode).toBe(400);
    expect(en.json().error.details).toEqual([{ path: 'querystring.unitId', message: expect.stringMatching(/[a-z]/) }]);
    const pub = await anonymous(t.app).get('/api/public/exposures/2147483648');
    expect(pub.statusCode).toBe(400);
  });
});
