// The exports feature's permissions; auth/permissions.ts composes the one table from every feature's list.
export const EXPORT_PERMISSIONS = [
  // Ledger exports (台账导出), issue 7: each kind also needs its read permission and is scoped by it.
  /** Start background Excel exports of ledgers (cases, inspections, matrix, evidence, units, users) and download one's own. */
  'ledger.export',
] as const;
