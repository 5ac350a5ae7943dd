import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Dayjs } from 'dayjs';
import { SITE_TYPES } from '@chuangwen/domain/framework/framework.schemas';
import { ROUND_KINDS } from '@chuangwen/domain/inspections/inspection.schemas';
import { useSession } from '../../auth/session';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { listFrameworks } from '../../framework/api';
import { createRound, listRounds, type Round } from '../api';

export const STATUS_COLOR = { planned: 'blue', active: 'orange', finished: 'green' } as const;

export default function RoundsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const list = useRequest((s) => listRounds(s), 'rounds');
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <div data-testid="page-rounds">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.rounds')}
      </Typography.Title>
      <Card
        size="small"
        extra={
          can('inspection.plan') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="round-new">
              {t('insp.round.new')}
            </Button>
          )
        }
      >
        <Table<Round>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="round-list"
          columns={[
            { title: t('insp.round.name'), dataIndex: 'name', render: (n: string, r) => <Link to={`/inspections/rounds/${r.id}`}>{n}</Link> },
            { title: t('insp.round.period'), width: 200, render: (_v, r) => `${r.periodStart} ~ ${r.periodEnd}` },
            { title: t('insp.round.kind'), dataIndex: 'kind', width: 110, render: (k: Round['kind']) => t(`insp.kind.${k}`) },
            {
              title: t('insp.round.announced'),
              dataIndex: 'isAnnounced',
              width: 70,
              render: (a: boolean) => t(`insp.announced.${a ? 'announced' : 'unannounced'}`),
            },
            {
              title: t('insp.notice.state'),
              dataIndex: 'status',
              width: 90,
              render: (s: Round['status']) => <Tag color={STATUS_COLOR[s]}>{t(`insp.status.${s}`)}</Tag>,
            },
            {
              title: t('insp.round.progress'),
              width: 90,
              align: 'right',
              render: (_v, r) => t('insp.round.progressValue', { visited: r.visitedCount, assigned: r.assignedCount }),
            },
          ]}
        />
      </Card>
      <RoundForm open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function RoundForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const showError = useShowError();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const frameworks = useRequest((s) => listFrameworks(s), 'frameworks', open);
  const submit = async () => {
    const v = (await form.validateFields()) as {
      name: string;
      frameworkId: number;
      period: [Dayjs, Dayjs];
      kind: Round['kind'];
      isAnnounced: boolean;
      siteTypes: Round['siteTypes'];
      sampleSize: number;
    };
    setBusy(true);
    try {
      const round = await createRound({
        name: v.name,
        frameworkId: v.frameworkId,
        periodStart: v.period[0].format('YYYY-MM-DD'),
        periodEnd: v.period[1].format('YYYY-MM-DD'),
        kind: v.kind,
        isAnnounced: v.isAnnounced,
        siteTypes: v.siteTypes,
        sampleSize: v.sampleSize,
      });
      onClose();
      navigate(`/inspections/rounds/${round.id}`);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const published = (frameworks.data?.items ?? []).filter((f) => f.status === 'published');
  return (
    <Modal open={open} title={t('insp.round.new')} onCancel={onClose} onOk={() => void submit()} okButtonProps={{ loading: busy }} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'regular', isAnnounced: false, sampleSize: 3, frameworkId: published[0]?.id }}>
        <Form.Item name="name" label={t('insp.round.name')} rules={[{ required: true, max: 100 }]}>
          <Input placeholder="2026年第3次创文督查" />
        </Form.Item>
        <Form.Item name="frameworkId" label={t('insp.round.framework')} rules={[{ required: true }]}>
          <Select options={published.map((f) => ({ value: f.id, label: `${f.name}（${f.edition}）` }))} loading={frameworks.loading} />
        </Form.Item>
        <Form.Item name="period" label={t('insp.round.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item name="kind" label={t('insp.round.kind')}>
            <Radio.Group options={ROUND_KINDS.map((k) => ({ value: k, label: t(`insp.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="isAnnounced" label={t('insp.round.announced')}>
            <Radio.Group
              options={[
                { value: false, label: t('insp.announced.unannounced') },
                { value: true, label: t('insp.announced.announced') },
              ]}
            />
          </Form.Item>
        </Space>
        <Form.Item name="siteTypes" label={t('insp.round.siteTypes')} rules={[{ required: true }]}>
          <Select mode="multiple" options={SITE_TYPES.map((st) => ({ value: st, label: t(`fw.siteType.${st}`) }))} optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="sampleSize" label={t('insp.round.sampleSize')} rules={[{ required: true }]}>
          <InputNumber min={1} max={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
