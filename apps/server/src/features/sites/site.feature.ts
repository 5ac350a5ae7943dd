import { defineFeature } from '../../platform/features/feature';
import { siteRoutes } from './site.routes';

/** The site registry (点位) with Excel ledgers. */
export const siteFeature = defineFeature({ name: 'sites', routes: [siteRoutes] });
