import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LOCALES, type Locale } from '@chuangwen/domain/i18n/labels';
import { phone as phoneSchema } from '@chuangwen/domain/users/user.schemas';
import { changePassword, updateProfile } from '../../auth/api';
import { useMe, useSession } from '../../auth/session';
import { isApiError } from '../../../lib/api';
import { applyApiErrorToForm, passwordRule } from '../../../lib/forms';
import { useShowError } from '../../../lib/feedback';
import { changeLanguage } from '../../../lib/i18n';

type ProfileValues = { name: string; phone?: string; locale: Locale };
type PasswordValues = { currentPassword: string; newPassword: string; confirm: string };

const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

export default function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { replaceMe, refresh } = useSession();
  const { message } = App.useApp();
  const showError = useShowError();
  const navigate = useNavigate();
  const [profileForm] = Form.useForm<ProfileValues>();
  const [passwordForm] = Form.useForm<PasswordValues>();
  const [savingProfile, setSavingProfile] = useState(false);
  const [savingPassword, setSavingPassword] = useState(false);

  // The header's language switch also saves the locale; keep the select in step with it.
  useEffect(() => profileForm.setFieldValue('locale', me.locale), [profileForm, me.locale]);

  const onSaveProfile = async (values: ProfileValues) => {
    setSavingProfile(true);
    try {
      const updated = await updateProfile({
        name: values.name.trim(),
        phone: values.phone?.trim() ? values.phone.trim() : null,
        locale: values.locale,
      });
      replaceMe(updated);
      await changeLanguage(values.locale);
      void message.success(t('profile.saved'));
    } catch (error) {
      if (!applyApiErrorToForm(profileForm, error, ['name', 'phone', 'locale'])) showError(error);
    } finally {
      setSavingProfile(false);
    }
  };

  const onChangePassword = async (values: PasswordValues) => {
    setSavingPassword(true);
    try {
      await changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      passwordForm.resetFields();
      void message.success(t('profile.passwordChanged'));
      if (me.mustChangePassword) {
        await refresh();
        navigate('/', { replace: true });
      }
    } catch (error) {
      // The server answers 400 `wrong_password` (details name the field, but with a code as message).
      if (isApiError(error, 'wrong_password') || isApiError(error, 'invalid_credentials')) {
        passwordForm.setFields([{ name: 'currentPassword', errors: [error.message] }]);
      } else if (!applyApiErrorToForm(passwordForm, error, ['currentPassword', 'newPassword'])) {
        showError(error);
      }
    } finally {
      setSavingPassword(false);
    }
  };

  return (
    <div data-testid="page-profile">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.profile')}
      </Typography.Title>
      {me.mustChangePassword && (
        <Alert type="warning" showIcon title={t('profile.mustChange')} style={{ marginBottom: 12 }} data-testid="must-change-password" />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card title={t('profile.info')} size="small">
            <Form<ProfileValues>
              form={profileForm}
              layout="vertical"
              initialValues={{ name: me.name, phone: me.phone ?? '', locale: me.locale }}
              onFinish={(v) => void onSaveProfile(v)}
              disabled={savingProfile}
            >
              <Form.Item label={t('user.username')}>
                <Input value={me.username} disabled />
              </Form.Item>
              <Form.Item label={t('user.unit')}>
                <Input value={me.unitName} disabled />
              </Form.Item>
              <Form.Item name="name" label={t('user.name')} rules={[{ required: true, whitespace: true, max: 50 }]}>
                <Input maxLength={50} data-testid="profile-name" />
              </Form.Item>
              <Form.Item
                name="phone"
                label={t('user.phone')}
                rules={[
                  {
                    validator: async (_, value?: string) => {
                      if (value?.trim() && !phoneSchema.safeParse(value).success) throw new Error(t('user.phonePattern'));
                    },
                  },
                ]}
              >
                <Input data-testid="profile-phone" />
              </Form.Item>
              <Form.Item name="locale" label={t('profile.language')}>
                <Select options={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} data-testid="profile-locale" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={savingProfile} data-testid="profile-save">
                {t('common.save')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('profile.changePassword')} size="small">
            <Form<PasswordValues> form={passwordForm} layout="vertical" onFinish={(v) => void onChangePassword(v)} disabled={savingPassword}>
              <Form.Item name="currentPassword" label={t('profile.currentPassword')} rules={[{ required: true }]}>
                <Input.Password autoComplete="current-password" data-testid="password-current" />
              </Form.Item>
              <Form.Item name="newPassword" label={t('profile.newPassword')} extra={t('password.policy')} rules={[{ required: true }, passwordRule(t)]}>
                <Input.Password autoComplete="new-password" data-testid="password-new" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t('profile.confirmPassword')}
                dependencies={['newPassword']}
                rules={[
                  { required: true },
                  ({ getFieldValue }) => ({
                    validator: async (_, value: string) => {
                      if (value && value !== getFieldValue('newPassword')) throw new Error(t('profile.passwordMismatch'));
                    },
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" data-testid="password-confirm" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={savingPassword} data-testid="password-submit">
                {t('profile.changePassword')}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
