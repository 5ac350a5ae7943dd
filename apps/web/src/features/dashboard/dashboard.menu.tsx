import { lazy } from 'react';
import { DashboardOutlined, FileWordOutlined, SoundOutlined, TrophyOutlined } from '@ant-design/icons';
import type { FeatureMenu } from '../../admin/shell/menu';

// In the entry bundle with the menu (admin/shell/menu.tsx): pages only through lazy(), never imported here.
export const dashboardMenu = {
  items: [
    {
      key: 'dashboard',
      path: '/dashboard',
      labelKey: 'menu.dashboard',
      icon: DashboardOutlined,
      permission: 'dashboard.view',
      page: lazy(() => import('./pages/DashboardPage')),
      shortcut: true,
    },
    {
      key: 'rankings',
      path: '/rankings',
      labelKey: 'menu.rankings',
      icon: TrophyOutlined,
      permission: 'dashboard.view',
      page: lazy(() => import('./pages/RankingsPage')),
      shortcut: true,
    },
    {
      key: 'workSummary',
      path: '/reports/work-summary',
      labelKey: 'menu.workSummary',
      icon: FileWordOutlined,
      // Leaders read the office's template without building the summary.
      permission: ['report.export', 'template.view'],
      page: lazy(() => import('./pages/WorkSummaryPage')),
      shortcut: true,
    },
    {
      key: 'bulletins',
      path: '/bulletins',
      labelKey: 'menu.bulletins',
      icon: SoundOutlined,
      permission: 'bulletin.view',
      page: lazy(() => import('./pages/BulletinsPage')),
      shortcut: true,
    },
  ],
} as const satisfies FeatureMenu;
