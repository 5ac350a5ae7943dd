import { defineFeature } from '../../platform/features/feature';
import { templateRoutes } from './template.routes';

/** The office's document templates (工作总结): versions, restore, preview. */
export const templateFeature = defineFeature({ name: 'templates', routes: [templateRoutes] });
