import '../i18n';
import { useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { UNIT_KINDS, type UnitKind } from '@chuangwen/domain/units/unit.kinds';
import type { UnitGrade } from '@chuangwen/domain/cases/case.metrics';
import { ErrorState } from '../../../lib/feedback';
import { formatDateTime, startOfDayIso } from '../../../lib/time';
import { useRequest } from '../../../lib/useRequest';
import { unitMetrics, type UnitMetricsItem } from '../api';
import { formatRate } from '@chuangwen/domain/common/percent';
import { listRuleText } from '@chuangwen/domain/cases/case.metrics';

const GRADE_COLORS: Record<UnitGrade, string> = { A: 'green', B: 'cyan', C: 'blue', D: 'orange', E: 'red' };

export default function UnitMetricsPage() {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs().endOf('month')]);
  const [kind, setKind] = useState<UnitKind | undefined>(undefined);
  // The period is whole Shanghai days: [first day 00:00, day after the last day 00:00).
  const query = { from: startOfDayIso(range[0]), to: startOfDayIso(range[1].add(1, 'day')), kind, top: 5 };
  const metrics = useRequest((signal) => unitMetrics(query, signal), JSON.stringify(query));
  const items = metrics.data?.items ?? [];
  const byId = new Map(items.map((i) => [i.unitId, i]));

  const columns: TableColumnsType<UnitMetricsItem> = [
    { title: t('case.metrics.unit'), dataIndex: 'unitName', fixed: 'left', width: 160 },
    { title: t('case.metrics.dispatched'), dataIndex: 'dispatched', align: 'right' },
    { title: t('case.metrics.closed'), dataIndex: 'closed', align: 'right' },
    { title: t('case.metrics.closureRate'), dataIndex: 'closureRate', align: 'right', render: formatRate },
    { title: t('case.metrics.onTimeClosureRate'), dataIndex: 'onTimeClosureRate', align: 'right', render: formatRate },
    { title: t('case.metrics.overdue'), dataIndex: 'overdue', align: 'right' },
    { title: t('case.metrics.reworkRate'), dataIndex: 'reworkRate', align: 'right', render: formatRate },
    { title: t('case.metrics.returned'), dataIndex: 'returned', align: 'right' },
    {
      title: t('case.metrics.averageHandlingHours'),
      dataIndex: 'averageHandlingHours',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : v.toFixed(1)),
    },
    {
      title: t('case.metrics.score'),
      dataIndex: 'score',
      align: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1),
      render: (v: number | null) => (v === null ? '—' : <Typography.Text strong>{v.toFixed(1)}</Typography.Text>),
    },
    {
      title: t('case.metrics.grade'),
      dataIndex: 'grade',
      align: 'center',
      render: (g: UnitGrade | null) => (g ? <Tag color={GRADE_COLORS[g]}>{g}</Tag> : '—'),
    },
  ];

  const ranking = (ids: number[], testId: string, title: string, color: string) => (
    <Card size="small" title={<span style={{ color }}>{title}</span>} data-testid={testId} style={{ height: '100%' }}>
      {ids.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.metrics.listEmpty')} />
      ) : (
        <ol style={{ margin: 0, paddingLeft: 20 }}>
          {ids.map((id) => {
            const item = byId.get(id);
            if (!item) return null;
            return (
              <li key={id} style={{ padding: '4px 0' }}>
                <Space>
                  <Typography.Text>{item.unitName}</Typography.Text>
                  <Typography.Text strong>{item.score?.toFixed(1) ?? '—'}</Typography.Text>
                  {item.grade && <Tag color={GRADE_COLORS[item.grade]}>{t(`case.grade.${item.grade}`)}</Tag>}
                </Space>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );

  return (
    <div data-testid="page-case-metrics">
      <Typography.Title level={4} className="cw-page-title">
        {t('case.metrics.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap className="cw-filters">
          <Typography.Text>{t('case.metrics.period')}</Typography.Text>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            presets={[
              { label: dayjs().format('YYYY-MM'), value: [dayjs().startOf('month'), dayjs().endOf('month')] },
              {
                label: dayjs().subtract(1, 'month').format('YYYY-MM'),
                value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')],
              },
              { label: dayjs().format('YYYY'), value: [dayjs().startOf('year'), dayjs().endOf('year')] },
            ]}
            onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
            data-testid="metrics-period"
          />
          <Select
            allowClear
            placeholder={t('case.metrics.kind')}
            style={{ width: 150 }}
            value={kind}
            options={UNIT_KINDS.filter((k) => k !== 'office').map((k) => ({ value: k, label: t(`unit.kind.${k}`) }))}
            onChange={(k?: UnitKind) => setKind(k)}
          />
          {metrics.data && (
            <Typography.Text type="secondary">{t('case.metrics.asOf', { asOf: formatDateTime(metrics.data.asOf).slice(0, 16) })}</Typography.Text>
          )}
        </Space>
      </Card>
      {metrics.error ? (
        <ErrorState error={metrics.error} onRetry={metrics.reload} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={24} md={12}>
              {ranking(metrics.data?.redList ?? [], 'metrics-red-list', t('case.metrics.redList'), '#c41d2f')}
            </Col>
            <Col xs={24} md={12}>
              {ranking(metrics.data?.blackList ?? [], 'metrics-black-list', t('case.metrics.blackList'), '#262626')}
            </Col>
          </Row>
          {metrics.data?.listRule && (
            <Typography.Paragraph type="secondary" data-testid="metrics-list-rule">
              {listRuleText(metrics.data.listRule, i18n.language === 'en' ? 'en' : 'zh-CN')}
            </Typography.Paragraph>
          )}
          <Card size="small">
            <Table<UnitMetricsItem>
              rowKey="unitId"
              size="small"
              data-testid="metrics-table"
              loading={metrics.loading}
              columns={columns}
              dataSource={items}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('case.metrics.empty') }}
            />
          </Card>
        </>
      )}
    </div>
  );
}
