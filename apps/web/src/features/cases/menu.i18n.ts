// Menu labels of the cases feature: part of the static dictionaries (i18n/zh-CN.ts, i18n/en.ts)
// because the menu is drawn before any case page loads. Everything else is in ./case.i18n.ts.
export const caseMenuZhCN = {
  'menu.cases': '问题列表',
  'menu.caseMap': '问题地图',
  'menu.caseCreate': '上报问题',
  'menu.caseInbox': '待办问题',
  'menu.caseMetrics': '单位考核',
} as const;

export const caseMenuEn: Record<keyof typeof caseMenuZhCN, string> = {
  'menu.cases': 'Cases',
  'menu.caseMap': 'Case map',
  'menu.caseCreate': 'Report a case',
  'menu.caseInbox': 'My cases',
  'menu.caseMetrics': 'Unit metrics',
};
