import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { passwordSchema } from '@chuangwen/domain/auth/password';
import { ApiError, type FieldIssue } from './api';

type NamePath = (string | number)[];

/** "grants.0.unitId" → ['grants', 0, 'unitId'] (antd Form name path). */
export function toNamePath(path: string | (string | number | symbol)[]): NamePath {
  const parts = Array.isArray(path) ? path : path.split('.');
  return parts
    .filter((p) => typeof p !== 'symbol' && p !== '')
    .map((p) => (typeof p === 'number' || !/^\d+$/.test(String(p)) ? (p as string | number) : Number(p)));
}

/**
 * Puts server validation details onto the form fields they name. Returns the issues that match no
 * registered field so the caller can show them as a message instead.
 */
export function applyFieldIssues(form: FormInstance, issues: FieldIssue[], knownFields?: readonly string[]): FieldIssue[] {
  const rest: FieldIssue[] = [];
  // One field may fail several rules ("too short", "needs a digit"): show them all.
  const fields = new Map<string, { name: NamePath; errors: string[] }>();
  for (const issue of issues) {
    const name = toNamePath(issue.path);
    const top = String(name[0] ?? '');
    if (!top || (knownFields && !knownFields.includes(top))) {
      rest.push(issue);
      continue;
    }
    const key = name.join('.');
    const field = fields.get(key) ?? { name, errors: [] };
    if (!field.errors.includes(issue.message)) field.errors.push(issue.message);
    fields.set(key, field);
  }
  if (fields.size) form.setFields([...fields.values()]);
  return rest;
}

/** For a failed save: field errors go to the fields; returns true when nothing else needs showing. */
export function applyApiErrorToForm(form: FormInstance, error: unknown, knownFields: readonly string[]): boolean {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return false;
  const issues = error.fieldIssues;
  if (!issues.length) return false;
  return applyFieldIssues(form, issues, knownFields).length === 0;
}

/** Client-side check of a zod schema, mapped onto form fields like the server's details would be. */
export function applyZodIssues(form: FormInstance, result: z.ZodSafeParseResult<unknown>, t: TFunction): boolean {
  if (result.success) return true;
  form.setFields(
    result.error.issues.map((issue) => ({
      name: toNamePath(issue.path as (string | number)[]),
      errors: [t('validation.invalid')],
    })),
  );
  return false;
}

/** The domain password policy as a translated message list (empty when the password is fine). */
export function passwordProblems(value: string, t: TFunction): string[] {
  const result = passwordSchema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    if (issue.code === 'too_small') return t('password.tooShort', { min: 8 });
    if (issue.code === 'too_big') return t('password.tooLong', { max: 128 });
    if (issue.message === 'password.letter' || issue.message === 'password.digit') return t(issue.message);
    return t('validation.invalid');
  });
}

/** antd Form rule enforcing the domain password policy. */
export function passwordRule(t: TFunction) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value) return;
      const problems = passwordProblems(value, t);
      if (problems.length) throw new Error(problems.join('；'));
    },
  };
}
