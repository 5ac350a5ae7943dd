import '../i18n';
import '../../cases/i18n';
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Form, Progress, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LEDGER_KINDS, LEDGER_READ_PERMISSION, type ExportState, type LedgerKind } from '@chuangwen/domain/exports/export.kinds';
import { EVIDENCE_STATES } from '@chuangwen/domain/framework/framework.api';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { formatDateTime } from '../../../lib/time';
import { useRequest } from '../../../lib/useRequest';
import { useSession } from '../../auth/session';
import type { CaseFilter } from '../../cases/api';
import { CaseFilters } from '../../cases/components/CaseFilters';
import { formatBytes } from '../../cases/exportLedger';
import { listFrameworks } from '../../framework/api';
import { listRounds } from '../../inspections/api';
import { listExports, startExport, type ExportJob } from '../api';

const STATE_COLORS: Record<ExportState, string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error' };
/** While an export is queued or running, the list is polled this often. */
const POLL_MS = 1500;

export default function ExportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const { can } = useSession();
  const kinds = useMemo(() => LEDGER_KINDS.filter((k) => can(LEDGER_READ_PERMISSION[k])), [can]);
  const [kind, setKind] = useState<LedgerKind>(kinds[0] ?? 'cases');
  const [caseFilter, setCaseFilter] = useState<CaseFilter>({});
  const [extra, setExtra] = useState<Record<string, string | number | undefined>>({});
  const [starting, setStarting] = useState(false);
  const [tick, setTick] = useState(0);
  const jobs = useRequest((signal) => listExports(signal), `exports-${tick}`);
  const rounds = useRequest((signal) => listRounds(signal), 'export-rounds', kind === 'inspections');
  const frameworks = useRequest((signal) => listFrameworks(signal), 'export-frameworks', kind === 'matrix' || kind === 'evidence');

  const items = jobs.data?.items ?? [];
  const busy = items.some((j) => j.state === 'queued' || j.state === 'running');
  // Poll while something is in progress; any replica answers (progress lives in the database).
  useEffect(() => {
    if (!busy) return;
    const timer = setTimeout(() => setTick((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [busy, jobs.data]);

  const filtersOf = (k: LedgerKind): Record<string, unknown> => {
    const defined = Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined && v !== ''));
    if (k === 'cases') return { ...caseFilter };
    if (k === 'inspections') return pick(defined, ['roundId']);
    if (k === 'matrix') return pick(defined, ['frameworkId']);
    if (k === 'evidence') return pick(defined, ['frameworkId', 'state']);
    if (k === 'users') return pick(defined, ['status']);
    return {};
  };

  const onStart = async () => {
    setStarting(true);
    try {
      await startExport({ kind, filters: filtersOf(kind) });
      void message.success(t('export.started'));
      setTick((n) => n + 1);
    } catch (cause) {
      showError(cause);
    } finally {
      setStarting(false);
    }
  };

  const columns: TableColumnsType<ExportJob> = [
    { title: t('export.kindLabel'), key: 'kind', width: 170, render: (_, j) => t(`export.kind.${j.kind}`) },
    { title: t('export.filters'), key: 'filters', responsive: ['lg'], render: (_, j) => <FilterSummary job={j} /> },
    { title: t('export.createdAt'), dataIndex: 'createdAt', width: 160, responsive: ['md'], render: (v: string) => formatDateTime(v).slice(0, 16) },
    {
      title: t('export.stateLabel'),
      key: 'state',
      width: 100,
      render: (_, j) => (
        <Tag color={STATE_COLORS[j.state]} data-testid="export-state">
          {t(`export.state.${j.state}`)}
        </Tag>
      ),
    },
    {
      title: t('export.progress'),
      key: 'progress',
      width: 260,
      render: (_, j) => {
        if (j.state === 'failed') {
          return (
            <Typography.Text type="danger" data-testid="export-error">
              {t(`export.error.${j.errorCode ?? 'internal'}`)}
            </Typography.Text>
          );
        }
        const percent = j.state === 'done' ? 100 : j.rowsTotal ? Math.min(99, Math.floor((j.rowsDone / j.rowsTotal) * 100)) : 0;
        return (
          <Space orientation="vertical" size={0} style={{ width: '100%' }}>
            <Progress percent={percent} size="small" status={j.state === 'done' ? 'success' : 'active'} data-testid="export-progress" />
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="export-rows">
              {j.rowsTotal == null && j.state !== 'done'
                ? t('export.rowsCounting', { done: j.rowsDone.toLocaleString() })
                : t('export.rows', { done: j.rowsDone.toLocaleString(), total: (j.rowsTotal ?? j.rowsDone).toLocaleString() })}
            </Typography.Text>
          </Space>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, j) =>
        j.downloadUrl ? (
          // A plain link: the browser streams the file to disk, however large it is.
          <Button type="link" size="small" icon={<DownloadOutlined />} href={j.downloadUrl} download={j.fileName ?? undefined} data-testid="export-download">
            {t('export.download')} {j.byteSize != null ? formatBytes(j.byteSize) : ''}
          </Button>
        ) : null,
    },
  ];

  return (
    <div data-testid="page-exports">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('menu.exports')}
      </Typography.Title>
      <Card size="small" title={t('export.new')} style={{ marginBottom: 16 }}>
        <Alert type="info" showIcon title={t('export.hint')} style={{ marginBottom: 12 }} />
        <Form layout="vertical">
          <Form.Item label={t('export.kindLabel')}>
            <Select<LedgerKind>
              value={kind}
              onChange={(k) => {
                setKind(k);
                setExtra({});
              }}
              options={kinds.map((k) => ({ value: k, label: t(`export.kind.${k}`) }))}
              style={{ maxWidth: 360 }}
              data-testid="export-kind"
            />
          </Form.Item>
          {kind === 'cases' && (
            <Form.Item label={t('export.filters')}>
              <CaseFilters value={caseFilter} onChange={setCaseFilter} />
            </Form.Item>
          )}
          {kind === 'inspections' && (
            <Form.Item label={t('export.round')}>
              <Select
                allowClear
                placeholder={t('export.allRounds')}
                value={extra.roundId as number | undefined}
                onChange={(v: number | undefined) => setExtra({ roundId: v })}
                options={(rounds.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
                style={{ maxWidth: 360 }}
                data-testid="export-round"
              />
            </Form.Item>
          )}
          {(kind === 'matrix' || kind === 'evidence') && (
            <Form.Item label={t('export.framework')}>
              <Select
                allowClear
                placeholder={t('export.defaultFramework')}
                value={extra.frameworkId as number | undefined}
                onChange={(v: number | undefined) => setExtra((e) => ({ ...e, frameworkId: v }))}
                options={(frameworks.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.name}（${f.edition}）` }))}
                style={{ maxWidth: 360 }}
                data-testid="export-framework"
              />
            </Form.Item>
          )}
          {kind === 'evidence' && (
            <Form.Item label={t('export.evidenceState')}>
              <Select
                allowClear
                placeholder={t('export.any')}
                value={extra.state as string | undefined}
                onChange={(v: string | undefined) => setExtra((e) => ({ ...e, state: v }))}
                options={EVIDENCE_STATES.map((s) => ({ value: s, label: t(`fw.evidenceState.${s}`) }))}
                style={{ maxWidth: 240 }}
              />
            </Form.Item>
          )}
          {kind === 'users' && (
            <Form.Item label={t('export.userStatus')}>
              <Select
                allowClear
                placeholder={t('export.any')}
                value={extra.status as string | undefined}
                onChange={(v: string | undefined) => setExtra({ status: v })}
                options={(['active', 'inactive', 'locked'] as const).map((s) => ({ value: s, label: t(`export.userStatus.${s}`) }))}
                style={{ maxWidth: 240 }}
              />
            </Form.Item>
          )}
          <Button
            type="primary"
            icon={<ExportOutlined />}
            loading={starting}
            disabled={kinds.length === 0}
            onClick={() => void onStart()}
            data-testid="export-start"
          >
            {t('export.start')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={t('export.mine')}>
        {jobs.error && !jobs.data ? (
          <ErrorState error={jobs.error} onRetry={jobs.reload} />
        ) : (
          <Table<ExportJob>
            rowKey="id"
            size="middle"
            data-testid="export-table"
            loading={jobs.loading && !jobs.data}
            columns={columns}
            dataSource={items}
            pagination={false}
            locale={{ emptyText: t('export.empty') }}
            scroll={{ x: 'max-content' }}
          />
        )}
      </Card>
    </div>
  );
}

function pick(values: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));
}

const FILTER_LABELS: Record<string, string> = {
  q: 'case.filter.keyword',
  unitId: 'case.filter.unit',
  roundId: 'export.round',
  frameworkId: 'export.framework',
};

/** The filters a job was started with, in words where the page knows them. */
function FilterSummary({ job }: { job: ExportJob }) {
  const { t } = useTranslation();
  const parts = Object.entries(job.filters)
    .filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => {
      if (k === 'state' && Array.isArray(v)) return v.map((s) => t(`case.state.${String(s)}`)).join('、');
      if (k === 'state') return t(`fw.evidenceState.${String(v)}`);
      if (k === 'status') return t(`export.userStatus.${String(v)}`);
      if ((k === 'from' || k === 'to') && typeof v === 'string') return `${k === 'from' ? '≥' : '<'} ${formatDateTime(v).slice(0, 10)}`;
      return `${FILTER_LABELS[k] ? t(FILTER_LABELS[k]) : k}: ${String(v)}`;
    });
  return <Typography.Text type="secondary">{parts.length ? parts.join('；') : t('export.noFilters')}</Typography.Text>;
}
