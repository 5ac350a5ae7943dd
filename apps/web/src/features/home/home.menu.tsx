import { lazy } from 'react';
import { HomeOutlined } from '@ant-design/icons';
import type { FeatureMenu } from '../../admin/shell/menu';

// In the entry bundle with the menu (admin/shell/menu.tsx): pages only through lazy(), never imported here.
export const homeMenu = {
  items: [
    {
      key: 'home',
      path: '/',
      labelKey: 'menu.home',
      icon: HomeOutlined,
      permission: null,
      page: lazy(() => import('./pages/HomePage')),
      shortcut: false,
    },
  ],
} as const satisfies FeatureMenu;
