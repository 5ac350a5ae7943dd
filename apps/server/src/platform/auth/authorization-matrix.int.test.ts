import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleCode } from '@chuangwen/domain/auth/permissions';
import { anonymous, createTestApp, type Client, type TestApp } from '../../test/harness';

// Written by hand from the roles' intent, not derived from the permission table: if a role
// bundle or a route's permission changes, this table must be changed on purpose.
const ALL: RoleCode[] = ['officeAdmin', 'leader', 'inspector', 'unitManager', 'unitHandler', 'gridWorker'];
const PUBLIC = 'public' as const;
const EXPECTED: Record<string, RoleCode[] | typeof PUBLIC> = {
  'GET /api/health': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': ALL,
  'GET /api/auth/me': ALL,
  'POST /api/auth/password': ALL,
  'PATCH /api/auth/profile': ALL,
  'GET /api/units': ALL,
  'GET /api/units/export.xlsx': ALL,
  'GET /api/units/:id': ALL,
  'POST /api/units': ['officeAdmin'],
  'POST /api/units/import': ['officeAdmin'],
  'PATCH /api/units/:id': ['officeAdmin'],
  'DELETE /api/units/:id': ['officeAdmin'],
  'GET /api/users': ['officeAdmin', 'leader', 'unitManager'],
  'GET /api/users/:id': ['officeAdmin', 'leader', 'unitManager'],
  'POST /api/users': ['officeAdmin'],
  'PATCH /api/users/:id': ['officeAdmin'],
  'POST /api/users/:id/reset-password': ['officeAdmin'],
  'POST /api/users/:id/unlock': ['officeAdmin'],
  'GET /api/roles': ['officeAdmin', 'leader', 'unitManager'],
  'GET /api/audit': ['officeAdmin', 'leader'],
  'POST /api/files': ALL,
  'GET /api/files/:id': ALL,
  'GET /api/files/:id/thumb': ALL,
};

const USERNAME: Record<RoleCode, string> = {
  officeAdmin: 'admin', leader: 'leader', inspector: 'inspector', unitManager: 'manager', unitHandler: 'handler', gridWorker: 'grid',
};

let t: TestApp;
const clients = new Map<RoleCode, Client>();
beforeAll(async () => {
  t = await createTestApp({ loginRateLimit: { max: 1000, windowMs: 60_000 } });
  for (const role of ALL) clients.set(role, await t.login(USERNAME[role]));
});
afterAll(() => t.close());

const routes = () => t.app.routeAccess.filter((r) => !r.url.startsWith('/api/docs'));
const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
// Ids that exist nowhere: an allowed caller gets 404 or 400, a refused one 403, and nothing changes.
const concrete = (url: string) => url.replace(':id', '999999');

describe('authorization matrix', () => {
  it('covers every route and nothing else', () => {
    expect(routes().map(key).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('turns anonymous callers away from every non-public route', async () => {
    for (const route of routes()) {
      const res = await anonymous(t.app).request(route.method as 'GET', concrete(route.url), route.method === 'GET' ? undefined : {});
      if (EXPECTED[key(route)] === PUBLIC) expect(res.statusCode, key(route)).not.toBe(401);
      else expect(res.statusCode, key(route)).toBe(401);
    }
  });

  for (const role of ALL) {
    it(`lets ${role} call exactly its routes`, async () => {
      const client = clients.get(role)!;
      // Logout last, or it would end the session the rest of the walk needs.
      const ordered = routes().sort((a, b) => Number(a.url.endsWith('logout')) - Number(b.url.endsWith('logout')));
      for (const route of ordered) {
        const expected = EXPECTED[key(route)];
        if (expected === PUBLIC) continue;
        const res = await client.request(route.method as 'GET', concrete(route.url), route.method === 'GET' ? undefined : {});
        const allowed = res.statusCode !== 403 && res.statusCode !== 401;
        expect(allowed, `${role} ${key(route)} → ${res.statusCode} ${res.body.slice(0, 120)}`).toBe(expected!.includes(role));
      }
    });
  }
});
