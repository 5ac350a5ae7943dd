import { lazy } from 'react';
import { CarryOutOutlined, FileExclamationOutlined, MobileOutlined, OrderedListOutlined, PushpinOutlined } from '@ant-design/icons';
import type { FeatureMenu } from '../../admin/shell/menu';

// In the entry bundle with the menu (admin/shell/menu.tsx): pages only through lazy(), never imported here.
export const inspectionsMenu = {
  items: [
    // Inspections (督查): rounds and results, notices (抄告单), sites, checklists; inspectors get the phone page.
    {
      key: 'rounds',
      path: '/inspections/rounds',
      labelKey: 'menu.rounds',
      icon: CarryOutOutlined,
      permission: 'inspection.view',
      page: lazy(() => import('./pages/RoundsPage')),
      shortcut: true,
    },
    {
      key: 'notices',
      path: '/inspections/notices',
      labelKey: 'menu.notices',
      icon: FileExclamationOutlined,
      permission: 'notice.view',
      page: lazy(() => import('./pages/NoticesPage')),
      shortcut: true,
    },
    {
      key: 'sites',
      path: '/inspections/sites',
      labelKey: 'menu.sites',
      icon: PushpinOutlined,
      permission: 'inspection.view',
      page: lazy(() => import('./pages/SitesPage')),
      shortcut: true,
    },
    {
      key: 'checklists',
      path: '/inspections/checklists',
      labelKey: 'menu.checklists',
      icon: OrderedListOutlined,
      permission: 'inspection.view',
      page: lazy(() => import('./pages/ChecklistsPage')),
      shortcut: false,
    },
    {
      key: 'fieldPage',
      path: '/inspections/field',
      labelKey: 'menu.fieldPage',
      icon: MobileOutlined,
      permission: 'inspection.conduct',
      page: lazy(() => import('./pages/FieldLinkPage')),
      shortcut: true,
    },
  ],
  routes: [{ path: '/inspections/rounds/:id', permission: 'inspection.view', page: lazy(() => import('./pages/RoundDetailPage')) }],
} as const satisfies FeatureMenu;
