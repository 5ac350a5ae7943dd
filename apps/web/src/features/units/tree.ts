import type { Unit } from '@chuangwen/domain/units/unit.schemas';

export type UnitTreeNode = {
  key: number;
  unit: Unit;
  children: UnitTreeNode[];
};

/**
 * Builds the tree from the flat list of GET /api/units. Units whose parent is outside the caller's
 * scope become roots, so a town manager sees their town at the top. Siblings keep sortOrder, then
 * the server's order.
 */
export function buildUnitTree(units: readonly Unit[]): UnitTreeNode[] {
  const nodes = new Map<number, UnitTreeNode>();
  for (const unit of units) nodes.set(unit.id, { key: unit.id, unit, children: [] });
  const roots: UnitTreeNode[] = [];
  for (const unit of units) {
    const node = nodes.get(unit.id)!;
    const parent = unit.parentId === null ? undefined : nodes.get(unit.parentId);
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const order = new Map(units.map((u, i) => [u.id, i]));
  const sort = (list: UnitTreeNode[]) => {
    list.sort((a, b) => a.unit.sortOrder - b.unit.sortOrder || order.get(a.key)! - order.get(b.key)!);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/**
 * Keeps the nodes whose name, short name or code contains `query`, plus their ancestors so the
 * match stays in context. Returns the filtered tree and the keys to expand.
 */
export function filterUnitTree(tree: readonly UnitTreeNode[], query: string): { tree: UnitTreeNode[]; expandedKeys: number[] } {
  const needle = query.trim().toLowerCase();
  if (!needle) return { tree: [...tree], expandedKeys: [] };
  const expandedKeys: number[] = [];
  const matches = (u: Unit) =>
    u.name.toLowerCase().includes(needle) || (u.shortName ?? '').toLowerCase().includes(needle) || u.code.toLowerCase().includes(needle);
  const walk = (nodes: readonly UnitTreeNode[]): UnitTreeNode[] => {
    const out: UnitTreeNode[] = [];
    for (const node of nodes) {
      const children = walk(node.children);
      if (children.length) {
        expandedKeys.push(node.key);
        out.push({ ...node, children });
      } else if (matches(node.unit)) {
        out.push({ ...node, children: [] });
      }
    }
    return out;
  };
  return { tree: walk(tree), expandedKeys };
}

/** TreeSelect data (value = unit id). */
export type UnitTreeSelectNode = { value: number; title: string; children: UnitTreeSelectNode[] };

export function toTreeSelectData(tree: readonly UnitTreeNode[]): UnitTreeSelectNode[] {
  return tree.map((node) => ({ value: node.key, title: node.unit.name, children: toTreeSelectData(node.children) }));
}

/** Ids of a unit and all units below it (a unit cannot move under its own subtree). */
export function subtreeIds(tree: readonly UnitTreeNode[], id: number): Set<number> {
  const found = findNode(tree, id);
  const ids = new Set<number>();
  const collect = (n: UnitTreeNode) => {
    ids.add(n.key);
    n.children.forEach(collect);
  };
  if (found) collect(found);
  return ids;
}

export function findNode(tree: readonly UnitTreeNode[], id: number): UnitTreeNode | undefined {
  for (const node of tree) {
    if (node.key === id) return node;
    const hit = findNode(node.children, id);
    if (hit) return hit;
  }
  return undefined;
}
