import { lazy } from 'react';
import { AimOutlined, BarChartOutlined, EnvironmentOutlined, FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import type { FeatureMenu } from '../../admin/shell/menu';

// In the entry bundle with the menu (admin/shell/menu.tsx): pages only through lazy(), never imported here.
export const casesMenu = {
  items: [
    {
      key: 'caseInbox',
      path: '/inbox',
      labelKey: 'menu.caseInbox',
      icon: InboxOutlined,
      permission: 'case.rectify',
      page: lazy(() => import('./pages/CaseInboxPage')),
      shortcut: true,
    },
    {
      key: 'caseCreate',
      path: '/cases/new',
      labelKey: 'menu.caseCreate',
      icon: AimOutlined,
      permission: 'case.create',
      page: lazy(() => import('./pages/CaseCreatePage')),
      shortcut: true,
    },
    {
      key: 'cases',
      path: '/cases',
      labelKey: 'menu.cases',
      icon: FileSearchOutlined,
      permission: 'case.view',
      level: 'office',
      page: lazy(() => import('./pages/CaseListPage')),
      shortcut: true,
    },
    {
      key: 'caseMap',
      path: '/cases/map',
      labelKey: 'menu.caseMap',
      icon: EnvironmentOutlined,
      permission: 'case.view',
      level: 'office',
      page: lazy(() => import('./pages/CaseMapPage')),
      shortcut: true,
    },
    {
      key: 'caseMetrics',
      path: '/cases/metrics',
      labelKey: 'menu.caseMetrics',
      icon: BarChartOutlined,
      permission: 'case.view',
      level: 'office',
      page: lazy(() => import('./pages/UnitMetricsPage')),
      shortcut: true,
    },
  ],
  routes: [{ path: '/cases/:id', permission: 'case.view', page: lazy(() => import('./pages/CaseDetailPage')) }],
} as const satisfies FeatureMenu;
