import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { deriveChecklist } from '@chuangwen/domain/inspections/checklist.derive';
import type { ChecklistItem, checklistItemUpdate, checklistReorder } from '@chuangwen/domain/inspections/inspection.schemas';
import { isCriterion, type SiteType } from '@chuangwen/domain/framework/framework.schemas';
import { orderFrameworkTree } from '@chuangwen/domain/framework/framework.score';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { AppError, conflict, notFound } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { frameworkNodes } from '../framework/framework.tables';
import * as fwRepo from '../framework/framework.repo';
import { caseCategories } from '../cases/case.tables';
import { checklistItems } from './inspection.tables';

type Ctx = RequestContext & { actor: Actor };

/**
 * Creates the missing checklist items of a framework: one per (criterion, site type) tag. Existing
 * items (edited wording, order) are kept; returns how many were created.
 */
export async function ensureChecklist(exec: Executor, frameworkId: number): Promise<number> {
  const framework = await fwRepo.getFrameworkRow(exec, frameworkId);
  const set = await fwRepo.loadNodeSet(exec, framework);
  const criteria = orderFrameworkTree(set.nodes)
    .filter(isCriterion)
    .filter((c) => c.siteTypes.length > 0);
  const derived = deriveChecklist(criteria);
  if (!derived.length) return 0;
  const existing = await exec
    .select({ siteType: checklistItems.siteType, criterionCode: checklistItems.criterionCode, sortOrder: checklistItems.sortOrder })
    .from(checklistItems)
    .where(eq(checklistItems.frameworkId, frameworkId));
  const have = new Set(existing.map((e) => `${e.siteType}|${e.criterionCode}`));
  const maxOrder = new Map<string, number>();
  for (const e of existing) maxOrder.set(e.siteType, Math.max(maxOrder.get(e.siteType) ?? 0, e.sortOrder));
  const rows = derived
    .filter((d) => !have.has(`${d.siteType}|${d.criterionCode}`))
    .map((d) => ({
      frameworkId,
      siteType: d.siteType,
      nodeId: set.byCode.get(d.criterionCode)!.id,
      criterionCode: d.criterionCode,
      wording: d.wording,
      sortOrder: (maxOrder.get(d.siteType) ?? 0) + d.sortOrder,
      caseNature: d.caseNature,
      caseCategoryCode: d.caseCategoryCode,
      caseSubcategoryCode: d.caseSubcategoryCode,
    }));
  for (let i = 0; i < rows.length; i += 500)
    await exec
      .insert(checklistItems)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing();
  return rows.length;
}

const itemColumns = { item: checklistItems, criterionName: frameworkNodes.name };

export function toChecklistItem(r: { item: typeof checklistItems.$inferSelect; criterionName: string }): ChecklistItem {
  const i = r.item;
  return {
    id: i.id,
    frameworkId: i.frameworkId,
    siteType: i.siteType,
    nodeId: i.nodeId,
    criterionCode: i.criterionCode,
    criterionName: r.criterionName,
    wording: i.wording,
    sortOrder: i.sortOrder,
    isActive: i.isActive,
    caseNature: i.caseNature,
    caseCategoryCode: i.caseCategoryCode,
    caseSubcategoryCode: i.caseSubcategoryCode,
    version: i.version,
  };
}

export async function listChecklist(
  exec: Executor,
  frameworkId: number,
  opts: { siteTypes?: readonly SiteType[]; activeOnly?: boolean } = {},
): Promise<ChecklistItem[]> {
  const rows = await exec
    .select(itemColumns)
    .from(checklistItems)
    .innerJoin(frameworkNodes, eq(frameworkNodes.id, checklistItems.nodeId))
    .where(
      and(
        eq(checklistItems.frameworkId, frameworkId),
        opts.siteTypes ? (opts.siteTypes.length ? inArray(checklistItems.siteType, [...opts.siteTypes]) : sql`false`) : undefined,
        opts.activeOnly ? eq(checklistItems.isActive, true) : undefined,
      ),
    )
    .orderBy(asc(checklistItems.siteType), asc(checklistItems.sortOrder), asc(checklistItems.id));
  return rows.map(toChecklistItem);
}

export async function deriveChecklistFor(db: Db, ctx: Ctx, frameworkId: number) {
  return db.transaction(async (tx) => {
    const created = await ensureChecklist(tx, frameworkId);
    await recordAudit(tx, ctx, { action: 'inspection.checklist.derive', entityType: 'framework', entityId: frameworkId, after: { created } });
    return { created };
  });
}

export async function updateChecklistItem(db: Db, ctx: Ctx, id: number, input: z.infer<typeof checklistItemUpdate>): Promise<ChecklistItem> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(checklistItems).where(eq(checklistItems.id, id)).for('update');
    if (!before) throw notFound();
    if (before.version !== input.version) throw conflict();
    const { version: _v, ...changes } = input;
    const nature = changes.caseNature ?? before.caseNature;
    const category = changes.caseCategoryCode ?? before.caseCategoryCode;
    const subcategory = changes.caseSubcategoryCode ?? before.caseSubcategoryCode;
    const [known] = await tx
      .select({ id: caseCategories.id })
      .from(caseCategories)
      .where(and(eq(caseCategories.nature, nature), eq(caseCategories.categoryCode, category), eq(caseCategories.subcategoryCode, subcategory)));
    if (!known) {
      const code = `${category}${subcategory}`;
      throw new AppError(400, 'validation_failed', 'case_category_unknown', { code }, [{ path: 'caseSubcategoryCode', message: code }]);
    }
    const [after] = await tx
      .update(checklistItems)
      .set({ ...changes, version: before.version + 1 })
      .where(eq(checklistItems.id, id))
      .returning();
    await recordAudit(tx, ctx, { action: 'inspection.checklist.update', entityType: 'checklistItem', entityId: id, before, after });
  });
  const [row] = await db
    .select(itemColumns)
    .from(checklistItems)
    .innerJoin(frameworkNodes, eq(frameworkNodes.id, checklistItems.nodeId))
    .where(eq(checklistItems.id, id));
  return toChecklistItem(row!);
}

/** Sets the order of one site type's items to the given list (others keep their place after them). */
export async function reorderChecklist(db: Db, ctx: Ctx, input: z.infer<typeof checklistReorder>) {
  await db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: checklistItems.id })
      .from(checklistItems)
      .where(and(eq(checklistItems.frameworkId, input.frameworkId), eq(checklistItems.siteType, input.siteType)))
      .orderBy(asc(checklistItems.sortOrder), asc(checklistItems.id))
      .for('update');
    const known = new Set(rows.map((r) => r.id));
    const bad = input.itemIds.findIndex((i) => !known.has(i));
    if (bad >= 0) throw new AppError(400, 'validation_failed', 'validation_failed', {}, [{ path: `itemIds.${bad}`, message: String(input.itemIds[bad]) }]);
    const order = [...new Set(input.itemIds), ...rows.map((r) => r.id).filter((i) => !input.itemIds.includes(i))];
    for (const [i, itemId] of order.entries()) {
      await tx
        .update(checklistItems)
        .set({ sortOrder: (i + 1) * 10, version: sql`${checklistItems.version} + 1` })
        .where(eq(checklistItems.id, itemId));
    }
    await recordAudit(tx, ctx, {
      action: 'inspection.checklist.reorder',
      entityType: 'framework',
      entityId: input.frameworkId,
      after: { siteType: input.siteType, order },
    });
  });
  return { items: await listChecklist(db, input.frameworkId, { siteTypes: [input.siteType] }) };
}
