// Menu labels of the dashboard feature: part of the static dictionaries (i18n/zh-CN.ts, i18n/en.ts)
// because the menu is drawn before any dashboard page loads. Everything else is in ./dashboard.i18n.ts.
export const dashboardMenuZhCN = {
  'menu.dashboard': '指挥大屏',
  'menu.rankings': '红黑榜',
  'menu.workSummary': '工作总结',
  'menu.bulletins': '通报',
} as const;

export const dashboardMenuEn: Record<keyof typeof dashboardMenuZhCN, string> = {
  'menu.dashboard': 'Command dashboard',
  'menu.rankings': 'Red and black lists',
  'menu.workSummary': 'Work summary',
  'menu.bulletins': 'Bulletins',
};
