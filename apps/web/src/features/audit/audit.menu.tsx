import { lazy } from 'react';
import { AuditOutlined } from '@ant-design/icons';
import type { FeatureMenu } from '../../admin/shell/menu';

// In the entry bundle with the menu (admin/shell/menu.tsx): pages only through lazy(), never imported here.
export const auditMenu = {
  items: [
    {
      key: 'audit',
      path: '/audit',
      labelKey: 'menu.audit',
      icon: AuditOutlined,
      permission: 'audit.view',
      page: lazy(() => import('./pages/AuditPage')),
      shortcut: true,
    },
  ],
} as const satisfies FeatureMenu;
