import { defineFeature } from '../../platform/features/feature';
import { inspectionRoutes } from './inspection.routes';

/** Inspections (督查): checklists, rounds, teams, field results, rectification notices (抄告单). */
export const inspectionFeature = defineFeature({ name: 'inspections', routes: [inspectionRoutes] });
