import '../i18n';
import { useState } from 'react';
import { App, Button, DatePicker, Drawer, Input, Popconfirm, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { FilePdfOutlined, FileWordOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { UNIT_KINDS } from '@chuangwen/domain/units/unit.kinds';
import { ErrorState } from '../../../lib/feedback';
import { formatDateTime, startOfDayIso } from '../../../lib/time';
import { useRequest } from '../../../lib/useRequest';
import { useSession } from '../../auth/session';
import { formatRate } from '@chuangwen/domain/common/percent';
import { generateBulletin, getBulletin, listBulletins, publishBulletin, updateBulletin, type Bulletin, type BulletinSummary } from '../api';

type Kind = 'week' | 'month' | 'custom';
const rangeFor = (kind: Kind): [Dayjs, Dayjs] =>
  kind === 'week'
    ? [dayjs().subtract(1, 'week').startOf('week'), dayjs().subtract(1, 'week').endOf('week')]
    : kind === 'month'
      ? [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')]
      : [dayjs().subtract(29, 'day'), dayjs()];

/** 通报: generate (week / month / custom), review the draft, publish to the units, download Word or PDF. */
export default function BulletinsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const canIssue = me?.permissions.includes('bulletin.issue') ?? false;
  const [kind, setKind] = useState<Kind>('week');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => rangeFor('week'));
  const [unitKind, setUnitKind] = useState<string | undefined>('town');
  const [tick, setTick] = useState(0);
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useRequest((s) => listBulletins(s), String(tick));
  const [busy, setBusy] = useState(false);

  const generate = async () => {
    setBusy(true);
    try {
      const b = await generateBulletin({ kind, from: startOfDayIso(range[0]), to: startOfDayIso(range[1].add(1, 'day')), unitKind });
      setTick((n) => n + 1);
      setOpenId(b.id);
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const columns: TableColumnsType<BulletinSummary> = [
    { title: t('bulletin.title'), dataIndex: 'title', render: (v: string, r) => <Typography.Link onClick={() => setOpenId(r.id)}>{v}</Typography.Link> },
    { title: t('bulletin.kind'), dataIndex: 'kind', width: 100, render: (k: Kind) => t(`bulletin.kind.${k}`) },
    {
      title: t('bulletin.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: string) => <Tag color={s === 'published' ? 'green' : 'default'}>{t(`bulletin.status.${s}`)}</Tag>,
    },
    { title: t('bulletin.publishedAt'), dataIndex: 'publishedAt', width: 170, render: (v: string | null) => formatDateTime(v) },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('bulletin.pageTitle')}
      </Typography.Title>
      {canIssue && (
        <Space wrap data-testid="bulletin-generate">
          <Select
            value={kind}
            style={{ width: 110 }}
            aria-label={t('bulletin.kind')}
            onChange={(k: Kind) => {
              setKind(k);
              setRange(rangeFor(k));
            }}
            options={(['week', 'month', 'custom'] as const).map((k) => ({ value: k, label: t(`bulletin.kind.${k}`) }))}
          />
          <DatePicker.RangePicker allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
          <Select
            allowClear
            placeholder={t('rank.allKinds')}
            style={{ width: 150 }}
            value={unitKind}
            onChange={setUnitKind}
            aria-label={t('rank.kind')}
            options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unit.kind.${k}`) }))}
          />
          <Button type="primary" icon={<PlusOutlined />} loading={busy} onClick={() => void generate()}>
            {t('bulletin.generate')}
          </Button>
        </Space>
      )}
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={false}
          data-testid="bulletin-list"
        />
      )}
      {openId !== null && <BulletinDrawer id={openId} canIssue={canIssue} onClose={() => setOpenId(null)} onChanged={() => setTick((n) => n + 1)} />}
    </Space>
  );
}

function BulletinDrawer({ id, canIssue, onClose, onChanged }: { id: number; canIssue: boolean; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reload, setReload] = useState(0);
  const res = useRequest((s) => getBulletin(id, s), `${id}:${reload}`);
  const [edit, setEdit] = useState<{ intro: string; closing: string } | null>(null);
  const b: Bulletin | undefined = res.data;
  const draft = b?.status === 'draft' && canIssue;
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      void message.success(done);
      setEdit(null);
      setReload((n) => n + 1);
      onChanged();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  return (
    <Drawer
      open
      width={920}
      title={b?.title}
      onClose={onClose}
      data-testid="bulletin-drawer"
      extra={
        b && (
          <Space>
            <Button icon={<FileWordOutlined />} href={`/api/bulletins/${b.id}/document.docx`}>
              Word
            </Button>
            <Button icon={<FilePdfOutlined />} href={`/api/bulletins/${b.id}/document.pdf`}>
              PDF
            </Button>
            {draft && (
              <Popconfirm title={t('bulletin.publishConfirm')} onConfirm={() => void act(() => publishBulletin(b.id, b.version), t('bulletin.published'))}>
                <Button type="primary" icon={<SendOutlined />} data-testid="bulletin-publish">
                  {t('bulletin.publish')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      {res.error ? (
        <ErrorState error={res.error} onRetry={res.reload} />
      ) : (
        b && (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {draft && edit ? (
              <>
                <Input.TextArea value={edit.intro} autoSize onChange={(e) => setEdit({ ...edit, intro: e.target.value })} />
                <Input.TextArea value={edit.closing} autoSize onChange={(e) => setEdit({ ...edit, closing: e.target.value })} />
                <Space>
                  <Button type="primary" onClick={() => void act(() => updateBulletin(b.id, { version: b.version, ...edit }), t('bulletin.saved'))}>
                    {t('bulletin.save')}
                  </Button>
                  <Button onClick={() => setEdit(null)}>{t('bulletin.cancel')}</Button>
                </Space>
              </>
            ) : (
              <>
                <Typography.Paragraph style={{ textIndent: '2em' }}>{b.content.intro}</Typography.Paragraph>
                {draft && (
                  <Button size="small" onClick={() => setEdit({ intro: b.content.intro, closing: b.content.closing })}>
                    {t('bulletin.edit')}
                  </Button>
                )}
              </>
            )}
            <Typography.Title level={5}>{t('bulletin.ranking')}</Typography.Title>
            <Table
              rowKey="unitId"
              size="small"
              pagination={false}
              dataSource={b.content.ranking}
              columns={[
                { title: t('rank.rank'), dataIndex: 'rank', width: 60, render: (r: number | null) => r ?? '—' },
                { title: t('rank.unit'), dataIndex: 'unitName' },
                { title: t('rank.closureRate'), dataIndex: 'closureRate', align: 'right', render: formatRate },
                { title: t('rank.onTimeClosureRate'), dataIndex: 'onTimeClosureRate', align: 'right', render: formatRate },
                { title: t('rank.overdue'), dataIndex: 'overdue', align: 'right' },
                { title: t('rank.score'), dataIndex: 'score', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
                {
                  title: t('rank.delta'),
                  dataIndex: 'rankDelta',
                  align: 'center',
                  render: (d: number | null) => (d === null || d === 0 ? '—' : d > 0 ? `↑${d}` : `↓${-d}`),
                },
              ]}
            />
            {b.content.rankingNote && (
              <Typography.Text type="secondary" data-testid="bulletin-list-rule">
                {b.content.rankingNote}
              </Typography.Text>
            )}
            <Typography.Title level={5}>{t('bulletin.overdue', { count: b.content.overdueCases.length })}</Typography.Title>
            <Table
              rowKey="id"
              size="small"
              pagination={{ pageSize: 20 }}
              dataSource={b.content.overdueCases}
              columns={[
                { title: t('bulletin.caseNumber'), dataIndex: 'number', width: 150 },
                { title: t('bulletin.category'), dataIndex: 'categoryName' },
                { title: t('bulletin.address'), dataIndex: 'address' },
                { title: t('rank.unit'), dataIndex: 'unitName' },
                { title: t('bulletin.deadline'), dataIndex: 'deadlineAt', render: (v: string | null) => formatDateTime(v) },
              ]}
            />
            <Typography.Paragraph style={{ textIndent: '2em' }}>{b.content.closing}</Typography.Paragraph>
          </Space>
        )
      )}
    </Drawer>
  );
}
