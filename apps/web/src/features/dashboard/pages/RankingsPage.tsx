import '../i18n';
import '../../cases/i18n';
import { useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { UNIT_KINDS, type UnitKind } from '@chuangwen/domain/units/unit.kinds';
import { ErrorState } from '../../../lib/feedback';
import { formatDateTime, startOfDayIso } from '../../../lib/time';
import { useRequest } from '../../../lib/useRequest';
import { formatRate } from '@chuangwen/domain/common/percent';
import { listRuleText } from '@chuangwen/domain/cases/case.metrics';
import { getRankings, type RankedUnit } from '../api';

const GRADE_COLORS = { A: 'green', B: 'cyan', C: 'blue', D: 'orange', E: 'red' } as const;

/** 红黑榜: units of a period and kind ranked by composite score, with the parts and the move since the previous period. */
export default function RankingsPage() {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs().endOf('month')]);
  const [kind, setKind] = useState<UnitKind | undefined>('town');
  const query = { from: startOfDayIso(range[0]), to: startOfDayIso(range[1].add(1, 'day')), kind, top: 5 };
  const res = useRequest((signal) => getRankings(query, signal), JSON.stringify(query));
  const items = res.data?.items ?? [];
  const byId = new Map(items.map((i) => [i.unitId, i]));

  const delta = (d: number | null, previous: number | null) => {
    if (previous === null) return <Tag>{t('rank.new')}</Tag>;
    if (d === null || d === 0) return <MinusOutlined style={{ color: '#8c8c8c' }} aria-label="0" />;
    return d > 0 ? (
      <Typography.Text type="success">
        <ArrowUpOutlined /> {d}
      </Typography.Text>
    ) : (
      <Typography.Text type="danger">
        <ArrowDownOutlined /> {-d}
      </Typography.Text>
    );
  };
  const columns: TableColumnsType<RankedUnit> = [
    { title: t('rank.rank'), dataIndex: 'rank', width: 70, render: (r: number | null) => r ?? '—' },
    { title: t('rank.unit'), dataIndex: 'unitName', width: 160 },
    {
      title: t('rank.score'),
      dataIndex: 'score',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : <Typography.Text strong>{v.toFixed(1)}</Typography.Text>),
    },
    { title: t('rank.grade'), dataIndex: 'grade', align: 'center', render: (g: RankedUnit['grade']) => (g ? <Tag color={GRADE_COLORS[g]}>{g}</Tag> : '—') },
    { title: t('rank.delta'), dataIndex: 'rankDelta', align: 'center', render: (d: number | null, r) => (r.rank === null ? '—' : delta(d, r.previousRank)) },
    { title: t('rank.dispatched'), dataIndex: 'dispatched', align: 'right' },
    { title: t('rank.closed'), dataIndex: 'closed', align: 'right' },
    { title: t('rank.closureRate'), dataIndex: 'closureRate', align: 'right', render: formatRate },
    { title: t('rank.onTimeClosureRate'), dataIndex: 'onTimeClosureRate', align: 'right', render: formatRate },
    { title: t('rank.reworkRate'), dataIndex: 'reworkRate', align: 'right', render: formatRate },
    { title: t('rank.overdue'), dataIndex: 'overdue', align: 'right' },
  ];
  const list = (ids: number[], title: string, color: string, testId: string) => (
    <Card size="small" title={<span style={{ color }}>{title}</span>} data-testid={testId} style={{ height: '100%' }}>
      {ids.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rank.empty')} />
      ) : (
        <ol style={{ margin: 0, paddingLeft: 20 }}>
          {ids.map((id) => {
            const u = byId.get(id);
            return u ? (
              <li key={id} style={{ padding: '4px 0' }}>
                <Space>
                  {u.unitName}
                  <Typography.Text strong>{u.score?.toFixed(1)}</Typography.Text>
                  {delta(u.rankDelta, u.previousRank)}
                </Space>
              </li>
            ) : null;
          })}
        </ol>
      )}
    </Card>
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('rank.title')}
        </Typography.Title>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('rank.allKinds')}
            style={{ width: 160 }}
            value={kind}
            onChange={setKind}
            aria-label={t('rank.kind')}
            options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unit.kind.${k}`) }))}
          />
          <DatePicker.RangePicker allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        </Space>
      </Space>
      {res.data && (
        <Typography.Text type="secondary">
          {t('rank.previous', {
            from: formatDateTime(res.data.previousFrom).slice(0, 10),
            to: formatDateTime(new Date(new Date(res.data.previousTo).getTime() - 1).toISOString()).slice(0, 10),
          })}
        </Typography.Text>
      )}
      {res.error ? (
        <ErrorState error={res.error} onRetry={res.reload} />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={12}>
              {list(res.data?.redList ?? [], t('rank.red'), '#cf1322', 'red-list')}
            </Col>
            <Col xs={24} md={12}>
              {list(res.data?.blackList ?? [], t('rank.black'), '#262626', 'black-list')}
            </Col>
          </Row>
          {res.data?.listRule && (
            <Typography.Text type="secondary" data-testid="list-rule">
              {listRuleText(res.data.listRule, i18n.language === 'en' ? 'en' : 'zh-CN')}
            </Typography.Text>
          )}
          <Table
            rowKey="unitId"
            size="small"
            loading={res.loading}
            columns={columns}
            dataSource={items}
            pagination={false}
            scroll={{ x: 1000 }}
            data-testid="ranking-table"
          />
        </>
      )}
    </Space>
  );
}
