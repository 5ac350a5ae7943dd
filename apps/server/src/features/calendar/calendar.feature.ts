import { defineFeature } from '../../platform/features/feature';
import { calendarRoutes } from './calendar.routes';

/** The working calendar (放假调休 notices by year) that every deadline is computed with. */
export const calendarFeature = defineFeature({ name: 'calendar', routes: [calendarRoutes] });
