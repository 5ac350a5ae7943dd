import { describe, expect, it } from 'vitest';
import { LOCALES } from '../i18n/labels';
import {
  CRITERION_FLAG_LABELS,
  EVALUATION_METHOD_LABELS,
  EVIDENCE_KIND_LABELS,
  FRAMEWORK_LEVEL_LABELS,
  FRAMEWORK_STATUS_LABELS,
  FRAMEWORK_TREE_ERROR_LABELS,
  SELF_ASSESSMENT_STATUS_LABELS,
  SITE_TYPE_LABELS,
  evaluationMethodFromLabel,
  siteTypeFromLabel,
} from './framework.labels';
import {
  CRITERION_FLAGS,
  EVALUATION_METHODS,
  EVIDENCE_KINDS,
  FRAMEWORK_LEVELS,
  FRAMEWORK_STATUSES,
  SELF_ASSESSMENT_STATUSES,
  SITE_TYPES,
} from './framework.schemas';
import { FRAMEWORK_TREE_ERROR_KEYS } from './framework.tree';

describe('framework labels', () => {
  it.each([
    ['levels', FRAMEWORK_LEVELS, FRAMEWORK_LEVEL_LABELS],
    ['statuses', FRAMEWORK_STATUSES, FRAMEWORK_STATUS_LABELS],
    ['methods', EVALUATION_METHODS, EVALUATION_METHOD_LABELS],
    ['site types', SITE_TYPES, SITE_TYPE_LABELS],
    ['self-assessment', SELF_ASSESSMENT_STATUSES, SELF_ASSESSMENT_STATUS_LABELS],
    ['evidence kinds', EVIDENCE_KINDS, EVIDENCE_KIND_LABELS],
    ['flags', CRITERION_FLAGS, CRITERION_FLAG_LABELS],
    ['tree errors', FRAMEWORK_TREE_ERROR_KEYS, FRAMEWORK_TREE_ERROR_LABELS],
  ] as const)('labels every %s value in every locale, uniquely', (_, values, labels: Record<string, Record<string, string>>) => {
    for (const locale of LOCALES) {
      expect(Object.keys(labels[locale]!).sort()).toEqual([...values].sort());
      const texts = Object.values(labels[locale]!);
      expect(texts.every((t) => t.trim().length > 0)).toBe(true);
      expect(new Set(texts).size).toBe(texts.length);
    }
  });

  it('has the 26 site types of the 2021 manual', () => {
    expect(SITE_TYPES).toHaveLength(26);
    expect(siteTypeFromLabel('主次干道')).toBe('mainRoad');
    expect(siteTypeFromLabel('Back street')).toBe('backStreet');
    expect(evaluationMethodFromLabel(' 实地考察 ')).toBe('site');
    expect(evaluationMethodFromLabel('telepathy')).toBeNull();
  });
});
