import i18n from 'i18next';
import { exportsEn, exportsZhCN } from './exports.i18n';

// Imported first by the exports page: registers the feature's words once its chunk loads.
i18n.addResourceBundle('zh-CN', 'translation', exportsZhCN, true, false);
i18n.addResourceBundle('en', 'translation', exportsEn, true, false);
