import { defineFeature } from '../../platform/features/feature';
import { citizenRoutes } from './citizen.routes';

/** Citizens' reports (随手拍): the public page's API, moderation, statistics. */
export const citizenFeature = defineFeature({ name: 'citizens', routes: [citizenRoutes] });
