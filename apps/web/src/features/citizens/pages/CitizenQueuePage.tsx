import { useState } from 'react';
import { App, Button, Card, Empty, Image, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState, PageLoading, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { formatDateTime } from '../../../lib/time';
import { acceptReport, loadQueue, mergeReport, rejectReport, type QueueItem } from '../api';
import { RedactionModal } from '../components/RedactionModal';

export default function CitizenQueuePage() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useRequest(() => loadQueue(), 'queue');
  const [redacting, setRedacting] = useState<number | null>(null);
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (loading && !data) return <PageLoading />;
  return (
    <div data-testid="page-citizen-queue">
      <Typography.Title level={4}>
        {t('citizens.queue.title')}（{data?.total ?? 0}）
      </Typography.Title>
      {data?.items.length === 0 && <Empty description={t('citizens.queue.empty')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {data?.items.map((item) => (
          <QueueCard key={item.caseId} item={item} onDone={reload} onRedact={() => setRedacting(item.caseId)} />
        ))}
      </Space>
      {redacting !== null && <RedactionModal caseId={redacting} open onClose={() => setRedacting(null)} />}
    </div>
  );
}

function QueueCard({ item, onDone, onRedact }: { item: QueueItem; onDone: () => void; onRedact: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      message.success(t('citizens.done'));
      onDone();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const contact = [item.reporter.name, item.reporter.phone, item.reporter.email].filter(Boolean).join(' · ');
  return (
    <Card
      size="small"
      data-testid={`citizen-report-${item.number}`}
      title={
        <Space wrap>
          <span>{item.number}</span>
          <Tag>
            {item.categoryName} / {item.subcategoryName}
          </Tag>
          <Tag color={item.channel === 'open311' ? 'blue' : 'red'}>{item.channel}</Tag>
        </Space>
      }
      extra={<Typography.Text type="secondary">{formatDateTime(item.submittedAt)}</Typography.Text>}
    >
      {/* Citizens' text is shown as text (React escapes it). */}
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="citizen-description">
        {item.description}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {item.address} · {item.areaUnitName}
      </Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text strong>{t('citizens.reporter')}：</Typography.Text>
        {contact || t('citizens.anonymous')}
      </Typography.Paragraph>
      {item.photos.length > 0 && (
        <Image.PreviewGroup>
          <Space>
            {item.photos.map((p) => (
              <Image key={p.fileId} src={p.thumbUrl} preview={{ src: p.url }} width={96} height={72} style={{ objectFit: 'cover' }} />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('citizens.suggestions')}
      </Typography.Title>
      {item.suggestions.length === 0 ? (
        <Typography.Text type="secondary">{t('citizens.noSuggestions')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={item.suggestions}
          renderItem={(s) => (
            <List.Item
              actions={[
                <Button
                  key="m"
                  size="small"
                  loading={busy}
                  onClick={() => void run(() => mergeReport(item.caseId, item.version, s.id))}
                  data-testid={`citizen-merge-${s.number}`}
                >
                  {t('citizens.merge')}
                </Button>,
              ]}
            >
              <Space direction="vertical" size={0}>
                <span>
                  {s.number} · {t('citizens.distance', { m: s.distanceM })} · {formatDateTime(s.submittedAt)}
                </span>
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 480 }}>
                  {s.description}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Space wrap style={{ marginTop: 12 }}>
        <Button
          type="primary"
          loading={busy}
          onClick={() => void run(() => acceptReport(item.caseId, item.version))}
          data-testid={`citizen-accept-${item.number}`}
        >
          {t('citizens.accept')}
        </Button>
        <Button danger loading={busy} onClick={() => setRejecting(true)}>
          {t('citizens.reject')}
        </Button>
        {item.photos.length > 0 && <Button onClick={onRedact}>{t('citizens.redact')}</Button>}
      </Space>
      <Modal
        open={rejecting}
        title={t('citizens.reject')}
        onCancel={() => setRejecting(false)}
        okButtonProps={{ disabled: !reason.trim(), loading: busy }}
        onOk={() => void run(() => rejectReport(item.caseId, item.version, reason.trim())).then(() => setRejecting(false))}
      >
        <Input.TextArea rows={3} maxLength={500} placeholder={t('citizens.rejectReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Card>
  );
}
