import i18n from 'i18next';
import { dashboardEn, dashboardZhCN } from './dashboard.i18n';

// Imported first by every dashboard page: registers the feature's words once its chunk loads.
i18n.addResourceBundle('zh-CN', 'translation', dashboardZhCN, true, false);
i18n.addResourceBundle('en', 'translation', dashboardEn, true, false);
