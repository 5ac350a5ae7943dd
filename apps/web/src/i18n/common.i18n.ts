// Words no feature owns: the app's name, the shell, shared buttons, errors, the password rule (lib/forms.ts).
export const commonZhCN = {
  'app.title': '创文管理平台',
  'app.shortTitle': '创文',

  'shell.logout': '退出登录',
  'shell.openMenu': '打开菜单',

  'common.save': '保存',
  'common.cancel': '取消',
  'common.close': '关闭',
  'common.confirm': '确定',
  'common.edit': '编辑',
  'common.delete': '删除',
  'common.more': '更多操作',
  'common.actions': '操作',
  'common.reload': '刷新',
  'common.retry': '重试',
  'common.loading': '加载中…',
  'common.noData': '暂无数据',
  'common.yes': '是',
  'common.no': '否',
  'common.total': '共 {{total}} 条',

  'error.unexpected': '操作失败，请稍后重试',
  'error.network': '无法连接服务器，请检查网络后重试',
  'error.http': '服务器返回错误（{{status}}）',
  'error.conflictReload': '数据已被他人修改，请刷新页面后重试。',
  'error.loadFailed': '加载失败',
  'error.forbiddenTitle': '没有权限',

  'validation.invalid': '格式不正确',

  'password.policy': '8–128 位，至少包含一个字母和一个数字',
  'password.tooShort': '密码至少 {{min}} 位',
  'password.tooLong': '密码最多 {{max}} 位',
  'password.letter': '密码须包含字母',
  'password.digit': '密码须包含数字',
};

export const commonEn: Record<keyof typeof commonZhCN, string> = {
  'app.title': 'Chuangwen Platform',
  'app.shortTitle': 'Chuangwen',

  'shell.logout': 'Log out',
  'shell.openMenu': 'Open menu',

  'common.save': 'Save',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.confirm': 'OK',
  'common.edit': 'Edit',
  'common.delete': 'Delete',
  'common.more': 'More actions',
  'common.actions': 'Actions',
  'common.reload': 'Reload',
  'common.retry': 'Retry',
  'common.loading': 'Loading…',
  'common.noData': 'No data',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.total': '{{total}} in total',

  'error.unexpected': 'Something went wrong. Please try again.',
  'error.network': 'Cannot reach the server. Check the connection and try again.',
  'error.http': 'The server answered with an error ({{status}}).',
  'error.conflictReload': 'Someone else changed this record. Reload the page and try again.',
  'error.loadFailed': 'Could not load',
  'error.forbiddenTitle': 'Not allowed',

  'validation.invalid': 'Invalid value',

  'password.policy': '8–128 characters with at least one letter and one digit',
  'password.tooShort': 'At least {{min}} characters',
  'password.tooLong': 'At most {{max}} characters',
  'password.letter': 'Must contain a letter',
  'password.digit': 'Must contain a digit',
};
