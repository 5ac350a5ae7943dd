import { useEffect, useState } from 'react';
import { Button, Drawer, Form, Input, Select, Space, TreeSelect, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { userCreateInput, userUpdateInput, type User } from '@chuangwen/domain/users/user.schemas';
import { isApiError } from '../../../lib/api';
import { applyApiErrorToForm, applyZodIssues, passwordRule } from '../../../lib/forms';
import { useShowError } from '../../../lib/feedback';
import type { UnitTreeSelectNode } from '../../units/tree';
import { createUser, updateUser } from '../api';
import { roleOptions as toRoleOptions } from '../roles';

type GrantRow = { roleCode?: string; unitId?: number };
type FormValues = {
  username: string;
  name: string;
  phone?: string;
  unitId?: number;
  password?: string;
  grants: GrantRow[];
};
const FIELDS = ['username', 'name', 'phone', 'unitId', 'password', 'grants'] as const;

type Props = {
  user: User | null; // null: create
  /** Every role (system and custom) the grants may use. */
  roles: readonly { code: string; name: string | null }[];
  unitSelectData: UnitTreeSelectNode[];
  onSaved: (user: User) => void;
  onClose: () => void;
  onConflict: () => void;
};

export function UserDrawer({ user, roles, unitSelectData, onSaved, onClose, onConflict }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const showError = useShowError();

  useEffect(() => {
    form.setFieldsValue(
      user
        ? {
            username: user.username,
            name: user.name,
            phone: user.phone ?? '',
            unitId: user.unitId,
            grants: user.grants.map((g) => ({ roleCode: g.roleCode, unitId: g.unitId })),
          }
        : { username: '', name: '', phone: '', unitId: undefined, password: '', grants: [] },
    );
  }, [form, user]);

  const roleOptions = toRoleOptions(t, roles);

  const onSubmit = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const grants = (values.grants ?? []).map((g) => ({ roleCode: g.roleCode, unitId: g.unitId }));
    const phone = values.phone?.trim() ? values.phone.trim() : null;
    setSaving(true);
    try {
      let saved: User;
      if (user) {
        const parsed = userUpdateInput.safeParse({ version: user.version, name: values.name, phone, unitId: values.unitId, grants });
        if (!applyZodIssues(form, parsed, t) || !parsed.success) return;
        saved = await updateUser(user.id, parsed.data);
      } else {
        const parsed = userCreateInput.safeParse({
          username: values.username,
          name: values.name,
          phone,
          unitId: values.unitId,
          password: values.password,
          grants,
        });
        if (!applyZodIssues(form, parsed, t) || !parsed.success) return;
        saved = await createUser(parsed.data);
      }
      onSaved(saved);
    } catch (error) {
      if (applyApiErrorToForm(form, error, FIELDS)) return;
      showError(error);
      if (isApiError(error, 'conflict') && user) onConflict();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      title={user ? t('user.editTitle', { name: user.name }) : t('user.createTitle')}
      onClose={onClose}
      size={520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void onSubmit()} data-testid="user-form-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues> form={form} layout="vertical" data-testid="user-form">
        <Form.Item
          name="username"
          label={t('user.username')}
          rules={[
            { required: true, whitespace: true },
            { min: 3, max: 64 },
            { pattern: /^\s*[A-Za-z0-9_.-]+\s*$/, message: t('user.usernamePattern') },
          ]}
        >
          <Input disabled={Boolean(user)} autoComplete="off" data-testid="user-form-username" />
        </Form.Item>
        <Form.Item name="name" label={t('user.name')} rules={[{ required: true, whitespace: true, max: 50 }]}>
          <Input maxLength={50} data-testid="user-form-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('user.phone')} rules={[{ pattern: /^\s*[0-9+\- ]{5,20}\s*$/, message: t('user.phonePattern') }]}>
          <Input autoComplete="off" data-testid="user-form-phone" />
        </Form.Item>
        <Form.Item name="unitId" label={t('user.unit')} rules={[{ required: true }]}>
          <TreeSelect
            treeData={unitSelectData}
            fieldNames={{ label: 'title', value: 'value', children: 'children' }}
            showSearch
            treeNodeFilterProp="title"
            data-testid="user-form-unit"
          />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('user.initialPassword')} extra={t('password.policy')} rules={[{ required: true }, passwordRule(t)]}>
            <Input.Password autoComplete="new-password" data-testid="user-form-password" />
          </Form.Item>
        )}
        <Typography.Text strong>{t('user.grants')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('user.grantsHelp')}
        </Typography.Paragraph>
        <Form.List name="grants">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <div key={field.key} className="cw-grant-row" data-testid={`grant-row-${index}`}>
                  <Form.Item name={[field.name, 'roleCode']} rules={[{ required: true, message: t('user.grantRoleRequired') }]}>
                    <Select options={roleOptions} placeholder={t('user.role')} data-testid={`grant-role-${index}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unitId']} rules={[{ required: true, message: t('user.grantUnitRequired') }]}>
                    <TreeSelect
                      treeData={unitSelectData}
                      fieldNames={{ label: 'title', value: 'value', children: 'children' }}
                      showSearch
                      treeNodeFilterProp="title"
                      placeholder={t('user.grantUnit')}
                      data-testid={`grant-unit-${index}`}
                    />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block data-testid="grant-add">
                {t('user.addGrant')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
