import { formatPoints } from './framework.points';
import type { CriterionNode, FrameworkNode, GroupLevel, GroupNode } from './framework.schemas';

// Test and demo factories: buildX(overrides). Text fields carry <script> so every screen that
// renders them also proves escaping.

export function buildGroupNode(level: GroupLevel, overrides: Partial<GroupNode> & { code: string }): GroupNode {
  return {
    level,
    parentCode: null,
    name: `<script>alert(1)</script>${level} ${overrides.code}`,
    sortOrder: 0,
    points: null,
    description: null,
    ...overrides,
  } as GroupNode;
}

export function buildCriterion(overrides: Partial<CriterionNode> & { code: string; parentCode: string }): CriterionNode {
  return {
    level: 'criterion',
    name: `<script>alert(1)</script>criterion ${overrides.code}`,
    sortOrder: 0,
    points: '1',
    methods: ['materials'],
    siteTypes: [],
    isVeto: false,
    isNegativeList: false,
    isFeatured: false,
    requirement: '<script>alert(1)</script>requirement',
    evidence: [],
    ...overrides,
  };
}

/**
 * A synthetic framework of areas × indicators × items × criteria (e.g. 10 × 10 × 5 × 4 = 2,000
 * criteria), with deterministic points 0.5–3 and rotating methods, for scale tests and benches.
 */
export function buildLargeFramework(shape: { areas: number; indicators: number; items: number; criteria: number }): FrameworkNode[] {
  const nodes: FrameworkNode[] = [];
  const methodSets: CriterionNode['methods'][] = [['materials'], ['materials', 'site'], ['site'], ['materials', 'survey'], ['materials', 'site', 'survey']];
  let n = 0;
  for (let a = 1; a <= shape.areas; a++) {
    const area = `A${a}`;
    nodes.push(buildGroupNode('area', { code: area, sortOrder: a }));
    for (let b = 1; b <= shape.indicators; b++) {
      const indicator = `${area}.${b}`;
      nodes.push(buildGroupNode('indicator', { code: indicator, parentCode: area, sortOrder: b }));
      for (let c = 1; c <= shape.items; c++) {
        const item = `${indicator}.${c}`;
        nodes.push(buildGroupNode('item', { code: item, parentCode: indicator, sortOrder: c }));
        for (let d = 1; d <= shape.criteria; d++) {
          n++;
          nodes.push(
            buildCriterion({
              code: `${item}.${d}`,
              parentCode: item,
              sortOrder: d,
              points: formatPoints(50 + (n % 6) * 50),
              methods: methodSets[n % methodSets.length]!,
              isVeto: n % 97 === 0,
              isFeatured: n % 211 === 0,
            }),
          );
        }
      }
    }
  }
  return nodes;
}
