import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { ApartmentOutlined, AuditOutlined, HomeOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { Permission } from '@chuangwen/domain/auth/permissions';

export type MenuKey = 'home' | 'units' | 'users' | 'audit' | 'profile';

export type MenuItemDef = {
  key: MenuKey;
  path: string;
  labelKey: string;
  icon: ComponentType;
  /** null: every signed-in user sees it. The server checks again; this only hides what would 403. */
  permission: Permission | null;
  page: LazyExoticComponent<ComponentType>;
  /** Shown as a shortcut on the home page. */
  shortcut: boolean;
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
  {
    key: 'audit',
    path: '/audit',
    labelKey: 'menu.audit',
    icon: AuditOutlined,
    permission: 'audit.view',
    page: lazy(() => import('../../features/audit/pages/AuditPage')),
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

export function visibleMenu(permissions: readonly string[], menu: readonly MenuItemDef[] = MENU): MenuItemDef[] {
  return menu.filter((item) => item.permission === null || permissions.includes(item.permission));
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
