import { and, desc, eq, ne, sql } from 'drizzle-orm';
import {
  FRAMEWORK_FORMAT,
  FRAMEWORK_FORMAT_VERSION,
  frameworkNodeSchema,
  isCriterion,
  type FrameworkDocument,
  type FrameworkNode,
  type FrameworkNodeInput,
} from '@chuangwen/domain/framework/framework.schemas';
import { criteriaPointsTotal, validateFrameworkDocument, validateFrameworkTree, type FrameworkTreeError } from '@chuangwen/domain/framework/framework.tree';
import { FRAMEWORK_TREE_ERROR_LABELS } from '@chuangwen/domain/framework/framework.labels';
import { formatPoints } from '@chuangwen/domain/framework/framework.points';
import { orderFrameworkTree } from '@chuangwen/domain/framework/framework.score';
import type { FrameworkSummary, NodeDetail, NodeUpdateInput, TreeNode, TreeQuery } from '@chuangwen/domain/framework/framework.api';
import type { z } from 'zod';
import type { frameworkCloneInput, frameworkCreateInput, frameworkUpdateInput } from '@chuangwen/domain/framework/framework.api';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { AppError, conflict, duplicate } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { users } from '../../platform/identity/user.tables';
import { frameworkNodes, frameworks, responsibilities, selfAssessments } from './framework.tables';
import * as repo from './framework.repo';
import { answersWithin, unitPaths, unitScope } from './framework.policy';
import { importFailure, type FeatureDeps, type ImportIssue } from './import-report';

type Ctx = RequestContext & { actor: Actor };

// ---- presenting ----------------------------------------------------------------------------------

export async function listFrameworks(db: Db): Promise<FrameworkSummary[]> {
  const rows = await db
    .select({
      f: frameworks,
      criteriaCount: sql<number>`(select count(*)::int from framework_nodes n where n.framework_id = frameworks.id and n.level = 'criterion')`,
      totalPoints: sql<string>`(select coalesce(sum(n.points), 0)::text from framework_nodes n where n.framework_id = frameworks.id and n.level = 'criterion')`,
    })
    .from(frameworks)
    .orderBy(desc(frameworks.id));
  return rows.map((r) => present(r.f, r.criteriaCount, r.totalPoints));
}

export async function getFramework(db: Db, id: number): Promise<FrameworkSummary> {
  const f = await repo.getFrameworkRow(db, id);
  const set = await repo.loadNodeSet(db, f);
  return present(f, set.criteria.length, formatPoints(criteriaPointsTotal(set.nodes)));
}

function present(f: repo.FrameworkRow, criteriaCount: number, totalPoints: string): FrameworkSummary {
  return {
    id: f.id,
    code: f.code,
    name: f.name,
    edition: f.edition,
    status: f.status,
    pointsAreIllustrative: f.pointsAreIllustrative,
    description: f.description,
    source: f.source,
    clonedFromId: f.clonedFromId,
    publishedAt: f.publishedAt?.toISOString() ?? null,
    version: f.version,
    criteriaCount,
    totalPoints: repo.pointsOut(totalPoints) ?? '0',
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
  };
}

const auditView = (f: repo.FrameworkRow) => ({
  code: f.code,
  name: f.name,
  edition: f.edition,
  status: f.status,
  pointsAreIllustrative: f.pointsAreIllustrative,
});

/** A tree error in words; `rowOf` turns a node index into the row the user knows (JSON: index + 1). */
export function treeErrorMessage(locale: Locale, e: FrameworkTreeError, rowOf: (index: number) => number = (i) => i + 1): string {
  const text = FRAMEWORK_TREE_ERROR_LABELS[locale][e.messageKey];
  const params: Record<string, string | number> = { ...e.params };
  if (typeof params.firstIndex === 'number') params.firstIndex = rowOf(params.firstIndex);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

// ---- creating and importing ----------------------------------------------------------------------

async function assertNewEdition(exec: Executor, code: string, edition: string) {
  const [existing] = await exec
    .select({ id: frameworks.id })
    .from(frameworks)
    .where(and(eq(frameworks.code, code), eq(frameworks.edition, edition)));
  if (existing) throw duplicate('edition', `${code} ${edition}`);
}

export async function createFramework(db: Db, ctx: Ctx, input: z.infer<typeof frameworkCreateInput>) {
  return db.transaction(async (tx) => {
    await assertNewEdition(tx, input.code, input.edition);
    const [f] = await tx
      .insert(frameworks)
      .values({ ...input, status: 'draft' })
      .returning();
    await repo.ensureScoreRules(tx, f!.id);
    await recordAudit(tx, ctx, { action: 'framework.create', entityType: 'framework', entityId: f!.id, after: auditView(f!) });
    return f!.id;
  });
}

/**
 * Imports one framework version from the JSON interchange document. Validated as a whole first
 * (every problem, each naming its node), then written in one transaction with batched inserts.
 * Always lands as a draft: publishing is a separate, audited step. Node `index` → row index + 1.
 */
export async function importFrameworkDocument(
  deps: FeatureDeps,
  ctx: Ctx,
  input: unknown,
  opts: { issuesFrom?: (errors: FrameworkTreeError[]) => ImportIssue[]; reportName?: string } = {},
) {
  const validation = validateFrameworkDocument(input);
  if (!validation.ok) {
    const issues = opts.issuesFrom
      ? opts.issuesFrom(validation.errors)
      : validation.errors.map((e) => ({
          row: e.index + 1,
          column: e.field,
          message: treeErrorMessage(ctx.locale, e) + (e.messageKey === 'invalidValue' ? ` (${e.field})` : ''),
        }));
    throw await importFailure(deps, ctx, issues, opts.reportName ?? 'framework');
  }
  return writeDocument(deps.db, ctx, validation.document);
}

export async function writeDocument(db: Db, ctx: Ctx, doc: FrameworkDocument, via = 'import') {
  return db.transaction(async (tx) => {
    const h = doc.framework;
    await assertNewEdition(tx, h.code, h.edition);
    const [f] = await tx
      .insert(frameworks)
      .values({
        code: h.code,
        name: h.name,
        edition: h.edition,
        status: 'draft',
        pointsAreIllustrative: h.pointsAreIllustrative,
        description: h.description,
        source: h.source,
      })
      .returning();
    await repo.insertNodes(tx, f!.id, doc.nodes);
    await repo.ensureScoreRules(tx, f!.id);
    await recordAudit(tx, ctx, {
      action: 'framework.import',
      entityType: 'framework',
      entityId: f!.id,
      after: { ...auditView(f!), via, nodes: doc.nodes.length, criteria: doc.nodes.filter(isCriterion).length, totalPoints: h.totalPoints },
    });
    return f!.id;
  });
}

export async function exportFrameworkDocument(db: Db, id: number): Promise<FrameworkDocument> {
  const f = await repo.getFrameworkRow(db, id);
  const set = await repo.loadNodeSet(db, f);
  let nodes: FrameworkNode[];
  try {
    nodes = orderFrameworkTree(set.nodes);
  } catch {
    nodes = set.nodes; // a draft mid-edit may not be a tree yet; export it as stored
  }
  return {
    format: FRAMEWORK_FORMAT,
    formatVersion: FRAMEWORK_FORMAT_VERSION,
    framework: {
      code: f.code,
      name: f.name,
      edition: f.edition,
      status: f.status,
      totalPoints: formatPoints(criteriaPointsTotal(set.nodes)),
      pointsAreIllustrative: f.pointsAreIllustrative,
      description: f.description,
      source: f.source,
    },
    nodes,
  };
}

// ---- lifecycle -----------------------------------------------------------------------------------

async function lockDraft(tx: Executor, id: number, version?: number) {
  const f = await repo.lockFramework(tx, id);
  if (f.status !== 'draft') throw new AppError(409, 'conflict', 'framework_not_draft');
  if (version !== undefined && f.version !== version) throw conflict();
  return f;
}

export async function updateFramework(db: Db, ctx: Ctx, id: number, input: z.infer<typeof frameworkUpdateInput>) {
  await db.transaction(async (tx) => {
    const f = await lockDraft(tx, id, input.version);
    const { version: _v, ...fields } = input;
    const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (patch.edition && patch.edition !== f.edition) await assertNewEdition(tx, f.code, patch.edition as string);
    const [after] = await tx
      .update(frameworks)
      .set({ ...patch, version: sql`${frameworks.version} + 1`, updatedAt: sql`now()` })
      .where(eq(frameworks.id, id))
      .returning();
    await recordAudit(tx, ctx, { action: 'framework.update', entityType: 'framework', entityId: id, before: auditView(f), after: auditView(after!) });
  });
}

/**
 * Publishes a valid draft. At most one edition of a framework code is published: publishing a new
 * edition archives the previous one (its data stays readable).
 */
export async function publishFramework(deps: FeatureDeps, ctx: Ctx, id: number, version: number) {
  const problems = await deps.db.transaction(async (tx) => {
    const f = await lockDraft(tx, id, version);
    const nodes = (await repo.listNodeRows(tx, id)).map(repo.nodeToDomain);
    const errors = validateFrameworkTree(nodes);
    if (errors.length > 0 || !nodes.some(isCriterion)) {
      return errors.length > 0
        ? errors.map((e) => ({ row: e.index + 1, column: e.field, message: `${e.code ?? ''} ${treeErrorMessage(ctx.locale, e)}`.trim() }))
        : [{ row: 0, column: 'nodes', message: ctx.locale === 'en' ? 'The framework has no criteria' : '测评体系中没有测评标准' }];
    }
    const archived = await tx
      .update(frameworks)
      .set({ status: 'archived', version: sql`${frameworks.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(frameworks.code, f.code), eq(frameworks.status, 'published'), ne(frameworks.id, id)))
      .returning({ id: frameworks.id });
    const [after] = await tx
      .update(frameworks)
      .set({ status: 'published', publishedAt: sql`now()`, version: sql`${frameworks.version} + 1`, updatedAt: sql`now()` })
      .where(eq(frameworks.id, id))
      .returning();
    for (const a of archived) await recordAudit(tx, ctx, { action: 'framework.archive', entityType: 'framework', entityId: a.id, after: { supersededBy: id } });
    await recordAudit(tx, ctx, { action: 'framework.publish', entityType: 'framework', entityId: id, before: auditView(f), after: auditView(after!) });
    return null;
  });
  if (problems) {
    const error = new AppError(422, 'framework_invalid', 'framework_invalid', { count: problems.length }, problems);
    throw error;
  }
}

/** Clones any version into a new draft edition: nodes, score rules and (by default) the matrix. */
export async function cloneFramework(db: Db, ctx: Ctx, id: number, input: z.infer<typeof frameworkCloneInput>) {
  return db.transaction(async (tx) => {
    const source = await repo.getFrameworkRow(tx, id);
    await assertNewEdition(tx, source.code, input.edition);
    const [f] = await tx
      .insert(frameworks)
      .values({
        code: source.code,
        name: input.name ?? source.name,
        edition: input.edition,
        status: 'draft',
        pointsAreIllustrative: source.pointsAreIllustrative,
        description: source.description,
        source: source.source,
        clonedFromId: source.id,
      })
      .returning();
    const target = f!.id;
    await tx.execute(sql`insert into framework_nodes (framework_id, code, parent_code, level, sort_order, name, points, description, methods,
        site_types, is_veto, is_negative_list, is_featured, requirement, evidence_requirements)
      select ${target}, code, parent_code, level, sort_order, name, points, description, methods, site_types, is_veto, is_negative_list,
        is_featured, requirement, evidence_requirements from framework_nodes where framework_id = ${id} order by id`);
    await repo.linkParents(tx, target);
    await tx.execute(sql`insert into score_rules (framework_id, rules, supporting_share)
      select ${target}, rules, supporting_share from score_rules where framework_id = ${id}`);
    await repo.ensureScoreRules(tx, target);
    let copied = 0;
    if (input.copyResponsibilities) {
      const result = await tx.execute(sql`insert into responsibilities (node_id, framework_id, lead_unit_id, supporting_unit_ids, due_on, updated_by)
        select n2.id, ${target}, r.lead_unit_id, r.supporting_unit_ids, r.due_on, ${ctx.actor.userId}
        from responsibilities r join framework_nodes n1 on n1.id = r.node_id
        join framework_nodes n2 on n2.framework_id = ${target} and n2.code = n1.code
        where r.framework_id = ${id}`);
      copied = (result as { rowCount?: number; affectedRows?: number }).rowCount ?? (result as { affectedRows?: number }).affectedRows ?? 0;
    }
    await recordAudit(tx, ctx, {
      action: 'framework.clone',
      entityType: 'framework',
      entityId: target,
      after: { ...auditView(f!), clonedFromId: id, responsibilities: copied },
    });
    return target;
  });
}

// ---- the tree ------------------------------------------------------------------------------------

const lightNode = (r: repo.NodeRow, matched: boolean): TreeNode => ({
  id: r.id,
  code: r.code,
  parentId: r.parentId,
  parentCode: r.parentCode,
  level: r.level,
  name: r.name,
  sortOrder: r.sortOrder,
  points: repo.pointsOut(r.points),
  methods: r.methods as TreeNode['methods'],
  siteTypes: r.siteTypes as TreeNode['siteTypes'],
  isVeto: r.isVeto,
  isNegativeList: r.isNegativeList,
  isFeatured: r.isFeatured,
  matched,
});

/**
 * The tree as a flat list in tree order, for a virtualised UI tree. With filters, the matching
 * nodes come with their ancestors (matched: false) so the client can still draw the branches.
 */
export async function listTree(db: Db, frameworkId: number, query: TreeQuery): Promise<TreeNode[]> {
  const f = await repo.getFrameworkRow(db, frameworkId);
  const set = await repo.loadNodeSet(db, f);
  let ordered: repo.NodeRow[];
  try {
    ordered = orderFrameworkTree(set.nodes).map((n) => set.byCode.get(n.code)!);
  } catch {
    ordered = set.rows;
  }
  const filtering = Boolean(query.q || query.level || query.method || query.siteType || query.flag);
  if (!filtering) return ordered.map((r) => lightNode(r, true));
  const q = query.q?.toLowerCase();
  const matches = (r: repo.NodeRow) =>
    (!q || r.code.toLowerCase().includes(q) || r.name.toLowerCase().includes(q)) &&
    (!query.level || r.level === query.level) &&
    (!query.method || r.methods.includes(query.method)) &&
    (!query.siteType || r.siteTypes.includes(query.siteType)) &&
    (!query.flag || r[query.flag]);
  const matched = new Set<number>();
  const keep = new Set<number>();
  for (const r of ordered) {
    if (!matches(r)) continue;
    matched.add(r.id);
    for (let at: repo.NodeRow | undefined = r; at && !keep.has(at.id); at = at.parentId != null ? set.byId.get(at.parentId) : undefined) keep.add(at.id);
  }
  return ordered.filter((r) => keep.has(r.id)).map((r) => lightNode(r, matched.has(r.id)));
}

export async function getNodeDetail(db: Db, actor: Actor, frameworkId: number, nodeId: number): Promise<NodeDetail> {
  const node = await repo.getNode(db, frameworkId, nodeId);
  const [resp] = await db.select().from(responsibilities).where(eq(responsibilities.nodeId, nodeId));
  const scope = await unitScope(db, actor, 'framework.view');
  const visible = answersWithin(scope, resp ?? null);
  const [sa] = visible
    ? await db
        .select({ s: selfAssessments, name: users.name })
        .from(selfAssessments)
        .leftJoin(users, eq(users.id, selfAssessments.updatedBy))
        .where(eq(selfAssessments.nodeId, nodeId))
    : [];
  const { matched: _m, ...base } = lightNode(node, true);
  return {
    ...base,
    description: node.description,
    requirement: node.requirement,
    evidence: node.evidenceRequirements,
    version: node.version,
    responsibility: visible && resp ? (await presentResponsibilities(db, [resp])).get(nodeId)! : null,
    selfAssessment: sa ? presentSelfAssessment(node.code, sa.s, sa.name) : null,
  };
}

export function presentSelfAssessment(code: string, s: typeof selfAssessments.$inferSelect, updatedByName: string | null) {
  return { nodeId: s.nodeId, code, status: s.status, note: s.note, version: s.version, updatedAt: s.updatedAt.toISOString(), updatedByName };
}

export async function presentResponsibilities(exec: Executor, rows: repo.ResponsibilityRow[]) {
  const names = await unitPaths(
    exec,
    rows.flatMap((r) => [r.leadUnitId, ...r.supportingUnitIds]),
  );
  const ref = (id: number) => ({ id, name: names.get(id)?.name ?? `#${id}` });
  return new Map(
    rows.map((r) => [
      r.nodeId,
      {
        nodeId: r.nodeId,
        lead: ref(r.leadUnitId),
        supporting: r.supportingUnitIds.filter((id) => names.has(id)).map(ref),
        dueOn: r.dueOn,
        version: r.version,
      },
    ]),
  );
}

// ---- editing a draft -----------------------------------------------------------------------------

function treeFailure(locale: Locale, errors: FrameworkTreeError[], code: string) {
  const mine = errors.filter((e) => e.code === code);
  const list = (mine.length ? mine : errors).slice(0, 20);
  return new AppError(
    400,
    'validation_failed',
    'validation_failed',
    {},
    list.map((e) => ({ path: e.field, message: `${e.code && e.code !== code ? `${e.code}: ` : ''}${treeErrorMessage(locale, e)}` })),
  );
}

async function checkTree(tx: Executor, frameworkId: number, locale: Locale, code: string) {
  const nodes = (await repo.listNodeRows(tx, frameworkId)).map(repo.nodeToDomain);
  const errors = validateFrameworkTree(nodes);
  if (errors.length) throw treeFailure(locale, errors, code);
}

export async function createNode(db: Db, ctx: Ctx, frameworkId: number, input: FrameworkNodeInput) {
  return db.transaction(async (tx) => {
    await lockDraft(tx, frameworkId);
    const parsed = frameworkNodeSchema.safeParse(input);
    if (!parsed.success) {
      throw new AppError(
        400,
        'validation_failed',
        'validation_failed',
        {},
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    const node = parsed.data;
    if (
      await tx
        .select({ id: frameworkNodes.id })
        .from(frameworkNodes)
        .where(and(eq(frameworkNodes.frameworkId, frameworkId), eq(frameworkNodes.code, node.code)))
        .then((r) => r.length)
    ) {
      throw duplicate('code', node.code);
    }
    const [row] = await tx.insert(frameworkNodes).values(repo.nodeValues(frameworkId, node)).returning();
    await repo.linkParents(tx, frameworkId);
    await checkTree(tx, frameworkId, ctx.locale, node.code);
    await repo.touchData(tx, frameworkId, { structure: true });
    await recordAudit(tx, ctx, { action: 'framework.node.create', entityType: 'framework', entityId: frameworkId, after: node });
    return row!.id;
  });
}

export async function updateNode(db: Db, ctx: Ctx, frameworkId: number, nodeId: number, input: NodeUpdateInput) {
  await db.transaction(async (tx) => {
    await lockDraft(tx, frameworkId);
    const row = await repo.getNode(tx, frameworkId, nodeId);
    if (row.version !== input.version) throw conflict();
    const before = repo.nodeToDomain(row);
    const { version: _v, evidence, ...fields } = input;
    const patch: Record<string, unknown> = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (evidence !== undefined) patch.evidenceRequirements = evidence;
    if (row.level !== 'criterion') {
      for (const key of ['methods', 'siteTypes', 'isVeto', 'isNegativeList', 'isFeatured', 'requirement', 'evidenceRequirements']) delete patch[key];
    } else delete patch.description;
    const [after] = await tx
      .update(frameworkNodes)
      .set({ ...patch, version: sql`${frameworkNodes.version} + 1` })
      .where(eq(frameworkNodes.id, nodeId))
      .returning();
    await checkTree(tx, frameworkId, ctx.locale, row.code);
    await repo.touchData(tx, frameworkId, { structure: true });
    await recordAudit(tx, ctx, { action: 'framework.node.update', entityType: 'framework', entityId: frameworkId, before, after: repo.nodeToDomain(after!) });
  });
}

export async function deleteNode(db: Db, ctx: Ctx, frameworkId: number, nodeId: number) {
  await db.transaction(async (tx) => {
    await lockDraft(tx, frameworkId);
    const row = await repo.getNode(tx, frameworkId, nodeId);
    const [children] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(frameworkNodes)
      .where(eq(frameworkNodes.parentId, nodeId));
    if (children!.n > 0) throw new AppError(409, 'conflict', 'framework_node_has_children', { count: children!.n });
    await tx.delete(frameworkNodes).where(eq(frameworkNodes.id, nodeId));
    await checkTree(tx, frameworkId, ctx.locale, row.code);
    await repo.touchData(tx, frameworkId, { structure: true });
    await recordAudit(tx, ctx, { action: 'framework.node.delete', entityType: 'framework', entityId: frameworkId, before: repo.nodeToDomain(row) });
  });
}
