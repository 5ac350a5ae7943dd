import { useState } from 'react';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '@chuangwen/domain/users/user.schemas';
import { applyApiErrorToForm, passwordRule } from '../../../lib/forms';
import { useShowError } from '../../../lib/feedback';
import { resetUserPassword } from '../api';

export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [saving, setSaving] = useState(false);

  const onOk = async () => {
    let values: { password: string; confirm: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      await resetUserPassword(user.id, values.password);
      void message.success(t('user.passwordReset', { name: user.name }));
      onClose();
    } catch (error) {
      if (!applyApiErrorToForm(form, error, ['password'])) showError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('user.resetPasswordTitle', { name: user.name })}
      onOk={() => void onOk()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('common.confirm')}
      okButtonProps={{ 'data-testid': 'reset-password-submit' } as Record<string, string>}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('user.resetPasswordHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="password" label={t('user.newPassword')} extra={t('password.policy')} rules={[{ required: true }, passwordRule(t)]}>
          <Input.Password autoComplete="new-password" data-testid="reset-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('profile.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: async (_, value: string) => {
                if (value && value !== getFieldValue('password')) throw new Error(t('profile.passwordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
