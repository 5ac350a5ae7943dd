import { defineFeature } from '../../platform/features/feature';
import { frameworkRoutes } from './framework.routes';

/** The evaluation framework (测评体系), responsibility matrix, evidence, self-assessment and projected score. */
export const frameworkFeature = defineFeature({ name: 'framework', routes: [frameworkRoutes] });
