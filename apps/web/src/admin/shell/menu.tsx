import type { ComponentType, LazyExoticComponent } from 'react';
import type { Permission } from '@chuangwen/domain/auth/permissions';
import type { Me } from '@chuangwen/domain/auth/me.schemas';
import type { TranslationKey } from '../../i18n/zh-CN';
import { homeMenu } from '../../features/home/home.menu';
import { dashboardMenu } from '../../features/dashboard/dashboard.menu';
import { casesMenu } from '../../features/cases/cases.menu';
import { citizensMenu } from '../../features/citizens/citizens.menu';
import { frameworkMenu } from '../../features/framework/framework.menu';
import { inspectionsMenu } from '../../features/inspections/inspections.menu';
import { calendarMenu } from '../../features/calendar/calendar.menu';
import { unitsMenu } from '../../features/units/units.menu';
import { usersMenu } from '../../features/users/users.menu';
import { auditMenu } from '../../features/audit/audit.menu';
import { exportsMenu } from '../../features/exports/exports.menu';
import { profileMenu } from '../../features/profile/profile.menu';

/** null: every signed-in user may open it; a list: any one of them. The server checks again; this only hides what would 403. */
export type PagePermission = Permission | readonly Permission[] | null;

export type MenuItemDef<K extends string = MenuKey> = {
  key: K;
  path: string;
  labelKey: TranslationKey;
  icon: ComponentType;
  permission: PagePermission;
  page: LazyExoticComponent<ComponentType>;
  /** Shown as a shortcut on the home page. */
  shortcut: boolean;
  /** 'office': only for users who work at office level (`me.scope.officeLevel`), e.g. the county-wide case list. */
  level?: 'office';
};

/** A page without a menu entry of its own (a detail page); `path` may hold parameters (`/cases/:id`). */
export type RouteDef = { path: string; permission: PagePermission; page: LazyExoticComponent<ComponentType> };

/** What one web feature adds to the office app (`features/<feature>/<feature>.menu.tsx`). */
export type FeatureMenu = { items: readonly MenuItemDef<string>[]; routes?: readonly RouteDef[] };

// The features in menu order: a new feature is one line here.
const FEATURE_MENUS = [
  homeMenu,
  dashboardMenu,
  casesMenu,
  citizensMenu,
  frameworkMenu,
  inspectionsMenu,
  calendarMenu,
  unitsMenu,
  usersMenu,
  auditMenu,
  exportsMenu,
  profileMenu,
] as const;

export type MenuKey = (typeof FEATURE_MENUS)[number]['items'][number]['key'];

// The menu: item → required permission → lazily loaded page.
export const MENU: readonly MenuItemDef[] = FEATURE_MENUS.flatMap((feature): readonly MenuItemDef[] => feature.items);

/** The routes without a menu entry, each with the permission it needs. */
export const ROUTES: readonly RouteDef[] = FEATURE_MENUS.flatMap((feature): readonly RouteDef[] => ('routes' in feature ? feature.routes : []));

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
