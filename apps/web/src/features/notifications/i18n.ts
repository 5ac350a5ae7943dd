import i18n from 'i18next';
import { notificationsEn, notificationsZhCN } from './notifications.i18n';

// Imported by the bell, which the shell draws on every page: registers the feature's words once.
i18n.addResourceBundle('zh-CN', 'translation', notificationsZhCN, true, false);
i18n.addResourceBundle('en', 'translation', notificationsEn, true, false);
