import '../i18n';
import '../../cases/i18n';
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { Badge, Button, Card, Col, ConfigProvider, DatePicker, Empty, List, Row, Space, Statistic, Switch, Tag, Typography, theme } from 'antd';
import { FullscreenExitOutlined, FullscreenOutlined } from '@ant-design/icons';
import type { EChartsOption } from 'echarts';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { ErrorState } from '../../../lib/feedback';
import { formatDateTime, startOfDayIso } from '../../../lib/time';
import { useRequest } from '../../../lib/useRequest';
import { formatRate } from '@chuangwen/domain/common/percent';
import { CountyMap } from '../../map/CountyMap';
import { CaseMarkers } from '../../map/CaseMarkers';
import { getCategories, getInspectionResults, getKpis, getRankings, getTrend, type CaseFeedEvent, type Period } from '../api';
import { Chart } from '../components/Chart';
import { HeatLayer } from '../components/HeatLayer';
import { InspectionResultsWidget } from '../components/InspectionResultsWidget';
import { MissingCalendarBanner } from '../../calendar/components/MissingCalendarBanner';
import { useCaseFeed } from '../components/LiveFeed';

// The command dashboard (指挥大屏): KPIs, map, trend, categories, unit ranking and a live ticker.
// `?wall=1` is the 1920×1080 wall-screen mode: dark, large type, no shell. Live case events
// (server-sent) reload the figures within a second, without reloading the page.

const WALL_BG = '#06142e';

export default function DashboardPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const wall = new URLSearchParams(location.search).get('wall') === '1';
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(29, 'day'), dayjs()]);
  const period: Period = useMemo(() => ({ from: startOfDayIso(range[0]), to: startOfDayIso(range[1].add(1, 'day')) }), [range]);
  const [tick, setTick] = useState(0);
  const [events, setEvents] = useState<CaseFeedEvent[]>([]);
  const [heat, setHeat] = useState(false);
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const onEvent = useCallback((event: CaseFeedEvent) => {
    setEvents((list) => [event, ...list].slice(0, 30));
    // Several events in a burst: one reload of the figures.
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => setTick((n) => n + 1), 600);
  }, []);
  useEffect(() => () => clearTimeout(reloadTimer.current), []);
  const live = useCaseFeed(onEvent);

  const key = `${JSON.stringify(period)}:${tick}`;
  const kpis = useRequest((s) => getKpis(period, s), key);
  const trend = useRequest((s) => getTrend(period, s), key);
  const categories = useRequest((s) => getCategories(period, s), key);
  const ranking = useRequest((s) => getRankings({ ...period, top: 5 }, s), key);
  // Inspection results do not move with case events: loaded per period only.
  const inspections = useRequest((s) => getInspectionResults(period, s), JSON.stringify(period));

  const fg = wall ? '#e6f4ff' : undefined;
  const axis = { axisLabel: { color: wall ? '#bcd' : undefined, fontSize: wall ? 16 : 12 } };
  const trendOption: EChartsOption = {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    // ECharts 6 puts legends at the bottom by default, over the date labels.
    // An explicit `color: undefined` blanks the legend text, so the key is left out on light pages.
    legend: { top: 0, data: [t('dash.created'), t('dash.closedSeries')], textStyle: { ...(fg ? { color: fg } : {}), fontSize: wall ? 16 : 12 } },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: (trend.data?.items ?? []).map((d) => d.day.slice(5)), ...axis },
    yAxis: { type: 'value', minInterval: 1, ...axis },
    series: [
      { name: t('dash.created'), type: 'line', data: (trend.data?.items ?? []).map((d) => d.created), color: '#ff7a45' },
      { name: t('dash.closedSeries'), type: 'line', data: (trend.data?.items ?? []).map((d) => d.closed), color: '#36cfc9' },
    ],
  };
  const cats = [...(categories.data?.items ?? [])].reverse();
  // 部件 and 事件 may share a category name (市容环境): then the nature tells them apart.
  const catName = (c: (typeof cats)[number]) =>
    cats.filter((o) => o.categoryName === c.categoryName).length > 1 ? `${c.categoryName}（${t(`case.nature.${c.nature}`)}）` : c.categoryName;
  const categoryOption: EChartsOption = {
    backgroundColor: 'transparent',
    tooltip: {},
    grid: { left: 130, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1, ...axis },
    yAxis: { type: 'category', data: cats.map(catName), ...axis },
    series: [{ type: 'bar', data: cats.map((c) => c.count), color: '#1677ff', barMaxWidth: 22, label: { show: true, position: 'right', color: fg } }],
  };
  const ranked = (ranking.data?.items ?? []).filter((i) => i.score !== null).slice(0, 10);
  const rankingOption: EChartsOption = {
    backgroundColor: 'transparent',
    tooltip: {},
    grid: { left: 110, right: 40, top: 8, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 100, ...axis },
    yAxis: { type: 'category', data: [...ranked].reverse().map((i) => i.unitName), ...axis },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        label: { show: true, position: 'right', color: fg },
        data: [...ranked]
          .reverse()
          .map((i) => ({ value: i.score, itemStyle: { color: (i.score ?? 0) >= 90 ? '#52c41a' : (i.score ?? 0) >= 60 ? '#faad14' : '#f5222d' } })),
      },
    ],
  };

  const k = kpis.data;
  const tiles: { key: string; title: string; value: ReactNode; danger?: boolean }[] = k
    ? [
        { key: 'found', title: t('dash.found'), value: k.found },
        { key: 'closed', title: t('dash.closed'), value: k.closed },
        { key: 'closureRate', title: t('dash.closureRate'), value: formatRate(k.closureRate) },
        { key: 'onTime', title: t('dash.onTimeRate'), value: formatRate(k.onTimeClosureRate) },
        { key: 'rework', title: t('dash.reworkRate'), value: formatRate(k.reworkRate) },
        { key: 'open', title: t('dash.open'), value: k.open },
        { key: 'overdue', title: t('dash.overdue'), value: k.overdue, danger: k.overdue > 0 },
        { key: 'score', title: t('dash.projectedScore'), value: k.framework?.projectedScore ?? '—' },
        { key: 'gap', title: t('dash.gap'), value: k.framework?.gap ?? '—' },
        ...(k.inspections ? [{ key: 'inspections', title: t('dash.inspections'), value: k.inspections.rounds }] : []),
      ]
    : [];

  const card = (title: ReactNode, body: ReactNode, testId: string, extra?: ReactNode) => (
    <Card
      size="small"
      title={<span style={{ fontSize: wall ? 22 : undefined }}>{title}</span>}
      extra={extra}
      data-testid={testId}
      style={{ height: '100%', ...(wall ? { background: 'rgba(22,119,255,0.08)', borderColor: '#1d3a6b' } : {}) }}
    >
      {body}
    </Card>
  );

  const filter = { from: period.from, to: period.to };
  // Wall mode fits 1920×1080 without scrolling: KPIs, then map / live / ranking, then three charts.
  const mapHeight = 420;
  const content = (
    <div data-testid="dashboard" style={wall ? wallStyle : undefined}>
      {wall ? null : <MissingCalendarBanner />}
      <Row justify="space-between" align="middle" style={{ marginBottom: 12 }} gutter={[12, 12]}>
        <Col>
          <Typography.Title level={wall ? 2 : 4} style={{ margin: 0, color: fg }}>
            {t('dash.title')}
          </Typography.Title>
        </Col>
        <Col>
          <Space wrap>
            <Badge
              status={live === 'open' ? 'success' : 'warning'}
              text={
                <span style={{ color: fg }}>
                  {t('dash.live')} · {t(live === 'open' ? 'dash.liveConnected' : 'dash.liveReconnecting')}
                </span>
              }
              data-testid="live-status"
            />
            <DatePicker.RangePicker allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} aria-label={t('dash.period')} />
            <Button
              icon={wall ? <FullscreenExitOutlined /> : <FullscreenOutlined />}
              onClick={() => navigate(wall ? location.pathname : `${location.pathname}?wall=1`)}
            >
              {t(wall ? 'dash.exitWall' : 'dash.wall')}
            </Button>
          </Space>
        </Col>
      </Row>
      {kpis.error ? <ErrorState error={kpis.error} onRetry={kpis.reload} /> : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="kpis">
        {tiles.map((tile) => (
          <Col key={tile.key} flex="1 1 120px">
            <Card size="small" style={wall ? { background: 'rgba(22,119,255,0.12)', borderColor: '#1d3a6b' } : undefined}>
              <Statistic
                title={<span style={{ color: wall ? '#9fb3d1' : undefined, fontSize: wall ? 18 : undefined }}>{tile.title}</span>}
                value={tile.value as string | number}
                styles={{ content: { color: tile.danger ? '#ff4d4f' : fg, fontSize: wall ? 40 : 24 } }}
                data-testid={`kpi-${tile.key}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={wall ? 12 : 14}>
          {card(
            t('dash.map'),
            <CountyMap height={mapHeight} testId="dashboard-map">
              <CaseMarkers filter={filter} onOpen={(id) => navigate(`/cases/${id}`)} key={`m${tick}`} />
              {heat && <HeatLayer filter={filter} reloadKey={tick} />}
            </CountyMap>,
            'widget-map',
            <Space>
              <span style={{ color: fg }}>{t('dash.heat')}</span>
              <Switch size="small" checked={heat} onChange={setHeat} />
            </Space>,
          )}
        </Col>
        <Col xs={24} lg={wall ? 6 : 10}>
          {card(
            t('dash.live'),
            events.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span style={{ color: fg }}>{t('dash.liveWaiting')}</span>} />
            ) : (
              <List
                size="small"
                dataSource={events}
                style={{ maxHeight: mapHeight, overflow: 'auto' }}
                data-testid="live-ticker"
                renderItem={(e) => (
                  <List.Item key={`${e.caseId}-${e.at}`} style={{ color: fg, fontSize: wall ? 18 : undefined }}>
                    <Space direction="vertical" size={0} style={{ width: '100%' }}>
                      <Space wrap>
                        <Tag color={e.type === 'case.created' ? 'red' : 'blue'}>
                          {t(e.type === 'case.created' ? 'dash.event.created' : 'dash.event.changed')}
                        </Tag>
                        <Typography.Text strong style={{ color: fg }}>
                          {e.number}
                        </Typography.Text>
                        <Tag>{t(`case.state.${e.state}`)}</Tag>
                      </Space>
                      <Typography.Text type="secondary" style={{ color: wall ? '#9fb3d1' : undefined }}>
                        {formatDateTime(e.at)} · {e.address}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            ),
            'widget-live',
          )}
        </Col>
        {wall && (
          <Col xs={24} lg={6}>
            {card(t('dash.ranking'), <Chart option={rankingOption} height={mapHeight} dark testId="chart-ranking" />, 'widget-ranking')}
          </Col>
        )}
        <Col xs={24} lg={wall ? 8 : 12}>
          {card(t('dash.trend'), <Chart option={trendOption} height={wall ? 250 : 280} dark={wall} testId="chart-trend" />, 'widget-trend')}
        </Col>
        <Col xs={24} lg={wall ? 8 : 12}>
          {card(
            t('dash.categories'),
            categories.data && categories.data.items.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Chart option={categoryOption} height={wall ? 250 : 280} dark={wall} testId="chart-categories" />
            ),
            'widget-categories',
          )}
        </Col>
        <Col xs={24} lg={wall ? 8 : 24}>
          {card(t('dash.insp.title'), <InspectionResultsWidget data={inspections.data} wall={wall} />, 'widget-inspections')}
        </Col>
        {!wall && (
          <Col xs={24}>
            {card(
              t('dash.ranking'),
              ranked.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
              ) : (
                <Chart option={rankingOption} height={Math.max(200, ranked.length * 34)} testId="chart-ranking" />
              ),
              'widget-ranking',
            )}
          </Col>
        )}
      </Row>
    </div>
  );
  return wall ? <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>{content}</ConfigProvider> : content;
}

const wallStyle: CSSProperties = {
  position: 'fixed',
  inset: 0,
  zIndex: 1000,
  overflow: 'auto',
  padding: 24,
  background: WALL_BG,
  minWidth: 1280,
};
