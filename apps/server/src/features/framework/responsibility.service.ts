import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { MatrixRow, bulkResponsibilityInput, matrixQuery, responsibilityInput } from '@chuangwen/domain/framework/framework.api';
import { orderFrameworkTree } from '@chuangwen/domain/framework/framework.score';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { AppError, notFound } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { buildWorkbook, readSheet } from '../../platform/excel/excel';
import { units } from '../../platform/identity/unit.tables';
import { responsibilities } from './framework.tables';
import * as repo from './framework.repo';
import { presentResponsibilities } from './framework.service';
import { answersWithin, unitPaths, unitScope } from './framework.policy';
import { importFailure, say, type FeatureDeps, type ImportIssue } from './import-report';

type Ctx = RequestContext & { actor: Actor };

/** Criteria in tree order (falls back to insertion order for a draft that is not a tree yet). */
export function criteriaInOrder(set: repo.NodeSet): repo.NodeRow[] {
  try {
    return orderFrameworkTree(set.nodes)
      .filter((n) => n.level === 'criterion')
      .map((n) => set.byCode.get(n.code)!);
  } catch {
    return set.criteria;
  }
}

export async function listResponsibilityRows(exec: Executor, frameworkId: number) {
  return exec.select().from(responsibilities).where(eq(responsibilities.frameworkId, frameworkId));
}

/** The matrix: one row per criterion the caller may see (every criterion for county-wide callers). */
export async function listMatrix(db: Db, actor: Actor, frameworkId: number, query: z.infer<typeof matrixQuery>): Promise<MatrixRow[]> {
  const f = await repo.getFrameworkRow(db, frameworkId);
  const set = await repo.loadNodeSet(db, f);
  const rows = await listResponsibilityRows(db, frameworkId);
  const byNode = new Map(rows.map((r) => [r.nodeId, r]));
  const scope = await unitScope(db, actor, 'framework.view');
  const presented = await presentResponsibilities(db, rows);
  const q = query.q?.toLowerCase();
  return criteriaInOrder(set).flatMap((c) => {
    const resp = byNode.get(c.id) ?? null;
    if (!answersWithin(scope, resp)) return [];
    if (query.unassigned !== undefined && query.unassigned !== (resp === null)) return [];
    if (query.unitId && !(resp && (resp.leadUnitId === query.unitId || resp.supportingUnitIds.includes(query.unitId)))) return [];
    if (q && !c.code.toLowerCase().includes(q) && !c.name.toLowerCase().includes(q)) return [];
    return [
      {
        nodeId: c.id,
        code: c.code,
        name: c.name,
        areaName: set.areaOf.get(c.id)?.name ?? '',
        itemName: set.itemOf.get(c.id)?.name ?? '',
        points: repo.pointsOut(c.points) ?? '0',
        responsibility: resp ? presented.get(c.id)! : null,
      },
    ];
  });
}

async function assertAssignable(tx: Executor, frameworkId: number) {
  const f = await repo.lockFramework(tx, frameworkId);
  if (f.status === 'archived') throw new AppError(409, 'conflict', 'framework_archived');
  return f;
}

async function assertUnits(tx: Executor, input: { leadUnitId: number; supportingUnitIds: number[] }) {
  if (input.supportingUnitIds.includes(input.leadUnitId)) {
    throw new AppError(400, 'validation_failed', 'framework_lead_supporting', {}, [{ path: 'supportingUnitIds', message: 'framework_lead_supporting' }]);
  }
  const found = await unitPaths(tx, [input.leadUnitId, ...input.supportingUnitIds]);
  const badLead = !found.get(input.leadUnitId)?.isActive;
  const badSupporting = input.supportingUnitIds.some((id) => !found.get(id)?.isActive);
  if (badLead || badSupporting) {
    throw new AppError(400, 'validation_failed', 'framework_unit_invalid', {}, [
      { path: badLead ? 'leadUnitId' : 'supportingUnitIds', message: 'framework_unit_invalid' },
    ]);
  }
}

type Assignment = { leadUnitId: number; supportingUnitIds: number[]; dueOn: string | null };

/** Upserts assignments in batches (one statement per 500 criteria). */
async function upsertAssignments(tx: Executor, frameworkId: number, actor: Actor, list: { nodeId: number; a: Assignment }[]) {
  for (let i = 0; i < list.length; i += 500) {
    await tx
      .insert(responsibilities)
      .values(
        list.slice(i, i + 500).map(({ nodeId, a }) => ({
          nodeId,
          frameworkId,
          leadUnitId: a.leadUnitId,
          supportingUnitIds: [...new Set(a.supportingUnitIds)],
          dueOn: a.dueOn,
          updatedBy: actor.userId,
        })),
      )
      .onConflictDoUpdate({
        target: responsibilities.nodeId,
        set: {
          leadUnitId: sql`excluded.lead_unit_id`,
          supportingUnitIds: sql`excluded.supporting_unit_ids`,
          dueOn: sql`excluded.due_on`,
          updatedBy: sql`excluded.updated_by`,
          updatedAt: sql`now()`,
          version: sql`${responsibilities.version} + 1`,
        },
      });
  }
  await repo.touchData(tx, frameworkId);
}

function criterionOf(set: repo.NodeSet, nodeId: number) {
  const node = set.byId.get(nodeId);
  if (!node) throw notFound();
  if (node.level !== 'criterion')
    throw new AppError(400, 'validation_failed', 'framework_not_criterion', { code: node.code }, [{ path: 'nodeId', message: node.code }]);
  return node;
}

export async function assignResponsibility(db: Db, ctx: Ctx, frameworkId: number, nodeId: number, input: z.infer<typeof responsibilityInput>) {
  await db.transaction(async (tx) => {
    const f = await assertAssignable(tx, frameworkId);
    const node = criterionOf(await repo.loadNodeSet(db, f), nodeId);
    await assertUnits(tx, input);
    const [before] = await tx.select().from(responsibilities).where(eq(responsibilities.nodeId, nodeId));
    await upsertAssignments(tx, frameworkId, ctx.actor, [{ nodeId, a: input }]);
    await recordAudit(tx, ctx, {
      action: 'responsibility.assign',
      entityType: 'framework',
      entityId: frameworkId,
      unitId: input.leadUnitId,
      before: before ? { code: node.code, leadUnitId: before.leadUnitId, supportingUnitIds: before.supportingUnitIds, dueOn: before.dueOn } : null,
      after: { code: node.code, ...input },
    });
  });
}

export async function bulkAssign(db: Db, ctx: Ctx, frameworkId: number, input: z.infer<typeof bulkResponsibilityInput>) {
  return db.transaction(async (tx) => {
    const f = await assertAssignable(tx, frameworkId);
    const set = await repo.loadNodeSet(db, f);
    const nodes = [...new Set(input.nodeIds)].map((id) => criterionOf(set, id));
    const { nodeIds: _n, ...a } = input;
    await assertUnits(tx, a);
    await upsertAssignments(
      tx,
      frameworkId,
      ctx.actor,
      nodes.map((n) => ({ nodeId: n.id, a })),
    );
    await recordAudit(tx, ctx, {
      action: 'responsibility.bulkAssign',
      entityType: 'framework',
      entityId: frameworkId,
      unitId: a.leadUnitId,
      after: { codes: nodes.map((n) => n.code), ...a },
    });
    return { updated: nodes.length };
  });
}

export async function unassign(db: Db, ctx: Ctx, frameworkId: number, nodeId: number) {
  await db.transaction(async (tx) => {
    await assertAssignable(tx, frameworkId);
    const [before] = await tx
      .delete(responsibilities)
      .where(and(eq(responsibilities.frameworkId, frameworkId), eq(responsibilities.nodeId, nodeId)))
      .returning();
    if (!before) throw notFound();
    await repo.touchData(tx, frameworkId);
    await recordAudit(tx, ctx, { action: 'responsibility.unassign', entityType: 'framework', entityId: frameworkId, unitId: before.leadUnitId, before });
  });
}

// ---- Excel: the familiar 责任分工 table ------------------------------------------------------------

const COLUMNS = {
  index: { names: ['序号', 'no.', 'no'], width: 6 },
  code: { names: ['编码', 'code'], required: true, width: 12 },
  area: { names: ['测评项目', 'area'], width: 18 },
  item: { names: ['测评内容', 'item'], width: 24 },
  criterion: { names: ['测评标准', 'criterion'], width: 60 },
  lead: { names: ['牵头单位', 'lead unit'], required: true, width: 22 },
  supporting: { names: ['配合单位', 'supporting units'], width: 36 },
  dueOn: { names: ['完成时限', 'due date'], width: 12 },
} as const;
type Field = keyof typeof COLUMNS;

/** The matrix as the familiar table (the import's columns): also the background export's rows. */
export async function matrixLedger(db: Db, actor: Actor, frameworkId: number) {
  const f = await repo.getFrameworkRow(db, frameworkId);
  const set = await repo.loadNodeSet(db, f);
  const matrix = await listMatrix(db, actor, frameworkId, {});
  return {
    sheetName: '责任分工',
    columns: Object.entries(COLUMNS).map(([key, c]) => ({ header: c.names[0] as string, key, width: c.width as number })),
    rows: matrix.map((m, i) => ({
      index: i + 1,
      code: m.code,
      area: m.areaName,
      item: m.itemName,
      criterion: set.byId.get(m.nodeId)?.requirement ?? m.name,
      lead: m.responsibility?.lead.name ?? '',
      supporting: m.responsibility?.supporting.map((s) => s.name).join('、') ?? '',
      dueOn: m.responsibility?.dueOn ?? '',
    })),
  };
}

export async function exportMatrix(db: Db, actor: Actor, frameworkId: number): Promise<Buffer> {
  const ledger = await matrixLedger(db, actor, frameworkId);
  return buildWorkbook(ledger.sheetName, ledger.columns, ledger.rows);
}

/** Excel date cells arrive as ISO strings, typed ones as 2026-6-30 / 2026/06/30 / 2026年6月30日. */
export function parseDueDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})T00:00:00(?:\.000)?Z$/.exec(text);
  const m = iso ?? /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Imports the matrix, all or nothing: every row is checked (missing columns, unknown or ambiguous
 * unit names, unknown / duplicate / non-criterion codes, non-numeric 序号, bad dates) before one
 * batched upsert. Criteria not in the file keep their assignment.
 */
export async function importMatrix(deps: FeatureDeps, ctx: Ctx, frameworkId: number, buffer: Buffer) {
  const { db } = deps;
  const f = await repo.getFrameworkRow(db, frameworkId);
  if (f.status === 'archived') throw new AppError(409, 'conflict', 'framework_archived');
  const set = await repo.loadNodeSet(db, f);
  const specs = Object.fromEntries(Object.entries(COLUMNS).map(([k, c]) => [k, { names: [...c.names], required: 'required' in c }]));
  const { rows, missing } = await readSheet(buffer, specs);
  const issues: ImportIssue[] = [];
  const bad = (row: number, field: Field, message: string) => issues.push({ row, column: COLUMNS[field].names[0], message });
  for (const column of missing) issues.push({ row: 1, column, message: say(ctx, 'import.missing_column', { column }) });
  if (!missing.length && rows.length === 0) bad(2, 'code', say(ctx, 'import.empty'));
  if (issues.length) throw await importFailure(deps, ctx, issues, 'responsibilities');

  // Units by name, short name and code; a name shared by two units must be written as a code.
  const all = await db.select({ id: units.id, name: units.name, shortName: units.shortName, code: units.code }).from(units).where(eq(units.isActive, true));
  const byLabel = new Map<string, number[]>();
  const addLabel = (label: string | null, id: number) => {
    if (!label) return;
    const list = byLabel.get(label) ?? [];
    if (!list.includes(id)) list.push(id);
    byLabel.set(label, list);
  };
  for (const u of all) {
    addLabel(u.name, u.id);
    addLabel(u.shortName, u.id);
  }
  const byCode = new Map(all.map((u) => [u.code, u.id]));
  const resolve = (row: number, field: Field, label: string): number | null => {
    const code = byCode.get(label);
    if (code) return code;
    const ids = byLabel.get(label) ?? [];
    if (ids.length === 1) return ids[0]!;
    bad(row, field, say(ctx, ids.length ? 'import.ambiguous_unit' : 'import.unknown_unit', { value: label }));
    return null;
  };

  const seen = new Map<string, number>();
  const planned: { nodeId: number; a: Assignment }[] = [];
  for (const { row, values } of rows) {
    const v = (field: Field) => values[field] ?? '';
    if (v('index') && !/^\d+$/.test(v('index'))) bad(row, 'index', say(ctx, 'import.bad_number'));
    const code = v('code');
    const node = code ? set.byCode.get(code) : undefined;
    if (!code) bad(row, 'code', say(ctx, 'import.required'));
    else if (seen.has(code)) bad(row, 'code', say(ctx, 'import.duplicate_code', { value: code, other: seen.get(code) }));
    else if (!node) bad(row, 'code', say(ctx, 'import.unknown_criterion', { value: code }));
    else if (node.level !== 'criterion') bad(row, 'code', say(ctx, 'import.not_criterion', { value: code }));
    if (code && !seen.has(code)) seen.set(code, row);
    const lead = v('lead') ? resolve(row, 'lead', v('lead')) : (bad(row, 'lead', say(ctx, 'import.required')), null);
    const supporting: number[] = [];
    for (const label of v('supporting')
      .split(/[、,，;；/\n]+/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      const id = resolve(row, 'supporting', label);
      if (id != null && !supporting.includes(id)) supporting.push(id);
    }
    if (lead != null && supporting.includes(lead)) bad(row, 'supporting', say(ctx, 'import.lead_is_supporting'));
    let dueOn: string | null = null;
    if (v('dueOn')) {
      dueOn = parseDueDate(v('dueOn'));
      if (!dueOn) bad(row, 'dueOn', say(ctx, 'import.bad_date'));
    }
    if (node && node.level === 'criterion' && lead != null) planned.push({ nodeId: node.id, a: { leadUnitId: lead, supportingUnitIds: supporting, dueOn } });
  }
  if (issues.length) throw await importFailure(deps, ctx, issues, 'responsibilities');

  await db.transaction(async (tx) => {
    const locked = await assertAssignable(tx, frameworkId);
    if (locked.version !== f.version) throw new AppError(409, 'conflict', 'conflict');
    await upsertAssignments(tx, frameworkId, ctx.actor, planned);
    await recordAudit(tx, ctx, { action: 'responsibility.import', entityType: 'framework', entityId: frameworkId, after: { rows: planned.length } });
  });
  return { updated: planned.length };
}
