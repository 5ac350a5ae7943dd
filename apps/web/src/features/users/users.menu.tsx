import { lazy } from 'react';
import { SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import type { FeatureMenu } from '../../admin/shell/menu';

// In the entry bundle with the menu (admin/shell/menu.tsx): pages only through lazy(), never imported here.
export const usersMenu = {
  items: [
    {
      key: 'users',
      path: '/users',
      labelKey: 'menu.users',
      icon: TeamOutlined,
      permission: 'user.view',
      page: lazy(() => import('./pages/UsersPage')),
      shortcut: true,
    },
    // Roles: everyone who reads users sees what the roles grant; role.manage edits custom roles.
    {
      key: 'roles',
      path: '/roles',
      labelKey: 'menu.roles',
      icon: SafetyCertificateOutlined,
      permission: 'user.view',
      page: lazy(() => import('./pages/RolesPage')),
      shortcut: false,
    },
  ],
} as const satisfies FeatureMenu;
