import { defineFeature } from '../../platform/features/feature';
import { configRoutes } from './config.routes';
import { healthRoutes } from './health.routes';

/** Liveness/readiness and the public configuration the web app starts with. */
export const healthFeature = defineFeature({ name: 'health', routes: [healthRoutes, configRoutes] });
