// The citizens feature's permissions; auth/permissions.ts composes the one table from every feature's list.
export const CITIZEN_PERMISSIONS = [
  // Citizens (随手拍), Open311 and the exposure board (曝光台), issue 6.
  /** Citizen-report statistics. */
  'citizen.view',
  /** The moderation queue: accept, reject with a public reason, merge duplicates, redact photos; sees reporters' contact data. */
  'citizen.moderate',
  /** Publish cases on the public exposure board and withdraw them. */
  'exposure.publish',
  /** Issue and revoke Open311 API keys. */
  'open311.keys',
] as const;
