import { defineFeature } from '../../platform/features/feature';
import { auditRoutes } from './audit.routes';

/** The audit trail (操作日志), read by those who may. */
export const auditFeature = defineFeature({ name: 'audit', routes: [auditRoutes] });
