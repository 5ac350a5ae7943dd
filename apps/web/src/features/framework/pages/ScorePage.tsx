import { percentValue } from '@chuangwen/domain/common/percent';
import { Alert, Card, Col, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LeaderSummary } from '@chuangwen/domain/framework/framework.api';
import { ErrorState, PageLoading } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { getLeaderSummary, type Gap } from '../api';
import { FrameworkPicker, IllustrativeAlert, percent, useFrameworkChoice } from '../components/shared';

type AreaLine = LeaderSummary['areas'][number];
type WorstUnit = LeaderSummary['worstUnits'][number];

/** The leader's one page: projected total, by area, top 10 gaps, worst 10 units (plain antd, no charts library). */
export default function ScorePage() {
  const { t } = useTranslation();
  const choice = useFrameworkChoice();
  const id = choice.current?.id;
  const summary = useRequest((signal) => getLeaderSummary(id!, signal), `summary-${id}`, id !== undefined);
  if (choice.error || summary.error) return <ErrorState error={choice.error ?? summary.error} onRetry={summary.reload} />;
  const s = summary.data;
  return (
    <div data-testid="page-framework-score">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.frameworkScore')}
      </Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }}>
        <FrameworkPicker choice={choice} />
        {!s ? (
          <PageLoading />
        ) : (
          <>
            <IllustrativeAlert show={s.framework.pointsAreIllustrative} />
            {s.isVetoed && <Alert type="error" showIcon message={t('fw.vetoFailed', { codes: s.vetoFailed.join('、') })} />}
            <Row gutter={[12, 12]}>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('fw.projected')} value={s.total.projectedScore ?? '—'} suffix={`/ ${s.total.points}`} data-testid="fw-projected-total" />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('fw.scoreRate')} value={percent(s.total.scoreRate)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('fw.share')} value={percent(s.selfAssessment.metOrMostlyMetShare)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('fw.evidenceCompleteness')} value={percent(s.evidence.completeness)} />
                </Card>
              </Col>
            </Row>
            <Card size="small" title={t('fw.byArea')}>
              <Table<AreaLine>
                rowKey="code"
                size="small"
                pagination={false}
                dataSource={s.areas}
                data-testid="fw-score-areas"
                columns={[
                  { title: t('fw.area'), key: 'n', render: (_, a) => `${a.code} ${a.name}` },
                  { title: t('fw.points'), dataIndex: 'points', width: 80, align: 'right' },
                  { title: t('fw.projected'), dataIndex: 'projectedScore', width: 100, align: 'right' },
                  { title: t('fw.lost'), dataIndex: 'lost', width: 80, align: 'right' },
                  {
                    title: t('fw.scoreRate'),
                    dataIndex: 'scoreRate',
                    width: 200,
                    render: (r: number | null) => <Progress size="small" percent={percentValue(r) ?? 0} />,
                  },
                ]}
              />
            </Card>
            <Row gutter={[12, 12]}>
              <Col xs={24} xl={14}>
                <Card size="small" title={t('fw.topGaps')}>
                  <Table<Gap>
                    rowKey="code"
                    size="small"
                    pagination={false}
                    dataSource={s.topGaps}
                    data-testid="fw-top-gaps"
                    columns={[
                      {
                        title: t('fw.criterion'),
                        key: 'c',
                        ellipsis: true,
                        render: (_, g) => (
                          <>
                            {g.code} {g.name} {g.isVeto && <Tag color="red">{t('fw.flag.isVeto')}</Tag>}
                          </>
                        ),
                      },
                      { title: t('fw.lead'), key: 'l', width: 150, ellipsis: true, render: (_, g) => g.lead?.name ?? t('fw.unassigned') },
                      { title: t('fw.selfAssessment'), key: 's', width: 90, render: (_, g) => (g.status ? t(`fw.sa.${g.status}`) : t('fw.unassessed')) },
                      { title: t('fw.lost'), dataIndex: 'lost', width: 70, align: 'right' },
                    ]}
                  />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card size="small" title={t('fw.worstUnits')}>
                  <Table<WorstUnit>
                    rowKey={(u) => u.unit.id}
                    size="small"
                    pagination={false}
                    dataSource={s.worstUnits}
                    data-testid="fw-worst-units"
                    columns={[
                      { title: t('fw.rank'), dataIndex: 'rank', width: 60 },
                      { title: t('fw.unit'), key: 'u', render: (_, u) => u.unit.name },
                      { title: t('fw.lost'), dataIndex: 'lost', width: 70, align: 'right' },
                      { title: t('fw.asLead'), dataIndex: 'asLead', width: 90, align: 'right' },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          </>
        )}
      </Space>
    </div>
  );
}
