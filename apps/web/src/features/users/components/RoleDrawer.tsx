import { useEffect, useState } from 'react';
import { Alert, Button, Drawer, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLE_CODE_PATTERN, roleCreateInput, roleUpdateInput, type Role } from '@chuangwen/domain/users/role.schemas';
import { ApiError } from '../../../lib/api';
import { applyFieldIssues, applyZodIssues } from '../../../lib/forms';
import { errorText } from '../../../lib/feedback';
import { createRole, updateRole } from '../api';
import { roleLabel } from '../roles';
import { PermissionPicker } from './PermissionPicker';

type FormValues = { code: string; name: string; permissions: string[] };
const FIELDS = ['code', 'name', 'permissions'] as const;

type Props = {
  /** null: a new role. */
  role: Role | null;
  /** Only look (system roles, or a caller without role.manage). */
  readOnly: boolean;
  /** The editor's own permissions: a role can only bundle what its editor holds. */
  held: ReadonlySet<string>;
  onSaved: (role: Role) => void;
  onClose: () => void;
};

export function RoleDrawer({ role, readOnly, held, onSaved, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  // What the server said that belongs to no single field (e.g. the role was deleted meanwhile).
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    form.setFieldsValue(role ? { code: role.code, name: role.name ?? '', permissions: role.permissions } : { code: '', name: '', permissions: [] });
  }, [form, role]);

  const onSubmit = async () => {
    setFormError(null);
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      let saved: Role;
      if (role) {
        const parsed = roleUpdateInput.safeParse({ name: values.name, permissions: values.permissions });
        if (!applyZodIssues(form, parsed, t) || !parsed.success) return;
        saved = await updateRole(role.code, parsed.data);
      } else {
        const parsed = roleCreateInput.safeParse(values);
        if (!applyZodIssues(form, parsed, t) || !parsed.success) return;
        saved = await createRole(parsed.data);
      }
      onSaved(saved);
    } catch (error) {
      // Field details (validation, a taken code, a permission one lacks) go to their fields.
      const rest = error instanceof ApiError ? applyFieldIssues(form, error.fieldIssues, FIELDS) : [];
      const placed = error instanceof ApiError && error.fieldIssues.length > 0 && rest.length === 0;
      if (!placed) setFormError(errorText(error, t));
    } finally {
      setSaving(false);
    }
  };

  const title = !role
    ? t('roles.createTitle')
    : readOnly
      ? t('roles.viewTitle', { name: roleLabel(t, role) })
      : t('roles.editTitle', { name: roleLabel(t, role) });

  return (
    <Drawer
      open
      title={title}
      onClose={onClose}
      size={640}
      destroyOnHidden
      extra={
        readOnly ? (
          <Button onClick={onClose}>{t('common.close')}</Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => void onSubmit()} data-testid="role-form-submit">
              {t('common.save')}
            </Button>
          </Space>
        )
      }
    >
      {role?.isSystem && <Alert type="info" showIcon title={t('roles.systemReadOnly')} style={{ marginBottom: 16 }} />}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="role-form-error" />}
      <Form<FormValues> form={form} layout="vertical" disabled={readOnly} data-testid="role-form">
        <Form.Item
          name="code"
          label={t('roles.code')}
          extra={role ? undefined : t('roles.codeHelp')}
          rules={[
            { required: true, whitespace: true },
            { pattern: new RegExp(`^\\s*${ROLE_CODE_PATTERN.source.slice(1, -1)}\\s*$`), message: t('roles.codePattern') },
          ]}
        >
          <Input disabled={Boolean(role)} autoComplete="off" maxLength={32} data-testid="role-form-code" />
        </Form.Item>
        {!role?.isSystem && (
          <Form.Item name="name" label={t('roles.name')} rules={[{ required: true, whitespace: true, max: 40 }]}>
            <Input maxLength={40} data-testid="role-form-name" />
          </Form.Item>
        )}
        <Form.Item
          name="permissions"
          label={t('roles.permissions')}
          extra={readOnly ? undefined : t('roles.permissionsHelp')}
          rules={[
            {
              validator: async (_, value: string[] | undefined) => {
                if (!value?.length) throw new Error(t('roles.permissionsRequired'));
              },
            },
          ]}
        >
          <PermissionPicker held={held} readOnly={readOnly} />
        </Form.Item>
        {readOnly && role && (
          <Typography.Text type="secondary">
            {t('roles.permissionCount')}: {role.permissions.length}
          </Typography.Text>
        )}
      </Form>
    </Drawer>
  );
}
