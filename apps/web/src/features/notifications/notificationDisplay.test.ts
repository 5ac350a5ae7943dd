import { describe, expect, it } from 'vitest';
import i18n from 'i18next';
import '../../lib/i18n';
import './i18n';
import { badgeLabel, notificationLink, notificationText } from './notificationDisplay';

const zh = i18n.getFixedT('zh-CN');
const en = i18n.getFixedT('en');

describe('notificationText', () => {
  it('says what happened to which case, with the deadline in Shanghai time', () => {
    const n = { kind: 'case.dispatch', data: { number: 'SF-2026-000123', deadlineAt: '2026-11-30T02:30:00.000Z' } };
    expect(notificationText(zh, n)).toBe('问题 SF-2026-000123 已派遣给本单位，请于 2026-11-30 10:30 前整改');
    expect(notificationText(en, n)).toBe('Case SF-2026-000123 was dispatched to your unit; please rectify it by 2026-11-30 10:30');
    expect(notificationText(zh, { kind: 'case.dispatch', data: { number: 'SF-1', deadlineAt: null } })).toBe('问题 SF-1 已派遣给本单位，请及时整改');
    expect(notificationText(zh, { kind: 'case.urge', data: { number: 'SF-1' } })).toBe('问题 SF-1 被催办，请尽快整改');
    expect(notificationText(zh, { kind: 'case.overdue', data: { number: 'SF-1', deadlineAt: '2026-11-27 08:00:00+00' } })).toBe('问题 SF-1 已超期');
  });

  it('has a sentence for every kind the server sends, in both languages', () => {
    const kinds = [
      'dispatch',
      'reassign',
      'delegate',
      'urge',
      'verifyFail',
      'approveExtension',
      'denyExtension',
      'unpark',
      'reopen',
      'return',
      'requestExtension',
      'submitRectification',
      'overdue',
    ];
    for (const kind of kinds) {
      for (const t of [zh, en]) {
        const line = notificationText(t, { kind: `case.${kind}`, data: { number: 'SF-9', deadlineAt: '2026-11-30T02:30:00Z' } });
        expect(line, kind).toContain('SF-9');
        expect(line, kind).not.toContain('notif.');
        expect(line, kind).not.toContain('{{');
      }
    }
  });

  it('names the bulletin and the unit’s rank, and falls back for unknown kinds', () => {
    const title = '<script>alert(1)</script>第47周通报';
    expect(notificationText(zh, { kind: 'bulletin.published', data: { bulletinId: 3, title, rank: 2, overdue: 0 } })).toBe(
      `通报《${title}》已发布，本单位排名第 2`,
    );
    expect(notificationText(zh, { kind: 'bulletin.published', data: { bulletinId: 3, title, rank: null, overdue: 2 } })).toBe(
      `通报《${title}》已发布（本单位有 2 个超期问题）`,
    );
    expect(notificationText(zh, { kind: 'case.somethingNew', data: { number: 'SF-1' } })).toBe('问题 SF-1 有新动态');
    expect(notificationText(en, { kind: 'survey.started', data: {} })).toBe('You have a new notification');
  });
});

describe('notificationLink and badgeLabel', () => {
  it('leads to the case or the bulletins', () => {
    expect(notificationLink({ kind: 'case.urge', caseId: 42 })).toBe('/cases/42');
    expect(notificationLink({ kind: 'bulletin.published', caseId: null })).toBe('/bulletins');
    expect(notificationLink({ kind: 'other', caseId: null })).toBeNull();
  });

  it('shows nothing at zero and 99+ beyond 99', () => {
    expect(badgeLabel(0)).toBeNull();
    expect(badgeLabel(7)).toBe('7');
    expect(badgeLabel(99)).toBe('99');
    expect(badgeLabel(100)).toBe('99+');
  });
});
