// The profile page's words and menu label, part of the static dictionaries (i18n/zh-CN.ts, i18n/en.ts).
export const profileZhCN = {
  'menu.profile': '个人中心',

  'profile.info': '个人信息',
  'profile.language': '界面语言',
  'profile.saved': '个人信息已保存',
  'profile.changePassword': '修改密码',
  'profile.currentPassword': '当前密码',
  'profile.newPassword': '新密码',
  'profile.confirmPassword': '确认新密码',
  'profile.passwordMismatch': '两次输入的密码不一致',
  'profile.passwordChanged': '密码已修改',
  'profile.mustChange': '为了账号安全，请先修改密码后再继续使用。',
};

export const profileEn: Record<keyof typeof profileZhCN, string> = {
  'menu.profile': 'My profile',

  'profile.info': 'Profile',
  'profile.language': 'Language',
  'profile.saved': 'Profile saved',
  'profile.changePassword': 'Change password',
  'profile.currentPassword': 'Current password',
  'profile.newPassword': 'New password',
  'profile.confirmPassword': 'Confirm new password',
  'profile.passwordMismatch': 'The two passwords differ',
  'profile.passwordChanged': 'Password changed',
  'profile.mustChange': 'For your account’s safety, change your password before you continue.',
};
