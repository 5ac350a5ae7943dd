import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { CASE_ACTIONS, CASE_TRANSITIONS } from '@chuangwen/domain/cases/case.workflow';
import { actionFields, needsNoInput, toActionBody, validateActionBody } from './actionForm';

describe('actionFields', () => {
  it('has a widget for every input key of every action', () => {
    for (const action of CASE_ACTIONS) expect(() => actionFields(action)).not.toThrow();
  });

  it('marks exactly the keys the workflow table requires as required', () => {
    for (const transition of CASE_TRANSITIONS) {
      const required = actionFields(transition.action)
        .filter((f) => f.required)
        .map((f) => f.name)
        .sort();
      expect(required, transition.action).toEqual([...transition.requires].sort());
    }
  });

  it('builds the dispatch form: unit picker, deadline, note, photos', () => {
    expect(actionFields('dispatch')).toEqual([
      { name: 'responsibleUnitId', widget: 'unit', required: true },
      { name: 'deadlineAt', widget: 'datetime', required: true },
      { name: 'note', widget: 'text', required: false },
      { name: 'attachmentIds', widget: 'photos', required: false },
    ]);
  });

  it('asks for after-photos instead of attachments when rectifying', () => {
    expect(actionFields('submitRectification').map((f) => [f.name, f.required])).toEqual([
      ['afterPhotoIds', true],
      ['note', false],
    ]);
  });

  it('keeps the optional deadline of verifyFail optional and the reason required', () => {
    const fields = Object.fromEntries(actionFields('verifyFail').map((f) => [f.name, f.required]));
    expect(fields).toMatchObject({ reason: true, deadlineAt: false });
  });

  it('knows which actions need no input', () => {
    expect(needsNoInput('accept')).toBe(true);
    expect(needsNoInput('verifyPass')).toBe(true);
    expect(needsNoInput('reject')).toBe(false);
    expect(needsNoInput('urge')).toBe(false);
  });
});

describe('toActionBody', () => {
  it('trims text, drops empty values, turns dates into ISO and photos into ids', () => {
    const at = dayjs('2026-12-01T09:30:00+08:00');
    const body = toActionBody('dispatch', {
      responsibleUnitId: 5,
      deadlineAt: at,
      note: '  <script>alert(1)</script> ',
      attachmentIds: [],
      unknown: 'ignored',
    });
    expect(body).toEqual({ responsibleUnitId: 5, deadlineAt: '2026-12-01T01:30:00.000Z', note: '<script>alert(1)</script>' });
    expect(validateActionBody('dispatch', body).success).toBe(true);
  });

  it('fails validation without the required after-photos', () => {
    const body = toActionBody('submitRectification', { afterPhotoIds: [], note: ' ' });
    expect(body).toEqual({});
    const result = validateActionBody('submitRectification', body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['afterPhotoIds']);
  });

  it('sends uploaded after-photos as ids', () => {
    const id = '0b6f3a52-6a0e-4d0a-9c39-2a1f6f1b8c11';
    const body = toActionBody('submitRectification', { afterPhotoIds: [{ id, url: '/api/files/x' }] });
    expect(body).toEqual({ afterPhotoIds: [id] });
    expect(validateActionBody('submitRectification', body).success).toBe(true);
  });
});
