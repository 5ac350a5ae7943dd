import type { FeatureModule } from '../platform/features/feature';
import { healthFeature } from './health/health.feature';
import { authFeature } from './auth/auth.feature';
import { unitFeature } from './units/unit.feature';
import { userFeature } from './users/user.feature';
import { auditFeature } from './audit/audit.feature';
import { fileFeature } from './files/file.feature';
import { caseFeature } from './cases/case.feature';
import { calendarFeature } from './calendar/calendar.feature';
import { notificationFeature } from './notifications/notification.feature';
import { frameworkFeature } from './framework/framework.feature';
import { siteFeature } from './sites/site.feature';
import { inspectionFeature } from './inspections/inspection.feature';
import { citizenFeature } from './citizens/citizen.feature';
import { exposureFeature } from './exposure/exposure.feature';
import { open311Feature } from './open311/open311.feature';
import { dashboardFeature } from './dashboard/dashboard.feature';
import { templateFeature } from './templates/template.feature';
import { exportFeature } from './exports/export.feature';

/** Every feature of the server, in the order their routes register and their seeds run. A new feature is one line here. */
export const FEATURES: readonly FeatureModule[] = [
  healthFeature,
  authFeature,
  unitFeature,
  userFeature,
  auditFeature,
  fileFeature,
  caseFeature,
  calendarFeature,
  notificationFeature,
  frameworkFeature,
  siteFeature,
  inspectionFeature,
  citizenFeature,
  exposureFeature,
  open311Feature,
  dashboardFeature,
  templateFeature,
  exportFeature,
];
