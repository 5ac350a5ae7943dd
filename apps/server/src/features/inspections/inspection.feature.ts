import { defineFeature } from '../../platform/features/feature';
import { provideSiteRates } from '../framework/score.service';
import { inspectionRoutes } from './inspection.routes';
import { siteRatesForFramework } from './results.service';

// The framework's projected score takes the site pass rates of this feature's rounds.
provideSiteRates(siteRatesForFramework);

/** Inspections (督查): checklists, rounds, teams, field results, rectification notices (抄告单). */
export const inspectionFeature = defineFeature({ name: 'inspections', routes: [inspectionRoutes] });
