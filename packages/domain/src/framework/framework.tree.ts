import { FRAMEWORK_LEVELS, frameworkDocumentSchema, frameworkNodeSchema, type FrameworkDocument, type FrameworkLevel } from './framework.schemas';
import { formatPoints, parsePoints, type Hundredths } from './framework.points';

// Validation of a whole tree, for imports (Excel rows or JSON) and before publishing. It reports
// every problem at once, each naming the row (index), the node code, the field and a message key,
// so the import can return a downloadable error report and import nothing.

export const FRAMEWORK_TREE_ERROR_KEYS = [
  'codeRequired',
  'duplicateCode',
  'levelInvalid',
  'levelOrder', // root that is not an area, or a parent that is not exactly one level up
  'unknownParent',
  'cycle',
  'pointsRequired',
  'pointsNotNumeric',
  'pointsNegative',
  'pointsTooPrecise',
  'childrenExceedParent',
  'totalMismatch',
  'invalidValue', // any other field the node schema rejects (path in `field`, detail in params.issue)
] as const;
export type FrameworkTreeErrorKey = (typeof FRAMEWORK_TREE_ERROR_KEYS)[number];

export type FrameworkTreeError = {
  /** Position in the input list (the row); -1 for errors about the framework header. */
  index: number;
  code: string | null;
  field: string;
  messageKey: FrameworkTreeErrorKey;
  params?: Record<string, string | number>;
};

/** A node as it arrives from an import, before anything is trusted. */
export type FrameworkNodeDraft = { [field: string]: unknown };

const LEVEL_INDEX: Record<FrameworkLevel, number> = { area: 0, indicator: 1, item: 2, criterion: 3 };
const TREE_FIELDS = new Set(['code', 'parentCode', 'level', 'points']);

const asCode = (value: unknown): string | null => {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).trim();
  return text === '' ? null : text;
};

const asLevel = (value: unknown): FrameworkLevel | null =>
  typeof value === 'string' && (FRAMEWORK_LEVELS as readonly string[]).includes(value) ? (value as FrameworkLevel) : null;

/**
 * Checks structure and points of a flat node list: duplicate codes, unknown parents, cycles, level
 * order (area → indicator → item → criterion), non-numeric / negative / too precise points,
 * children's points exceeding a parent's declared points, and every other field against the node
 * schema. Returns [] when the list is a valid tree. Errors are ordered by index, then field.
 */
export function validateFrameworkTree(nodes: readonly FrameworkNodeDraft[]): FrameworkTreeError[] {
  const errors: FrameworkTreeError[] = [];
  const codes = nodes.map((node) => asCode(node.code));
  const levels = nodes.map((node) => asLevel(node.level));
  const parents = nodes.map((node) => asCode(node.parentCode));
  const ownPoints: (Hundredths | null)[] = [];
  const firstIndexOf = new Map<string, number>();

  nodes.forEach((node, index) => {
    const code = codes[index] ?? null;
    const level = levels[index] ?? null;
    if (code === null) errors.push({ index, code, field: 'code', messageKey: 'codeRequired' });
    else if (firstIndexOf.has(code)) {
      errors.push({ index, code, field: 'code', messageKey: 'duplicateCode', params: { firstIndex: firstIndexOf.get(code)! } });
    } else firstIndexOf.set(code, index);

    if (level === null) errors.push({ index, code, field: 'level', messageKey: 'levelInvalid', params: { value: String(node.level) } });

    const raw = node.points;
    let hundredths: Hundredths | null = null;
    if (raw === undefined || raw === null || raw === '') {
      if (level === 'criterion') errors.push({ index, code, field: 'points', messageKey: 'pointsRequired' });
    } else {
      const parsed = parsePoints(raw);
      if (parsed.ok) hundredths = parsed.hundredths;
      else errors.push({ index, code, field: 'points', messageKey: parsed.error, params: { value: String(raw) } });
    }
    ownPoints.push(hundredths);

    // Every other field: the schema decides; tree fields are reported above and below precisely.
    if (level !== null) {
      const result = frameworkNodeSchema.safeParse({ ...node, points: level === 'criterion' ? '0' : null, parentCode: level === 'area' ? null : 'x' });
      if (!result.success) {
        for (const issue of result.error.issues) {
          const field = issue.path.map(String).join('.');
          const head = String(issue.path[0]);
          if (TREE_FIELDS.has(head) && !(head === 'code' && code !== null)) continue;
          errors.push({ index, code, field, messageKey: 'invalidValue', params: { issue: issue.code } });
        }
      }
    }
  });

  // Parent links: unknown parents, level order.
  const parentIndex: (number | null)[] = nodes.map((_, index) => {
    const parent = parents[index] ?? null;
    return parent === null ? null : (firstIndexOf.get(parent) ?? null);
  });

  // Cycles: follow parent links from each node; a node is on a cycle if the walk returns to it.
  const onCycle = new Array<boolean>(nodes.length).fill(false);
  const state = new Array<0 | 1 | 2>(nodes.length).fill(0); // 0 unseen, 1 on current walk, 2 done
  for (let start = 0; start < nodes.length; start++) {
    if (state[start] !== 0) continue;
    const walk: number[] = [];
    let at: number | null = start;
    while (at !== null && state[at] === 0) {
      state[at] = 1;
      walk.push(at);
      at = parentIndex[at] ?? null;
    }
    if (at !== null && state[at] === 1) {
      for (let k = walk.indexOf(at); k < walk.length; k++) onCycle[walk[k]!] = true;
    }
    for (const visited of walk) state[visited] = 2;
  }

  nodes.forEach((_, index) => {
    const code = codes[index] ?? null;
    const level = levels[index] ?? null;
    const parent = parents[index] ?? null;
    if (parent !== null && !firstIndexOf.has(parent)) {
      errors.push({ index, code, field: 'parentCode', messageKey: 'unknownParent', params: { parentCode: parent } });
      return;
    }
    if (onCycle[index]) {
      errors.push({ index, code, field: 'parentCode', messageKey: 'cycle', params: { parentCode: parent ?? '' } });
      return;
    }
    if (level === null) return;
    const pIndex = parentIndex[index] ?? null;
    if (pIndex === null) {
      if (level !== 'area') errors.push({ index, code, field: 'parentCode', messageKey: 'levelOrder', params: { level, parentLevel: '' } });
      return;
    }
    const parentLevel = levels[pIndex] ?? null;
    if (parentLevel !== null && LEVEL_INDEX[parentLevel] !== LEVEL_INDEX[level] - 1) {
      errors.push({ index, code, field: 'level', messageKey: 'levelOrder', params: { level, parentLevel } });
    }
  });

  // Points: a node's effective points are its own, or else the sum of its children's; a parent
  // with its own points must not be exceeded by its children's effective points. Skipped on cycles.
  const children = nodes.map((): number[] => []);
  parentIndex.forEach((p, index) => {
    if (p !== null && !onCycle[index] && firstIndexOf.get(codes[index] ?? '') === index) children[p]!.push(index);
  });
  const effective = new Array<Hundredths | null>(nodes.length).fill(null);
  const computing = new Array<boolean>(nodes.length).fill(false);
  const effectiveOf = (index: number): Hundredths => {
    const cached = effective[index];
    if (cached !== null && cached !== undefined) return cached;
    if (computing[index]) return 0;
    computing[index] = true;
    let sum = 0;
    for (const child of children[index]!) sum += effectiveOf(child);
    const own = ownPoints[index] ?? null;
    const value = own ?? sum;
    effective[index] = value;
    if (own !== null && children[index]!.length > 0 && sum > own) {
      errors.push({
        index,
        code: codes[index] ?? null,
        field: 'points',
        messageKey: 'childrenExceedParent',
        params: { points: formatPoints(own), childrenPoints: formatPoints(sum) },
      });
    }
    return value;
  };
  // Iterative post-order so a 20,000-node chain cannot overflow the stack.
  for (let index = 0; index < nodes.length; index++) {
    const stack = [index];
    const order: number[] = [];
    while (stack.length > 0) {
      const at = stack.pop()!;
      if (effective[at] !== null || computing[at]) continue;
      order.push(at);
      for (const child of children[at]!) stack.push(child);
    }
    for (let k = order.length - 1; k >= 0; k--) effectiveOf(order[k]!);
  }

  return errors.sort((a, b) => a.index - b.index || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

/** Sum of all criteria points in hundredths (basic and featured). */
export function criteriaPointsTotal(nodes: readonly { level: string; points?: unknown }[]): Hundredths {
  let total = 0;
  for (const node of nodes) {
    if (node.level !== 'criterion') continue;
    const parsed = parsePoints(node.points);
    if (parsed.ok) total += parsed.hundredths;
  }
  return total;
}

export type FrameworkDocumentValidation = { ok: true; document: FrameworkDocument } | { ok: false; errors: FrameworkTreeError[] };

/**
 * Validates an imported JSON document: tree errors per node (validateFrameworkTree), the header
 * against the schema, and that framework.totalPoints equals the sum of criteria points.
 */
export function validateFrameworkDocument(input: unknown): FrameworkDocumentValidation {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as { nodes?: unknown; framework?: unknown };
  const nodes: FrameworkNodeDraft[] = Array.isArray(raw.nodes)
    ? raw.nodes.map((node) => (typeof node === 'object' && node !== null ? (node as FrameworkNodeDraft) : {}))
    : [];
  const errors = validateFrameworkTree(nodes);
  const parsed = frameworkDocumentSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.path[0] === 'nodes' && issue.path.length > 1) continue; // reported per node above
      errors.push({ index: -1, code: null, field: issue.path.map(String).join('.'), messageKey: 'invalidValue', params: { issue: issue.code } });
    }
  }
  if (errors.length === 0 && parsed.success) {
    const total = criteriaPointsTotal(parsed.data.nodes);
    const declared = parsePoints(parsed.data.framework.totalPoints);
    if (declared.ok && declared.hundredths !== total) {
      errors.push({
        index: -1,
        code: parsed.data.framework.code,
        field: 'framework.totalPoints',
        messageKey: 'totalMismatch',
        params: { totalPoints: parsed.data.framework.totalPoints, criteriaPoints: formatPoints(total) },
      });
    }
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors: errors.sort((a, b) => a.index - b.index) };
  return { ok: true, document: parsed.data };
}
