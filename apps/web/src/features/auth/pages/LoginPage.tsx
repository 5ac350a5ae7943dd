import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { LoginInput } from '@chuangwen/domain/auth/password';
import { LanguageSwitch } from '../../../admin/shell/LanguageSwitch';
import { errorText } from '../../../lib/feedback';
import { login } from '../api';
import { useSession } from '../session';

export default function LoginPage() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async (values: LoginInput) => {
    setSubmitting(true);
    setError(null);
    try {
      const { user } = await login({ username: values.username.trim(), password: values.password });
      signedIn(user);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(user.mustChangePassword ? '/profile' : from && from !== '/login' ? from : '/', { replace: true });
    } catch (cause) {
      // invalid_credentials, account_locked (with the server's unlock time), rate_limited … as the server words them
      setError(errorText(cause, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="cw-login" data-testid="page-login">
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.title')}
            </Typography.Title>
            <LanguageSwitch size="small" />
          </div>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          {error && <Alert type="error" showIcon title={error} data-testid="login-error" />}
          <Form<LoginInput> layout="vertical" onFinish={onFinish} requiredMark={false} disabled={submitting}>
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
