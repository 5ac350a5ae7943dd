import { useSyncExternalStore } from 'react';
import { SITE_TYPE_LABELS } from '@chuangwen/domain/framework/framework.labels';
import { CHECK_RESULT_LABELS, ROUND_KIND_LABELS } from '@chuangwen/domain/inspections/inspection.labels';
import type { Locale } from '@chuangwen/domain/i18n/labels';

// The field page's words. A tiny dictionary instead of i18next keeps the phone's first screen small;
// value lists (site types, results, round kinds) come from the domain labels like everywhere else.

const zhCN = {
  title: '创文督查',
  username: '用户名',
  password: '密码',
  login: '登录',
  loggingIn: '登录中…',
  logout: '退出',
  offline: '离线',
  online: '在线',
  queue: '待同步 {n}',
  queueEmpty: '已全部同步',
  syncing: '同步中…',
  syncNow: '立即同步',
  failedOps: '{n} 项未能同步',
  list: '列表',
  map: '地图',
  noSites: '暂无分配给本组的点位',
  pending: '待检查',
  visited: '已检查',
  queued: '待同步',
  back: '返回',
  save: '保存检查结果',
  saved: '已保存，将在联网后自动同步',
  note: '问题说明',
  notePlaceholder: '描述现场情况（必填）',
  addPhoto: '拍照',
  photos: '照片 {n} 张',
  removePhoto: '删除',
  needsAll: '还有 {n} 项未检查',
  needsNote: '不合格项须填写问题说明并至少拍一张照片',
  fails: '不合格 {n} 项',
  lastSync: '数据更新于 {at}',
  loadFailed: '无法加载数据，请联网后重试',
  retry: '重试',
  caseWillBeCreated: '保存后将自动生成问题（案件），同步后交办',
  team: '督查组',
  towns: '挂钩镇街',
  language: 'English',
  mapLoading: '地图加载中…',
  errorTitle: '同步失败',
  dismiss: '移除',
  cases: '已生成问题 {n} 项',
  markRestPass: '其余 {n} 项合格',
};
export type FieldKey = keyof typeof zhCN;
const en: Record<FieldKey, string> = {
  title: 'Civilization inspections',
  username: 'Username',
  password: 'Password',
  login: 'Sign in',
  loggingIn: 'Signing in…',
  logout: 'Sign out',
  offline: 'Offline',
  online: 'Online',
  queue: '{n} to sync',
  queueEmpty: 'All synced',
  syncing: 'Syncing…',
  syncNow: 'Sync now',
  failedOps: '{n} could not be synced',
  list: 'List',
  map: 'Map',
  noSites: 'No sites allotted to your team',
  pending: 'To inspect',
  visited: 'Inspected',
  queued: 'Waiting to sync',
  back: 'Back',
  save: 'Save results',
  saved: 'Saved; will sync when online',
  note: 'Problem',
  notePlaceholder: 'Describe what you found (required)',
  addPhoto: 'Take photo',
  photos: '{n} photos',
  removePhoto: 'Remove',
  needsAll: '{n} items not checked yet',
  needsNote: 'Each failure needs a note and at least one photo',
  fails: '{n} failed',
  lastSync: 'Data from {at}',
  loadFailed: 'Could not load data; connect and retry',
  retry: 'Retry',
  caseWillBeCreated: 'A case is created for every failure and handed over after syncing',
  team: 'Team',
  towns: 'Towns',
  language: '中文',
  mapLoading: 'Loading map…',
  errorTitle: 'Sync failed',
  dismiss: 'Remove',
  cases: '{n} cases created',
  markRestPass: 'Mark the other {n} as pass',
};

const KEY = 'cw.language';
let locale: Locale = (() => {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
})();
const listeners = new Set<() => void>();

export function setLocale(next: Locale) {
  locale = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // private mode
  }
  document.documentElement.lang = next;
  listeners.forEach((l) => l());
}

export function t(key: FieldKey, params: Record<string, string | number> = {}): string {
  return (locale === 'en' ? en : zhCN)[key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

export const siteTypeLabel = (type: string) => SITE_TYPE_LABELS[locale][type as keyof (typeof SITE_TYPE_LABELS)['en']] ?? type;
export const resultLabel = (r: 'pass' | 'fail' | 'severeFail') => CHECK_RESULT_LABELS[locale][r];
export const roundKindLabel = (k: 'regular' | 'thirdParty' | 'mockEvaluation') => ROUND_KIND_LABELS[locale][k];

/** Re-renders the caller when the language changes. */
export function useLocale(): Locale {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => locale,
  );
}
export const currentLocale = () => locale;
