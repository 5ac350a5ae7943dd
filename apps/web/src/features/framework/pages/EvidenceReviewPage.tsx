import { useState } from 'react';
import { App, Button, Card, Input, Modal, Progress, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { evidenceProgress, listEvidence, reviewEvidence, type EvidenceItem, type ProgressLine } from '../api';
import { FrameworkPicker, useFrameworkChoice } from '../components/shared';
import { EvidenceTag } from './MyResponsibilitiesPage';

export default function EvidenceReviewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const choice = useFrameworkChoice();
  const id = choice.current?.id;
  const [page, setPage] = useState(1);
  const [returning, setReturning] = useState<EvidenceItem | null>(null);
  const [reason, setReason] = useState('');
  const queue = useRequest((signal) => listEvidence(id!, { state: 'submitted', page, pageSize: 20 }, signal), `queue-${id}-${page}`, id !== undefined);
  const progress = useRequest((signal) => evidenceProgress(id!, signal), `progress-${id}`, id !== undefined);
  if (choice.error) return <ErrorState error={choice.error} onRetry={choice.reload} />;

  const decide = async (item: EvidenceItem, decision: 'accept' | 'return', note?: string) => {
    try {
      await reviewEvidence(id!, item.id, { decision, note, version: item.version });
      void message.success(t('fw.reviewed'));
      setReturning(null);
      setReason('');
      queue.reload();
      progress.reload();
    } catch (error) {
      showError(error);
    }
  };

  return (
    <div data-testid="page-framework-review">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.frameworkReview')}
      </Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }}>
        <FrameworkPicker choice={choice} />
        <Card size="small" title={t('fw.reviewQueue')}>
          <Table<EvidenceItem>
            rowKey="id"
            size="small"
            data-testid="fw-review-queue"
            loading={queue.loading}
            dataSource={queue.data?.items ?? []}
            scroll={{ x: 900 }}
            pagination={{ current: page, pageSize: 20, total: queue.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
            columns={[
              { title: t('fw.criterion'), key: 'c', render: (_, e) => `${e.code} ${e.criterionName}`, ellipsis: true },
              { title: t('fw.unit'), key: 'u', width: 160, render: (_, e) => e.unit.name },
              { title: t('fw.evidence'), key: 'k', width: 100, render: (_, e) => <Tag>{t(`fw.evidenceKind.${e.kind}`)}</Tag> },
              {
                title: t('fw.content'),
                key: 'content',
                ellipsis: true,
                render: (_, e) =>
                  e.file ? (
                    <Space>
                      {e.file.thumbUrl && <img src={e.file.thumbUrl} alt="" style={{ height: 40 }} />}
                      <a href={e.file.url} target="_blank" rel="noreferrer">
                        {e.file.originalName}
                      </a>
                    </Space>
                  ) : (
                    e.text
                  ),
              },
              { title: t('fw.submittedAt'), key: 'at', width: 170, render: (_, e) => `${e.submittedByName} ${new Date(e.submittedAt).toLocaleString()}` },
              { title: t('fw.statusLabel'), key: 's', width: 90, render: (_, e) => <EvidenceTag item={e} /> },
              {
                title: t('common.actions'),
                key: 'a',
                width: 150,
                render: (_, e) => (
                  <Space>
                    <Button size="small" type="primary" onClick={() => void decide(e, 'accept')} data-testid={`fw-accept-${e.id}`}>
                      {t('fw.accept')}
                    </Button>
                    <Button size="small" danger onClick={() => setReturning(e)} data-testid={`fw-return-${e.id}`}>
                      {t('fw.return')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
        <Card size="small" title={t('fw.progressByUnit')}>
          <Table<ProgressLine>
            rowKey="key"
            size="small"
            loading={progress.loading}
            dataSource={progress.data?.byUnit ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t('fw.unit'), dataIndex: 'name' },
              { title: t('fw.criteria'), dataIndex: 'criteria', width: 90, align: 'right' },
              { title: t('fw.required'), dataIndex: 'required', width: 80, align: 'right' },
              { title: t('fw.accepted'), dataIndex: 'accepted', width: 80, align: 'right' },
              { title: t('fw.missing'), dataIndex: 'missing', width: 80, align: 'right' },
              {
                title: t('fw.overdue'),
                dataIndex: 'overdue',
                width: 80,
                align: 'right',
                render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
              },
              {
                title: t('fw.completeness'),
                dataIndex: 'completeness',
                width: 160,
                render: (c: number | null) => <Progress percent={Math.round((c ?? 0) * 100)} size="small" />,
              },
            ]}
          />
        </Card>
      </Space>
      <Modal
        open={returning !== null}
        title={t('fw.returnReason')}
        onCancel={() => setReturning(null)}
        okButtonProps={{ disabled: !reason.trim(), 'data-testid': 'fw-return-submit' }}
        onOk={() => void decide(returning!, 'return', reason)}
      >
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="fw-return-reason" />
      </Modal>
    </div>
  );
}
