import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { formatPoints, type Hundredths } from '@chuangwen/domain/framework/framework.points';
import {
  gapList,
  pointLossAttribution,
  scoreFramework,
  scoreRulesSchema,
  type PointLossAttribution,
  type ResponsibilityMatrix,
  type ScoreResult,
  type ScoreTotals,
} from '@chuangwen/domain/framework/framework.score';
import type { SelfAssessmentStatus } from '@chuangwen/domain/framework/framework.schemas';
import type { Gap, LeaderSummary, ScoreResponse, UnitLoss, scoreRulesBody } from '@chuangwen/domain/framework/framework.api';
import type { Db } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { conflict } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { units } from '../../platform/identity/unit.tables';
import { responsibilities, scoreRules, selfAssessments } from './framework.tables';
import * as repo from './framework.repo';
import { evidenceProgress } from './evidence.service';
import { selfAssessmentSummary } from './self-assessment.service';

type Ctx = RequestContext & { actor: Actor };

// The projected score is computed on request by the domain engine from the stored statuses,
// matrix and rules. Results are cached per process and database by `frameworks.data_version`,
// which every score-relevant write bumps in its own transaction — so a cached result is never stale,
// and replicas agree because the version lives in the database.

export type Computed = {
  framework: repo.FrameworkRow;
  set: repo.NodeSet;
  result: ScoreResult;
  attribution: PointLossAttribution<number>;
  leadOf: Map<string, number>;
  unitNames: Map<number, string>;
  supportingShare: number;
};

/** Site-visit pass rate per criterion code (method `site`) of a framework's inspection rounds. */
export type SiteRatesProvider = (db: Db, frameworkId: number) => Promise<Record<string, number>>;

// The inspections feature registers its pass rates here (inspection.feature.ts), so the framework
// never imports inspections (which build on it); without that feature no criterion has a site rate.
let siteRatesProvider: SiteRatesProvider = async () => ({});

export function provideSiteRates(provider: SiteRatesProvider) {
  siteRatesProvider = provider;
}

const caches = new WeakMap<object, Map<number, { dataVersion: number; computed: Computed }>>();

export async function loadRules(db: Db, frameworkId: number) {
  const [row] = await db.select().from(scoreRules).where(eq(scoreRules.frameworkId, frameworkId));
  const parsed = scoreRulesSchema.safeParse(row?.rules ?? {});
  return { rules: parsed.success ? parsed.data : scoreRulesSchema.parse({}), supportingShare: Number(row?.supportingShare ?? 0), version: row?.version ?? 0 };
}

export async function computeScore(db: Db, frameworkId: number): Promise<Computed> {
  const framework = await repo.getFrameworkRow(db, frameworkId);
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = cache.get(frameworkId);
  if (hit && hit.dataVersion === framework.dataVersion && hit.computed.framework.version === framework.version) return hit.computed;

  const [set, statusRows, respRows, { rules, supportingShare }, siteRates] = await Promise.all([
    repo.loadNodeSet(db, framework),
    db.select({ nodeId: selfAssessments.nodeId, status: selfAssessments.status }).from(selfAssessments).where(eq(selfAssessments.frameworkId, frameworkId)),
    db
      .select({ nodeId: responsibilities.nodeId, lead: responsibilities.leadUnitId, supporting: responsibilities.supportingUnitIds })
      .from(responsibilities)
      .where(eq(responsibilities.frameworkId, frameworkId)),
    loadRules(db, frameworkId),
    // Site pass rates of the latest inspection round per criterion (method `site`); recording a visit bumps dataVersion.
    siteRatesProvider(db, frameworkId),
  ]);
  const statuses: Record<string, SelfAssessmentStatus> = {};
  for (const s of statusRows) {
    const code = set.byId.get(s.nodeId)?.code;
    if (code) statuses[code] = s.status;
  }
  const matrix: Record<string, { lead: number; supporting: number[] }> = {};
  const leadOf = new Map<string, number>();
  for (const r of respRows) {
    const code = set.byId.get(r.nodeId)?.code;
    if (!code) continue;
    matrix[code] = { lead: r.lead, supporting: r.supporting };
    leadOf.set(code, r.lead);
  }
  const result = scoreFramework(set.nodes, { statuses, siteRates }, rules);
  const attribution = pointLossAttribution(result, matrix as ResponsibilityMatrix<number>, { supportingShare });
  const unitRows = await db.select({ id: units.id, name: units.name }).from(units);
  const computed: Computed = { framework, set, result, attribution, leadOf, unitNames: new Map(unitRows.map((u) => [u.id, u.name])), supportingShare };
  cache.set(frameworkId, { dataVersion: framework.dataVersion, computed });
  return computed;
}

// ---- presenting (points as decimal strings) ------------------------------------------------------

const p = (h: Hundredths) => formatPoints(h);
const totalsOut = (t: ScoreTotals) => ({
  points: p(t.points),
  applicablePoints: p(t.applicablePoints),
  score: p(t.score),
  lost: p(t.lost),
  scoreRate: t.scoreRate,
  projectedScore: t.projectedScore == null ? null : p(t.projectedScore),
  criteriaCount: t.criteriaCount,
  notApplicableCount: t.notApplicableCount,
});
const lineOut = <L extends ScoreTotals & { code: string; name: string; level: ScoreResponse['areas'][number]['level']; parentCode: string | null }>(l: L) => ({
  ...totalsOut(l),
  code: l.code,
  name: l.name,
  level: l.level,
  parentCode: l.parentCode,
});

export function scoreResponse(c: Computed): ScoreResponse {
  const r = c.result;
  return {
    frameworkId: c.framework.id,
    pointsAreIllustrative: c.framework.pointsAreIllustrative,
    dataVersion: c.framework.dataVersion,
    total: totalsOut(r.total),
    basic: totalsOut(r.basic),
    featured: totalsOut(r.featured),
    areas: r.areas.map(lineOut),
    indicators: r.indicators.map(lineOut),
    items: r.items.map(lineOut),
    criteria: r.criteria.map((l) => ({ ...lineOut(l), areaCode: l.areaCode, status: l.status, rate: l.rate, isVeto: l.isVeto, isFeatured: l.isFeatured })),
    vetoFailed: r.vetoFailed,
    isVetoed: r.isVetoed,
    unassessed: r.unassessed,
  };
}

export function gaps(c: Computed, limit?: number): Gap[] {
  const unit = (id: number | undefined) => (id == null ? null : { id, name: c.unitNames.get(id) ?? `#${id}` });
  return gapList(c.result, limit).map((g) => ({
    nodeId: c.set.byCode.get(g.code)!.id,
    code: g.code,
    name: g.name,
    areaCode: g.areaCode,
    areaName: c.set.byCode.get(g.areaCode)?.name ?? '',
    points: p(g.points),
    score: p(g.score),
    lost: p(g.lost),
    status: g.status,
    isVeto: g.isVeto,
    isFeatured: g.isFeatured,
    lead: unit(c.leadOf.get(g.code)),
  }));
}

export function unitLosses(c: Computed, limit?: number, chargesLimit = 50): UnitLoss[] {
  return c.attribution.units.slice(0, limit).map((u) => ({
    unit: { id: u.unitId, name: c.unitNames.get(u.unitId) ?? `#${u.unitId}` },
    rank: u.rank,
    lost: p(u.lost),
    asLead: p(u.asLead),
    asSupporting: p(u.asSupporting),
    criteriaCount: u.charges.length,
    charges: u.charges.slice(0, chargesLimit).map((ch) => ({ code: ch.code, role: ch.role, lost: p(ch.lost) })),
  }));
}

export function pointLoss(c: Computed, limit?: number) {
  return {
    units: unitLosses(c, limit),
    unassigned: { lost: p(c.attribution.unassigned.lost), codes: c.attribution.unassigned.codes },
    totalLost: p(c.attribution.totalLost),
    supportingShare: c.supportingShare,
  };
}

/** The leader's one page: projected total, areas, top 10 gaps, worst 10 units, self-check and evidence. */
export async function leaderSummary(db: Db, actor: Actor, frameworkId: number): Promise<LeaderSummary> {
  const c = await computeScore(db, frameworkId);
  const f = c.framework;
  const progress = await evidenceProgress(db, actor, frameworkId);
  return {
    framework: { id: f.id, name: f.name, edition: f.edition, pointsAreIllustrative: f.pointsAreIllustrative },
    total: totalsOut(c.result.total),
    basic: totalsOut(c.result.basic),
    featured: totalsOut(c.result.featured),
    areas: c.result.areas.map(lineOut),
    topGaps: gaps(c, 10),
    worstUnits: unitLosses(c, 10, 0).map(({ charges: _c, ...u }) => u),
    isVetoed: c.result.isVetoed,
    vetoFailed: c.result.vetoFailed,
    selfAssessment: selfAssessmentSummary(
      c.result.criteria.length,
      c.result.criteria.flatMap((l) => (l.status ? [l.status] : [])),
    ),
    evidence: progress.total,
  };
}

export async function getScoreRules(db: Db, frameworkId: number) {
  await repo.getFrameworkRow(db, frameworkId);
  const { rules, supportingShare, version } = await loadRules(db, frameworkId);
  return { rules, supportingShare, version };
}

export async function setScoreRules(db: Db, ctx: Ctx, frameworkId: number, input: z.infer<typeof scoreRulesBody>) {
  await db.transaction(async (tx) => {
    await repo.lockFramework(tx, frameworkId);
    await repo.ensureScoreRules(tx, frameworkId);
    const [before] = await tx.select().from(scoreRules).where(eq(scoreRules.frameworkId, frameworkId)).for('update');
    if (before!.version !== input.version) throw conflict();
    const share = (Math.round(input.supportingShare * 100) / 100).toFixed(2);
    await tx
      .update(scoreRules)
      .set({ rules: input.rules, supportingShare: share, version: sql`${scoreRules.version} + 1`, updatedAt: sql`now()` })
      .where(eq(scoreRules.frameworkId, frameworkId));
    await repo.touchData(tx, frameworkId);
    await recordAudit(tx, ctx, {
      action: 'framework.scoreRules',
      entityType: 'framework',
      entityId: frameworkId,
      before: { rules: before!.rules, supportingShare: before!.supportingShare },
      after: { rules: input.rules, supportingShare: share },
    });
  });
  return getScoreRules(db, frameworkId);
}
