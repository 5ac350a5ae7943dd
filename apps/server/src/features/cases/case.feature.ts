import { defineFeature } from '../../platform/features/feature';
import { caseRoutes } from './case.routes';
import { caseCalendarRoutes } from './case.calendar.routes';
import { markOverdueCases } from './case.overdue';
import { seedCaseReferenceData } from './case.seed';

/** Cases (问题): the funnel of every problem found, from report to closure (销号). */
export const caseFeature = defineFeature({
  name: 'cases',
  routes: [caseRoutes, caseCalendarRoutes],
  jobs: [{ name: 'case.overdue', everyMs: (config) => config.caseJobIntervalMs, run: ({ database }) => markOverdueCases(database.db) }],
  seed: { reference: seedCaseReferenceData },
});
