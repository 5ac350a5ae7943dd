import { Button, Card, Typography } from 'antd';
import { MobileOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** Where inspectors find their phone page (a separate light entry, /field). */
export default function FieldLinkPage() {
  const { t } = useTranslation();
  const url = `${window.location.origin}/field`;
  return (
    <div data-testid="page-field-link">
      <Typography.Title level={4} className="cw-page-title">
        {t('insp.field.title')}
      </Typography.Title>
      <Card>
        <Typography.Paragraph>{t('insp.field.help')}</Typography.Paragraph>
        <Typography.Paragraph copyable strong>
          {url}
        </Typography.Paragraph>
        <Button type="primary" icon={<MobileOutlined />} href="/field">
          {t('insp.field.open')}
        </Button>
      </Card>
    </div>
  );
}
