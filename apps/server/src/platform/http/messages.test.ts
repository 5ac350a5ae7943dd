import { describe, expect, it } from 'vitest';
import { localeFrom, t } from './messages';
import { localiseIssue } from './errors';

describe('server messages', () => {
  it('picks English only when the caller prefers it', () => {
    expect(localeFrom(undefined)).toBe('zh-CN');
    expect(localeFrom('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(localeFrom('en-GB,en;q=0.9')).toBe('en');
    expect(localeFrom('fr-FR')).toBe('zh-CN');
  });

  it('fills parameters', () => {
    expect(t('zh-CN', 'account_locked', { minutes: 15 })).toBe('登录失败次数过多，账号已临时锁定，请于 15 分钟后再试');
    expect(t('en', 'payload_too_large', { limit: '1 MiB' })).toBe('The request is too large (limit 1 MiB)');
  });

  it('turns zod issues into one message per field', () => {
    const issue = (keyword: string, params: Record<string, unknown>, message = '') => ({ keyword, instancePath: '/grants/0/unitId', message, params });
    expect(localiseIssue('zh-CN', issue('too_small', { origin: 'string', minimum: 3 }))).toEqual({ path: 'grants.0.unitId', message: '至少 3 个字符' });
    expect(localiseIssue('en', issue('too_big', { origin: 'number', maximum: 200 })).message).toBe('Must be at most 200');
    expect(localiseIssue('en', issue('invalid_type', { expected: 'number' }, 'Invalid input: expected number, received undefined')).message).toBe('Required');
    expect(localiseIssue('zh-CN', issue('invalid_format', {}, 'password.digit')).message).toBe('密码须包含数字');
  });
});
