import { lazy } from 'react';
import { ApartmentOutlined } from '@ant-design/icons';
import type { FeatureMenu } from '../../admin/shell/menu';

// In the entry bundle with the menu (admin/shell/menu.tsx): pages only through lazy(), never imported here.
export const unitsMenu = {
  items: [
    {
      key: 'units',
      path: '/units',
      labelKey: 'menu.units',
      icon: ApartmentOutlined,
      permission: 'unit.view',
      page: lazy(() => import('./pages/UnitsPage')),
      shortcut: true,
    },
  ],
} as const satisfies FeatureMenu;
