import { lazy } from 'react';
import { CheckSquareOutlined, FileDoneOutlined, FundOutlined, PartitionOutlined, SolutionOutlined, TableOutlined } from '@ant-design/icons';
import type { FeatureMenu } from '../../admin/shell/menu';

// In the entry bundle with the menu (admin/shell/menu.tsx): pages only through lazy(), never imported here.
export const frameworkMenu = {
  items: [
    {
      key: 'frameworkScore',
      path: '/framework/score',
      labelKey: 'menu.frameworkScore',
      icon: FundOutlined,
      permission: 'score.view',
      page: lazy(() => import('./pages/ScorePage')),
      shortcut: true,
    },
    {
      key: 'frameworkMine',
      path: '/framework/mine',
      labelKey: 'menu.frameworkMine',
      icon: SolutionOutlined,
      permission: 'evidence.submit',
      page: lazy(() => import('./pages/MyResponsibilitiesPage')),
      shortcut: true,
    },
    {
      key: 'frameworkReview',
      path: '/framework/review',
      labelKey: 'menu.frameworkReview',
      icon: FileDoneOutlined,
      permission: 'evidence.review',
      page: lazy(() => import('./pages/EvidenceReviewPage')),
      shortcut: true,
    },
    {
      key: 'frameworkSelfAssessment',
      path: '/framework/self-assessment',
      labelKey: 'menu.frameworkSelfAssessment',
      icon: CheckSquareOutlined,
      permission: 'selfAssessment.enter',
      page: lazy(() => import('./pages/SelfAssessmentPage')),
      shortcut: true,
    },
    {
      key: 'frameworkMatrix',
      path: '/framework/matrix',
      labelKey: 'menu.frameworkMatrix',
      icon: TableOutlined,
      permission: 'framework.edit',
      page: lazy(() => import('./pages/MatrixPage')),
      shortcut: true,
    },
    {
      key: 'frameworks',
      path: '/frameworks',
      labelKey: 'menu.frameworks',
      icon: PartitionOutlined,
      permission: 'framework.view',
      page: lazy(() => import('./pages/FrameworksPage')),
      shortcut: true,
    },
  ],
  routes: [{ path: '/frameworks/:id', permission: 'framework.view', page: lazy(() => import('./pages/FrameworkDetailPage')) }],
} as const satisfies FeatureMenu;
