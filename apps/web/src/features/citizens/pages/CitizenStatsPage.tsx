import { formatRate } from '@chuangwen/domain/common/percent';
import { useState } from 'react';
import { Card, Col, DatePicker, Row, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { endOfDayIso, startOfDayIso } from '../../../lib/time';
import { loadStats } from '../api';

export default function CitizenStatsPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const from = startOfDayIso(range[0]);
  const to = endOfDayIso(range[1]);
  const { data, error, loading, reload } = useRequest(() => loadStats(from, to), `${from}|${to}`);
  if (error) return <ErrorState error={error} onRetry={reload} />;
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v);
  return (
    <div data-testid="page-citizen-stats">
      <Typography.Title level={4}>{t('stats.title')}</Typography.Title>
      <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        {(
          [
            ['stats.total', data?.total],
            ['stats.pending', data?.pending],
            ['stats.closed', data?.closed],
            ['stats.rejected', data?.rejected],
            ['stats.merged', data?.merged],
            ['stats.acceptedShare', data?.acceptedShare == null ? null : formatRate(data.acceptedShare)],
            ['stats.firstResponse', data?.medianFirstResponseHours],
            ['stats.closure', data?.medianClosureHours],
          ] as const
        ).map(([key, value]) => (
          <Col key={key} xs={12} md={6}>
            <Card size="small" loading={loading}>
              <Statistic title={t(key)} value={num(value as number | null)} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} md={14}>
          <Card size="small" title={t('stats.byCategory')}>
            <Table
              size="small"
              rowKey={(r) => `${r.nature}${r.categoryCode}${r.subcategoryCode}`}
              pagination={{ pageSize: 10 }}
              dataSource={data?.byCategory ?? []}
              columns={[
                { title: t('stats.category'), key: 'c', render: (_, r) => `${r.categoryName ?? ''} / ${r.subcategoryName ?? ''}` },
                { title: t('stats.count'), dataIndex: 'count' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={10}>
          <Card size="small" title={t('stats.byArea')}>
            <Table
              size="small"
              rowKey="unitId"
              pagination={false}
              dataSource={data?.byArea ?? []}
              columns={[
                { title: t('stats.area'), dataIndex: 'unitName' },
                { title: t('stats.count'), dataIndex: 'count' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
