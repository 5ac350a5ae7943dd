// The one permission table. Routes declare one of these; roles are bundles of them; grants bind a
// role to a user on a unit subtree. Nothing else decides who may do what. Each feature lists its own
// permissions beside its schemas (<feature>/<feature>.permissions.ts); this file composes them and
// says which system role holds which — the roles are one policy across features, kept in one place.
import { CASE_PERMISSIONS } from '../cases/case.workflow';
import { UNIT_PERMISSIONS } from '../units/unit.permissions';
import { USER_PERMISSIONS } from '../users/user.permissions';
import { AUDIT_PERMISSIONS } from '../audit/audit.permissions';
import { CASE_EXTRA_PERMISSIONS } from '../cases/case.permissions';
import { CALENDAR_PERMISSIONS } from '../calendar/calendar.permissions';
import { FRAMEWORK_PERMISSIONS } from '../framework/framework.permissions';
import { CITIZEN_PERMISSIONS } from '../citizens/citizen.permissions';
import { INSPECTION_PERMISSIONS } from '../inspections/inspection.permissions';
import { DASHBOARD_PERMISSIONS } from '../dashboard/dashboard.permissions';
import { EXPORT_PERMISSIONS } from '../exports/export.permissions';
import { TEMPLATE_PERMISSIONS } from '../templates/template.permissions';
import type { CaseSource } from '../cases/case.schemas';

export const PERMISSIONS = [
  ...UNIT_PERMISSIONS,
  ...USER_PERMISSIONS,
  ...AUDIT_PERMISSIONS,
  ...CASE_PERMISSIONS,
  ...CASE_EXTRA_PERMISSIONS,
  ...CALENDAR_PERMISSIONS,
  ...FRAMEWORK_PERMISSIONS,
  ...CITIZEN_PERMISSIONS,
  ...INSPECTION_PERMISSIONS,
  ...DASHBOARD_PERMISSIONS,
  ...EXPORT_PERMISSIONS,
  ...TEMPLATE_PERMISSIONS,
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_CODES = ['officeAdmin', 'leader', 'inspector', 'unitManager', 'unitHandler', 'gridWorker'] as const;

export type RoleCode = (typeof ROLE_CODES)[number];

const viewAll = PERMISSIONS.filter((p) => p.endsWith('.view'));

/**
 * Seed (system) roles, kept in sync at start-up; their names come from the i18n labels. An office
 * defines its own roles through the API (role.manage); those live only in the database.
 */
// Case permissions per role (the workflow's `actor` flags narrow them further: office actions need a
// grant on the county root, unit actions a grant covering the case's responsible unit):
// - officeAdmin: every case action — the office is both command (accept, dispatch) and supervision.
// - leader: reads cases and metrics (case.view via viewAll); leaders steer, they do not handle.
// - inspector: finds problems (create) anywhere in the county (createAnywhere: inspections cross
//   towns), verifies fixes on site (verify) and pushes slow ones (urge).
// - unitManager: the unit's cases: rectify (incl. return and extension requests, which are
//   rectify-level actions in the workflow table) and delegate down to sub-units (town → community).
// - unitHandler: works the unit's cases: rectify, return, request extensions; cannot delegate.
// - gridWorker: patrols a grid and reports (create) within its grants only, and follows what it
//   reported (view). No verify: verification is a supervision (office) act in the workflow, and a grid worker's grant is
//   on a community, so the permission would never apply.
// Framework permissions per role (row-level rules in apps/server/src/features/framework/framework.policy.ts):
// - framework.view: everyone reads the framework; responsibilities, evidence and self-assessments
//   are limited to criteria whose lead or supporting unit lies in the caller's subtrees.
// - evidence.submit: the units that answer for a criterion (unitManager, unitHandler). Not the
//   office: it reviews what units submit and does not submit on their behalf.
// - selfAssessment.enter: the office for every criterion, and a unit manager for the criteria
//   their unit LEADS (supporting units give evidence, the lead unit answers for the status).
// - score.view: office and leaders (leader via viewAll).
// Inspection permissions per role:
// - officeAdmin: plans, manages sites, issues and decides notices; may conduct when on a team. Not
//   notice.handle: units answer notices, the office does not answer on their behalf.
// - leader: reads (inspection.view, notice.view via viewAll).
// - inspector: inspection.conduct — only at the sites allotted to their teams, in the teams' towns.
// - unitManager, unitHandler: read and answer their units' notices.
// role.manage: the office admin only; it is administrative (isAdministrative), so only a holder
// can grant a role that carries it, and a role can only bundle permissions its editor holds.
// ledger.export: office, leaders and unit staff keep ledgers (台账) of what they may read; field
// roles (inspector, grid worker) do not bulk-export.
export const SYSTEM_ROLES: Record<RoleCode, readonly Permission[]> = {
  officeAdmin: PERMISSIONS.filter((p) => p !== 'evidence.submit' && p !== 'notice.handle'),
  leader: [...viewAll, 'ledger.export'],
  inspector: ['unit.view', 'case.view', 'case.create', 'case.createAnywhere', 'case.verify', 'case.urge', 'framework.view', 'inspection.conduct'],
  unitManager: [
    'unit.view',
    'user.view',
    'case.view',
    'case.rectify',
    'case.delegate',
    'framework.view',
    'evidence.submit',
    'selfAssessment.enter',
    'notice.view',
    'notice.handle',
    'bulletin.view',
    'ledger.export',
  ],
  unitHandler: [
    'unit.view',
    'case.view',
    'case.rectify',
    'framework.view',
    'evidence.submit',
    'notice.view',
    'notice.handle',
    'bulletin.view',
    'ledger.export',
  ],
  gridWorker: ['unit.view', 'case.view', 'case.create', 'framework.view'],
};

// Case sources (信息采集 channels) follow the reporter's role: each source names the permission
// that lets a reporter record it, so custom roles follow too. A grid worker patrols (gridPatrol);
// inspectors report what they find (inspection); what reaches the office's intake — a leader's
// instruction, a third-party evaluation, a sensor alarm — is recorded by whoever accepts cases
// (the office). `citizen` comes only through the citizens' channel (public page, Open311), which
// also keeps the citizen's report; no staff permission reaches it.
export const CASE_SOURCE_PERMISSION: Record<CaseSource, Permission | null> = {
  inspection: 'inspection.conduct',
  gridPatrol: 'case.create',
  citizen: null,
  sensor: 'case.accept',
  leader: 'case.accept',
  thirdParty: 'case.accept',
};

/** The sources a reporter holding these permissions may record (none without case.create). */
export function allowedCaseSources(permissions: ReadonlySet<string> | readonly string[]): CaseSource[] {
  const held = new Set(permissions);
  if (!held.has('case.create')) return [];
  return (Object.keys(CASE_SOURCE_PERMISSION) as CaseSource[]).filter((s) => {
    const needed = CASE_SOURCE_PERMISSION[s];
    return needed !== null && held.has(needed);
  });
}

/** A reporter's source when they name none: what they find on inspection, else their patrol. */
export function defaultCaseSource(permissions: ReadonlySet<string> | readonly string[]): CaseSource | null {
  const allowed = allowedCaseSources(permissions);
  return (['inspection', 'gridPatrol'] as const).find((s) => allowed.includes(s)) ?? allowed[0] ?? null;
}

/** The part before the dot: 'case.dispatch' → 'case'. The role editor groups permissions by it. */
type GroupOf<P extends string> = P extends `${infer G}.${string}` ? G : never;
export type PermissionGroup = GroupOf<Permission>;

export function permissionGroup(permission: Permission): PermissionGroup {
  return permission.slice(0, permission.indexOf('.')) as PermissionGroup;
}

/** The permission table as groups, both in table order. */
export function permissionGroups(): { group: PermissionGroup; permissions: Permission[] }[] {
  const groups = new Map<PermissionGroup, Permission[]>();
  for (const p of PERMISSIONS) groups.set(permissionGroup(p), [...(groups.get(permissionGroup(p)) ?? []), p]);
  return [...groups].map(([group, permissions]) => ({ group, permissions }));
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/**
 * Administrative permissions: granting a role that carries one requires holding it yourself on
 * that unit, so nobody hands out more administrative power than they have. Work permissions
 * (handling cases, submitting evidence) may be granted by whoever manages the unit's users.
 */
export function isAdministrative(permission: string): boolean {
  return /\.(manage|edit|review|keys|publish|moderate)$/.test(permission) || permission === 'audit.view';
}
