import { defineFeature } from '../../platform/features/feature';
import { unitRoutes } from './unit.routes';
import { listenForReferenceChanges } from './unit.tree';

/** The unit tree (单位): departments, towns, communities, their areas; Excel import and export; the tree cache every feature reads. */
export const unitFeature = defineFeature({
  name: 'units',
  routes: [unitRoutes],
  subscribers: [
    {
      // Several replicas on PostgreSQL: a unit change made on any of them drops every replica's cache.
      name: 'reference.listen',
      start: async ({ database, config }, log) => {
        if (database.engine !== 'postgres' || !config.databaseUrl) return async () => undefined;
        try {
          return await listenForReferenceChanges(database.db, config.databaseUrl, (msg, err) => log.warn({ err }, msg));
        } catch (err) {
          log.warn({ err }, 'unit tree cache: LISTEN unavailable, other replicas see unit changes within the cache time');
          return async () => undefined;
        }
      },
    },
  ],
});
