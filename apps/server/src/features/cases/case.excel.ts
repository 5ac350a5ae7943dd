import { PassThrough } from 'node:stream';
import type { CaseListFilter } from '@chuangwen/domain/cases/case.schemas';
import { CASE_NATURE_LABELS, CASE_SEVERITY_LABELS, CASE_SOURCE_LABELS } from '@chuangwen/domain/cases/case.schemas';
import { CASE_STATE_LABELS } from '@chuangwen/domain/cases/case.labels';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import type { Db } from '../../platform/db/db';
import type { Actor } from '../../platform/auth/actor';
import { shanghaiMinute, writeXlsx } from '../../platform/excel/xlsx-stream';
import { iterateCases } from './case.service';
import type { CaseLedgerRow } from './case.repo';

// The ledger (台账) every office keeps, written with the streaming xlsx writer: rows are fetched in
// keyset batches and compressed into the response as they come, so memory stays flat however many
// cases match. The direct download stops at 200,000 rows; larger ledgers go through the
// background export (features/exports), which uses the same columns and row mapping.

const COLUMNS: { key: string; zh: string; en: string; width: number }[] = [
  { key: 'number', zh: '问题编号', en: 'Number', width: 18 },
  { key: 'submittedAt', zh: '上报时间', en: 'Submitted', width: 18 },
  { key: 'source', zh: '来源', en: 'Source', width: 10 },
  { key: 'nature', zh: '性质', en: 'Nature', width: 8 },
  { key: 'category', zh: '大类', en: 'Category', width: 12 },
  { key: 'subcategory', zh: '小类', en: 'Subcategory', width: 16 },
  { key: 'address', zh: '地点', en: 'Address', width: 30 },
  { key: 'description', zh: '问题描述', en: 'Description', width: 40 },
  { key: 'severity', zh: '严重程度', en: 'Severity', width: 10 },
  { key: 'areaUnit', zh: '属地', en: 'Area', width: 16 },
  { key: 'responsibleUnit', zh: '责任单位', en: 'Responsible unit', width: 20 },
  { key: 'state', zh: '状态', en: 'State', width: 10 },
  { key: 'deadlineAt', zh: '处置期限', en: 'Deadline', width: 18 },
  { key: 'isOverdue', zh: '是否超期', en: 'Overdue', width: 8 },
  { key: 'closedAt', zh: '销号时间', en: 'Closed', width: 18 },
  { key: 'reworkCount', zh: '返工次数', en: 'Rework', width: 8 },
];

/** Shanghai wall time as offices write it: 2026-10-08 09:30. */

/** The ledger's columns in the caller's language; shared by this download and the background export (features/exports). */
export function caseLedgerColumns(locale: Locale): { key: string; header: string; width: number }[] {
  return COLUMNS.map((c) => ({ key: c.key, header: locale === 'en' ? c.en : c.zh, width: c.width }));
}

export const caseLedgerSheetName = (locale: Locale) => (locale === 'en' ? 'Cases' : '问题台账');

/** One case as a ledger row (keys of caseLedgerColumns). */
export function caseLedgerRow(r: CaseLedgerRow, locale: Locale): Record<string, unknown> {
  const yes = locale === 'en' ? 'yes' : '是';
  const no = locale === 'en' ? 'no' : '否';
  return {
    number: r.number,
    submittedAt: shanghaiMinute(r.submittedAt),
    source: CASE_SOURCE_LABELS[locale][r.source],
    nature: CASE_NATURE_LABELS[locale][r.nature],
    category: r.categoryName ?? r.categoryCode,
    subcategory: r.subcategoryName ?? r.subcategoryCode,
    address: r.address,
    description: r.description,
    severity: CASE_SEVERITY_LABELS[locale][r.severity],
    areaUnit: r.areaUnitName ?? '',
    responsibleUnit: r.responsibleUnitName ?? '',
    state: CASE_STATE_LABELS[locale][r.state],
    deadlineAt: shanghaiMinute(r.deadlineAt),
    isOverdue: r.isOverdue ? yes : no,
    closedAt: shanghaiMinute(r.closedAt),
    reworkCount: r.reworkCount,
  };
}

export function streamCaseLedger(db: Db, actor: Actor, filter: CaseListFilter, locale: Locale): PassThrough {
  const out = new PassThrough();
  const rows = async function* () {
    for await (const batch of iterateCases(db, actor, filter)) yield batch.map((r) => caseLedgerRow(r, locale));
  };
  writeXlsx(out, [{ name: caseLedgerSheetName(locale), columns: caseLedgerColumns(locale), rows: rows() }]).catch((err: unknown) => out.destroy(err as Error));
  return out;
}
