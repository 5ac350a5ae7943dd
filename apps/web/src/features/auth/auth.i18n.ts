// The sign-in page's words, part of the static dictionaries (i18n/zh-CN.ts, i18n/en.ts): it is the first screen.
export const authZhCN = {
  'login.subtitle': '创建全国文明城市工作平台',
  'login.username': '用户名',
  'login.password': '密码',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.submit': '登录',
};

export const authEn: Record<keyof typeof authZhCN, string> = {
  'login.subtitle': 'Civilized-city campaign workspace',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.usernameRequired': 'Enter your username',
  'login.passwordRequired': 'Enter your password',
  'login.submit': 'Log in',
};
