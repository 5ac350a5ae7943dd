import { defineFeature } from '../../platform/features/feature';
import { exposureRoutes } from './exposure.routes';

/** The exposure board (曝光台): redacted posts, published and withdrawn by the office. */
export const exposureFeature = defineFeature({ name: 'exposure', routes: [exposureRoutes] });
