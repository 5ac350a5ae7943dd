import { PERCENT_NUMFMT } from '@chuangwen/domain/common/percent';
import { caseListFilter } from '@chuangwen/domain/cases/case.schemas';
import { evidenceLedgerFilter, inspectionLedgerFilter, matrixLedgerFilter, userLedgerFilter, type LedgerKind } from '@chuangwen/domain/exports/export.schemas';
import { SITE_TYPE_LABELS } from '@chuangwen/domain/framework/framework.labels';
import { CHECK_RESULT_LABELS, ROUND_KIND_LABELS, ROUND_STATUS_LABELS } from '@chuangwen/domain/inspections/inspection.labels';
import { ROLE_LABELS, type Locale } from '@chuangwen/domain/i18n/labels';
import type { Db } from '../../platform/db/db';
import type { Actor } from '../../platform/auth/actor';
import { inScope } from '../../platform/auth/policy';
import { shanghaiMinute, type XlsxColumn } from '../../platform/excel/xlsx-stream';
import { notFound } from '../../platform/http/errors';
import { sites } from '../sites/site.tables';
import { caseLedgerColumns, caseLedgerRow, caseLedgerSheetName } from '../cases/case.excel';
import { countCases, iterateCases } from '../cases/case.service';
import { unitLedger } from '../units/unit.excel';
import { matrixLedger } from '../framework/responsibility.service';
import { countEvidence, evidenceLedgerColumns, evidenceLedgerRow, iterateEvidence } from '../framework/evidence.service';
import { getFrameworkRow } from '../framework/framework.repo';
import { countUsers, iterateUsers } from '../users/user.service';
import { roundResults } from '../inspections/results.service';
import * as repo from './export.repo';

// What each ledger kind writes: its sheets, their columns and rows in keyset batches, and the row
// total for the progress bar. Columns and row mapping come from the feature owning the data
// (cases, units, framework, users), so the direct downloads and these exports cannot drift.

export type LedgerColumn = XlsxColumn;
export type LedgerSheet = { name: string; columns: LedgerColumn[]; batches: () => AsyncIterable<Record<string, unknown>[]> };
export type PreparedLedger = { total: number; sheets: LedgerSheet[] };
type Prepare = (db: Db, actor: Actor, filters: Record<string, unknown>, locale: Locale) => Promise<PreparedLedger>;

const BATCH = 1000;

async function* mapped<T>(source: AsyncIterable<T[]>, row: (item: T) => Record<string, unknown>) {
  for await (const batch of source) yield batch.map(row);
}

async function* inBatches(rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
}

/** Shanghai wall time as offices write it: 2026-10-08 09:30. */

const L = (locale: Locale, zh: string, en: string) => (locale === 'en' ? en : zh);

const cases: Prepare = async (db, actor, raw, locale) => {
  const filter = caseListFilter.parse(raw);
  return {
    total: await countCases(db, actor, filter),
    sheets: [
      {
        name: caseLedgerSheetName(locale),
        columns: caseLedgerColumns(locale),
        batches: () => mapped(iterateCases(db, actor, filter, BATCH, Number.POSITIVE_INFINITY), (r) => caseLedgerRow(r, locale)),
      },
    ],
  };
};

const inspections: Prepare = async (db, actor, raw, locale) => {
  const filter = inspectionLedgerFilter.parse(raw);
  const rounds = await repo.listRoundsForLedger(db, filter.roundId);
  if (filter.roundId && rounds.length === 0) throw notFound();
  const scope = inScope(actor, 'inspection.view', sites.unitPath);
  const visits = await repo.countVisitChecks(db, scope, filter.roundId);
  const percent = PERCENT_NUMFMT; // the exact ratio, shown like the screen (common/percent.ts)
  const roundColumns: LedgerColumn[] = [
    { key: 'name', header: L(locale, '督查轮次', 'Round'), width: 28 },
    { key: 'kind', header: L(locale, '类型', 'Kind'), width: 12 },
    { key: 'status', header: L(locale, '状态', 'Status'), width: 10 },
    { key: 'periodStart', header: L(locale, '开始日期', 'From'), width: 12 },
    { key: 'periodEnd', header: L(locale, '结束日期', 'To'), width: 12 },
    { key: 'sitesAllotted', header: L(locale, '分配点位', 'Sites allotted'), width: 10 },
    { key: 'sitesVisited', header: L(locale, '已检查点位', 'Sites visited'), width: 10 },
    { key: 'problemsFound', header: L(locale, '发现问题', 'Problems found'), width: 10 },
    { key: 'rejected', header: L(locale, '不予立案', 'Rejected'), width: 10 },
    { key: 'dispatched', header: L(locale, '已交办', 'Dispatched'), width: 10 },
    { key: 'rectified', header: L(locale, '已整改', 'Rectified'), width: 10 },
    { key: 'sitePassRate', header: L(locale, '点位合格率', 'Site pass rate'), width: 12, numFmt: percent },
    { key: 'itemPassRate', header: L(locale, '检查项合格率', 'Item pass rate'), width: 12, numFmt: percent },
    { key: 'rectificationRate', header: L(locale, '整改率', 'Rectification rate'), width: 10, numFmt: percent },
    { key: 'sentence', header: L(locale, '小结', 'Summary'), width: 60 },
  ];
  const visitColumns: LedgerColumn[] = [
    { key: 'round', header: L(locale, '督查轮次', 'Round'), width: 24 },
    { key: 'team', header: L(locale, '督查组', 'Team'), width: 14 },
    { key: 'town', header: L(locale, '镇街', 'Town'), width: 14 },
    { key: 'siteCode', header: L(locale, '点位编码', 'Site code'), width: 14 },
    { key: 'site', header: L(locale, '点位', 'Site'), width: 24 },
    { key: 'siteType', header: L(locale, '点位类型', 'Site type'), width: 14 },
    { key: 'checkedAt', header: L(locale, '检查时间', 'Checked'), width: 18 },
    { key: 'checker', header: L(locale, '检查人', 'Checked by'), width: 10 },
    { key: 'criterionCode', header: L(locale, '指标编码', 'Criterion'), width: 12 },
    { key: 'item', header: L(locale, '检查项', 'Checklist item'), width: 40 },
    { key: 'result', header: L(locale, '结果', 'Result'), width: 10 },
    { key: 'note', header: L(locale, '说明', 'Note'), width: 30 },
    { key: 'caseNumber', header: L(locale, '问题编号', 'Case'), width: 18 },
  ];
  async function* roundRows() {
    const out: Record<string, unknown>[] = [];
    for (const r of rounds) {
      const results = await roundResults(db, r.id, locale);
      out.push({
        name: r.name,
        kind: ROUND_KIND_LABELS[locale][r.kind],
        status: ROUND_STATUS_LABELS[locale][r.status],
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        sitesAllotted: results.summary.sitesAllotted,
        sitesVisited: results.summary.sitesVisited,
        problemsFound: results.summary.problemsFound,
        rejected: results.summary.rejected,
        dispatched: results.summary.dispatched,
        rectified: results.summary.rectified,
        sitePassRate: results.total.sitePassRate,
        itemPassRate: results.total.itemPassRate,
        rectificationRate: results.summary.rectificationRate,
        sentence: results.summary.sentence,
      });
    }
    yield* inBatches(out);
  }
  async function* visitRows() {
    let after = 0;
    for (;;) {
      const rows = await repo.listVisitChecks(db, scope, filter.roundId, after, BATCH);
      if (rows.length === 0) return;
      yield rows.map((c) => ({
        round: c.roundName,
        team: c.teamName,
        town: c.townName ?? '',
        siteCode: c.siteCode ?? '',
        site: c.siteName,
        siteType: SITE_TYPE_LABELS[locale][c.siteType] ?? c.siteType,
        checkedAt: shanghaiMinute(c.checkedAt),
        checker: c.checkerName ?? '',
        criterionCode: c.criterionCode,
        item: c.wording,
        result: CHECK_RESULT_LABELS[locale][c.result],
        note: c.note ?? '',
        caseNumber: c.caseNumber ?? '',
      }));
      after = rows[rows.length - 1]!.id;
      if (rows.length < BATCH) return;
    }
  }
  return {
    total: rounds.length + visits,
    sheets: [
      { name: L(locale, '督查轮次', 'Rounds'), columns: roundColumns, batches: roundRows },
      { name: L(locale, '实地检查', 'Site visits'), columns: visitColumns, batches: visitRows },
    ],
  };
};

async function frameworkOf(db: Db, frameworkId: number | undefined): Promise<number> {
  const id = frameworkId ?? (await repo.defaultFrameworkId(db));
  if (!id) throw notFound();
  return (await getFrameworkRow(db, id)).id;
}

const matrix: Prepare = async (db, actor, raw) => {
  const filter = matrixLedgerFilter.parse(raw);
  const ledger = await matrixLedger(db, actor, await frameworkOf(db, filter.frameworkId));
  return { total: ledger.rows.length, sheets: [{ name: ledger.sheetName, columns: ledger.columns, batches: () => inBatches(ledger.rows) }] };
};

const evidence: Prepare = async (db, actor, raw, locale) => {
  const filter = evidenceLedgerFilter.parse(raw);
  const frameworkId = await frameworkOf(db, filter.frameworkId);
  const query = { state: filter.state, unitId: filter.unitId };
  return {
    total: await countEvidence(db, actor, frameworkId, query),
    sheets: [
      {
        name: L(locale, '申报材料', 'Evidence'),
        columns: evidenceLedgerColumns(locale),
        batches: () => mapped(iterateEvidence(db, actor, frameworkId, query, BATCH), (e) => evidenceLedgerRow(e, locale)),
      },
    ],
  };
};

const units: Prepare = async (db, actor) => {
  const ledger = await unitLedger(db, actor);
  return { total: ledger.rows.length, sheets: [{ name: ledger.sheetName, columns: ledger.columns, batches: () => inBatches(ledger.rows) }] };
};

const users: Prepare = async (db, actor, raw, locale) => {
  const filter = userLedgerFilter.parse(raw);
  const roles = ROLE_LABELS[locale] as Record<string, string>;
  const columns: LedgerColumn[] = [
    { key: 'username', header: L(locale, '用户名', 'Username'), width: 14 },
    { key: 'name', header: L(locale, '姓名', 'Name'), width: 12 },
    { key: 'phone', header: L(locale, '手机号', 'Phone'), width: 14 },
    { key: 'unit', header: L(locale, '所属单位', 'Unit'), width: 22 },
    { key: 'grants', header: L(locale, '角色（授权单位）', 'Roles (on unit)'), width: 40 },
    { key: 'status', header: L(locale, '状态', 'Status'), width: 8 },
    { key: 'lastLoginAt', header: L(locale, '最近登录', 'Last sign-in'), width: 18 },
    { key: 'createdAt', header: L(locale, '创建时间', 'Created'), width: 18 },
  ];
  return {
    total: await countUsers(db, actor, filter),
    sheets: [
      {
        name: L(locale, '用户', 'Users'),
        columns,
        batches: () =>
          mapped(iterateUsers(db, actor, filter, BATCH), (u) => ({
            username: u.username,
            name: u.name,
            phone: u.phone ?? '',
            unit: u.unitName,
            grants: u.grants.map((g) => `${g.roleName ?? roles[g.roleCode] ?? g.roleCode}（${g.unitName}）`).join(L(locale, '；', '; ')),
            status: u.isLocked ? L(locale, '锁定', 'locked') : u.isActive ? L(locale, '启用', 'active') : L(locale, '停用', 'inactive'),
            lastLoginAt: shanghaiMinute(u.lastLoginAt),
            createdAt: shanghaiMinute(u.createdAt),
          })),
      },
    ],
  };
};

export const LEDGERS: Record<LedgerKind, Prepare> = { cases, inspections, matrix, evidence, units, users };

/** The download name: 问题台账-20261127-1034.xlsx (Shanghai time). */
export function ledgerFileName(kind: LedgerKind, locale: Locale, at = new Date()): string {
  const stem: Record<LedgerKind, [string, string]> = {
    cases: ['问题台账', 'cases'],
    inspections: ['督查结果台账', 'inspections'],
    matrix: ['责任分工', 'responsibility-matrix'],
    evidence: ['申报材料台账', 'evidence'],
    units: ['单位', 'units'],
    users: ['用户', 'users'],
  };
  const stamp = shanghaiMinute(at).replace(/[-:]/g, '').replace(' ', '-');
  return `${stem[kind][locale === 'en' ? 1 : 0]}-${stamp}.xlsx`;
}
