import { and, asc, eq, sql } from 'drizzle-orm';
import type { CriterionNode, FrameworkNode } from '@chuangwen/domain/framework/framework.schemas';
import { formatPoints, parsePoints } from '@chuangwen/domain/framework/framework.points';
import { DEFAULT_SCORE_RULES } from '@chuangwen/domain/framework/framework.score';
import type { Executor } from '../../platform/db/db';
import { notFound } from '../../platform/http/errors';
import { frameworkNodes, frameworks, responsibilities, scoreRules } from './framework.tables';

export type FrameworkRow = typeof frameworks.$inferSelect;
export type NodeRow = typeof frameworkNodes.$inferSelect;
export type ResponsibilityRow = typeof responsibilities.$inferSelect;

/** numeric(6,2) text ("2.50") → canonical points string ("2.5"); null stays null. */
export const pointsOut = (value: string | null): string | null => {
  if (value == null) return null;
  const parsed = parsePoints(value);
  return parsed.ok ? formatPoints(parsed.hundredths) : value;
};

export async function findFramework(exec: Executor, id: number): Promise<FrameworkRow | null> {
  const [row] = await exec.select().from(frameworks).where(eq(frameworks.id, id));
  return row ?? null;
}

export async function getFrameworkRow(exec: Executor, id: number): Promise<FrameworkRow> {
  const row = await findFramework(exec, id);
  if (!row) throw notFound();
  return row;
}

/** Locks the framework row for a write (serialises writers of one framework). */
export async function lockFramework(exec: Executor, id: number): Promise<FrameworkRow> {
  const [row] = await exec.select().from(frameworks).where(eq(frameworks.id, id)).for('update');
  if (!row) throw notFound();
  return row;
}

/** Every write that can change the projected score bumps dataVersion (score cache key). */
export async function touchData(exec: Executor, id: number, opts: { structure?: boolean } = {}) {
  await exec
    .update(frameworks)
    .set({
      dataVersion: sql`${frameworks.dataVersion} + 1`,
      updatedAt: sql`now()`,
      ...(opts.structure ? { version: sql`${frameworks.version} + 1` } : {}),
    })
    .where(eq(frameworks.id, id));
}

export function nodeToDomain(row: NodeRow): FrameworkNode {
  const base = { code: row.code, name: row.name, sortOrder: row.sortOrder };
  if (row.level === 'criterion') {
    const node: CriterionNode = {
      ...base,
      level: 'criterion',
      parentCode: row.parentCode ?? '',
      points: pointsOut(row.points) ?? '0',
      methods: row.methods as CriterionNode['methods'],
      siteTypes: row.siteTypes as CriterionNode['siteTypes'],
      isVeto: row.isVeto,
      isNegativeList: row.isNegativeList,
      isFeatured: row.isFeatured,
      requirement: row.requirement ?? '',
      evidence: row.evidenceRequirements,
    };
    return node;
  }
  return { ...base, level: row.level, parentCode: row.parentCode, points: pointsOut(row.points), description: row.description } as FrameworkNode;
}

/** Node rows → insert values (points as numeric text, arrays as text[]). */
export function nodeValues(frameworkId: number, node: FrameworkNode) {
  const isCriterion = node.level === 'criterion';
  return {
    frameworkId,
    code: node.code,
    parentCode: node.parentCode ?? null,
    level: node.level,
    sortOrder: node.sortOrder,
    name: node.name,
    points: node.points ?? null,
    description: isCriterion ? null : node.description,
    methods: isCriterion ? [...node.methods] : [],
    siteTypes: isCriterion ? [...node.siteTypes] : [],
    isVeto: isCriterion ? node.isVeto : false,
    isNegativeList: isCriterion ? node.isNegativeList : false,
    isFeatured: isCriterion ? node.isFeatured : false,
    requirement: isCriterion ? node.requirement : null,
    evidenceRequirements: isCriterion ? node.evidence : [],
  };
}

const CHUNK = 500;

/** Inserts nodes in batches, then links parent ids by code in one statement. */
export async function insertNodes(exec: Executor, frameworkId: number, nodes: readonly FrameworkNode[]) {
  for (let i = 0; i < nodes.length; i += CHUNK) {
    await exec.insert(frameworkNodes).values(nodes.slice(i, i + CHUNK).map((n) => nodeValues(frameworkId, n)));
  }
  await linkParents(exec, frameworkId);
}

export async function linkParents(exec: Executor, frameworkId: number) {
  await exec.execute(sql`update framework_nodes c set parent_id = p.id from framework_nodes p
    where c.framework_id = ${frameworkId} and p.framework_id = ${frameworkId} and p.code = c.parent_code
      and c.parent_id is distinct from p.id`);
}

export async function ensureScoreRules(exec: Executor, frameworkId: number) {
  await exec
    .insert(scoreRules)
    .values({ frameworkId, rules: structuredClone(DEFAULT_SCORE_RULES) as never })
    .onConflictDoNothing();
}

export async function listNodeRows(exec: Executor, frameworkId: number): Promise<NodeRow[]> {
  return exec.select().from(frameworkNodes).where(eq(frameworkNodes.frameworkId, frameworkId)).orderBy(asc(frameworkNodes.id));
}

export async function findNode(exec: Executor, frameworkId: number, nodeId: number): Promise<NodeRow | null> {
  const [row] = await exec
    .select()
    .from(frameworkNodes)
    .where(and(eq(frameworkNodes.frameworkId, frameworkId), eq(frameworkNodes.id, nodeId)));
  return row ?? null;
}

export async function getNode(exec: Executor, frameworkId: number, nodeId: number): Promise<NodeRow> {
  const row = await findNode(exec, frameworkId, nodeId);
  if (!row) throw notFound();
  return row;
}

// ---- per-process caches, keyed by the database's own version counters -----------------------------

export type NodeSet = {
  rows: NodeRow[];
  /** Domain nodes in the same order as rows. */
  nodes: FrameworkNode[];
  byId: Map<number, NodeRow>;
  byCode: Map<string, NodeRow>;
  /** node id → its area, item (criteria only) rows. */
  areaOf: Map<number, NodeRow>;
  itemOf: Map<number, NodeRow>;
  criteria: NodeRow[];
};

// Keyed by the database handle first, so several databases in one process (tests) never mix.
const nodeCaches = new WeakMap<object, Map<number, { version: number; set: NodeSet }>>();

/** The framework's nodes, cached per process by `frameworks.version` (bumped by every structural edit). */
export async function loadNodeSet(exec: Executor, framework: Pick<FrameworkRow, 'id' | 'version'>): Promise<NodeSet> {
  let nodeCache = nodeCaches.get(exec);
  if (!nodeCache) nodeCaches.set(exec, (nodeCache = new Map()));
  const cached = nodeCache.get(framework.id);
  if (cached && cached.version === framework.version) return cached.set;
  const rows = await listNodeRows(exec, framework.id);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const areaOf = new Map<number, NodeRow>();
  const itemOf = new Map<number, NodeRow>();
  const climb = (row: NodeRow): NodeRow => {
    let at = row;
    for (let guard = 0; guard < 8 && at.parentId != null; guard++) {
      const parent = byId.get(at.parentId);
      if (!parent) break;
      if (parent.level === 'item') itemOf.set(row.id, parent);
      at = parent;
    }
    return at;
  };
  for (const row of rows) areaOf.set(row.id, climb(row));
  const set: NodeSet = { rows, nodes: rows.map(nodeToDomain), byId, byCode, areaOf, itemOf, criteria: rows.filter((r) => r.level === 'criterion') };
  nodeCache.set(framework.id, { version: framework.version, set });
  return set;
}
