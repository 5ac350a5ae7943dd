import { App, Card, Input, Select, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SELF_ASSESSMENT_STATUSES, type SelfAssessmentStatus } from '@chuangwen/domain/framework/framework.schemas';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { listSelfAssessments, setSelfAssessment, type SelfAssessmentRow } from '../api';
import { FrameworkPicker, percent, useFrameworkChoice } from '../components/shared';

export default function SelfAssessmentPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const choice = useFrameworkChoice();
  const id = choice.current?.id;
  const data = useRequest((signal) => listSelfAssessments(id!, signal), `sa-${id}`, id !== undefined);
  if (choice.error || data.error) return <ErrorState error={choice.error ?? data.error} onRetry={data.reload} />;

  const save = async (row: SelfAssessmentRow, status: SelfAssessmentStatus, note: string | null) => {
    try {
      await setSelfAssessment(id!, row.nodeId, { status, note, version: row.current?.version });
      void message.success(t('fw.saved'));
      data.reload();
    } catch (error) {
      showError(error);
    }
  };
  const summary = data.data?.summary;

  return (
    <div data-testid="page-framework-self-assessment">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.frameworkSelfAssessment')}
      </Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }}>
        <FrameworkPicker choice={choice} />
        {summary && (
          <Card size="small">
            <Space size="large" wrap>
              <Statistic title={t('fw.share')} value={percent(summary.metOrMostlyMetShare)} data-testid="fw-sa-share" />
              {SELF_ASSESSMENT_STATUSES.map((s) => (
                <Statistic key={s} title={t(`fw.sa.${s}`)} value={summary.counts[s]} />
              ))}
              <Statistic title={t('fw.unassessed')} value={summary.counts.unassessed} />
            </Space>
          </Card>
        )}
        <Table<SelfAssessmentRow>
          rowKey="nodeId"
          size="small"
          loading={data.loading}
          dataSource={data.data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          columns={[
            { title: t('fw.code'), dataIndex: 'code', width: 90 },
            { title: t('fw.criterion'), dataIndex: 'name', ellipsis: true },
            { title: t('fw.points'), dataIndex: 'points', width: 70, align: 'right' },
            { title: t('fw.lead'), key: 'lead', width: 160, render: (_, r) => r.lead?.name ?? t('fw.unassigned') },
            {
              title: t('fw.selfAssessment'),
              key: 'status',
              width: 140,
              render: (_, r) => (
                <Select<SelfAssessmentStatus>
                  size="small"
                  style={{ width: 120 }}
                  disabled={!r.canEnter}
                  value={r.current?.status}
                  placeholder={t('fw.unassessed')}
                  data-testid={`fw-sa-${r.code}`}
                  onChange={(status) => void save(r, status, r.current?.note ?? null)}
                  options={SELF_ASSESSMENT_STATUSES.map((s) => ({ value: s, label: t(`fw.sa.${s}`) }))}
                />
              ),
            },
            {
              title: t('fw.note'),
              key: 'note',
              width: 240,
              render: (_, r) => (
                <Input
                  size="small"
                  disabled={!r.canEnter || !r.current}
                  defaultValue={r.current?.note ?? ''}
                  key={`${r.nodeId}-${r.current?.version}`}
                  onBlur={(e) => {
                    if (r.current && e.target.value !== (r.current.note ?? '')) void save(r, r.current.status, e.target.value || null);
                  }}
                />
              ),
            },
          ]}
        />
      </Space>
    </div>
  );
}
