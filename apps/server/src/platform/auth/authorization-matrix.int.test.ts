import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleCode } from '@chuangwen/domain/auth/permissions';
import { anonymous, createTestApp, type Client, type TestApp } from '../../test/harness';

// Written by hand from the roles' intent, not derived from the permission table: if a role
// bundle or a route's permission changes, this table must be changed on purpose.
const ALL: RoleCode[] = ['officeAdmin', 'leader', 'inspector', 'unitManager', 'unitHandler', 'gridWorker'];
const PUBLIC = 'public' as const;
const EXPECTED: Record<string, RoleCode[] | typeof PUBLIC> = {
  'GET /api/health': PUBLIC,
  'GET /api/config': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': ALL,
  'GET /api/auth/me': ALL,
  'POST /api/auth/password': ALL,
  'PATCH /api/auth/profile': ALL,
  'GET /api/units': ALL,
  'GET /api/units/export.xlsx': ALL,
  'GET /api/units/geojson': ALL,
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
  // Custom roles: only the office admin holds role.manage.
  'POST /api/roles': ['officeAdmin'],
  'PATCH /api/roles/:code': ['officeAdmin'],
  'DELETE /api/roles/:code': ['officeAdmin'],
  'GET /api/audit': ['officeAdmin', 'leader'],
  'POST /api/files': ALL,
  'GET /api/files/:id': ALL,
  'GET /api/files/:id/thumb': ALL,
  // Cases: every role holds case.view (row scope decides which cases); the funnel decides actions.
  'POST /api/cases': ['officeAdmin', 'inspector', 'gridWorker'],
  'GET /api/cases': ALL,
  'GET /api/cases/inbox': ALL,
  'GET /api/cases/map': ALL,
  'GET /api/cases/export.xlsx': ALL,
  'GET /api/cases/routing-proposal': ALL,
  'GET /api/cases/:id': ALL,
  'GET /api/cases/:id/photos/:fileId': ALL,
  'GET /api/cases/:id/photos/:fileId/thumb': ALL,
  'POST /api/cases/:id/actions/:action': ALL,
  'GET /api/case-categories': ALL,
  'GET /api/metrics/units': ALL,
  'GET /api/calendar/status': ALL,
  'GET /api/calendar/years/:year': ALL,
  'PUT /api/calendar/years/:year': ['officeAdmin'],
  'GET /api/notifications': ALL,
  'GET /api/notifications/unread': ALL,
  'POST /api/notifications/read': ALL,
  // Evaluation framework: everyone reads the tree; the office edits and reviews; units submit
  // evidence (and their managers self-assess the criteria they lead); office and leaders see scores.
  'GET /api/frameworks': ALL,
  'POST /api/frameworks': ['officeAdmin'],
  'POST /api/frameworks/import': ['officeAdmin'],
  'POST /api/frameworks/import.xlsx': ['officeAdmin'],
  'GET /api/frameworks/template.xlsx': ALL,
  'GET /api/frameworks/:id': ALL,
  'PATCH /api/frameworks/:id': ['officeAdmin'],
  'GET /api/frameworks/:id/export.json': ALL,
  'GET /api/frameworks/:id/export.xlsx': ALL,
  'POST /api/frameworks/:id/publish': ['officeAdmin'],
  'POST /api/frameworks/:id/clone': ['officeAdmin'],
  'GET /api/frameworks/:id/nodes': ALL,
  'GET /api/frameworks/:id/nodes/:nodeId': ALL,
  'POST /api/frameworks/:id/nodes': ['officeAdmin'],
  'PATCH /api/frameworks/:id/nodes/:nodeId': ['officeAdmin'],
  'DELETE /api/frameworks/:id/nodes/:nodeId': ['officeAdmin'],
  'GET /api/frameworks/:id/responsibilities': ALL,
  'PUT /api/frameworks/:id/responsibilities/:nodeId': ['officeAdmin'],
  'DELETE /api/frameworks/:id/responsibilities/:nodeId': ['officeAdmin'],
  'POST /api/frameworks/:id/responsibilities/bulk': ['officeAdmin'],
  'GET /api/frameworks/:id/responsibilities/export.xlsx': ALL,
  'POST /api/frameworks/:id/responsibilities/import': ['officeAdmin'],
  'GET /api/frameworks/:id/my-responsibilities': ['unitManager', 'unitHandler'],
  'GET /api/frameworks/:id/evidence': ALL,
  'GET /api/frameworks/:id/evidence/progress': ALL,
  'POST /api/frameworks/:id/nodes/:nodeId/evidence': ['unitManager', 'unitHandler'],
  'POST /api/frameworks/:id/nodes/:nodeId/evidence/file': ['unitManager', 'unitHandler'],
  'POST /api/frameworks/:id/evidence/:evidenceId/review': ['officeAdmin'],
  'GET /api/frameworks/:id/self-assessments': ALL,
  'PUT /api/frameworks/:id/self-assessments/:nodeId': ['officeAdmin', 'unitManager'],
  'GET /api/frameworks/:id/self-assessments/:nodeId/history': ALL,
  'GET /api/frameworks/:id/score': ['officeAdmin', 'leader'],
  'GET /api/frameworks/:id/score/gaps': ['officeAdmin', 'leader'],
  'GET /api/frameworks/:id/score/point-loss': ['officeAdmin', 'leader'],
  'GET /api/frameworks/:id/score/summary': ['officeAdmin', 'leader'],
  'GET /api/frameworks/:id/score-rules': ['officeAdmin', 'leader'],
  'PUT /api/frameworks/:id/score-rules': ['officeAdmin'],
  // Inspections: office and leaders read; the office plans, manages sites and issues notices;
  // inspectors (and the office admin, when on a team) do field work — the team decides the rows;
  // units read and answer their notices.
  'GET /api/sites': ['officeAdmin', 'leader'],
  'GET /api/sites/map': ['officeAdmin', 'leader'],
  'GET /api/sites/export.xlsx': ['officeAdmin', 'leader'],
  'POST /api/sites/import': ['officeAdmin'],
  'GET /api/sites/:id': ['officeAdmin', 'leader'],
  'POST /api/sites': ['officeAdmin'],
  'PATCH /api/sites/:id': ['officeAdmin'],
  'GET /api/inspections/checklists': ['officeAdmin', 'leader'],
  'POST /api/inspections/checklists/derive': ['officeAdmin'],
  'POST /api/inspections/checklists/reorder': ['officeAdmin'],
  'PATCH /api/inspections/checklists/:id': ['officeAdmin'],
  'GET /api/inspections/rounds': ['officeAdmin', 'leader'],
  'POST /api/inspections/rounds': ['officeAdmin'],
  'GET /api/inspections/rounds/:id': ['officeAdmin', 'leader'],
  'PATCH /api/inspections/rounds/:id': ['officeAdmin'],
  'POST /api/inspections/rounds/:id/teams': ['officeAdmin'],
  'PUT /api/inspections/teams/:id': ['officeAdmin'],
  'DELETE /api/inspections/teams/:id': ['officeAdmin'],
  'POST /api/inspections/rounds/:id/allot': ['officeAdmin'],
  'GET /api/inspections/rounds/:id/assignments': ['officeAdmin', 'leader'],
  'GET /api/inspections/assignments/:id': ['officeAdmin', 'leader'],
  'GET /api/inspections/rounds/:id/results': ['officeAdmin', 'leader'],
  'GET /api/inspections/field': ['officeAdmin', 'inspector'],
  'GET /api/inspections/field/assignments/:id': ['officeAdmin', 'inspector'],
  'POST /api/inspections/photos': ['officeAdmin', 'inspector'],
  'POST /api/inspections/sync': ['officeAdmin', 'inspector'],
  'POST /api/inspections/rounds/:id/notices': ['officeAdmin'],
  'GET /api/inspections/notices': ['officeAdmin', 'leader', 'unitManager', 'unitHandler'],
  'GET /api/inspections/notices/:id': ['officeAdmin', 'leader', 'unitManager', 'unitHandler'],
  'POST /api/inspections/notices/:id/actions/:action': ['officeAdmin', 'leader', 'unitManager', 'unitHandler'],
  'GET /api/inspections/notices/:id/document.docx': ['officeAdmin', 'leader', 'unitManager', 'unitHandler'],
  // Citizens (issue 6): the public page's routes need no sign-in (per-IP limits instead); the office
  // moderates, redacts, publishes on the exposure board and issues Open311 keys; leaders read statistics.
  'GET /api/public/categories': PUBLIC,
  'GET /api/public/areas': PUBLIC,
  'POST /api/public/reports': PUBLIC,
  'GET /api/public/reports': PUBLIC,
  'GET /api/public/reports/:code': PUBLIC,
  'GET /api/public/reports/:code/photos/:fileId': PUBLIC,
  'GET /api/public/reports/:code/photos/:fileId/thumb': PUBLIC,
  'GET /api/public/cases/:number/photos/:fileId': PUBLIC,
  'GET /api/public/cases/:number/photos/:fileId/thumb': PUBLIC,
  'GET /api/public/exposures': PUBLIC,
  'GET /api/public/exposures/:id': PUBLIC,
  'GET /api/public/exposures/:id/photos/:fileId': PUBLIC,
  'GET /api/public/exposures/:id/photos/:fileId/thumb': PUBLIC,
  'GET /api/citizens/queue': ['officeAdmin'],
  'POST /api/citizens/reports/:caseId/accept': ['officeAdmin'],
  'POST /api/citizens/reports/:caseId/reject': ['officeAdmin'],
  'POST /api/citizens/reports/:caseId/merge': ['officeAdmin'],
  'GET /api/citizens/cases/:caseId/photos': ['officeAdmin'],
  'POST /api/citizens/cases/:caseId/photos/:fileId/redact': ['officeAdmin'],
  'GET /api/citizens/cases/:caseId/redactions/:fileId': ['officeAdmin'],
  'GET /api/citizens/cases/:caseId/redactions/:fileId/thumb': ['officeAdmin'],
  'GET /api/citizens/stats': ['officeAdmin', 'leader'],
  'GET /api/exposures': ['officeAdmin'],
  'POST /api/exposures': ['officeAdmin'],
  'POST /api/exposures/:id/withdraw': ['officeAdmin'],
  'GET /api/open311/keys': ['officeAdmin'],
  'POST /api/open311/keys': ['officeAdmin'],
  'POST /api/open311/keys/:id/revoke': ['officeAdmin'],
  // Command dashboard and red and black lists: office and leaders; documents: the office.
  'GET /api/dashboard/kpis': ['officeAdmin', 'leader'],
  'GET /api/dashboard/trend': ['officeAdmin', 'leader'],
  'GET /api/dashboard/categories': ['officeAdmin', 'leader'],
  'GET /api/dashboard/inspections': ['officeAdmin', 'leader'],
  'GET /api/dashboard/events': ['officeAdmin', 'leader'],
  'GET /api/rankings': ['officeAdmin', 'leader'],
  'GET /api/reports/work-summary/draft': ['officeAdmin'],
  'POST /api/reports/work-summary.docx': ['officeAdmin'],
  // Bulletins: the office generates and publishes; leaders and the units read the published ones.
  'GET /api/bulletins': ['officeAdmin', 'leader', 'unitManager', 'unitHandler'],
  'POST /api/bulletins': ['officeAdmin'],
  'GET /api/bulletins/:id': ['officeAdmin', 'leader', 'unitManager', 'unitHandler'],
  'PATCH /api/bulletins/:id': ['officeAdmin'],
  'POST /api/bulletins/:id/publish': ['officeAdmin'],
  'GET /api/bulletins/:id/document.docx': ['officeAdmin', 'leader', 'unitManager', 'unitHandler'],
  'GET /api/bulletins/:id/document.pdf': ['officeAdmin', 'leader', 'unitManager', 'unitHandler'],
  // Document templates (工作总结 wording): the office edits and restores; leaders read the template,
  // its history and the preview figures.
  'GET /api/templates/work-summary': ['officeAdmin', 'leader'],
  'PUT /api/templates/work-summary': ['officeAdmin'],
  'GET /api/templates/work-summary/versions': ['officeAdmin', 'leader'],
  'GET /api/templates/work-summary/versions/:id': ['officeAdmin', 'leader'],
  'POST /api/templates/work-summary/versions/:id/restore': ['officeAdmin'],
  'GET /api/templates/work-summary/figures': ['officeAdmin', 'leader'],
  // Ledger exports: office, leaders and unit staff; each kind also needs its read permission (checked in the service).
  'GET /api/exports': ['officeAdmin', 'leader', 'unitManager', 'unitHandler'],
  'POST /api/exports': ['officeAdmin', 'leader', 'unitManager', 'unitHandler'],
  'GET /api/exports/:id': ['officeAdmin', 'leader', 'unitManager', 'unitHandler'],
  'GET /api/exports/:id/file': ['officeAdmin', 'leader', 'unitManager', 'unitHandler'],
};

const USERNAME: Record<RoleCode, string> = {
  officeAdmin: 'admin',
  leader: 'leader',
  inspector: 'inspector',
  unitManager: 'manager',
  unitHandler: 'handler',
  gridWorker: 'grid',
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
// Ids and codes that exist nowhere: an allowed caller gets 404 or 400, a refused one 403, and nothing changes.
const concrete = (url: string) => url.replace(':id', '999999').replace(':code', 'noSuchCode');

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
