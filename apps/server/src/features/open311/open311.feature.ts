import { defineFeature } from '../../platform/features/feature';
import { open311KeyRoutes, open311Routes } from './open311.routes';

/** Open311 GeoReport v2: keys under `/api`, the protocol itself outside (its own errors and form posts). */
export const open311Feature = defineFeature({ name: 'open311', routes: [open311KeyRoutes], mounts: [{ prefix: '/open311/v2', routes: open311Routes }] });
