import { caseMenuZhCN } from '../features/cases/menu.i18n';
import { frameworkZhCN } from '../features/framework/framework.i18n';
import { inspectionZhCN } from '../features/inspections/inspection.i18n';
import { citizensZhCN } from '../features/citizens/citizens.i18n';
import { dashboardMenuZhCN } from '../features/dashboard/menu.i18n';
import { exportsMenuZhCN } from '../features/exports/menu.i18n';
import { calendarMenuZhCN } from '../features/calendar/menu.i18n';
import { commonZhCN } from './common.i18n';
import { authZhCN } from '../features/auth/auth.i18n';
import { homeZhCN } from '../features/home/home.i18n';
import { unitsZhCN } from '../features/units/units.i18n';
import { usersZhCN } from '../features/users/users.i18n';
import { auditZhCN } from '../features/audit/audit.i18n';
import { profileZhCN } from '../features/profile/profile.i18n';

// The static dictionary: what the first screen and the menu need, each feature's words from its own
// folder (in menu order). Words only a lazy page needs join i18next when it loads (features/*/i18n.ts).
// Flat keys (keySeparator is off). The English file must have exactly these keys.
export const zhCN = {
  ...commonZhCN,
  ...authZhCN,
  ...homeZhCN,
  ...dashboardMenuZhCN,
  ...caseMenuZhCN,
  ...citizensZhCN,
  ...frameworkZhCN,
  ...inspectionZhCN,
  ...calendarMenuZhCN,
  ...unitsZhCN,
  ...usersZhCN,
  ...auditZhCN,
  ...exportsMenuZhCN,
  ...profileZhCN,
};

export type TranslationKey = keyof typeof zhCN;
