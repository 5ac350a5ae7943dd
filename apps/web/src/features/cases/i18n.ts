import i18n from 'i18next';
import { casesEn, casesZhCN } from './case.i18n';

// Imported first by every case page and component: registers the feature's words once its chunk loads.
i18n.addResourceBundle('zh-CN', 'translation', casesZhCN, true, false);
i18n.addResourceBundle('en', 'translation', casesEn, true, false);
