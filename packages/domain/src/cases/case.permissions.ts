// Case permissions outside the workflow table (whose own actions' permissions are CASE_PERMISSIONS in case.workflow.ts).
export const CASE_EXTRA_PERMISSIONS = [
  /** Report cases anywhere in the county, not only within the units of one's grants (office, inspectors). */
  'case.createAnywhere',
] as const;
