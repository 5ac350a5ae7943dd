import { useState } from 'react';
import { App, Button, Card, Checkbox, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { formatDateTime } from '../../../lib/time';
import { findCaseByNumber, loadCasePhotos, loadExposures, publishExposure, withdrawExposure, type CasePhoto, type ExposureRow } from '../api';
import { RedactionModal } from '../components/RedactionModal';

// Publishing on the exposure board: find the case, redact its photos (the public sees only the
// redacted copies), write the public title and summary, publish; withdraw with a reason.

export default function ExposurePage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'live' | 'withdrawn' | 'all'>('live');
  const { data, error, loading, reload } = useRequest(() => loadExposures(status), status);
  const [withdrawing, setWithdrawing] = useState<ExposureRow | null>(null);
  if (error) return <ErrorState error={error} onRetry={reload} />;
  return (
    <div data-testid="page-exposures">
      <Typography.Title level={4}>{t('exposure.title')}</Typography.Title>
      <PublishForm onPublished={reload} />
      <Card size="small" style={{ marginTop: 16 }}>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={[
            { value: 'live', label: t('exposure.status.live') },
            { value: 'withdrawn', label: t('exposure.status.withdrawn') },
            { value: 'all', label: '∑' },
          ]}
        />
        <Table<ExposureRow>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data?.items ?? []}
          style={{ marginTop: 8 }}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('exposure.caseNumber'), dataIndex: 'number' },
            { title: t('exposure.titleField'), dataIndex: 'title' },
            { title: t('exposure.publishedAt'), dataIndex: 'publishedAt', render: (v: string) => formatDateTime(v) },
            {
              title: '',
              key: 's',
              render: (_, r) =>
                r.withdrawnAt ? (
                  <Tag>
                    {t('exposure.status.withdrawn')}：{r.withdrawReason}
                  </Tag>
                ) : (
                  <Tag color="red">{t('exposure.status.live')}</Tag>
                ),
            },
            {
              title: '',
              key: 'a',
              render: (_, r) =>
                !r.withdrawnAt && (
                  <Button size="small" onClick={() => setWithdrawing(r)}>
                    {t('exposure.withdraw')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      {withdrawing && (
        <WithdrawModal
          row={withdrawing}
          onClose={() => {
            setWithdrawing(null);
            reload();
          }}
        />
      )}
    </div>
  );
}

function WithdrawModal({ row, onClose }: { row: ExposureRow; onClose: () => void }) {
  const { t } = useTranslation();
  const showError = useShowError();
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={`${t('exposure.withdraw')} ${row.number}`}
      onCancel={onClose}
      okButtonProps={{ disabled: !reason.trim() }}
      onOk={() => withdrawExposure(row.id, reason.trim()).then(onClose, showError)}
    >
      <Input.TextArea rows={3} maxLength={500} placeholder={t('exposure.withdrawReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
    </Modal>
  );
}

function PublishForm({ onPublished }: { onPublished: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ title: string; summary: string; address?: string }>();
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<{ id: number; number: string; description: string } | null>(null);
  const [photos, setPhotos] = useState<CasePhoto[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [redacting, setRedacting] = useState(false);
  const [busy, setBusy] = useState(false);

  const find = async () => {
    try {
      const c = await findCaseByNumber(number);
      setFound(c);
      if (!c) message.warning(t('exposure.caseNotFound'));
      else setPhotos((await loadCasePhotos(c.id)).items);
    } catch (err) {
      showError(err);
    }
  };
  const publish = async (values: { title: string; summary: string; address?: string }) => {
    if (!found) return;
    setBusy(true);
    try {
      await publishExposure({ caseId: found.id, ...values, address: values.address || null, photoFileIds: chosen });
      message.success(t('exposure.published'));
      form.resetFields();
      setFound(null);
      setChosen([]);
      onPublished();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('exposure.publish')} data-testid="exposure-publish">
      <Space.Compact style={{ maxWidth: 420, width: '100%' }}>
        <Input placeholder={t('exposure.caseNumber')} value={number} onChange={(e) => setNumber(e.target.value)} data-testid="exposure-case-number" />
        <Button onClick={() => void find()} data-testid="exposure-find">
          {t('exposure.findCase')}
        </Button>
      </Space.Compact>
      {found && (
        <Form form={form} layout="vertical" onFinish={(v) => void publish(v)} style={{ marginTop: 12, maxWidth: 640 }}>
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
            {found.number}：{found.description}
          </Typography.Paragraph>
          <Form.Item label={t('exposure.photos')}>
            <Space wrap>
              {photos.map((p) => (
                <Checkbox
                  key={p.fileId}
                  disabled={!p.redaction}
                  checked={chosen.includes(p.fileId)}
                  data-testid="exposure-photo"
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, p.fileId] : c.filter((x) => x !== p.fileId)))}
                >
                  <img
                    src={p.redaction ? `${p.redaction.thumbUrl}?v=${encodeURIComponent(p.redaction.at)}` : p.thumbUrl}
                    alt=""
                    style={{ width: 80, height: 60, objectFit: 'cover' }}
                  />
                  {!p.redaction && <Tag color="orange">{t('exposure.needsRedaction')}</Tag>}
                </Checkbox>
              ))}
              {photos.length > 0 && (
                <Button onClick={() => setRedacting(true)} data-testid="exposure-redact">
                  {t('citizens.redact')}
                </Button>
              )}
            </Space>
          </Form.Item>
          <Form.Item name="title" label={t('exposure.titleField')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="exposure-title" />
          </Form.Item>
          <Form.Item name="summary" label={t('exposure.summary')} rules={[{ required: true, max: 2000 }]}>
            <Input.TextArea rows={3} data-testid="exposure-summary" />
          </Form.Item>
          <Form.Item name="address" label={t('exposure.address')} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="exposure-submit">
            {t('exposure.publish')}
          </Button>
        </Form>
      )}
      {found && redacting && (
        <RedactionModal
          caseId={found.id}
          open
          onClose={() => {
            setRedacting(false);
            void loadCasePhotos(found.id).then((r) => setPhotos(r.items));
          }}
        />
      )}
    </Card>
  );
}
