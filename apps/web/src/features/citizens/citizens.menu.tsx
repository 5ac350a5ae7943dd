import { lazy } from 'react';
import { ApiOutlined, CameraOutlined, NotificationOutlined, PieChartOutlined } from '@ant-design/icons';
import type { FeatureMenu } from '../../admin/shell/menu';

// In the entry bundle with the menu (admin/shell/menu.tsx): pages only through lazy(), never imported here.
export const citizensMenu = {
  items: [
    {
      key: 'citizenQueue',
      path: '/citizens/queue',
      labelKey: 'menu.citizenQueue',
      icon: CameraOutlined,
      permission: 'citizen.moderate',
      page: lazy(() => import('./pages/CitizenQueuePage')),
      shortcut: true,
    },
    {
      key: 'exposures',
      path: '/citizens/exposures',
      labelKey: 'menu.exposures',
      icon: NotificationOutlined,
      permission: 'exposure.publish',
      page: lazy(() => import('./pages/ExposurePage')),
      shortcut: true,
    },
    {
      key: 'citizenStats',
      path: '/citizens/stats',
      labelKey: 'menu.citizenStats',
      icon: PieChartOutlined,
      permission: 'citizen.view',
      page: lazy(() => import('./pages/CitizenStatsPage')),
      shortcut: true,
    },
    {
      key: 'open311Keys',
      path: '/citizens/open311-keys',
      labelKey: 'menu.open311Keys',
      icon: ApiOutlined,
      permission: 'open311.keys',
      page: lazy(() => import('./pages/Open311KeysPage')),
      shortcut: false,
    },
  ],
} as const satisfies FeatureMenu;
