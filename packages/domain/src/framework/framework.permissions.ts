// The framework feature's permissions; auth/permissions.ts composes the one table from every feature's list.
export const FRAMEWORK_PERMISSIONS = [
  // Evaluation framework (测评体系), responsibility matrix, evidence, self-assessment, score.
  'framework.view',
  'framework.edit',
  'evidence.submit',
  'evidence.review',
  'selfAssessment.enter',
  'score.view',
] as const;
