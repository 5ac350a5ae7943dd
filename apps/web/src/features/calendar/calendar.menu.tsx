import { lazy } from 'react';
import { CalendarOutlined } from '@ant-design/icons';
import type { FeatureMenu } from '../../admin/shell/menu';

// In the entry bundle with the menu (admin/shell/menu.tsx): pages only through lazy(), never imported here.
export const calendarMenu = {
  items: [
    // The working calendar: which years have their holiday notice; the office enters the next one.
    {
      key: 'calendar',
      path: '/calendar',
      labelKey: 'menu.calendar',
      icon: CalendarOutlined,
      permission: 'calendar.manage',
      page: lazy(() => import('./pages/CalendarPage')),
      shortcut: false,
    },
  ],
} as const satisfies FeatureMenu;
