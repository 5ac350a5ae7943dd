// The inspections feature's permissions; auth/permissions.ts composes the one table from every feature's list.
export const INSPECTION_PERMISSIONS = [
  // Inspections (督查), issue 5. Row-level rules: apps/server/src/features/inspections/inspection.policy.ts.
  /** Sites, checklists, rounds, teams and results (read). */
  'inspection.view',
  /** Plan rounds, form teams and bind them to towns, allot sites, edit checklists. */
  'inspection.plan',
  /** Field work: record results at the sites allotted to a team one belongs to (and only there). */
  'inspection.conduct',
  /** The site registry (点位): create, edit, import. */
  'site.manage',
  /** Rectification notices (抄告单): read those of one's units. */
  'notice.view',
  /** Issue notices and approve or reject what units submit. */
  'notice.issue',
  /** Submit a unit's rectification report on a notice. */
  'notice.handle',
] as const;
