import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import type { RateLine } from '@chuangwen/domain/inspections/inspection.schemas';
import { formatRate, formatRateChange } from '@chuangwen/domain/common/percent';
import { useSession } from '../../auth/session';
import { ErrorState, PageLoading, useShowError } from '../../../lib/feedback';
import { useRequest } from '../../../lib/useRequest';
import {
  addTeam,
  allot,
  deleteTeam,
  getAssignment,
  getRound,
  issueNotices,
  listAssignments,
  listNotices,
  listTowns,
  listUsers,
  roundResults,
  updateRound,
  type Assignment,
  type RoundDetail,
  type Team,
} from '../api';
import { STATUS_COLOR } from './RoundsPage';
import { NoticeTable } from './NoticesPage';

export default function RoundDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const { can } = useSession();
  const showError = useShowError();
  const round = useRequest((s) => getRound(id, s), `round:${id}`);
  if (round.error) return <ErrorState error={round.error} onRetry={round.reload} />;
  if (!round.data) return <PageLoading />;
  const r = round.data;
  const plan = can('inspection.plan');
  const setStatus = (status: RoundDetail['status']) => void updateRound(id, { status, version: r.version }).then(round.reload, showError);
  return (
    <div data-testid="page-round">
      <Typography.Title level={4} className="cw-page-title">
        {r.name} <Tag color={STATUS_COLOR[r.status]}>{t(`insp.status.${r.status}`)}</Tag>
      </Typography.Title>
      <Card
        size="small"
        extra={
          plan && (
            <Space>
              {r.status === 'planned' && <Button onClick={() => setStatus('active')}>{t('insp.round.start')}</Button>}
              {r.status !== 'finished' && (
                <Popconfirm title={t('insp.round.finish')} onConfirm={() => setStatus('finished')}>
                  <Button>{t('insp.round.finish')}</Button>
                </Popconfirm>
              )}
            </Space>
          )
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'p', label: t('insp.round.period'), children: `${r.periodStart} ~ ${r.periodEnd}` },
            {
              key: 'k',
              label: t('insp.round.kind'),
              children: `${t(`insp.kind.${r.kind}`)} · ${t(`insp.announced.${r.isAnnounced ? 'announced' : 'unannounced'}`)}`,
            },
            { key: 'f', label: t('insp.round.framework'), children: r.frameworkName },
            { key: 't', label: t('insp.round.siteTypes'), children: r.siteTypes.map((st) => t(`fw.siteType.${st}`)).join('、') },
            { key: 's', label: t('insp.round.sampleSize'), children: r.sampleSize },
            { key: 'g', label: t('insp.round.progress'), children: t('insp.round.progressValue', { visited: r.visitedCount, assigned: r.assignedCount }) },
          ]}
        />
      </Card>
      <Tabs
        defaultActiveKey={r.status === 'planned' ? 'teams' : 'results'}
        items={[
          { key: 'teams', label: t('insp.teams'), children: <TeamsTab round={r} onChange={round.reload} /> },
          { key: 'results', label: t('insp.results'), children: <ResultsTab roundId={id} /> },
          { key: 'notices', label: t('menu.notices'), children: <NoticesTab roundId={id} /> },
        ]}
      />
    </div>
  );
}

function TeamsTab({ round, onChange }: { round: RoundDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const showError = useShowError();
  const plan = can('inspection.plan') && round.status !== 'finished';
  const [forming, setForming] = useState(false);
  const [seed, setSeed] = useState(round.seed ?? round.name);
  const [visit, setVisit] = useState<number | null>(null);
  const assignments = useRequest((s) => listAssignments(round.id, s), `assignments:${round.id}:${round.version}:${round.teams.length}`);
  const doAllot = async () => {
    try {
      const res = await allot(round.id, { mode: 'sample', seed });
      void message.success(t('insp.allot.done', res));
      onChange();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('insp.teams')}
        extra={
          plan && (
            <Button onClick={() => setForming(true)} data-testid="team-new">
              {t('insp.team.new')}
            </Button>
          )
        }
      >
        <Table<Team>
          rowKey="id"
          size="small"
          dataSource={round.teams}
          pagination={false}
          scroll={{ x: 700 }}
          columns={[
            { title: t('insp.team.name'), dataIndex: 'name', width: 120 },
            { title: t('insp.team.leader'), dataIndex: ['leader', 'name'], width: 140 },
            { title: t('insp.team.members'), render: (_v, tm) => tm.members.map((m) => m.name).join('、') },
            { title: t('insp.team.towns'), render: (_v, tm) => tm.units.map((u) => <Tag key={u.id}>{u.name}</Tag>) },
            { title: t('insp.round.progress'), width: 80, render: (_v, tm) => `${tm.visitedCount}/${tm.assignedCount}` },
            ...(plan
              ? [
                  {
                    title: '',
                    width: 70,
                    render: (_v: unknown, tm: Team) => (
                      <Popconfirm title={t('insp.team.delete')} onConfirm={() => void deleteTeam(tm.id).then(onChange, showError)}>
                        <Button size="small" type="link" danger>
                          {t('insp.team.delete')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {plan && (
        <Card size="small" title={t('insp.allot')}>
          <Space wrap>
            <span>{t('insp.round.seed')}</span>
            <Input value={seed} onChange={(e) => setSeed(e.target.value)} style={{ width: 260 }} data-testid="allot-seed" />
            <Button type="primary" onClick={() => void doAllot()} disabled={!seed.trim() || round.teams.length === 0} data-testid="allot-sample">
              {t('insp.allot.sample')}
            </Button>
            <Typography.Text type="secondary">{t('insp.allot.seedHelp')}</Typography.Text>
          </Space>
        </Card>
      )}
      <Card size="small" title={t('insp.assignments')}>
        <Table<Assignment>
          rowKey="id"
          size="small"
          loading={assignments.loading}
          dataSource={assignments.data?.items ?? []}
          scroll={{ x: 800 }}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('insp.team.name'), dataIndex: 'teamName', width: 110 },
            { title: t('insp.site.type'), width: 110, render: (_v, a) => t(`fw.siteType.${a.site.type}`) },
            {
              title: t('insp.site.name'),
              render: (_v, a) => (
                <Button type="link" size="small" onClick={() => setVisit(a.id)}>
                  {a.site.name}
                </Button>
              ),
            },
            { title: t('insp.site.town'), width: 100, render: (_v, a) => a.site.town?.name },
            {
              title: t('insp.notice.state'),
              dataIndex: 'status',
              width: 90,
              render: (s: Assignment['status']) => <Tag color={s === 'visited' ? 'green' : 'default'}>{t(`insp.assignment.${s}`)}</Tag>,
            },
            {
              title: t('insp.results.fails'),
              width: 110,
              render: (_v, a) =>
                a.failCount + a.severeFailCount > 0 ? (
                  <Tag color="red">
                    {a.failCount} / {a.severeFailCount}
                  </Tag>
                ) : null,
            },
          ]}
        />
      </Card>
      <TeamForm
        roundId={round.id}
        open={forming}
        onClose={(saved) => {
          setForming(false);
          if (saved) onChange();
        }}
      />
      <VisitDrawer id={visit} onClose={() => setVisit(null)} />
    </Space>
  );
}

function TeamForm({ roundId, open, onClose }: { roundId: number; open: boolean; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const showError = useShowError();
  const [form] = Form.useForm();
  const users = useRequest((s) => listUsers(s), 'users:active', open);
  const towns = useRequest((s) => listTowns(s), 'units:towns', open);
  const userOptions = (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.username}）` }));
  const submit = async () => {
    const v = (await form.validateFields()) as { name: string; leaderUserId: number; memberUserIds?: number[]; unitIds: number[] };
    try {
      await addTeam(roundId, { ...v, memberUserIds: v.memberUserIds ?? [] });
      form.resetFields();
      onClose(true);
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Modal open={open} title={t('insp.team.new')} onCancel={() => onClose(false)} onOk={() => void submit()} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('insp.team.name')} rules={[{ required: true, max: 50 }]}>
          <Input placeholder="第一督查组" />
        </Form.Item>
        <Form.Item name="leaderUserId" label={t('insp.team.leader')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={userOptions} />
        </Form.Item>
        <Form.Item name="memberUserIds" label={t('insp.team.members')}>
          <Select mode="multiple" optionFilterProp="label" options={userOptions} />
        </Form.Item>
        <Form.Item name="unitIds" label={t('insp.team.towns')} rules={[{ required: true }]}>
          <Select mode="multiple" optionFilterProp="label" options={(towns.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VisitDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const visit = useRequest((s) => getAssignment(id!, s), `visit:${id}`, id != null);
  const v = visit.data;
  return (
    <Drawer open={id != null} onClose={onClose} size="large" title={v ? `${t('insp.visit')}：${v.site.name}` : t('insp.visit')}>
      {v && (
        <Table
          rowKey="checklistItemId"
          size="small"
          pagination={false}
          dataSource={v.checklist.map((item) => ({ item, check: v.checks.find((c) => c.checklistItemId === item.id) }))}
          columns={[
            { title: t('insp.checklist.wording'), render: (_v, r) => r.item.wording },
            {
              title: t('insp.notice.state'),
              width: 100,
              render: (_v, r) => (r.check ? <Tag color={r.check.result === 'pass' ? 'green' : 'red'}>{t(`insp.result.${r.check.result}`)}</Tag> : '—'),
            },
            {
              title: t('insp.visit.case'),
              width: 140,
              render: (_v, r) => (r.check?.caseId ? <Link to={`/cases/${r.check.caseId}`}>{r.check.caseNumber}</Link> : null),
            },
            { title: t('insp.visit.proposed'), width: 110, render: (_v, r) => r.check?.proposedUnit?.name },
          ]}
        />
      )}
    </Drawer>
  );
}

function ResultsTab({ roundId }: { roundId: number }) {
  const { t } = useTranslation();
  const results = useRequest((s) => roundResults(roundId, s), `results:${roundId}`);
  if (results.error) return <ErrorState error={results.error} onRetry={results.reload} />;
  const r = results.data;
  if (!r) return <PageLoading />;
  const table = (title: string, rows: RateLine[], rate: 'sitePassRate' | 'itemPassRate', testId: string) => (
    <Card size="small" title={title} key={testId}>
      <Table<RateLine>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 700 }}
        data-testid={testId}
        columns={[
          { title: '', dataIndex: 'label' },
          { title: t('insp.results.sites'), width: 90, align: 'right', render: (_v, l) => `${l.sitesPassed}/${l.sitesVisited}` },
          { title: t('insp.results.items'), width: 90, align: 'right', render: (_v, l) => `${l.itemsPassed}/${l.itemsChecked}` },
          { title: t('insp.results.fails'), dataIndex: 'fails', width: 70, align: 'right' },
          { title: t('insp.results.severeFails'), dataIndex: 'severeFails', width: 90, align: 'right' },
          {
            title: t(rate === 'sitePassRate' ? 'insp.results.sitePassRate' : 'insp.results.itemPassRate'),
            width: 110,
            align: 'right',
            render: (_v, l) => <strong>{formatRate(l[rate])}</strong>,
          },
          { title: t('insp.results.previous'), width: 80, align: 'right', render: (_v, l) => formatRate(l.previousRate) },
          {
            title: t('insp.results.change'),
            width: 80,
            align: 'right',
            render: (_v, l) => {
              const d = formatRateChange(l[rate], l.previousRate);
              if (d === null) return '—';
              return <Typography.Text type={d.startsWith('+') ? 'success' : 'danger'}>{d}</Typography.Text>;
            },
          },
        ]}
      />
    </Card>
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        title={<span data-testid="round-summary">{r.summary.sentence}</span>}
        description={r.previousRound ? t('insp.results.previousRound', { name: r.previousRound.name }) : t('insp.results.noPrevious')}
      />
      <Card size="small">
        <Space wrap size="large">
          <Statistic title={t('insp.results.sitePassRate')} value={formatRate(r.total.sitePassRate)} />
          <Statistic title={t('insp.results.itemPassRate')} value={formatRate(r.total.itemPassRate)} />
          <Statistic title={t('insp.results.previous')} value={formatRate(r.total.previousRate)} />
          <Statistic title={t('insp.results.problemsFound')} value={r.summary.problemsFound} />
          <Statistic title={t('insp.results.rejected')} value={r.summary.rejected} data-testid="round-rejected" />
        </Space>
      </Card>
      {table(t('insp.results.bySiteType'), r.bySiteType, 'sitePassRate', 'results-by-type')}
      {table(t('insp.results.byTown'), r.byTown, 'sitePassRate', 'results-by-town')}
      {table(t('insp.results.byTeam'), r.byTeam, 'sitePassRate', 'results-by-team')}
      {table(t('insp.results.byCriterion'), r.byCriterion, 'itemPassRate', 'results-by-criterion')}
    </Space>
  );
}

function NoticesTab({ roundId }: { roundId: number }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const showError = useShowError();
  const notices = useRequest((s) => listNotices({ roundId }, s), `notices:${roundId}`);
  const [issuing, setIssuing] = useState(false);
  const [deadline, setDeadline] = useState<Dayjs | null>(dayjs().add(10, 'day'));
  const [dispatch, setDispatch] = useState(true);
  const issue = async () => {
    if (!deadline) return;
    try {
      const res = await issueNotices(roundId, { deadlineOn: deadline.format('YYYY-MM-DD'), dispatch });
      void message.success(t('insp.notice.issued', { n: res.items.length, dispatched: res.dispatched }));
      setIssuing(false);
      notices.reload();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card
      size="small"
      extra={
        can('notice.issue') && (
          <Button type="primary" onClick={() => setIssuing(true)} data-testid="notice-issue">
            {t('insp.notice.issue')}
          </Button>
        )
      }
    >
      <NoticeTable items={notices.data?.items ?? []} loading={notices.loading} onChanged={notices.reload} />
      <Modal open={issuing} title={t('insp.notice.issue')} onCancel={() => setIssuing(false)} onOk={() => void issue()} okButtonProps={{ disabled: !deadline }}>
        <Space orientation="vertical">
          <span>{t('insp.notice.deadline')}</span>
          <DatePicker value={deadline} onChange={setDeadline} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          <Checkbox checked={dispatch} onChange={(e) => setDispatch(e.target.checked)}>
            {t('insp.notice.dispatch')}
          </Checkbox>
        </Space>
      </Modal>
    </Card>
  );
}
