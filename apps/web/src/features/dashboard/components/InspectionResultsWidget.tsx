import { Col, Empty, Row, Statistic, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useTranslation } from 'react-i18next';
import { formatRate, percentValue } from '@chuangwen/domain/common/percent';
import type { InspectionResults, PassRates } from '../api';
import { Chart } from './Chart';

// The latest inspection round's results on the dashboard: its pass rates and rectification rate,
// site pass rate per site type and per town, and the site pass rate of the recent rounds.

const colour = (rate: number | null) => ((rate ?? 0) >= 0.9 ? '#52c41a' : (rate ?? 0) >= 0.6 ? '#faad14' : '#f5222d');

export function InspectionResultsWidget({ data, wall }: { data: InspectionResults | undefined; wall: boolean }) {
  const { t } = useTranslation();
  const fg = wall ? '#e6f4ff' : undefined;
  const axis = { axisLabel: { color: wall ? '#bcd' : undefined, fontSize: wall ? 16 : 12 } };
  const latest = data?.latest;
  if (data && !latest) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span style={{ color: fg }}>{t('dash.insp.none')}</span>} />;
  if (!latest) return null;

  const bars = (lines: (PassRates & { label: string })[]): EChartsOption => ({
    backgroundColor: 'transparent',
    tooltip: {},
    grid: { left: 96, right: 48, top: 8, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 100, ...axis },
    yAxis: { type: 'category', data: [...lines].reverse().map((l) => l.label), ...axis },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        label: { show: true, position: 'right', color: fg, formatter: '{c}%' },
        data: [...lines].reverse().map((l) => ({ value: percentValue(l.sitePassRate) ?? 0, itemStyle: { color: colour(l.sitePassRate) } })),
      },
    ],
  });
  const roundsOption: EChartsOption = {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: (data?.rounds ?? []).map((r) => r.periodEnd.slice(5)), ...axis },
    yAxis: { type: 'value', min: 0, max: 100, ...axis },
    series: [{ name: t('dash.insp.sitePassRate'), type: 'line', data: (data?.rounds ?? []).map((r) => percentValue(r.sitePassRate)), color: '#36cfc9' }],
  };
  const height = (n: number) => Math.max(120, n * (wall ? 30 : 26) + 40);
  const statStyle = { content: { color: fg, fontSize: wall ? 30 : 22 } };
  const title = (key: string) => <span style={{ color: wall ? '#9fb3d1' : undefined }}>{t(key)}</span>;
  return (
    <div data-testid="inspection-results">
      <Typography.Text strong style={{ color: fg }}>
        {t('dash.insp.round', { name: latest.name, from: latest.periodStart, to: latest.periodEnd })}
      </Typography.Text>
      <Row gutter={[12, 12]} style={{ margin: '8px 0' }}>
        <Col flex="1 1 120px">
          <Statistic title={title('dash.insp.sitePassRate')} value={formatRate(latest.total.sitePassRate)} styles={statStyle} data-testid="insp-site-rate" />
          <Typography.Text type="secondary" style={{ color: wall ? '#9fb3d1' : undefined }}>
            {t('dash.insp.sites', { passed: latest.total.sitesPassed, visited: latest.total.sitesVisited })}
          </Typography.Text>
        </Col>
        <Col flex="1 1 120px">
          <Statistic title={title('dash.insp.itemPassRate')} value={formatRate(latest.total.itemPassRate)} styles={statStyle} />
        </Col>
        <Col flex="1 1 120px">
          <Statistic title={title('dash.insp.rectificationRate')} value={formatRate(latest.summary.rectificationRate)} styles={statStyle} />
        </Col>
      </Row>
      {wall ? (
        // The wall screen has one third of a row for this card: the rates above and the towns only.
        <Chart option={bars(latest.byTown)} height={Math.min(height(latest.byTown.length), 190)} dark testId="chart-insp-town" />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ color: wall ? '#9fb3d1' : undefined }} data-testid="insp-sentence">
            {latest.summary.sentence}
          </Typography.Paragraph>
          <Row gutter={[12, 12]}>
            <Col xs={24} md={data!.rounds.length > 1 ? 8 : 12}>
              <Typography.Text style={{ color: fg }}>{t('dash.insp.bySiteType')}</Typography.Text>
              <Chart option={bars(latest.bySiteType)} height={height(latest.bySiteType.length)} dark={wall} testId="chart-insp-site-type" />
            </Col>
            <Col xs={24} md={data!.rounds.length > 1 ? 8 : 12}>
              <Typography.Text style={{ color: fg }}>{t('dash.insp.byTown')}</Typography.Text>
              <Chart option={bars(latest.byTown)} height={height(latest.byTown.length)} dark={wall} testId="chart-insp-town" />
            </Col>
            {data!.rounds.length > 1 && (
              <Col xs={24} md={8}>
                <Typography.Text style={{ color: fg }}>{t('dash.insp.rounds')}</Typography.Text>
                <Chart option={roundsOption} height={height(Math.max(latest.bySiteType.length, latest.byTown.length))} dark={wall} testId="chart-insp-rounds" />
              </Col>
            )}
          </Row>
        </>
      )}
    </div>
  );
}
