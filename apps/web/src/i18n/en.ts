import { caseMenuEn } from '../features/cases/menu.i18n';
import { frameworkEn } from '../features/framework/framework.i18n';
import { inspectionEn } from '../features/inspections/inspection.i18n';
import { citizensEn } from '../features/citizens/citizens.i18n';
import { dashboardMenuEn } from '../features/dashboard/menu.i18n';
import { exportsMenuEn } from '../features/exports/menu.i18n';
import { calendarMenuEn } from '../features/calendar/menu.i18n';
import { commonEn } from './common.i18n';
import { authEn } from '../features/auth/auth.i18n';
import { homeEn } from '../features/home/home.i18n';
import { unitsEn } from '../features/units/units.i18n';
import { usersEn } from '../features/users/users.i18n';
import { auditEn } from '../features/audit/audit.i18n';
import { profileEn } from '../features/profile/profile.i18n';
import type { TranslationKey } from './zh-CN';

// The same features in the same order as zh-CN.ts.
export const en: Record<TranslationKey, string> = {
  ...commonEn,
  ...authEn,
  ...homeEn,
  ...dashboardMenuEn,
  ...caseMenuEn,
  ...citizensEn,
  ...frameworkEn,
  ...inspectionEn,
  ...calendarMenuEn,
  ...unitsEn,
  ...usersEn,
  ...auditEn,
  ...exportsMenuEn,
  ...profileEn,
};
