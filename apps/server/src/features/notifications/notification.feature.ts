import { defineFeature } from '../../platform/features/feature';
import { notificationRoutes } from './notification.routes';

/** In-app notifications to units (the header's bell). */
export const notificationFeature = defineFeature({ name: 'notifications', routes: [notificationRoutes] });
