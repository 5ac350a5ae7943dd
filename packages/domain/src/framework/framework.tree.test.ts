import { describe, expect, it } from 'vitest';
import demo from '../../../../apps/server/src/demo/data/framework-demo.json';
import { buildCriterion, buildGroupNode, buildLargeFramework } from './framework.factories';
import { frameworkDocumentSchema, type FrameworkNode } from './framework.schemas';
import { pointsToHundredths } from './framework.points';
import { gapList, scoreFramework } from './framework.score';
import { validateFrameworkDocument, validateFrameworkTree, type FrameworkNodeDraft } from './framework.tree';

const validTree = (): FrameworkNodeDraft[] => [
  buildGroupNode('area', { code: 'A', points: '5' }),
  buildGroupNode('indicator', { code: 'A1', parentCode: 'A' }),
  buildGroupNode('item', { code: 'A1.1', parentCode: 'A1', points: '3' }),
  buildCriterion({ code: 'A1.1.1', parentCode: 'A1.1', points: '2' }),
  buildCriterion({ code: 'A1.1.2', parentCode: 'A1.1', points: '1' }),
];

/** The errors as [index, code, field, messageKey] rows, easy to read in a failing test. */
const rows = (nodes: FrameworkNodeDraft[]) => validateFrameworkTree(nodes).map((e) => [e.index, e.code, e.field, e.messageKey]);

const withNode = (index: number, patch: FrameworkNodeDraft) => {
  const nodes = validTree();
  nodes[index] = { ...nodes[index], ...patch };
  return nodes;
};

describe('validateFrameworkTree', () => {
  it('accepts a valid tree, in any order', () => {
    expect(validateFrameworkTree(validTree())).toEqual([]);
    expect(validateFrameworkTree([...validTree()].reverse())).toEqual([]);
    expect(validateFrameworkTree(buildLargeFramework({ areas: 3, indicators: 3, items: 3, criteria: 3 }))).toEqual([]);
  });

  it('reports a missing code', () => {
    expect(rows(withNode(4, { code: '  ' }))).toEqual([[4, null, 'code', 'codeRequired']]);
  });

  it('reports a duplicate code on the later row, naming the first', () => {
    const nodes = [...validTree(), buildCriterion({ code: 'A1.1.1', parentCode: 'A1.1', points: '0' })];
    const errors = validateFrameworkTree(nodes);
    expect(errors).toEqual([{ index: 5, code: 'A1.1.1', field: 'code', messageKey: 'duplicateCode', params: { firstIndex: 3 } }]);
  });

  it('reports an invalid level', () => {
    // A1.1 below it is not blamed: a parent of unknown level says nothing about order.
    expect(rows(withNode(1, { level: 'chapter' }))).toEqual([[1, 'A1', 'level', 'levelInvalid']]);
  });

  it('reports wrong level order: a root that is not an area, a level skipped', () => {
    expect(rows(withNode(1, { parentCode: null }))).toEqual([[1, 'A1', 'parentCode', 'levelOrder']]);
    expect(rows(withNode(2, { parentCode: 'A' }))).toEqual([[2, 'A1.1', 'level', 'levelOrder']]);
    expect(rows([...validTree(), buildCriterion({ code: 'X', parentCode: 'A1.1.1', points: '0' })])).toEqual([[5, 'X', 'level', 'levelOrder']]);
  });

  it('reports an unknown parent', () => {
    expect(validateFrameworkTree(withNode(4, { parentCode: 'A9' }))).toEqual([
      { index: 4, code: 'A1.1.2', field: 'parentCode', messageKey: 'unknownParent', params: { parentCode: 'A9' } },
    ]);
  });

  it('reports every node of a cycle once', () => {
    const nodes: FrameworkNodeDraft[] = [
      ...validTree(),
      buildGroupNode('indicator', { code: 'P', parentCode: 'Q' }),
      buildGroupNode('item', { code: 'Q', parentCode: 'P' }),
      buildCriterion({ code: 'R', parentCode: 'Q', points: '1' }), // hangs off the cycle, is not on it
    ];
    expect(rows(nodes)).toEqual([
      [5, 'P', 'parentCode', 'cycle'],
      [6, 'Q', 'parentCode', 'cycle'],
    ]);
    expect(rows([{ ...buildGroupNode('area', { code: 'S' }), parentCode: 'S' }])).toEqual([[0, 'S', 'parentCode', 'cycle']]);
  });

  it('reports points that are missing, not numeric, negative or too precise', () => {
    expect(rows(withNode(3, { points: null }))).toEqual([[3, 'A1.1.1', 'points', 'pointsRequired']]);
    expect(rows(withNode(3, { points: 'two' }))).toEqual([[3, 'A1.1.1', 'points', 'pointsNotNumeric']]);
    expect(rows(withNode(3, { points: '-1' }))).toEqual([[3, 'A1.1.1', 'points', 'pointsNegative']]);
    expect(rows(withNode(3, { points: '0.125' }))).toEqual([[3, 'A1.1.1', 'points', 'pointsTooPrecise']]);
    expect(rows(withNode(0, { points: 'NaN' }))).toEqual([[0, 'A', 'points', 'pointsNotNumeric']]);
    // spreadsheet numbers are accepted when they are exact
    expect(rows(withNode(3, { points: 1.5 }))).toEqual([]);
  });

  it("reports children's points exceeding a parent's, through levels without points", () => {
    expect(validateFrameworkTree(withNode(3, { points: '2.5' }))).toEqual([
      { index: 2, code: 'A1.1', field: 'points', messageKey: 'childrenExceedParent', params: { points: '3', childrenPoints: '3.5' } },
    ]);
    // A1 has no points: A's children count as A1.1's 3 → fine; raise A1.1 to 6 and A (5) is exceeded
    expect(rows(withNode(2, { points: '6' }))).toEqual([[0, 'A', 'points', 'childrenExceedParent']]);
  });

  it('reports other invalid fields with their path', () => {
    const errors = validateFrameworkTree(withNode(3, { methods: ['materials', 'telepathy'], evidence: [{ kind: 'photo', description: 'x', maxCount: 0 }] }));
    expect(errors.map((e) => [e.index, e.field, e.messageKey])).toEqual([
      [3, 'evidence.0.maxCount', 'invalidValue'],
      [3, 'methods.1', 'invalidValue'],
    ]);
    expect(rows(withNode(3, { code: 'A 1' }))).toEqual([[3, 'A 1', 'code', 'invalidValue']]);
  });
});

describe('validateFrameworkDocument', () => {
  const document = () => ({
    format: 'chuangwen.framework',
    formatVersion: 1,
    framework: { code: 'T', name: '<script>alert(1)</script>测试体系', edition: '2026', status: 'draft', totalPoints: '3', pointsAreIllustrative: false },
    nodes: validTree(),
  });

  it('accepts a valid document and fills defaults', () => {
    const result = validateFrameworkDocument(document());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.document.framework.description).toBeNull();
  });

  it('reports a total that differs from the criteria', () => {
    const result = validateFrameworkDocument({ ...document(), framework: { ...document().framework, totalPoints: '100' } });
    expect(result.ok ? [] : result.errors.map((e) => [e.field, e.messageKey])).toEqual([['framework.totalPoints', 'totalMismatch']]);
  });

  it('reports header and node errors together', () => {
    const bad = document();
    bad.framework.status = 'live';
    bad.nodes[4] = { ...bad.nodes[4], parentCode: 'nowhere' };
    const result = validateFrameworkDocument(bad);
    expect(result.ok ? [] : result.errors.map((e) => [e.index, e.field, e.messageKey])).toEqual([
      [-1, 'framework.status', 'invalidValue'],
      [4, 'parentCode', 'unknownParent'],
    ]);
  });
});

describe('the demo framework (apps/server/src/demo/data/framework-demo.json)', () => {
  const parsed = frameworkDocumentSchema.parse(demo);
  const criteria = parsed.nodes.filter((n) => n.level === 'criterion');

  it('validates against the interchange schema and the tree rules', () => {
    const result = validateFrameworkDocument(demo);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('is labelled illustrative and has 128 basic criteria worth 100, featured ones and a veto', () => {
    expect(parsed.framework.pointsAreIllustrative).toBe(true);
    expect(parsed.framework.name).toContain('分值为示意');
    expect(criteria.filter((c) => !c.isFeatured)).toHaveLength(128);
    expect(criteria.filter((c) => c.isFeatured).length).toBeGreaterThanOrEqual(1);
    expect(criteria.some((c) => c.isVeto)).toBe(true);
    const result = scoreFramework(parsed.nodes as FrameworkNode[], { statuses: Object.fromEntries(criteria.map((c) => [c.code, 'met' as const])) });
    expect(result.basic.points).toBe(100_00);
    expect(result.total.points).toBe(pointsToHundredths(parsed.framework.totalPoints));
    expect(result.total.score).toBe(result.total.points);
    expect(gapList(result)).toEqual([]);
  });

  it('gives site criteria site types from the 26', () => {
    const site = criteria.filter((c) => c.methods.includes('site'));
    expect(site.length).toBeGreaterThan(0);
    expect(site.filter((c) => c.siteTypes.length > 0).length).toBeGreaterThan(site.length / 2);
  });
});
