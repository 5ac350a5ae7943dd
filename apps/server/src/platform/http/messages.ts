import type { Locale } from '@chuangwen/domain/i18n/labels';

// Server-side messages (errors and validation) in both UI languages. `{name}` is replaced.
const zhCN = {
  unauthenticated: '请先登录',
  invalid_credentials: '用户名或密码错误',
  account_locked: '登录失败次数过多，账号已临时锁定，请于 {minutes} 分钟后再试',
  account_disabled: '账号已停用，请联系创文办管理员',
  forbidden: '没有权限执行此操作',
  csrf_failed: '请求校验失败（CSRF），请刷新页面后重试',
  not_found: '未找到请求的资源',
  route_not_found: '接口不存在：{method} {url}',
  conflict: '数据已被他人修改，请刷新后重试',
  duplicate: '{field}“{value}”已存在',
  validation_failed: '输入有误，请检查标注的字段',
  invalid_json: '请求内容不是合法的 JSON',
  unsupported_media_type: '不支持的内容类型：{type}',
  payload_too_large: '请求内容过大（上限 {limit}）',
  rate_limited: '请求过于频繁，请 {seconds} 秒后再试',
  import_failed: '导入失败，共 {count} 处错误，未写入任何数据',
  internal: '服务器内部错误，请稍后重试',
  unavailable: '数据库暂不可用',
  wrong_password: '当前密码不正确',
  same_password: '新密码不能与当前密码相同',
  unit_parent_kind: '“{kind}”不能设在“{parentKind}”之下',
  unit_parent_cycle: '不能把单位移到它自己的下级',
  unit_not_empty: '该单位下还有 {children} 个下级单位、{users} 个用户，不能删除',
  unit_out_of_scope: '该单位不在您的管理范围内',
  self_deactivate: '不能停用自己的账号',
  file_required: '请上传文件',
  file_type: '文件类型不正确，应为 {expected}',
  'import.missing_column': '缺少必需的列“{column}”',
  'import.required': '必填',
  'import.bad_kind': '类型“{value}”无效',
  'import.unknown_parent': '上级编码“{value}”不存在',
  'import.duplicate_code': '编码“{value}”在文件中重复（另见第 {other} 行）',
  'import.cycle': '上下级关系形成循环',
  'import.parent_kind': '“{kind}”不能设在“{parentKind}”之下',
  'import.bad_number': '应为整数',
  'import.bad_geojson': '不是合法的 GeoJSON 面（Polygon/MultiPolygon）',
  'import.bad_code': '编码只能包含字母、数字、下划线和连字符',
  'import.out_of_scope': '不在您的管理范围内',
  'import.too_long': '超过 {max} 个字符',
  'import.empty': '文件中没有数据行',
  file_unsupported: '不支持的文件类型（按文件内容识别），允许：{accepted}',
  image_corrupt: '图片已损坏或无法识别，未保存',
  // validation
  'v.required': '必填',
  'v.type': '类型应为 {expected}',
  'v.too_small.string': '至少 {minimum} 个字符',
  'v.too_big.string': '最多 {maximum} 个字符',
  'v.too_small.number': '不能小于 {minimum}',
  'v.too_big.number': '不能大于 {maximum}',
  'v.too_small.array': '至少 {minimum} 项',
  'v.too_big.array': '最多 {maximum} 项',
  'v.format': '格式不正确',
  'v.enum': '取值应为：{values}',
  'v.unknown_keys': '不允许的字段：{keys}',
  'v.invalid': '取值无效',
  'password.letter': '密码须包含字母',
  'password.digit': '密码须包含数字',
};

export type MessageKey = keyof typeof zhCN;

const en: Record<MessageKey, string> = {
  unauthenticated: 'Please sign in first',
  invalid_credentials: 'Wrong username or password',
  account_locked: 'Too many failed sign-ins; the account is locked, try again in {minutes} minutes',
  account_disabled: 'This account is disabled; contact the civilization office',
  forbidden: 'You are not allowed to do this',
  csrf_failed: 'Request check failed (CSRF); reload the page and try again',
  not_found: 'Not found',
  route_not_found: 'No such endpoint: {method} {url}',
  conflict: 'Someone else changed this record; reload and try again',
  duplicate: '{field} "{value}" already exists',
  validation_failed: 'Some fields are invalid',
  invalid_json: 'The request body is not valid JSON',
  unsupported_media_type: 'Unsupported content type: {type}',
  payload_too_large: 'The request is too large (limit {limit})',
  rate_limited: 'Too many requests; try again in {seconds} seconds',
  import_failed: 'Import failed with {count} errors; nothing was written',
  internal: 'Internal server error; please try again later',
  unavailable: 'The database is not available',
  wrong_password: 'The current password is wrong',
  same_password: 'The new password must differ from the current one',
  unit_parent_kind: 'A {kind} cannot be placed under a {parentKind}',
  unit_parent_cycle: 'A unit cannot be moved under its own descendant',
  unit_not_empty: 'This unit still has {children} sub-units and {users} users; it cannot be deleted',
  unit_out_of_scope: 'This unit is outside your scope',
  self_deactivate: 'You cannot disable your own account',
  file_required: 'Please upload a file',
  file_type: 'Wrong file type; expected {expected}',
  'import.missing_column': 'Required column "{column}" is missing',
  'import.required': 'Required',
  'import.bad_kind': 'Unknown kind "{value}"',
  'import.unknown_parent': 'Parent code "{value}" does not exist',
  'import.duplicate_code': 'Code "{value}" appears twice in the file (also row {other})',
  'import.cycle': 'The parent links form a cycle',
  'import.parent_kind': 'A {kind} cannot be placed under a {parentKind}',
  'import.bad_number': 'Must be a whole number',
  'import.bad_geojson': 'Not a valid GeoJSON Polygon/MultiPolygon',
  'import.bad_code': 'Codes may contain only letters, digits, underscores and dashes',
  'import.out_of_scope': 'Outside your scope',
  'import.too_long': 'Longer than {max} characters',
  'import.empty': 'The file has no data rows',
  file_unsupported: 'Unsupported file type (judged by its content); accepted: {accepted}',
  image_corrupt: 'The image is corrupt or unreadable; nothing was stored',
  'v.required': 'Required',
  'v.type': 'Expected {expected}',
  'v.too_small.string': 'At least {minimum} characters',
  'v.too_big.string': 'At most {maximum} characters',
  'v.too_small.number': 'Must be at least {minimum}',
  'v.too_big.number': 'Must be at most {maximum}',
  'v.too_small.array': 'At least {minimum} items',
  'v.too_big.array': 'At most {maximum} items',
  'v.format': 'Invalid format',
  'v.enum': 'Must be one of: {values}',
  'v.unknown_keys': 'Unknown fields: {keys}',
  'v.invalid': 'Invalid value',
  'password.letter': 'The password must contain a letter',
  'password.digit': 'The password must contain a digit',
};

const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export function isMessageKey(key: string): key is MessageKey {
  return key in zhCN;
}

export function t(locale: Locale, key: MessageKey, params: Record<string, unknown> = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** Accept-Language → one of our locales; Chinese unless English is preferred. */
export function localeFrom(header: string | undefined): Locale {
  if (!header) return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
