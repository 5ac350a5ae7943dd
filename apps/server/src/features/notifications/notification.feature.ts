import { defineFeature } from '../../platform/features/feature';
import { notificationRoutes } from './notification.routes';
import { caseNotificationHandler } from './notification.cases';

/** In-app notifications to units (the header's bell), written after the changes they tell of commit. */
export const notificationFeature = defineFeature({ name: 'notifications', routes: [notificationRoutes], events: [caseNotificationHandler] });
