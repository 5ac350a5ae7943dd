import { defineFeature } from '../../platform/features/feature';
import { fileRoutes } from './file.routes';

/** Uploads: sniffed, sized, EXIF GPS stripped for public copies; downloads checked per unit. */
export const fileFeature = defineFeature({ name: 'files', routes: [fileRoutes] });
