import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { ApartmentOutlined, AuditOutlined, HomeOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { AimOutlined, BarChartOutlined, EnvironmentOutlined, FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import { CheckSquareOutlined, FileDoneOutlined, FundOutlined, PartitionOutlined, SolutionOutlined, TableOutlined } from '@ant-design/icons';
import { ApiOutlined, CameraOutlined, NotificationOutlined, PieChartOutlined } from '@ant-design/icons';
import { DashboardOutlined, FileWordOutlined, SoundOutlined, TrophyOutlined } from '@ant-design/icons';
import { CarryOutOutlined, FileExclamationOutlined, MobileOutlined, OrderedListOutlined, PushpinOutlined } from '@ant-design/icons';
import { CalendarOutlined, CloudDownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Permission } from '@chuangwen/domain/auth/permissions';
import type { Me } from '@chuangwen/domain/auth/me.schemas';

type CaseMenuKey = 'cases' | 'caseMap' | 'caseInbox' | 'caseCreate' | 'caseMetrics';
type FrameworkMenuKey = 'frameworks' | 'frameworkMatrix' | 'frameworkMine' | 'frameworkReview' | 'frameworkSelfAssessment' | 'frameworkScore';
type CitizenMenuKey = 'citizenQueue' | 'exposures' | 'citizenStats' | 'open311Keys';
type DashboardMenuKey = 'dashboard' | 'rankings' | 'workSummary' | 'bulletins';
type InspectionMenuKey = 'rounds' | 'notices' | 'sites' | 'checklists' | 'fieldPage';
export type MenuKey =
  | 'home'
  | 'units'
  | 'users'
  | 'roles'
  | 'audit'
  | 'profile'
  | 'exports'
  | 'calendar'
  | CaseMenuKey
  | FrameworkMenuKey
  | CitizenMenuKey
  | DashboardMenuKey
  | InspectionMenuKey;

export type MenuItemDef = {
  key: MenuKey;
  path: string;
  labelKey: string;
  icon: ComponentType;
  /** null: every signed-in user sees it; a list: any one of them. The server checks again; this only hides what would 403. */
  permission: Permission | readonly Permission[] | null;
  page: LazyExoticComponent<ComponentType>;
  /** Shown as a shortcut on the home page. */
  shortcut: boolean;
  /** 'office': only for users who work at office level (`me.scope.officeLevel`), e.g. the county-wide case list. */
  level?: 'office';
};

// The one menu table: item → required permission → lazily loaded page.
export const MENU: readonly MenuItemDef[] = [
  {
    key: 'home',
    path: '/',
    labelKey: 'menu.home',
    icon: HomeOutlined,
    permission: null,
    page: lazy(() => import('../../features/home/pages/HomePage')),
    shortcut: false,
  },
  {
    key: 'dashboard',
    path: '/dashboard',
    labelKey: 'menu.dashboard',
    icon: DashboardOutlined,
    permission: 'dashboard.view',
    page: lazy(() => import('../../features/dashboard/pages/DashboardPage')),
    shortcut: true,
  },
  {
    key: 'rankings',
    path: '/rankings',
    labelKey: 'menu.rankings',
    icon: TrophyOutlined,
    permission: 'dashboard.view',
    page: lazy(() => import('../../features/dashboard/pages/RankingsPage')),
    shortcut: true,
  },
  {
    key: 'workSummary',
    path: '/reports/work-summary',
    labelKey: 'menu.workSummary',
    icon: FileWordOutlined,
    // Leaders read the office's template without building the summary.
    permission: ['report.export', 'template.view'],
    page: lazy(() => import('../../features/dashboard/pages/WorkSummaryPage')),
    shortcut: true,
  },
  {
    key: 'bulletins',
    path: '/bulletins',
    labelKey: 'menu.bulletins',
    icon: SoundOutlined,
    permission: 'bulletin.view',
    page: lazy(() => import('../../features/dashboard/pages/BulletinsPage')),
    shortcut: true,
  },
  {
    key: 'caseInbox',
    path: '/inbox',
    labelKey: 'menu.caseInbox',
    icon: InboxOutlined,
    permission: 'case.rectify',
    page: lazy(() => import('../../features/cases/pages/CaseInboxPage')),
    shortcut: true,
  },
  {
    key: 'caseCreate',
    path: '/cases/new',
    labelKey: 'menu.caseCreate',
    icon: AimOutlined,
    permission: 'case.create',
    page: lazy(() => import('../../features/cases/pages/CaseCreatePage')),
    shortcut: true,
  },
  {
    key: 'cases',
    path: '/cases',
    labelKey: 'menu.cases',
    icon: FileSearchOutlined,
    permission: 'case.view',
    level: 'office',
    page: lazy(() => import('../../features/cases/pages/CaseListPage')),
    shortcut: true,
  },
  {
    key: 'caseMap',
    path: '/cases/map',
    labelKey: 'menu.caseMap',
    icon: EnvironmentOutlined,
    permission: 'case.view',
    level: 'office',
    page: lazy(() => import('../../features/cases/pages/CaseMapPage')),
    shortcut: true,
  },
  {
    key: 'caseMetrics',
    path: '/cases/metrics',
    labelKey: 'menu.caseMetrics',
    icon: BarChartOutlined,
    permission: 'case.view',
    level: 'office',
    page: lazy(() => import('../../features/cases/pages/UnitMetricsPage')),
    shortcut: true,
  },
  {
    key: 'citizenQueue',
    path: '/citizens/queue',
    labelKey: 'menu.citizenQueue',
    icon: CameraOutlined,
    permission: 'citizen.moderate',
    page: lazy(() => import('../../features/citizens/pages/CitizenQueuePage')),
    shortcut: true,
  },
  {
    key: 'exposures',
    path: '/citizens/exposures',
    labelKey: 'menu.exposures',
    icon: NotificationOutlined,
    permission: 'exposure.publish',
    page: lazy(() => import('../../features/citizens/pages/ExposurePage')),
    shortcut: true,
  },
  {
    key: 'citizenStats',
    path: '/citizens/stats',
    labelKey: 'menu.citizenStats',
    icon: PieChartOutlined,
    permission: 'citizen.view',
    page: lazy(() => import('../../features/citizens/pages/CitizenStatsPage')),
    shortcut: true,
  },
  {
    key: 'open311Keys',
    path: '/citizens/open311-keys',
    labelKey: 'menu.open311Keys',
    icon: ApiOutlined,
    permission: 'open311.keys',
    page: lazy(() => import('../../features/citizens/pages/Open311KeysPage')),
    shortcut: false,
  },
  {
    key: 'frameworkScore',
    path: '/framework/score',
    labelKey: 'menu.frameworkScore',
    icon: FundOutlined,
    permission: 'score.view',
    page: lazy(() => import('../../features/framework/pages/ScorePage')),
    shortcut: true,
  },
  {
    key: 'frameworkMine',
    path: '/framework/mine',
    labelKey: 'menu.frameworkMine',
    icon: SolutionOutlined,
    permission: 'evidence.submit',
    page: lazy(() => import('../../features/framework/pages/MyResponsibilitiesPage')),
    shortcut: true,
  },
  {
    key: 'frameworkReview',
    path: '/framework/review',
    labelKey: 'menu.frameworkReview',
    icon: FileDoneOutlined,
    permission: 'evidence.review',
    page: lazy(() => import('../../features/framework/pages/EvidenceReviewPage')),
    shortcut: true,
  },
  {
    key: 'frameworkSelfAssessment',
    path: '/framework/self-assessment',
    labelKey: 'menu.frameworkSelfAssessment',
    icon: CheckSquareOutlined,
    permission: 'selfAssessment.enter',
    page: lazy(() => import('../../features/framework/pages/SelfAssessmentPage')),
    shortcut: true,
  },
  {
    key: 'frameworkMatrix',
    path: '/framework/matrix',
    labelKey: 'menu.frameworkMatrix',
    icon: TableOutlined,
    permission: 'framework.edit',
    page: lazy(() => import('../../features/framework/pages/MatrixPage')),
    shortcut: true,
  },
  {
    key: 'frameworks',
    path: '/frameworks',
    labelKey: 'menu.frameworks',
    icon: PartitionOutlined,
    permission: 'framework.view',
    page: lazy(() => import('../../features/framework/pages/FrameworksPage')),
    shortcut: true,
  },
  // Inspections (督查): rounds and results, notices (抄告单), sites, checklists; inspectors get the phone page.
  {
    key: 'rounds',
    path: '/inspections/rounds',
    labelKey: 'menu.rounds',
    icon: CarryOutOutlined,
    permission: 'inspection.view',
    page: lazy(() => import('../../features/inspections/pages/RoundsPage')),
    shortcut: true,
  },
  {
    key: 'notices',
    path: '/inspections/notices',
    labelKey: 'menu.notices',
    icon: FileExclamationOutlined,
    permission: 'notice.view',
    page: lazy(() => import('../../features/inspections/pages/NoticesPage')),
    shortcut: true,
  },
  {
    key: 'sites',
    path: '/inspections/sites',
    labelKey: 'menu.sites',
    icon: PushpinOutlined,
    permission: 'inspection.view',
    page: lazy(() => import('../../features/inspections/pages/SitesPage')),
    shortcut: true,
  },
  {
    key: 'checklists',
    path: '/inspections/checklists',
    labelKey: 'menu.checklists',
    icon: OrderedListOutlined,
    permission: 'inspection.view',
    page: lazy(() => import('../../features/inspections/pages/ChecklistsPage')),
    shortcut: false,
  },
  {
    key: 'fieldPage',
    path: '/inspections/field',
    labelKey: 'menu.fieldPage',
    icon: MobileOutlined,
    permission: 'inspection.conduct',
    page: lazy(() => import('../../features/inspections/pages/FieldLinkPage')),
    shortcut: true,
  },
  // The working calendar: which years have their holiday notice; the office enters the next one.
  {
    key: 'calendar',
    path: '/calendar',
    labelKey: 'menu.calendar',
    icon: CalendarOutlined,
    permission: 'calendar.manage',
    page: lazy(() => import('../../features/calendar/pages/CalendarPage')),
    shortcut: false,
  },
  {
    key: 'units',
    path: '/units',
    labelKey: 'menu.units',
    icon: ApartmentOutlined,
    permission: 'unit.view',
    page: lazy(() => import('../../features/units/pages/UnitsPage')),
    shortcut: true,
  },
  {
    key: 'users',
    path: '/users',
    labelKey: 'menu.users',
    icon: TeamOutlined,
    permission: 'user.view',
    page: lazy(() => import('../../features/users/pages/UsersPage')),
    shortcut: true,
  },
  // Roles: everyone who reads users sees what the roles grant; role.manage edits custom roles.
  {
    key: 'roles',
    path: '/roles',
    labelKey: 'menu.roles',
    icon: SafetyCertificateOutlined,
    permission: 'user.view',
    page: lazy(() => import('../../features/users/pages/RolesPage')),
    shortcut: false,
  },
  {
    key: 'audit',
    path: '/audit',
    labelKey: 'menu.audit',
    icon: AuditOutlined,
    permission: 'audit.view',
    page: lazy(() => import('../../features/audit/pages/AuditPage')),
    shortcut: true,
  },
  // Ledger exports (台账导出): background Excel exports of what the user may see.
  {
    key: 'exports',
    path: '/exports',
    labelKey: 'menu.exports',
    icon: CloudDownloadOutlined,
    permission: 'ledger.export',
    page: lazy(() => import('../../features/exports/pages/ExportsPage')),
    shortcut: true,
  },
  {
    key: 'profile',
    path: '/profile',
    labelKey: 'menu.profile',
    icon: UserOutlined,
    permission: null,
    page: lazy(() => import('../../features/profile/pages/ProfilePage')),
    shortcut: true,
  },
];

/** Whether holding `permissions` lets one open a page that requires `required`. */
export function mayOpen(permissions: readonly string[], required: MenuItemDef['permission']): boolean {
  if (required === null) return true;
  return typeof required === 'string' ? permissions.includes(required) : required.some((p) => permissions.includes(p));
}

/**
 * The items `me` may open. Office-level items follow the server's scope rule (`me.scope.officeLevel`,
 * platform/auth/scope.ts) — the browser does not re-derive it; the server scopes every list anyway.
 */
export function visibleMenu(me: Pick<Me, 'permissions' | 'scope'>, menu: readonly MenuItemDef[] = MENU): MenuItemDef[] {
  return menu.filter((item) => mayOpen(me.permissions, item.permission) && (item.level !== 'office' || me.scope.officeLevel));
}

/** The menu item a location belongs to (longest matching path). */
export function menuKeyForPath(pathname: string, menu: readonly MenuItemDef[] = MENU): MenuKey | undefined {
  let best: MenuItemDef | undefined;
  for (const item of menu) {
    const matches = item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`);
    if (matches && (!best || item.path.length > best.path.length)) best = item;
  }
  return best?.key;
}
