// The dashboard feature's permissions; auth/permissions.ts composes the one table from every feature's list.
export const DASHBOARD_PERMISSIONS = [
  // Command dashboard, red and black lists and generated documents, issue 7.
  /** The command dashboard (指挥大屏), its live feed and the red and black lists (红黑榜). */
  'dashboard.view',
  /** Generate and download the office's documents: work summary (工作总结). */
  'report.export',
  /** Read published bulletins (通报) addressed to one's units (the office reads drafts too). */
  'bulletin.view',
  /** Generate, edit and publish bulletins. */
  'bulletin.issue',
] as const;
