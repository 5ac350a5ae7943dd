import { defineFeature } from '../../platform/features/feature';
import { unitRoutes } from './unit.routes';

/** The unit tree (单位): departments, towns, communities, their areas; Excel import and export. */
export const unitFeature = defineFeature({ name: 'units', routes: [unitRoutes] });
