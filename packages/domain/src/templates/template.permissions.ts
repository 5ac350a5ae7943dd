// The templates feature's permissions; auth/permissions.ts composes the one table from every feature's list.
export const TEMPLATE_PERMISSIONS = [
  /** Read the office's document templates (工作总结 wording), their history and a preview with the period's figures. */
  'template.view',
  /** Edit the office's document templates and restore earlier versions. */
  'template.edit',
] as const;
