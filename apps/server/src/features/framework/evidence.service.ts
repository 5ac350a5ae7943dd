import { and, count, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { EvidenceKind } from '@chuangwen/domain/framework/framework.schemas';
import type {
  EvidenceItem,
  EvidenceReviewInput,
  EvidenceSlotState,
  MyResponsibility,
  ProgressLine,
  evidenceQuery,
} from '@chuangwen/domain/framework/framework.api';
import { EVIDENCE_KIND_LABELS, EVIDENCE_STATE_LABELS } from '@chuangwen/domain/framework/framework.labels';
import type { EvidenceState } from '@chuangwen/domain/framework/framework.api';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { AppError, conflict, notFound } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import type { FileKind } from '../files/file.sniff';
import { storeUpload } from '../files/file.service';
import { files } from '../files/file.tables';
import { units } from '../../platform/identity/unit.tables';
import { users } from '../../platform/identity/user.tables';
import { evidenceItems, frameworkNodes, responsibilities, selfAssessments } from './framework.tables';
import * as repo from './framework.repo';
import { answersWithin, canOnPath, inUnitScope, unitPaths, unitScope } from './framework.policy';
import { criteriaInOrder, listResponsibilityRows } from './responsibility.service';
import type { FeatureDeps } from './import-report';
import { shanghaiMinute } from '../../platform/excel/xlsx-stream';

type Ctx = RequestContext & { actor: Actor };

/** Today's date in China, as due dates are meant. */
export function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Which file kinds (as sniffed) each evidence kind accepts. */
const ACCEPTED_FILES: Record<EvidenceKind, readonly FileKind[]> = {
  photo: ['photo'],
  document: ['document'],
  table: ['table', 'document'],
  narrative: ['document'],
};

const reviewer = alias(users, 'reviewer');
const submitter = alias(users, 'submitter');

function evidenceSelect(exec: Executor) {
  return exec
    .select({
      e: evidenceItems,
      code: frameworkNodes.code,
      criterionName: frameworkNodes.name,
      unitName: units.name,
      file: { id: files.id, originalName: files.originalName, kind: files.kind, contentType: files.contentType, size: files.size, thumbKey: files.thumbKey },
      reviewerName: reviewer.name,
      submitterName: submitter.name,
    })
    .from(evidenceItems)
    .innerJoin(frameworkNodes, eq(frameworkNodes.id, evidenceItems.nodeId))
    .innerJoin(units, eq(units.id, evidenceItems.unitId))
    .innerJoin(submitter, eq(submitter.id, evidenceItems.submittedBy))
    .leftJoin(files, eq(files.id, evidenceItems.fileId))
    .leftJoin(reviewer, eq(reviewer.id, evidenceItems.reviewedBy));
}
type EvidenceJoined = Awaited<ReturnType<ReturnType<typeof evidenceSelect>['where']>>[number];

function presentEvidence(r: EvidenceJoined): EvidenceItem {
  const e = r.e;
  return {
    id: e.id,
    frameworkId: e.frameworkId,
    nodeId: e.nodeId,
    code: r.code,
    criterionName: r.criterionName,
    unit: { id: e.unitId, name: r.unitName },
    kind: e.kind,
    text: e.text,
    file: r.file?.id
      ? {
          id: r.file.id,
          originalName: r.file.originalName,
          kind: r.file.kind,
          contentType: r.file.contentType,
          size: r.file.size,
          url: `/api/files/${r.file.id}`,
          thumbUrl: r.file.thumbKey ? `/api/files/${r.file.id}/thumb` : null,
        }
      : null,
    dueOn: e.dueOn,
    state: e.state,
    reviewNote: e.reviewNote,
    reviewedByName: r.reviewerName,
    reviewedAt: e.reviewedAt?.toISOString() ?? null,
    submittedByName: r.submitterName,
    submittedAt: e.submittedAt.toISOString(),
    version: e.version,
  };
}

async function scopeCondition(db: Db, actor: Actor): Promise<SQL> {
  const scope = await unitScope(db, actor, 'framework.view');
  if (scope === 'all') return sql`true`;
  return scope.size ? inArray(evidenceItems.unitId, [...scope]) : sql`false`;
}

export async function listEvidence(db: Db, actor: Actor, frameworkId: number, query: z.infer<typeof evidenceQuery>) {
  await repo.getFrameworkRow(db, frameworkId);
  const conds: SQL[] = [eq(evidenceItems.frameworkId, frameworkId), await scopeCondition(db, actor)];
  if (query.state) conds.push(eq(evidenceItems.state, query.state));
  if (query.unitId) conds.push(eq(evidenceItems.unitId, query.unitId));
  if (query.nodeId) conds.push(eq(evidenceItems.nodeId, query.nodeId));
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(evidenceItems).where(where);
  const rows = await evidenceSelect(db)
    .where(where)
    .orderBy(desc(evidenceItems.submittedAt), desc(evidenceItems.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { items: rows.map(presentEvidence), total: total!.n, page: query.page, pageSize: query.pageSize };
}

// ---- The evidence ledger (background export, features/exports) -----------------------------------

export type EvidenceLedgerQuery = { state?: EvidenceState; unitId?: number };

async function ledgerConditions(db: Db, actor: Actor, frameworkId: number, query: EvidenceLedgerQuery): Promise<SQL[]> {
  const conds: SQL[] = [eq(evidenceItems.frameworkId, frameworkId), await scopeCondition(db, actor)];
  if (query.state) conds.push(eq(evidenceItems.state, query.state));
  if (query.unitId) conds.push(eq(evidenceItems.unitId, query.unitId));
  return conds;
}

export async function countEvidence(db: Db, actor: Actor, frameworkId: number, query: EvidenceLedgerQuery): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(evidenceItems)
    .where(and(...(await ledgerConditions(db, actor, frameworkId, query))));
  return row?.n ?? 0;
}

/** Keyset batches (by id) of the evidence the caller may see, as the API presents it. */
export async function* iterateEvidence(db: Db, actor: Actor, frameworkId: number, query: EvidenceLedgerQuery, batch = 1000) {
  const conds = await ledgerConditions(db, actor, frameworkId, query);
  let cursor = 0;
  for (;;) {
    const rows = await evidenceSelect(db)
      .where(and(...conds, gt(evidenceItems.id, cursor)))
      .orderBy(evidenceItems.id)
      .limit(batch);
    if (rows.length === 0) return;
    yield rows.map(presentEvidence);
    cursor = rows[rows.length - 1]!.e.id;
    if (rows.length < batch) return;
  }
}

/** The evidence ledger's columns and one row per item (the keys match). */
export function evidenceLedgerColumns(locale: Locale) {
  const en = locale === 'en';
  return [
    { key: 'code', header: en ? 'Code' : '指标编码', width: 12 },
    { key: 'criterion', header: en ? 'Criterion' : '测评标准', width: 40 },
    { key: 'unit', header: en ? 'Unit' : '申报单位', width: 22 },
    { key: 'kind', header: en ? 'Kind' : '材料类型', width: 12 },
    { key: 'content', header: en ? 'File or text' : '文件或说明', width: 36 },
    { key: 'state', header: en ? 'State' : '审核状态', width: 10 },
    { key: 'submittedBy', header: en ? 'Submitted by' : '提交人', width: 12 },
    { key: 'submittedAt', header: en ? 'Submitted' : '提交时间', width: 18 },
    { key: 'dueOn', header: en ? 'Due' : '完成时限', width: 12 },
    { key: 'reviewedBy', header: en ? 'Reviewed by' : '审核人', width: 12 },
    { key: 'reviewedAt', header: en ? 'Reviewed' : '审核时间', width: 18 },
    { key: 'reviewNote', header: en ? 'Review note' : '审核意见', width: 30 },
  ];
}

export function evidenceLedgerRow(e: EvidenceItem, locale: Locale): Record<string, unknown> {
  return {
    code: e.code,
    criterion: e.criterionName,
    unit: e.unit.name,
    kind: EVIDENCE_KIND_LABELS[locale][e.kind],
    content: e.file?.originalName ?? e.text ?? '',
    state: EVIDENCE_STATE_LABELS[locale][e.state],
    submittedBy: e.submittedByName,
    submittedAt: shanghaiMinute(e.submittedAt),
    dueOn: e.dueOn ?? '',
    reviewedBy: e.reviewedByName ?? '',
    reviewedAt: shanghaiMinute(e.reviewedAt),
    reviewNote: e.reviewNote ?? '',
  };
}

/** "My responsibilities": the criteria a unit in the caller's evidence.submit scope answers for. */
export async function listMyResponsibilities(db: Db, actor: Actor, frameworkId: number, today = todayInChina()): Promise<MyResponsibility[]> {
  const f = await repo.getFrameworkRow(db, frameworkId);
  const set = await repo.loadNodeSet(db, f);
  const scope = await unitScope(db, actor, 'evidence.submit');
  const mine = (await listResponsibilityRows(db, frameworkId)).filter((r) => answersWithin(scope, r));
  if (mine.length === 0) return [];
  const nodeIds = mine.map((r) => r.nodeId);
  const [evidence, statuses, names] = await Promise.all([
    evidenceSelect(db).where(inArray(evidenceItems.nodeId, nodeIds)).orderBy(desc(evidenceItems.submittedAt), desc(evidenceItems.id)),
    db.select({ nodeId: selfAssessments.nodeId, status: selfAssessments.status }).from(selfAssessments).where(inArray(selfAssessments.nodeId, nodeIds)),
    unitPaths(
      db,
      mine.flatMap((r) => [r.leadUnitId, ...r.supportingUnitIds]),
    ),
  ]);
  const evidenceOf = new Map<number, EvidenceItem[]>();
  for (const row of evidence) {
    const list = evidenceOf.get(row.e.nodeId) ?? [];
    list.push(presentEvidence(row));
    evidenceOf.set(row.e.nodeId, list);
  }
  const statusOf = new Map(statuses.map((s) => [s.nodeId, s.status]));
  const byNode = new Map(mine.map((r) => [r.nodeId, r]));
  const name = (id: number) => names.get(id)?.name ?? `#${id}`;
  return criteriaInOrder(set).flatMap((c) => {
    const r = byNode.get(c.id);
    if (!r) return [];
    const myUnits = [
      ...(inUnitScope(scope, r.leadUnitId) ? [{ id: r.leadUnitId, name: name(r.leadUnitId), role: 'lead' as const }] : []),
      ...r.supportingUnitIds.filter((id) => names.has(id) && inUnitScope(scope, id)).map((id) => ({ id, name: name(id), role: 'supporting' as const })),
    ];
    const items = evidenceOf.get(c.id) ?? [];
    const slots = slotStates(
      c.evidenceRequirements.map((e) => e.kind),
      items,
    );
    return [
      {
        nodeId: c.id,
        code: c.code,
        name: c.name,
        areaName: set.areaOf.get(c.id)?.name ?? '',
        itemName: set.itemOf.get(c.id)?.name ?? '',
        points: repo.pointsOut(c.points) ?? '0',
        methods: c.methods as MyResponsibility['methods'],
        requirement: c.requirement,
        evidenceRequirements: c.evidenceRequirements,
        myUnits,
        lead: { id: r.leadUnitId, name: name(r.leadUnitId) },
        dueOn: r.dueOn,
        isOverdue: r.dueOn != null && r.dueOn < today && slots.some((s) => s === 'missing' || s === 'returned'),
        selfAssessmentStatus: statusOf.get(c.id) ?? null,
        evidence: items,
      },
    ];
  });
}

/** The state of each required evidence slot, from the items of its kind: accepted > submitted > returned > missing. */
export function slotStates(kinds: readonly EvidenceKind[], items: readonly { kind: EvidenceKind; state: string }[]): EvidenceSlotState[] {
  return kinds.map((kind) => {
    const mine = items.filter((i) => i.kind === kind);
    if (mine.some((i) => i.state === 'accepted')) return 'accepted';
    if (mine.some((i) => i.state === 'submitted')) return 'submitted';
    if (mine.some((i) => i.state === 'returned')) return 'returned';
    return 'missing';
  });
}

/**
 * Submits evidence for a criterion on behalf of one of the units answering for it, which must lie
 * in the caller's evidence.submit scope (checked before the upload is read or stored).
 */
export async function resolveSubmittingUnit(db: Db, actor: Actor, frameworkId: number, nodeId: number, unitId?: number) {
  const f = await repo.getFrameworkRow(db, frameworkId);
  if (f.status !== 'published') throw new AppError(409, 'conflict', 'framework_not_published');
  const node = await repo.getNode(db, frameworkId, nodeId);
  if (node.level !== 'criterion')
    throw new AppError(400, 'validation_failed', 'framework_not_criterion', { code: node.code }, [{ path: 'nodeId', message: node.code }]);
  const [resp] = await db.select().from(responsibilities).where(eq(responsibilities.nodeId, nodeId));
  const forbidden = () => new AppError(403, 'forbidden', 'framework_not_responsible', { code: node.code });
  if (!resp) throw forbidden();
  const candidates = [resp.leadUnitId, ...resp.supportingUnitIds];
  const paths = await unitPaths(db, candidates);
  const allowed = candidates.filter((id) => paths.has(id) && canOnPath(actor, 'evidence.submit', paths.get(id)!.path));
  const chosen = unitId ?? allowed[0];
  if (chosen == null || !allowed.includes(chosen)) throw forbidden();
  return { node, resp, unitId: chosen };
}

export async function submitEvidence(
  deps: FeatureDeps,
  ctx: Ctx,
  frameworkId: number,
  nodeId: number,
  input: { kind: EvidenceKind; unitId?: number; text?: string; file?: () => Promise<{ buffer: Buffer; filename: string } | null> },
) {
  const { db } = deps;
  const target = await resolveSubmittingUnit(db, ctx.actor, frameworkId, nodeId, input.unitId);
  const upload = input.file ? await input.file() : null;
  if (!upload && input.kind !== 'narrative') {
    throw new AppError(400, 'validation_failed', 'evidence_file_required', { kind: EVIDENCE_KIND_LABELS[ctx.locale][input.kind] }, [
      { path: 'file', message: 'evidence_file_required' },
    ]);
  }
  if (!upload && !input.text?.trim())
    throw new AppError(400, 'validation_failed', 'evidence_text_required', {}, [{ path: 'text', message: 'evidence_text_required' }]);
  const stored = upload
    ? await storeUpload(deps, ctx, { buffer: upload.buffer, filename: upload.filename, unitId: target.unitId, accept: ACCEPTED_FILES[input.kind] })
    : null;
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(evidenceItems)
      .values({
        frameworkId,
        nodeId,
        unitId: target.unitId,
        kind: input.kind,
        fileId: stored?.id ?? null,
        text: input.text?.trim() || null,
        dueOn: target.resp.dueOn,
        submittedBy: ctx.actor.userId,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: 'evidence.submit',
      entityType: 'evidence',
      entityId: row!.id,
      unitId: target.unitId,
      after: { frameworkId, code: target.node.code, kind: input.kind, fileId: stored?.id ?? null, hasText: row!.text != null },
    });
    return row!.id;
  });
  return getEvidence(db, id);
}

export async function getEvidence(exec: Executor, id: number): Promise<EvidenceItem> {
  const [row] = await evidenceSelect(exec).where(eq(evidenceItems.id, id));
  if (!row) throw notFound();
  return presentEvidence(row);
}

export async function reviewEvidence(db: Db, ctx: Ctx, frameworkId: number, evidenceId: number, input: EvidenceReviewInput) {
  await db.transaction(async (tx) => {
    const [item] = await tx
      .select()
      .from(evidenceItems)
      .where(and(eq(evidenceItems.id, evidenceId), eq(evidenceItems.frameworkId, frameworkId)))
      .for('update');
    if (!item) throw notFound();
    const unit = (await unitPaths(tx, [item.unitId])).get(item.unitId);
    if (!unit || !canOnPath(ctx.actor, 'evidence.review', unit.path)) throw new AppError(403, 'forbidden', 'unit_out_of_scope');
    if (item.state !== 'submitted') throw new AppError(409, 'conflict', 'evidence_already_reviewed', { state: item.state });
    if (item.version !== input.version) throw conflict();
    if (input.decision === 'return' && !input.note)
      throw new AppError(400, 'validation_failed', 'evidence_reason_required', {}, [{ path: 'note', message: 'evidence_reason_required' }]);
    const state = input.decision === 'accept' ? 'accepted' : 'returned';
    await tx
      .update(evidenceItems)
      .set({
        state,
        reviewNote: input.note ?? null,
        reviewedBy: ctx.actor.userId,
        reviewedAt: sql`now()`,
        version: sql`${evidenceItems.version} + 1`,
      })
      .where(eq(evidenceItems.id, evidenceId));
    await recordAudit(tx, ctx, {
      action: `evidence.${input.decision}`,
      entityType: 'evidence',
      entityId: evidenceId,
      unitId: item.unitId,
      before: { state: item.state },
      after: { state, note: input.note ?? null },
    });
  });
  return getEvidence(db, evidenceId);
}

// ---- completeness and overdue --------------------------------------------------------------------

const emptyLine = (key: number | string, name: string): ProgressLine => ({
  key,
  name,
  criteria: 0,
  required: 0,
  accepted: 0,
  submitted: 0,
  returned: 0,
  missing: 0,
  overdue: 0,
  completeness: null,
});

/**
 * Evidence completeness per lead unit and per area: every evidence requirement of an assigned
 * criterion is a slot; a slot is overdue when its due date has passed and nothing acceptable is in
 * (missing or returned). Supporting units help but the lead unit answers for completeness.
 */
export async function evidenceProgress(db: Db, actor: Actor, frameworkId: number, today = todayInChina()) {
  const f = await repo.getFrameworkRow(db, frameworkId);
  const set = await repo.loadNodeSet(db, f);
  const scope = await unitScope(db, actor, 'framework.view');
  const resp = (await listResponsibilityRows(db, frameworkId)).filter((r) => answersWithin(scope, r));
  const items = await db
    .select({ nodeId: evidenceItems.nodeId, kind: evidenceItems.kind, state: evidenceItems.state })
    .from(evidenceItems)
    .where(eq(evidenceItems.frameworkId, frameworkId));
  const itemsOf = new Map<number, { kind: EvidenceKind; state: string }[]>();
  for (const i of items) {
    const list = itemsOf.get(i.nodeId) ?? [];
    list.push(i);
    itemsOf.set(i.nodeId, list);
  }
  const names = await unitPaths(
    db,
    resp.map((r) => r.leadUnitId),
  );
  const byUnit = new Map<number, ProgressLine>();
  const byArea = new Map<string, ProgressLine>();
  const total = emptyLine('total', '');
  const respOf = new Map(resp.map((r) => [r.nodeId, r]));
  for (const c of criteriaInOrder(set)) {
    const r = respOf.get(c.id);
    if (!r) continue;
    const area = set.areaOf.get(c.id);
    const unitLine = byUnit.get(r.leadUnitId) ?? emptyLine(r.leadUnitId, names.get(r.leadUnitId)?.name ?? `#${r.leadUnitId}`);
    byUnit.set(r.leadUnitId, unitLine);
    const areaLine = byArea.get(area?.code ?? '') ?? emptyLine(area?.code ?? '', area?.name ?? '');
    byArea.set(area?.code ?? '', areaLine);
    const slots = slotStates(
      c.evidenceRequirements.map((e) => e.kind),
      itemsOf.get(c.id) ?? [],
    );
    const late = r.dueOn != null && r.dueOn < today;
    for (const line of [unitLine, areaLine, total]) {
      line.criteria++;
      for (const s of slots) {
        line.required++;
        line[s]++;
        if (late && (s === 'missing' || s === 'returned')) line.overdue++;
      }
    }
  }
  const finish = (l: ProgressLine) => ({ ...l, completeness: l.required ? Math.round((l.accepted / l.required) * 10_000) / 10_000 : null });
  return {
    asOf: today,
    total: finish(total),
    byUnit: [...byUnit.values()].map(finish).sort((a, b) => (a.completeness ?? 1) - (b.completeness ?? 1) || b.overdue - a.overdue),
    byArea: [...byArea.values()].map(finish),
  };
}
