import { useState } from 'react';
import { Button, Card, Descriptions, Drawer, Input, Space, Table, Tag, Timeline, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NoticeAction } from '@chuangwen/domain/inspections/notice.workflow';
import { CASE_STATE_LABELS } from '@chuangwen/domain/cases/case.labels';
import type { CaseState } from '@chuangwen/domain/cases/case.workflow';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import { formatDateTime } from '../../../lib/time';
import { getNotice, listNotices, noticeAction, noticeDocxUrl, type Notice } from '../api';

const STATE_COLOR = { notHandled: 'red', submitted: 'orange', approved: 'green', rejected: 'volcano' } as const;

export default function NoticesPage() {
  const { t } = useTranslation();
  const list = useRequest((s) => listNotices({}, s), 'notices');
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <div data-testid="page-notices">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.notices')}
      </Typography.Title>
      <Card size="small">
        <NoticeTable items={list.data?.items ?? []} loading={list.loading} onChanged={list.reload} showRound />
      </Card>
    </div>
  );
}

export function NoticeTable({ items, loading, onChanged, showRound }: { items: Notice[]; loading: boolean; onChanged: () => void; showRound?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  return (
    <>
      <Table<Notice>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 800 }}
        data-testid="notice-list"
        columns={[
          {
            title: t('insp.notice.number'),
            dataIndex: 'number',
            render: (n: string, row) => (
              <Button type="link" size="small" onClick={() => setOpen(row.id)}>
                {n}
              </Button>
            ),
          },
          { title: t('insp.notice.unit'), dataIndex: ['unit', 'name'], width: 110 },
          ...(showRound
            ? [
                {
                  title: t('insp.notice.round'),
                  dataIndex: 'roundName',
                  render: (n: string, row: Notice) => <Link to={`/inspections/rounds/${row.roundId}`}>{n}</Link>,
                },
              ]
            : []),
          { title: t('insp.notice.cases'), dataIndex: 'caseCount', width: 80, align: 'right' as const },
          { title: t('insp.notice.deadline'), dataIndex: 'deadlineOn', width: 140 },
          {
            title: t('insp.notice.state'),
            dataIndex: 'state',
            width: 110,
            render: (s: Notice['state']) => <Tag color={STATE_COLOR[s]}>{t(`insp.notice.state.${s}`)}</Tag>,
          },
          {
            title: '',
            width: 120,
            render: (_v: unknown, row: Notice) => (
              <Button size="small" icon={<DownloadOutlined />} href={noticeDocxUrl(row.id)}>
                {t('insp.notice.download')}
              </Button>
            ),
          },
        ]}
      />
      <NoticeDrawer id={open} onClose={() => setOpen(null)} onChanged={onChanged} />
    </>
  );
}

function NoticeDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const showError = useShowError();
  const [note, setNote] = useState('');
  const detail = useRequest((s) => getNotice(id!, s), `notice:${id}`, id != null);
  const n = detail.data;
  const act = async (action: NoticeAction) => {
    if (!n) return;
    try {
      await noticeAction(n.id, action, { note: note || undefined, version: n.version });
      setNote('');
      detail.reload();
      onChanged();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Drawer
      open={id != null}
      onClose={onClose}
      size="large"
      title={n?.number}
      data-testid="notice-drawer"
      extra={
        n && (
          <Button icon={<DownloadOutlined />} href={noticeDocxUrl(n.id)} data-testid="notice-download">
            {t('insp.notice.download')}
          </Button>
        )
      }
    >
      {n && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'u', label: t('insp.notice.unit'), children: n.unit.name },
              { key: 'r', label: t('insp.notice.round'), children: n.roundName },
              { key: 'd', label: t('insp.notice.deadline'), children: n.deadlineOn },
              {
                key: 's',
                label: t('insp.notice.state'),
                children: (
                  <Tag color={STATE_COLOR[n.state]} data-testid="notice-state">
                    {t(`insp.notice.state.${n.state}`)}
                  </Tag>
                ),
              },
              ...(n.responseNote ? [{ key: 'x', label: t('insp.notice.response'), children: n.responseNote }] : []),
              ...(n.decisionNote ? [{ key: 'y', label: t('insp.notice.decision'), children: n.decisionNote }] : []),
            ]}
          />
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={n.cases}
            scroll={{ x: 600 }}
            columns={[
              { title: t('insp.visit.case'), dataIndex: 'number', width: 140, render: (num: string, c) => <Link to={`/cases/${c.id}`}>{num}</Link> },
              { title: t('insp.notice.description'), dataIndex: 'description' },
              {
                title: t('insp.notice.caseDeadline'),
                dataIndex: 'deadlineAt',
                width: 140,
                render: (d: string | null) => (d ? formatDateTime(d) : n.deadlineOn),
              },
              {
                title: t('insp.notice.state'),
                dataIndex: 'state',
                width: 90,
                render: (s: string) => CASE_STATE_LABELS[i18n.language === 'en' ? 'en' : 'zh-CN'][s as CaseState] ?? s,
              },
            ]}
          />
          {n.allowedActions.length > 0 && (
            <Card size="small">
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Input.TextArea
                  rows={3}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder={t('insp.notice.note')}
                  maxLength={2000}
                  data-testid="notice-note"
                />
                <Space>
                  {n.allowedActions.map((a) => (
                    <Button
                      key={a}
                      type={a === 'reject' ? 'default' : 'primary'}
                      danger={a === 'reject'}
                      onClick={() => void act(a)}
                      data-testid={`notice-${a}`}
                    >
                      {t(`insp.notice.action.${a}`)}
                    </Button>
                  ))}
                </Space>
              </Space>
            </Card>
          )}
          <Typography.Title level={5}>{t('insp.notice.timeline')}</Typography.Title>
          <Timeline
            items={n.events.map((e) => ({
              key: e.id,
              children: `${formatDateTime(e.at)} ${e.actorName ?? ''} ${e.action === 'issue' ? t('insp.notice.issue') : t(`insp.notice.action.${e.action}`)}${e.note ? `：${e.note}` : ''}`,
            }))}
          />
        </Space>
      )}
    </Drawer>
  );
}
