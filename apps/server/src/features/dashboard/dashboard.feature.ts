import { defineFeature } from '../../platform/features/feature';
import { dashboardRoutes } from './dashboard.routes';
import { summaryFiguresRoutes } from './summary.routes';
import { caseFeedHandler } from './dashboard.events';
import { refreshDashboardRollups } from './dashboard.rollup';

/** The command dashboard, red and black lists, bulletins, the work summary, the live case feed. */
export const dashboardFeature = defineFeature({
  name: 'dashboard',
  routes: [dashboardRoutes, summaryFiguresRoutes],
  jobs: [
    {
      // The daily rollup; the first build may take a while on a large history, so it also runs right after start.
      name: 'dashboard.rollup',
      everyMs: (config) => (config.caseJobIntervalMs > 0 ? Math.min(config.caseJobIntervalMs, 60_000) : 0),
      run: ({ database }) => refreshDashboardRollups(database.db),
      runAtStart: true,
    },
  ],
  events: [caseFeedHandler],
});
