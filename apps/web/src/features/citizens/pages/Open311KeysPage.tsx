import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { formatDateTime } from '../../../lib/time';
import { createKey, loadKeys, revokeKey, type ApiKey } from '../api';

export default function Open311KeysPage() {
  const { t } = useTranslation();
  const showError = useShowError();
  const { data, error, loading, reload } = useRequest(() => loadKeys(), 'keys');
  const [issued, setIssued] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; ratePerMinute: number }>();
  if (error) return <ErrorState error={error} onRetry={reload} />;
  return (
    <div data-testid="page-open311-keys">
      <Typography.Title level={4}>{t('keys.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        <code>/open311/v2/discovery.json</code>
      </Typography.Paragraph>
      <Card size="small">
        <Form
          form={form}
          layout="inline"
          initialValues={{ ratePerMinute: 60 }}
          onFinish={(v) =>
            createKey(v.name, v.ratePerMinute).then((k) => {
              setIssued(k.key);
              form.resetFields();
              reload();
            }, showError)
          }
        >
          <Form.Item name="name" rules={[{ required: true, max: 100 }]}>
            <Input placeholder={t('keys.name')} />
          </Form.Item>
          <Form.Item name="ratePerMinute" label={t('keys.rate')}>
            <InputNumber min={1} max={1_000_000} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('keys.create')}
          </Button>
        </Form>
      </Card>
      <Table<ApiKey>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        style={{ marginTop: 16 }}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('keys.name'), dataIndex: 'name' },
          { title: t('keys.prefix'), dataIndex: 'keyPrefix', render: (v: string) => <code>{v}…</code> },
          { title: t('keys.rate'), dataIndex: 'ratePerMinute' },
          { title: '', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: '', key: 's', render: (_, k) => (k.isActive ? <Tag color="green">{t('keys.active')}</Tag> : <Tag>{t('keys.revoked')}</Tag>) },
          {
            title: '',
            key: 'a',
            render: (_, k) =>
              k.isActive && (
                <Popconfirm title={t('keys.revoke')} onConfirm={() => revokeKey(k.id).then(reload, showError)}>
                  <Button size="small" danger>
                    {t('keys.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={issued !== null} onCancel={() => setIssued(null)} footer={null} title={t('keys.create')}>
        <Alert type="warning" showIcon title={t('keys.created')} />
        <Typography.Paragraph copyable code style={{ marginTop: 12 }}>
          {issued}
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}
