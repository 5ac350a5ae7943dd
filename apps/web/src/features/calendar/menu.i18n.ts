// Menu label of the calendar feature: part of the static dictionaries (i18n/zh-CN.ts, i18n/en.ts)
// because the menu is drawn before the page loads. Everything else is in ./calendar.i18n.ts.
export const calendarMenuZhCN = {
  'menu.calendar': '工作日历',
} as const;

export const calendarMenuEn: Record<keyof typeof calendarMenuZhCN, string> = {
  'menu.calendar': 'Working calendar',
};
