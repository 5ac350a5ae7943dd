import { useEffect, useRef, useState } from 'react';
import { AutoComplete, Button, Card, DatePicker, Grid, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useSession } from '../../auth/session';
import { listUsers } from '../../users/api';
import { ErrorState, useShowError } from '../../../lib/feedback';
import { endOfDayIso, formatDateTime, startOfDayIso } from '../../../lib/time';
import { AUDIT_PAGE_SIZE, listAudit, type AuditEntry, type AuditQuery } from '../api';
import { JsonDiff } from '../components/JsonDiff';

const ENTITY_TYPES = ['unit', 'user', 'role', 'system'];

export default function AuditPage() {
  const { t } = useTranslation();
  const showError = useShowError();
  const isPhone = Grid.useBreakpoint().md === false;
  const [filters, setFilters] = useState<AuditQuery>({});
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [nextCursor, setNextCursor] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  // First page whenever the filters change; "load more" appends with the keyset cursor.
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    listAudit({ ...filters, limit: AUDIT_PAGE_SIZE }, controller.signal)
      .then((page) => {
        setItems(page.items);
        setNextCursor(page.nextCursor);
      })
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(cause);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [filters, tick]);

  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await listAudit({ ...filters, cursor: nextCursor, limit: AUDIT_PAGE_SIZE });
      setItems((current) => [...current, ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (cause) {
      showError(cause);
    } finally {
      setLoadingMore(false);
    }
  };

  const setFilter = (patch: Partial<AuditQuery>) => setFilters((f) => ({ ...f, ...patch }));

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t('audit.at'),
      dataIndex: 'at',
      width: 170,
      // On a phone the actor moves under the time so the action stays in view.
      render: (v: string, row) =>
        isPhone ? (
          <>
            <div>{formatDateTime(v)}</div>
            <Typography.Text type="secondary">{row.actorName ?? t('audit.system')}</Typography.Text>
          </>
        ) : (
          formatDateTime(v)
        ),
    },
    { title: t('audit.actor'), dataIndex: 'actorName', responsive: ['md'], render: (v: string | null) => v ?? t('audit.system') },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (v: string) => <span data-testid="audit-action">{t(`audit.action.${v}`, { defaultValue: v })}</span>,
    },
    {
      title: t('audit.entity'),
      key: 'entity',
      render: (_, row) => `${t(`audit.entityType.${row.entityType}`, { defaultValue: row.entityType })}${row.entityId != null ? ` #${row.entityId}` : ''}`,
    },
    { title: t('audit.ip'), dataIndex: 'ip', responsive: ['lg'], render: (v: string | null) => v ?? '—' },
  ];

  return (
    <div data-testid="page-audit">
      <Typography.Title level={4} className="cw-page-title">
        {t('menu.audit')}
      </Typography.Title>
      <Card size="small">
        <Space wrap className="cw-filters" style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('audit.keyword')}
            onSearch={(q) => setFilter({ q: q.trim() || undefined })}
            style={{ width: 200 }}
            data-testid="audit-search"
          />
          <AutoComplete
            allowClear
            placeholder={t('audit.action')}
            style={{ width: 170 }}
            options={ACTION_SUGGESTIONS.map((a) => ({ value: a, label: t(`audit.action.${a}`, { defaultValue: a }) }))}
            filterOption={(input, option) => String(option?.value ?? '').includes(input)}
            onChange={(value?: string) => {
              if (!value) setFilter({ action: undefined });
            }}
            onSelect={(value?: string) => setFilter({ action: value || undefined })}
            onBlur={(e) => setFilter({ action: (e.target as HTMLInputElement).value.trim() || undefined })}
            data-testid="audit-filter-action"
          />
          <Select
            allowClear
            placeholder={t('audit.entityTypeLabel')}
            style={{ width: 130 }}
            options={ENTITY_TYPES.map((v) => ({ value: v, label: t(`audit.entityType.${v}`, { defaultValue: v }) }))}
            onChange={(entityType?: string) => setFilter({ entityType })}
          />
          <ActorSelect onChange={(actorId) => setFilter({ actorId })} />
          <DatePicker.RangePicker
            onChange={(range) => {
              const [from, to] = (range ?? []) as [Dayjs | null, Dayjs | null];
              setFilter({ from: from ? startOfDayIso(from) : undefined, to: to ? endOfDayIso(to) : undefined });
            }}
            data-testid="audit-range"
          />
        </Space>
        {error ? (
          <ErrorState error={error} onRetry={() => setTick((n) => n + 1)} />
        ) : (
          <>
            <Table<AuditEntry>
              rowKey="id"
              size="small"
              data-testid="audit-table"
              loading={loading}
              columns={columns}
              dataSource={items}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('audit.empty') }}
              expandable={{ expandedRowRender: (row) => <JsonDiff before={row.before} after={row.after} /> }}
            />
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              {nextCursor ? (
                <Button onClick={() => void loadMore()} loading={loadingMore} data-testid="audit-load-more">
                  {t('audit.loadMore')}
                </Button>
              ) : (
                !loading && items.length > 0 && <Typography.Text type="secondary">{t('audit.noMore')}</Typography.Text>
              )}
            </div>
          </>
        )}
      </Card>
    </div>
  );
}

// Known actions of the foundation; the field accepts any other text too.
const ACTION_SUGGESTIONS = [
  'auth.login',
  'auth.loginFailed',
  'auth.locked',
  'auth.logout',
  'system.bootstrap',
  'system.seedDemo',
  'unit.create',
  'unit.update',
  'unit.delete',
  'user.create',
  'user.update',
  'user.resetPassword',
  'user.unlock',
  'user.changePassword',
  'user.updateProfile',
  'role.create',
  'role.update',
  'role.delete',
];

/** Remote search over users (needs user.view; without it the box stays empty). */
function ActorSelect({ onChange }: { onChange: (actorId: number | undefined) => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const search = (q: string) => {
    clearTimeout(timer.current);
    if (!can('user.view')) return;
    timer.current = setTimeout(() => {
      setSearching(true);
      listUsers({ page: 1, pageSize: 20, q: q.trim() || undefined })
        .then((page) => setOptions(page.items.map((u) => ({ value: u.id, label: `${u.name}（${u.username}）` }))))
        .catch(() => setOptions([]))
        .finally(() => setSearching(false));
    }, 250);
  };

  return (
    <Select<number>
      allowClear
      showSearch
      filterOption={false}
      placeholder={t('audit.actor')}
      style={{ width: 180 }}
      options={options}
      loading={searching}
      onSearch={search}
      onFocus={() => options.length === 0 && search('')}
      onChange={(value) => onChange(value ?? undefined)}
      notFoundContent={searching ? t('common.loading') : t('common.noData')}
    />
  );
}
