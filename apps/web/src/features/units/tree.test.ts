import { describe, expect, it } from 'vitest';
import type { Unit } from '@chuangwen/domain/units/unit.schemas';
import { buildUnitTree, filterUnitTree, subtreeIds, toTreeSelectData } from './tree';

let nextId = 1;
function buildUnit(overrides: Partial<Unit> = {}): Unit {
  const id = overrides.id ?? nextId++;
  return {
    id,
    parentId: null,
    kind: 'district',
    name: `<script>alert(${id})</script>单位${id}`,
    shortName: null,
    code: `U${id}`,
    path: `${id}`,
    depth: 0,
    sortOrder: 0,
    isActive: true,
    hasGeometry: false,
    version: 0,
    ...overrides,
  };
}

describe('buildUnitTree', () => {
  it('nests units under their parentId', () => {
    const county = buildUnit({ id: 1, name: '示范县' });
    const town = buildUnit({ id: 2, parentId: 1, kind: 'town', name: '城关镇' });
    const community = buildUnit({ id: 3, parentId: 2, kind: 'community', name: '东风社区' });
    const office = buildUnit({ id: 4, parentId: 1, kind: 'office', name: '创文办' });
    const tree = buildUnitTree([county, town, community, office]);
    expect(tree).toHaveLength(1);
    expect(tree[0]!.unit.name).toBe('示范县');
    expect(tree[0]!.children.map((n) => n.key)).toEqual([2, 4]);
    expect(tree[0]!.children[0]!.children.map((n) => n.key)).toEqual([3]);
  });

  it('makes units whose parent is out of scope into roots', () => {
    const town = buildUnit({ id: 20, parentId: 1, kind: 'town' });
    const grid = buildUnit({ id: 21, parentId: 20, kind: 'grid' });
    const tree = buildUnitTree([grid, town]);
    expect(tree.map((n) => n.key)).toEqual([20]);
    expect(tree[0]!.children.map((n) => n.key)).toEqual([21]);
  });

  it('orders siblings by sortOrder, then by the server order', () => {
    const root = buildUnit({ id: 30 });
    const a = buildUnit({ id: 31, parentId: 30, sortOrder: 2 });
    const b = buildUnit({ id: 32, parentId: 30, sortOrder: 1 });
    const c = buildUnit({ id: 33, parentId: 30, sortOrder: 2 });
    const tree = buildUnitTree([root, a, b, c]);
    expect(tree[0]!.children.map((n) => n.key)).toEqual([32, 31, 33]);
  });

  it('returns an empty forest for an empty list', () => {
    expect(buildUnitTree([])).toEqual([]);
  });

  it('builds 5,000 units quickly', () => {
    const units = [buildUnit({ id: 100000 })];
    for (let i = 1; i < 5000; i++) units.push(buildUnit({ id: 100000 + i, parentId: 100000 + Math.floor((i - 1) / 10) }));
    const started = performance.now();
    const tree = buildUnitTree(units);
    expect(performance.now() - started).toBeLessThan(500);
    expect(tree).toHaveLength(1);
  });
});

describe('filterUnitTree', () => {
  const units = [
    buildUnit({ id: 40, name: '示范县' }),
    buildUnit({ id: 41, parentId: 40, kind: 'town', name: '城关镇' }),
    buildUnit({ id: 42, parentId: 41, kind: 'community', name: '东风社区', code: 'DF01' }),
    buildUnit({ id: 43, parentId: 40, kind: 'town', name: '河口镇' }),
  ];
  const tree = buildUnitTree(units);

  it('keeps matches with their ancestors and expands the ancestors', () => {
    const result = filterUnitTree(tree, '东风');
    expect(result.tree.map((n) => n.key)).toEqual([40]);
    expect(result.tree[0]!.children.map((n) => n.key)).toEqual([41]);
    expect(result.expandedKeys.sort()).toEqual([40, 41]);
  });

  it('matches codes case-insensitively', () => {
    expect(filterUnitTree(tree, 'df01').tree[0]!.children[0]!.children[0]!.key).toBe(42);
  });

  it('returns the whole tree for an empty query', () => {
    expect(filterUnitTree(tree, '  ').tree).toEqual(tree);
  });

  it('converts to TreeSelect data and collects subtrees', () => {
    expect(toTreeSelectData(tree)[0]!.children[0]!.value).toBe(41);
    expect([...subtreeIds(tree, 41)].sort()).toEqual([41, 42]);
  });
});
