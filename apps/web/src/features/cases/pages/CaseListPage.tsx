import '../i18n';
import '../../exports/i18n';
import { useCallback, useEffect, useRef, useState } from 'react';
import { App, Button, Card, Space, Table, Typography, type TableColumnsType } from 'antd';
import { CloudDownloadOutlined, DownloadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { formatDateTime } from '../../../lib/time';
import { exportUrl, listCases, type CaseFilter, type CaseSummary } from '../api';
import { CaseDrawer } from '../components/CaseDrawer';
import { CaseFilters } from '../components/CaseFilters';
import { CaseStateTag, DeadlineText, OverdueTag, categoryText } from '../components/CaseBits';
import { downloadWithProgress, formatBytes } from '../exportLedger';
import { useSession } from '../../auth/session';
import { startExport } from '../../exports/api';

const PAGE_SIZE = 50;

export default function CaseListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [filter, setFilter] = useState<CaseFilter>({});
  const [items, setItems] = useState<CaseSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const [exporting, setExporting] = useState<number | null>(null);
  const [queueing, setQueueing] = useState(false);
  const { can } = useSession();
  const navigate = useNavigate();
  const generation = useRef(0);

  // Keyset paging: a new filter starts over; "load more" appends the next page after `cursor`.
  const load = useCallback(async (f: CaseFilter, after: string | null) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const page = await listCases(f, after, PAGE_SIZE);
      if (mine !== generation.current) return;
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (cause) {
      if (mine === generation.current) setError(cause);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(filter, null);
  }, [filter, load]);

  const onExport = async () => {
    setExporting(0);
    try {
      await downloadWithProgress(exportUrl(filter), t('case.exportFileName'), setExporting);
      void message.success(t('case.exported'));
    } catch (cause) {
      showError(cause);
    } finally {
      setExporting(null);
    }
  };

  // Large ledgers: a background export with the same filters, followed on the exports page.
  const onExportInBackground = async () => {
    setQueueing(true);
    try {
      await startExport({ kind: 'cases', filters: { ...filter } });
      void message.success(t('export.fromCasesDone'));
      void navigate('/exports');
    } catch (cause) {
      showError(cause);
    } finally {
      setQueueing(false);
    }
  };

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('case.number'),
      dataIndex: 'number',
      width: 150,
      render: (_, item) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpenId(item.id)} data-testid="case-row-open">
          {item.number}
        </Button>
      ),
    },
    {
      title: t('case.stateLabel'),
      key: 'state',
      width: 150,
      render: (_, item) => (
        <Space size={4} wrap>
          <CaseStateTag state={item.state} />
          {item.isOverdue && <OverdueTag />}
        </Space>
      ),
    },
    {
      title: t('case.description'),
      key: 'description',
      render: (_, item) => (
        <Space orientation="vertical" size={0} style={{ maxWidth: 320 }}>
          <Typography.Text ellipsis={{ tooltip: item.description }} data-testid="case-row-description">
            {item.description}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {categoryText(item, t)}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('case.address'), dataIndex: 'address', width: 220, responsive: ['xl'], ellipsis: true },
    { title: t('case.responsibleUnit'), key: 'unit', width: 150, responsive: ['md'], render: (_, item) => item.responsibleUnit?.name ?? '—' },
    { title: t('case.deadline'), key: 'deadline', width: 170, responsive: ['md'], render: (_, item) => <DeadlineText item={item} /> },
    { title: t('case.submittedAt'), dataIndex: 'submittedAt', width: 140, responsive: ['lg'], render: (v: string) => formatDateTime(v).slice(0, 16) },
  ];

  return (
    <div data-testid="page-cases">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.cases')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<DownloadOutlined />} loading={exporting !== null} onClick={() => void onExport()} data-testid="case-export">
            {exporting !== null ? t('case.exporting', { size: formatBytes(exporting) }) : t('case.export')}
          </Button>
          {can('ledger.export') && (
            <Button icon={<CloudDownloadOutlined />} loading={queueing} onClick={() => void onExportInBackground()} data-testid="case-export-background">
              {t('export.fromCases')}
            </Button>
          )}
        </Space>
      </Space>
      <Card size="small">
        <CaseFilters value={filter} onChange={setFilter} />
        {error && items.length === 0 ? (
          <ErrorState error={error} onRetry={() => void load(filter, null)} />
        ) : (
          <>
            <Table<CaseSummary>
              rowKey="id"
              size="middle"
              data-testid="case-table"
              loading={loading && items.length === 0}
              columns={columns}
              dataSource={items}
              pagination={false}
              locale={{ emptyText: t('case.empty') }}
              scroll={{ x: 'max-content' }}
              onRow={(item) => ({ onDoubleClick: () => setOpenId(item.id) })}
            />
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              <Space>
                <Typography.Text type="secondary">{t('case.loaded', { count: items.length })}</Typography.Text>
                {cursor ? (
                  <Button loading={loading} onClick={() => void load(filter, cursor)} data-testid="case-load-more">
                    {t('case.loadMore')}
                  </Button>
                ) : (
                  items.length > 0 && <Typography.Text type="secondary">{t('case.noMore')}</Typography.Text>
                )}
              </Space>
            </div>
          </>
        )}
      </Card>
      <CaseDrawer
        caseId={openId}
        onClose={() => setOpenId(null)}
        onChanged={(d) => setItems((prev) => prev.map((i) => (i.id === d.id ? { ...i, ...stripDetail(d) } : i)))}
      />
    </div>
  );
}

/** The summary part of a detail, to refresh a row after an action. */
function stripDetail(d: CaseSummary): CaseSummary {
  return {
    id: d.id,
    number: d.number,
    source: d.source,
    nature: d.nature,
    categoryCode: d.categoryCode,
    subcategoryCode: d.subcategoryCode,
    categoryName: d.categoryName,
    subcategoryName: d.subcategoryName,
    state: d.state,
    severity: d.severity,
    address: d.address,
    description: d.description,
    lon: d.lon,
    lat: d.lat,
    responsibleUnit: d.responsibleUnit,
    areaUnit: d.areaUnit,
    deadlineAt: d.deadlineAt,
    isOverdue: d.isOverdue,
    submittedAt: d.submittedAt,
    closedAt: d.closedAt,
    reworkCount: d.reworkCount,
    urgeCount: d.urgeCount,
    version: d.version,
  };
}
