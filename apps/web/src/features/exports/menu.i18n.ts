// Menu label of the exports feature: part of the static dictionaries (i18n/zh-CN.ts, i18n/en.ts)
// because the menu is drawn before the page loads. Everything else is in ./exports.i18n.ts.
export const exportsMenuZhCN = {
  'menu.exports': '台账导出',
} as const;

export const exportsMenuEn: Record<keyof typeof exportsMenuZhCN, string> = {
  'menu.exports': 'Ledger exports',
};
