import { lazy } from 'react';
import { UserOutlined } from '@ant-design/icons';
import type { FeatureMenu } from '../../admin/shell/menu';

// In the entry bundle with the menu (admin/shell/menu.tsx): pages only through lazy(), never imported here.
export const profileMenu = {
  items: [
    {
      key: 'profile',
      path: '/profile',
      labelKey: 'menu.profile',
      icon: UserOutlined,
      permission: null,
      page: lazy(() => import('./pages/ProfilePage')),
      shortcut: true,
    },
  ],
} as const satisfies FeatureMenu;
