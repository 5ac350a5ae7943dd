import { defineFeature } from '../../platform/features/feature';
import { caseRoutes } from './case.routes';
import { markOverdueCases } from './case.overdue';
import { listenForReferenceChanges } from './case.reference';
import { seedCaseReferenceData } from './case.seed';

/** Cases (问题): the funnel of every problem found, from report to closure (销号). */
export const caseFeature = defineFeature({
  name: 'cases',
  routes: [caseRoutes],
  jobs: [{ name: 'case.overdue', everyMs: (config) => config.caseJobIntervalMs, run: ({ database }) => markOverdueCases(database.db) }],
  subscribers: [
    {
      // Several replicas on PostgreSQL: a unit change made on any of them drops every replica's cache.
      name: 'reference.listen',
      start: async ({ database, config }, log) => {
        if (database.engine !== 'postgres' || !config.databaseUrl) return async () => undefined;
        try {
          return await listenForReferenceChanges(database.db, config.databaseUrl, (msg, err) => log.warn({ err }, msg));
        } catch (err) {
          log.warn({ err }, 'reference cache: LISTEN unavailable, other replicas see unit changes within the cache time');
          return async () => undefined;
        }
      },
    },
  ],
  seed: { reference: seedCaseReferenceData },
});
