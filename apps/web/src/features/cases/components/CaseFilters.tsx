import { useMemo } from 'react';
import { Cascader, DatePicker, Input, InputNumber, Select, Space, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { CASE_STATES } from '@chuangwen/domain/cases/case.workflow';
import { CASE_SOURCES, type CaseSource } from '@chuangwen/domain/cases/case.schemas';
import { startOfDayIso } from '../../../lib/time';
import { useRequest } from '../../../lib/useRequest';
import { useSession } from '../../auth/session';
import { useUnitTree } from '../../units/useUnitTree';
import { listCategories, type CaseFilter } from '../api';
import { categoryOptions, categoryPath } from '../categories';

type Props = { value: CaseFilter; onChange: (next: CaseFilter) => void; compact?: boolean };

/** The filters shared by the case list, the map and the Excel ledger. */
export function CaseFilters({ value, onChange, compact }: Props) {
  const { t } = useTranslation();
  const { can } = useSession();
  const units = useUnitTree(can('unit.view'));
  const categories = useRequest((signal) => listCategories(signal), 'case-categories');
  const options = useMemo(() => categoryOptions(categories.data?.items ?? [], t), [categories.data, t]);
  const set = (patch: Partial<CaseFilter>) => onChange({ ...value, ...patch });

  return (
    <Space wrap className="cw-filters" style={{ marginBottom: 12 }} data-testid="case-filters">
      <Input.Search
        allowClear
        placeholder={t('case.filter.keyword')}
        onSearch={(q) => set({ q: q.trim() || undefined })}
        style={{ width: 220 }}
        data-testid="case-filter-q"
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('case.filter.state')}
        style={{ width: 220 }}
        value={value.state ?? []}
        options={CASE_STATES.map((s) => ({ value: s, label: t(`case.state.${s}`) }))}
        onChange={(state) => set({ state: state.length ? state : undefined })}
        data-testid="case-filter-state"
      />
      <TreeSelect
        allowClear
        showSearch
        treeNodeFilterProp="title"
        placeholder={t('case.filter.unit')}
        treeData={units.selectData}
        style={{ width: 200 }}
        value={value.unitId}
        onChange={(unitId?: number) => set({ unitId: unitId ?? undefined })}
        data-testid="case-filter-unit"
      />
      <Cascader
        changeOnSelect
        showSearch
        placeholder={t('case.filter.category')}
        options={options}
        style={{ width: 220 }}
        onChange={(path) => set(categoryPath(path as string[] | undefined))}
        data-testid="case-filter-category"
      />
      <Select
        allowClear
        placeholder={t('case.filter.source')}
        style={{ width: 130 }}
        value={value.source}
        options={CASE_SOURCES.map((s) => ({ value: s, label: t(`case.source.${s}`) }))}
        onChange={(source?: CaseSource) => set({ source })}
        data-testid="case-filter-source"
      />
      <Select
        allowClear
        placeholder={t('case.filter.overdue')}
        style={{ width: 120 }}
        value={value.overdue === undefined ? undefined : String(value.overdue)}
        options={[
          { value: 'true', label: t('case.filter.overdueOnly') },
          { value: 'false', label: t('case.filter.notOverdue') },
        ]}
        onChange={(v?: string) => set({ overdue: v === undefined ? undefined : v === 'true' })}
        data-testid="case-filter-overdue"
      />
      <DatePicker.RangePicker
        allowEmpty={[true, true]}
        style={{ width: 250 }}
        onChange={(range) => {
          const [from, to] = (range ?? [null, null]) as [Dayjs | null, Dayjs | null];
          // Submitted in [from, to): the end is the start of the day after the picked day.
          set({ from: from ? startOfDayIso(from) : undefined, to: to ? startOfDayIso(to.add(1, 'day')) : undefined });
        }}
        data-testid="case-filter-period"
      />
      {!compact && (
        <>
          <Input.Search
            allowClear
            placeholder={t('case.filter.criterion')}
            style={{ width: 170 }}
            onSearch={(code) => set({ criterionCode: code.trim() || undefined })}
            data-testid="case-filter-criterion"
          />
          <InputNumber
            min={1}
            placeholder={t('case.filter.site')}
            style={{ width: 110 }}
            onChange={(v) => set({ siteId: typeof v === 'number' ? v : undefined })}
            data-testid="case-filter-site"
          />
        </>
      )}
    </Space>
  );
}
