import { z } from 'zod';
import {
  EVALUATION_METHODS,
  SELF_ASSESSMENT_STATUSES,
  type CriterionNode,
  type EvaluationMethod,
  type FrameworkLevel,
  type FrameworkNode,
  type SelfAssessmentStatus,
} from './framework.schemas';
import { compareCodes, divideRoundHalfUp, pointsToHundredths, type Hundredths } from './framework.points';

// The score engine: pure and deterministic. Same inputs → same output, whatever the order of the
// nodes or of the input records.
//
// Arithmetic
// - Points are integer hundredths (see framework.points.ts). Status factors, method weights and
//   observed rates are turned into integers first: factors and rates to basis points (1/10,000,
//   i.e. taken to 4 decimals), weights are integers already.
// - A criterion's score = points × Σ(weightₘ × rateₘ) / Σ(weightₘ), computed as one exact integer
//   fraction and ROUNDED ONCE, half up, to a hundredth of a point. Every aggregate (item,
//   indicator, area, basic, featured, total) is an exact integer sum of those criterion scores, so
//   the tree always adds up. Ratios (scoreRate, projectedScore) are derived from the exact sums and
//   rounded for display only; nothing is summed from them.
//
// Rules
// - statusFactor: met 1, mostlyMet 0.6, notMet 0 by default. A criterion without a status
//   (not yet self-assessed) scores like notMet — a conservative projection — and is listed in
//   `unassessed`.
// - notApplicable: the criterion is EXCLUDED. Its points stay in `points` (the nominal total) but
//   leave `applicablePoints`; score and lost are 0. Every line reports scoreRate =
//   score / applicablePoints and projectedScore = scoreRate × points, i.e. the score re-normalised
//   to the full nominal points as if the excluded points had been earned at the same rate
//   (total.projectedScore is the headline "projected total").
// - methodWeights (materials 40, site 40, survey 20 by default, after the national annual test):
//   a criterion's rate is the weighted mean of one rate per method it lists, the weights
//   NORMALISED over those methods (materials + survey → 40/60 and 20/60). Methods with weight 0 are
//   left out; a criterion none of whose methods has weight scores by its status factor alone.
// - Observed rates: a site pass rate feeds the methods `site` and `simulation`; a survey rate feeds
//   `survey` and `online` (OBSERVED_RATE_OF_METHOD). A method without an observed rate uses the
//   status factor. With observedRates 'blend' (default) the observed rate replaces the status only
//   for its own methods; with 'replace' any observed rate makes the criterion's rate the weighted
//   mean of its observed methods alone (the self-assessment then only decides veto and
//   notApplicable). Rates for methods a criterion does not list are ignored.
// - Veto: a veto criterion whose status is notMet is listed in `vetoFailed`, and `isVetoed` is
//   true, whatever the score.

const factor = z.number().min(0).max(1);
const weight = z.number().int().min(0).max(1000);

export const OBSERVED_RATE_MODES = ['blend', 'replace'] as const;
export type ObservedRateMode = (typeof OBSERVED_RATE_MODES)[number];

export const DEFAULT_SCORE_RULES = {
  statusFactor: { met: 1, mostlyMet: 0.6, notMet: 0 },
  methodWeights: { materials: 40, site: 40, survey: 20, online: 0, simulation: 0, report: 0 },
  observedRates: 'blend',
} as const satisfies ScoreRulesInput;

export const scoreRulesSchema = z.strictObject({
  statusFactor: z.strictObject({ met: factor, mostlyMet: factor, notMet: factor }).default({ ...DEFAULT_SCORE_RULES.statusFactor }),
  methodWeights: z
    .strictObject({
      materials: weight.default(DEFAULT_SCORE_RULES.methodWeights.materials),
      site: weight.default(DEFAULT_SCORE_RULES.methodWeights.site),
      survey: weight.default(DEFAULT_SCORE_RULES.methodWeights.survey),
      online: weight.default(DEFAULT_SCORE_RULES.methodWeights.online),
      simulation: weight.default(DEFAULT_SCORE_RULES.methodWeights.simulation),
      report: weight.default(DEFAULT_SCORE_RULES.methodWeights.report),
    })
    .default({ ...DEFAULT_SCORE_RULES.methodWeights }),
  observedRates: z.enum(OBSERVED_RATE_MODES).default(DEFAULT_SCORE_RULES.observedRates),
});
export type ScoreRules = z.infer<typeof scoreRulesSchema>;
type ScoreRulesInput = {
  statusFactor: Record<'met' | 'mostlyMet' | 'notMet', number>;
  methodWeights: Record<EvaluationMethod, number>;
  observedRates: ObservedRateMode;
};

/** Which observed rate, if any, stands in for the status factor on each method. */
export const OBSERVED_RATE_OF_METHOD: Record<EvaluationMethod, 'site' | 'survey' | null> = {
  materials: null,
  report: null,
  site: 'site',
  simulation: 'site',
  survey: 'survey',
  online: 'survey',
};

/** Rates are 0..1 (0.87 = 87 %); keyed by criterion code. Unknown codes are ignored. */
export const scoreInputSchema = z.object({
  statuses: z.record(z.string(), z.enum(SELF_ASSESSMENT_STATUSES)),
  siteRates: z.record(z.string(), factor).optional(),
  surveyRates: z.record(z.string(), factor).optional(),
});
export type ScoreInput = {
  statuses: Readonly<Record<string, SelfAssessmentStatus>>;
  siteRates?: Readonly<Record<string, number>>;
  surveyRates?: Readonly<Record<string, number>>;
};

/** Point quantities are integer hundredths of a point (formatPoints(1234) → "12.34"). */
export type ScoreTotals = {
  /** Nominal points of all criteria below, notApplicable included. */
  points: Hundredths;
  /** Points of the criteria that count (notApplicable excluded). */
  applicablePoints: Hundredths;
  score: Hundredths;
  /** applicablePoints − score. */
  lost: Hundredths;
  /** score / applicablePoints to 4 decimals; null when nothing below is applicable. */
  scoreRate: number | null;
  /** score re-normalised to `points` (= score when nothing is notApplicable); null when nothing is applicable. */
  projectedScore: Hundredths | null;
  criteriaCount: number;
  notApplicableCount: number;
};

export type ScoreLine = ScoreTotals & {
  code: string;
  name: string;
  level: FrameworkLevel;
  parentCode: string | null;
};

export type RateSource = 'status' | 'site' | 'survey';

export type CriterionScoreLine = ScoreLine & {
  level: 'criterion';
  areaCode: string;
  status: SelfAssessmentStatus | null;
  /** The criterion's rate 0..1 (4 decimals) before multiplying by points; null when notApplicable. */
  rate: number | null;
  /** What the rate was made of, in this order: the status factor and/or observed rates. */
  rateSources: RateSource[];
  isVeto: boolean;
  isNegativeList: boolean;
  isFeatured: boolean;
};

export type ScoreResult = {
  /** Lines per level in tree order (children by sortOrder, then code). */
  areas: ScoreLine[];
  indicators: ScoreLine[];
  items: ScoreLine[];
  criteria: CriterionScoreLine[];
  total: ScoreTotals;
  basic: ScoreTotals;
  featured: ScoreTotals;
  /** Codes of veto criteria assessed notMet (tree order). */
  vetoFailed: string[];
  isVetoed: boolean;
  /** Codes of criteria without a self-assessment status (scored as notMet). */
  unassessed: string[];
};

const BASIS = 10_000;
const toBasisPoints = (rate: number, what: string): number => {
  if (!(typeof rate === 'number' && rate >= 0 && rate <= 1)) throw new RangeError(`${what} must be a number in 0..1, got ${rate}`);
  return Math.round(rate * BASIS);
};

/** round(a × b / d), half up, exact for non-negative integers (BigInt only when a × b is not safe). */
function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  const product = a * b;
  if (Number.isSafeInteger(2 * product + d)) return divideRoundHalfUp(product, d);
  const big = (2n * BigInt(a) * BigInt(b) + BigInt(d)) / (2n * BigInt(d));
  return Number(big);
}

const own = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;

const emptyTotals = (): ScoreTotals => ({
  points: 0,
  applicablePoints: 0,
  score: 0,
  lost: 0,
  scoreRate: null,
  projectedScore: null,
  criteriaCount: 0,
  notApplicableCount: 0,
});

function finish(t: ScoreTotals): void {
  t.lost = t.applicablePoints - t.score;
  if (t.applicablePoints > 0) {
    t.scoreRate = mulDivRoundHalfUp(t.score, BASIS, t.applicablePoints) / BASIS;
    t.projectedScore = mulDivRoundHalfUp(t.score, t.points, t.applicablePoints);
  } else {
    t.scoreRate = null;
    t.projectedScore = null;
  }
}

function add(into: ScoreTotals, c: ScoreTotals): void {
  into.points += c.points;
  into.applicablePoints += c.applicablePoints;
  into.score += c.score;
  into.criteriaCount += c.criteriaCount;
  into.notApplicableCount += c.notApplicableCount;
}

const LEVEL_INDEX: Record<FrameworkLevel, number> = { area: 0, indicator: 1, item: 2, criterion: 3 };

/** Nodes in tree order: pre-order, siblings by sortOrder then code. Throws on a broken tree. */
export function orderFrameworkTree<N extends FrameworkNode>(nodes: readonly N[]): N[] {
  const byCode = new Map<string, N>();
  const children = new Map<string | null, N[]>();
  for (const node of nodes) {
    if (byCode.has(node.code)) throw new Error(`invalid framework tree: duplicate code ${node.code}`);
    byCode.set(node.code, node);
  }
  for (const node of nodes) {
    const parent = node.parentCode ?? null;
    const parentNode = parent === null ? null : byCode.get(parent);
    if (parent !== null && !parentNode) throw new Error(`invalid framework tree: ${node.code} has unknown parent ${parent}`);
    const expected = parentNode ? LEVEL_INDEX[parentNode.level] + 1 : 0;
    if (LEVEL_INDEX[node.level] !== expected) throw new Error(`invalid framework tree: ${node.code} (${node.level}) is at the wrong level`);
    const list = children.get(parent);
    if (list) list.push(node);
    else children.set(parent, [node]);
  }
  const sibling = (a: N, b: N) => a.sortOrder - b.sortOrder || compareCodes(a.code, b.code);
  for (const list of children.values()) list.sort(sibling);
  const ordered: N[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    ordered.push(node);
    const below = children.get(node.code);
    if (below) for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]!);
  }
  return ordered; // levels strictly increase along parent links, so no cycle can hide here
}

/** Computes the projected score of a framework. Nodes must form a valid tree (validateFrameworkTree). */
export function scoreFramework(nodes: readonly FrameworkNode[], input: ScoreInput, rules: ScoreRules = DEFAULT_SCORE_RULES): ScoreResult {
  const factorBp = {
    met: toBasisPoints(rules.statusFactor.met, 'statusFactor.met'),
    mostlyMet: toBasisPoints(rules.statusFactor.mostlyMet, 'statusFactor.mostlyMet'),
    notMet: toBasisPoints(rules.statusFactor.notMet, 'statusFactor.notMet'),
  };
  const weights = EVALUATION_METHODS.map((m) => {
    const w = rules.methodWeights[m];
    if (!Number.isInteger(w) || w < 0 || w > 1000) throw new RangeError(`methodWeights.${m} must be an integer 0..1000`);
    return w;
  });
  const methodIndex = new Map<EvaluationMethod, number>(EVALUATION_METHODS.map((m, i) => [m, i]));
  const replace = rules.observedRates === 'replace';

  const result: ScoreResult = {
    areas: [],
    indicators: [],
    items: [],
    criteria: [],
    total: emptyTotals(),
    basic: emptyTotals(),
    featured: emptyTotals(),
    vetoFailed: [],
    isVetoed: false,
    unassessed: [],
  };
  const lineOf = new Map<string, ScoreLine>();
  const areaOf = new Map<string, string>();

  for (const node of orderFrameworkTree(nodes)) {
    const parentCode = node.parentCode ?? null;
    areaOf.set(node.code, parentCode === null ? node.code : (areaOf.get(parentCode) ?? node.code));
    if (node.level !== 'criterion') {
      const line: ScoreLine = { code: node.code, name: node.name, level: node.level, parentCode, ...emptyTotals() };
      lineOf.set(node.code, line);
      (node.level === 'area' ? result.areas : node.level === 'indicator' ? result.indicators : result.items).push(line);
      continue;
    }
    const line = scoreCriterion(node, areaOf.get(node.code)!, input, factorBp, weights, methodIndex, replace);
    result.criteria.push(line);
    if (line.status === null) result.unassessed.push(node.code);
    if (node.isVeto && line.status === 'notMet') result.vetoFailed.push(node.code);
    add(result.total, line);
    add(node.isFeatured ? result.featured : result.basic, line);
    for (let up = parentCode; up !== null;) {
      const parentLine = lineOf.get(up)!;
      add(parentLine, line);
      up = parentLine.parentCode;
    }
  }
  for (const line of lineOf.values()) finish(line);
  finish(result.total);
  finish(result.basic);
  finish(result.featured);
  result.isVetoed = result.vetoFailed.length > 0;
  return result;
}

function scoreCriterion(
  node: CriterionNode,
  areaCode: string,
  input: ScoreInput,
  factorBp: Record<'met' | 'mostlyMet' | 'notMet', number>,
  weights: number[],
  methodIndex: Map<EvaluationMethod, number>,
  replace: boolean,
): CriterionScoreLine {
  const points = pointsToHundredths(node.points);
  const status = own(input.statuses, node.code) ?? null;
  const line: CriterionScoreLine = {
    code: node.code,
    name: node.name,
    level: 'criterion',
    parentCode: node.parentCode,
    areaCode,
    ...emptyTotals(),
    points,
    criteriaCount: 1,
    status,
    rate: null,
    rateSources: [],
    isVeto: node.isVeto,
    isNegativeList: node.isNegativeList,
    isFeatured: node.isFeatured,
  };
  if (status === 'notApplicable') {
    line.notApplicableCount = 1;
    finish(line);
    return line;
  }
  if (status !== null && status !== 'met' && status !== 'mostlyMet' && status !== 'notMet') {
    throw new RangeError(`unknown status ${String(status)} for ${node.code}`);
  }
  const statusBp = factorBp[status ?? 'notMet'];
  const siteRate = own(input.siteRates, node.code);
  const surveyRate = own(input.surveyRates, node.code);
  const siteBp = siteRate === undefined ? undefined : toBasisPoints(siteRate, `siteRates[${node.code}]`);
  const surveyBp = surveyRate === undefined ? undefined : toBasisPoints(surveyRate, `surveyRates[${node.code}]`);

  let sumStatus = 0; // Σ weight × rate over methods rated by the status factor
  let weightStatus = 0;
  let sumObserved = 0; // … and over methods with an observed rate
  let weightObserved = 0;
  let usedSite = false;
  let usedSurvey = false;
  for (const method of node.methods) {
    const w = weights[methodIndex.get(method)!]!;
    if (w === 0) continue;
    const kind = OBSERVED_RATE_OF_METHOD[method];
    const observed = kind === 'site' ? siteBp : kind === 'survey' ? surveyBp : undefined;
    if (observed === undefined) {
      sumStatus += w * statusBp;
      weightStatus += w;
    } else {
      sumObserved += w * observed;
      weightObserved += w;
      if (kind === 'site') usedSite = true;
      else usedSurvey = true;
    }
  }
  let numerator: number;
  let denominator: number;
  if (replace && weightObserved > 0) {
    numerator = sumObserved;
    denominator = weightObserved;
  } else if (weightStatus + weightObserved > 0) {
    numerator = sumStatus + sumObserved;
    denominator = weightStatus + weightObserved;
    if (weightStatus > 0) line.rateSources.push('status');
  } else {
    numerator = statusBp;
    denominator = 1;
    line.rateSources.push('status');
  }
  if (usedSite) line.rateSources.push('site');
  if (usedSurvey) line.rateSources.push('survey');

  line.applicablePoints = points;
  line.score = mulDivRoundHalfUp(points, numerator, denominator * BASIS);
  line.rate = mulDivRoundHalfUp(numerator, 1, denominator) / BASIS;
  finish(line);
  return line;
}

// ---- gap list --------------------------------------------------------------------------------------

export type GapEntry = Pick<
  CriterionScoreLine,
  'code' | 'name' | 'parentCode' | 'areaCode' | 'points' | 'score' | 'lost' | 'status' | 'rate' | 'isVeto' | 'isFeatured'
>;

/** Criteria that lose points, most points lost first (ties by code); `limit` entries at most. */
export function gapList(result: ScoreResult, limit = Number.POSITIVE_INFINITY): GapEntry[] {
  return result.criteria
    .filter((c) => c.lost > 0)
    .sort((a, b) => b.lost - a.lost || compareCodes(a.code, b.code))
    .slice(0, limit)
    .map(({ code, name, parentCode, areaCode, points, score, lost, status, rate, isVeto, isFeatured }) => ({
      code,
      name,
      parentCode,
      areaCode,
      points,
      score,
      lost,
      status,
      rate,
      isVeto,
      isFeatured,
    }));
}

// ---- point-loss attribution (谁丢分谁负责) ------------------------------------------------------------

export type UnitRef = string | number;
export type ResponsibilityAssignment<U extends UnitRef> = { lead: U; supporting?: readonly U[] };
/** criterion code → the units that answer for it. */
export type ResponsibilityMatrix<U extends UnitRef> = Readonly<Record<string, ResponsibilityAssignment<U>>>;
export type AttributionOptions = {
  /** Share of each criterion's lost points charged to its supporting units together (0..1, default 0). */
  supportingShare?: number;
};

export type UnitCharge = { code: string; role: 'lead' | 'supporting'; lost: Hundredths };
export type UnitPointLoss<U extends UnitRef> = {
  unitId: U;
  /** 1 = lost most; equal losses share a rank (1, 2, 2, 4). */
  rank: number;
  lost: Hundredths;
  asLead: Hundredths;
  asSupporting: Hundredths;
  /** Criteria charged to this unit, most lost first. */
  charges: UnitCharge[];
};
export type PointLossAttribution<U extends UnitRef> = {
  /** Every unit named in the matrix, ranked by points lost (ties by unit id). */
  units: UnitPointLoss<U>[];
  /** Points lost on criteria nobody answers for. */
  unassigned: { lost: Hundredths; codes: string[] };
  /** = result.total.lost = Σ units.lost + unassigned.lost, exactly. */
  totalLost: Hundredths;
};

const compareUnits = (a: UnitRef, b: UnitRef): number => {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return compareCodes(a, b);
};

/**
 * Charges each criterion's lost points to the units that answer for it. Without supporting units,
 * or with supportingShare 0, the lead unit carries everything. Otherwise round(lost × share) goes
 * to the supporting units in equal parts — the hundredths that do not divide evenly go one each to
 * the supporting units in ascending id order — and the lead carries the rest. So the charges of a
 * criterion always add up to exactly its lost points.
 */
export function pointLossAttribution<U extends UnitRef>(
  result: ScoreResult,
  matrix: ResponsibilityMatrix<U>,
  options: AttributionOptions = {},
): PointLossAttribution<U> {
  const shareBp = toBasisPoints(options.supportingShare ?? 0, 'supportingShare');
  const units = new Map<U, UnitPointLoss<U>>();
  const unitOf = (unitId: U): UnitPointLoss<U> => {
    let unit = units.get(unitId);
    if (!unit) {
      unit = { unitId, rank: 0, lost: 0, asLead: 0, asSupporting: 0, charges: [] };
      units.set(unitId, unit);
    }
    return unit;
  };
  const assignments = Object.keys(matrix)
    .sort(compareCodes)
    .map((code) => [code, matrix[code]!] as const);
  for (const [, assignment] of assignments) {
    unitOf(assignment.lead);
    for (const s of assignment.supporting ?? []) unitOf(s);
  }

  const unassigned = { lost: 0, codes: [] as string[] };
  let totalLost = 0;
  for (const criterion of result.criteria) {
    const lost = criterion.lost;
    if (lost <= 0) continue;
    totalLost += lost;
    const assignment = own(matrix, criterion.code);
    if (!assignment) {
      unassigned.lost += lost;
      unassigned.codes.push(criterion.code);
      continue;
    }
    const supporting = [...new Set(assignment.supporting ?? [])].filter((u) => u !== assignment.lead).sort(compareUnits);
    const pool = supporting.length > 0 ? mulDivRoundHalfUp(lost, shareBp, BASIS) : 0;
    const lead = unitOf(assignment.lead);
    const leadLost = lost - pool;
    if (leadLost > 0) {
      lead.lost += leadLost;
      lead.asLead += leadLost;
      lead.charges.push({ code: criterion.code, role: 'lead', lost: leadLost });
    }
    if (pool > 0) {
      const each = Math.floor(pool / supporting.length);
      const extra = pool % supporting.length;
      supporting.forEach((unitId, i) => {
        const charge = each + (i < extra ? 1 : 0);
        if (charge === 0) return;
        const unit = unitOf(unitId);
        unit.lost += charge;
        unit.asSupporting += charge;
        unit.charges.push({ code: criterion.code, role: 'supporting', lost: charge });
      });
    }
  }

  const ranked = [...units.values()].sort((a, b) => b.lost - a.lost || compareUnits(a.unitId, b.unitId));
  ranked.forEach((unit, i) => {
    const previous = ranked[i - 1];
    unit.rank = previous && previous.lost === unit.lost ? previous.rank : i + 1;
    unit.charges.sort((a, b) => b.lost - a.lost || compareCodes(a.code, b.code) || (a.role < b.role ? -1 : a.role > b.role ? 1 : 0));
  });
  return { units: ranked, unassigned, totalLost };
}
