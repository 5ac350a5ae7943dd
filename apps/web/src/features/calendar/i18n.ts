import i18n from 'i18next';
import { calendarEn, calendarZhCN } from './calendar.i18n';

// Imported first by the calendar page and banner: registers the feature's words once its chunk loads.
i18n.addResourceBundle('zh-CN', 'translation', calendarZhCN, true, false);
i18n.addResourceBundle('en', 'translation', calendarEn, true, false);
