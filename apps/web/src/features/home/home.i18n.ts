// The home page's words and menu label, part of the static dictionaries (i18n/zh-CN.ts, i18n/en.ts).
export const homeZhCN = {
  'menu.home': '首页',

  'home.welcome': '您好，{{name}}',
  'home.unit': '所在单位',
  'home.roles': '角色',
  'home.noRoles': '尚未分配角色，请联系创文办管理员',
  'home.shortcuts': '快捷入口',
};

export const homeEn: Record<keyof typeof homeZhCN, string> = {
  'menu.home': 'Home',

  'home.welcome': 'Welcome, {{name}}',
  'home.unit': 'Unit',
  'home.roles': 'Roles',
  'home.noRoles': 'No role assigned yet. Ask the office administrator.',
  'home.shortcuts': 'Shortcuts',
};
