import { lazy } from 'react';
import { CloudDownloadOutlined } from '@ant-design/icons';
import type { FeatureMenu } from '../../admin/shell/menu';

// In the entry bundle with the menu (admin/shell/menu.tsx): pages only through lazy(), never imported here.
export const exportsMenu = {
  items: [
    // Ledger exports (台账导出): background Excel exports of what the user may see.
    {
      key: 'exports',
      path: '/exports',
      labelKey: 'menu.exports',
      icon: CloudDownloadOutlined,
      permission: 'ledger.export',
      page: lazy(() => import('./pages/ExportsPage')),
      shortcut: true,
    },
  ],
} as const satisfies FeatureMenu;
