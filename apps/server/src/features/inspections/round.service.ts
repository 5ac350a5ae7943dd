import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { drawSample } from '@chuangwen/domain/inspections/inspection.sampling';
import type {
  AllotInput,
  Assignment,
  AssignmentDetail,
  Round,
  RoundDetail,
  RoundInput,
  Team,
  TeamInput,
  roundUpdateInput,
} from '@chuangwen/domain/inspections/inspection.schemas';
import type { SiteType } from '@chuangwen/domain/framework/framework.schemas';
import type { Db, Executor } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { canOnPath } from '../../platform/auth/policy';
import { AppError, conflict, notFound } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { frameworks } from '../framework/framework.tables';
import { units } from '../../platform/identity/unit.tables';
import { users } from '../../platform/identity/user.tables';
import { cases } from '../cases/case.tables';
import { sites } from '../sites/site.tables';
import { siteQuery, toSite } from '../sites/site.service';
import { ensureChecklist, listChecklist } from './checklist.service';
import { checklistItems, inspectionAssignments, inspectionChecks, inspectionRounds, inspectionTeams } from './inspection.tables';

type Ctx = RequestContext & { actor: Actor };
type RoundRow = typeof inspectionRounds.$inferSelect;

const counts = (roundIds: number[]) => ({
  assigned: sql<number>`count(${inspectionAssignments.id})::int`,
  visited: sql<number>`count(${inspectionAssignments.id}) filter (where ${inspectionAssignments.status} = 'visited')::int`,
  roundIds,
});

function toRound(r: RoundRow, frameworkName: string, assigned: number, visited: number): Round {
  return {
    id: r.id,
    name: r.name,
    frameworkId: r.frameworkId,
    frameworkName,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    kind: r.kind,
    isAnnounced: r.isAnnounced,
    siteTypes: r.siteTypes as SiteType[],
    sampleSize: r.sampleSize,
    status: r.status,
    seed: r.seed,
    assignedCount: assigned,
    visitedCount: visited,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listRounds(db: Db): Promise<Round[]> {
  const rows = await db
    .select({ round: inspectionRounds, frameworkName: frameworks.name })
    .from(inspectionRounds)
    .innerJoin(frameworks, eq(frameworks.id, inspectionRounds.frameworkId))
    .orderBy(desc(inspectionRounds.periodEnd), desc(inspectionRounds.id));
  const c = counts([]);
  const tallies = await db
    .select({ roundId: inspectionAssignments.roundId, assigned: c.assigned, visited: c.visited })
    .from(inspectionAssignments)
    .groupBy(inspectionAssignments.roundId);
  const by = new Map(tallies.map((t) => [t.roundId, t]));
  return rows.map((r) => toRound(r.round, r.frameworkName, by.get(r.round.id)?.assigned ?? 0, by.get(r.round.id)?.visited ?? 0));
}

export async function getRoundRow(exec: Executor, id: number): Promise<RoundRow> {
  const [row] = await exec.select().from(inspectionRounds).where(eq(inspectionRounds.id, id));
  if (!row) throw notFound();
  return row;
}

export async function listTeams(exec: Executor, roundIds: number[]): Promise<Team[]> {
  if (!roundIds.length) return [];
  const teams = await exec.select().from(inspectionTeams).where(inArray(inspectionTeams.roundId, roundIds)).orderBy(asc(inspectionTeams.id));
  const userIds = [...new Set(teams.flatMap((t) => [t.leaderUserId, ...t.memberUserIds]))];
  const unitIds = [...new Set(teams.flatMap((t) => t.unitIds))];
  const [userRows, unitRows, tallies] = await Promise.all([
    userIds.length ? exec.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds)) : [],
    unitIds.length ? exec.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds)) : [],
    exec
      .select({ teamId: inspectionAssignments.teamId, assigned: counts([]).assigned, visited: counts([]).visited })
      .from(inspectionAssignments)
      .where(inArray(inspectionAssignments.roundId, roundIds))
      .groupBy(inspectionAssignments.teamId),
  ]);
  const userName = new Map(userRows.map((u) => [u.id, u.name]));
  const unitName = new Map(unitRows.map((u) => [u.id, u.name]));
  const tally = new Map(tallies.map((t) => [t.teamId, t]));
  return teams.map((t) => ({
    id: t.id,
    roundId: t.roundId,
    name: t.name,
    leader: { id: t.leaderUserId, name: userName.get(t.leaderUserId) ?? '' },
    members: t.memberUserIds.map((id) => ({ id, name: userName.get(id) ?? '' })),
    units: t.unitIds.map((id) => ({ id, name: unitName.get(id) ?? '' })),
    assignedCount: tally.get(t.id)?.assigned ?? 0,
    visitedCount: tally.get(t.id)?.visited ?? 0,
  }));
}

export async function getRoundDetail(db: Db, id: number): Promise<RoundDetail> {
  const round = await getRoundRow(db, id);
  const [[fw], teams] = await Promise.all([
    db.select({ name: frameworks.name }).from(frameworks).where(eq(frameworks.id, round.frameworkId)),
    listTeams(db, [id]),
  ]);
  const assigned = teams.reduce((n, t) => n + t.assignedCount, 0);
  const visited = teams.reduce((n, t) => n + t.visitedCount, 0);
  return { ...toRound(round, fw?.name ?? '', assigned, visited), teams };
}

export async function createRound(db: Db, ctx: Ctx, input: RoundInput): Promise<RoundDetail> {
  const id = await db.transaction(async (tx) => {
    const [fw] = await tx.select().from(frameworks).where(eq(frameworks.id, input.frameworkId));
    if (!fw) throw new AppError(400, 'validation_failed', 'validation_failed', {}, [{ path: 'frameworkId', message: String(input.frameworkId) }]);
    if (fw.status !== 'published') throw new AppError(409, 'conflict', 'framework_not_published');
    await ensureChecklist(tx, fw.id);
    const [row] = await tx
      .insert(inspectionRounds)
      .values({ ...input, createdBy: ctx.actor.userId })
      .returning();
    await recordAudit(tx, ctx, { action: 'inspection.round.create', entityType: 'inspectionRound', entityId: row!.id, after: row });
    return row!.id;
  });
  return getRoundDetail(db, id);
}

export async function updateRound(db: Db, ctx: Ctx, id: number, input: z.infer<typeof roundUpdateInput>): Promise<RoundDetail> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(inspectionRounds).where(eq(inspectionRounds.id, id)).for('update');
    if (!before) throw notFound();
    if (before.version !== input.version) throw conflict();
    const { version: _v, ...changes } = input;
    const start = changes.periodStart ?? before.periodStart,
      end = changes.periodEnd ?? before.periodEnd;
    if (end < start) throw new AppError(400, 'validation_failed', 'validation_failed', {}, [{ path: 'periodEnd', message: 'inspection_period_end' }]);
    const [after] = await tx
      .update(inspectionRounds)
      .set({ ...changes, version: before.version + 1 })
      .where(eq(inspectionRounds.id, id))
      .returning();
    await recordAudit(tx, ctx, { action: 'inspection.round.update', entityType: 'inspectionRound', entityId: id, before, after });
  });
  return getRoundDetail(db, id);
}

/** Leader and members must be active users; bound units must be towns/subdistricts in the planner's scope. */
async function checkTeam(exec: Executor, actor: Actor, input: TeamInput) {
  const userIds = [...new Set([input.leaderUserId, ...input.memberUserIds])];
  const found = await exec
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, userIds), eq(users.isActive, true)));
  const have = new Set(found.map((u) => u.id));
  const badUser = userIds.find((u) => !have.has(u));
  if (badUser !== undefined)
    throw new AppError(400, 'validation_failed', 'inspection_team_user', {}, [
      { path: badUser === input.leaderUserId ? 'leaderUserId' : 'memberUserIds', message: 'inspection_team_user' },
    ]);
  const unitRows = await exec.select({ id: units.id, kind: units.kind, path: units.path }).from(units).where(inArray(units.id, input.unitIds));
  const byId = new Map(unitRows.map((u) => [u.id, u]));
  const bad = input.unitIds.findIndex((u) => {
    const unit = byId.get(u);
    return !unit || (unit.kind !== 'town' && unit.kind !== 'subdistrict') || !canOnPath(actor, 'inspection.plan', unit.path);
  });
  if (bad >= 0) throw new AppError(400, 'validation_failed', 'inspection_team_unit', {}, [{ path: `unitIds.${bad}`, message: 'inspection_team_unit' }]);
}

export async function addTeam(db: Db, ctx: Ctx, roundId: number, input: TeamInput): Promise<Team> {
  const id = await db.transaction(async (tx) => {
    await getRoundRow(tx, roundId);
    await checkTeam(tx, ctx.actor, input);
    const members = [...new Set(input.memberUserIds)].filter((u) => u !== input.leaderUserId);
    const [row] = await tx
      .insert(inspectionTeams)
      .values({ roundId, name: input.name, leaderUserId: input.leaderUserId, memberUserIds: members, unitIds: [...new Set(input.unitIds)] })
      .returning();
    await recordAudit(tx, ctx, { action: 'inspection.team.create', entityType: 'inspectionTeam', entityId: row!.id, after: row });
    return row!.id;
  });
  return (await listTeams(db, [roundId])).find((t) => t.id === id)!;
}

export async function updateTeam(db: Db, ctx: Ctx, teamId: number, input: TeamInput): Promise<Team> {
  const roundId = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(inspectionTeams).where(eq(inspectionTeams.id, teamId)).for('update');
    if (!before) throw notFound();
    await checkTeam(tx, ctx.actor, input);
    const members = [...new Set(input.memberUserIds)].filter((u) => u !== input.leaderUserId);
    const [after] = await tx
      .update(inspectionTeams)
      .set({ name: input.name, leaderUserId: input.leaderUserId, memberUserIds: members, unitIds: [...new Set(input.unitIds)] })
      .where(eq(inspectionTeams.id, teamId))
      .returning();
    await recordAudit(tx, ctx, { action: 'inspection.team.update', entityType: 'inspectionTeam', entityId: teamId, before, after });
    return before.roundId;
  });
  return (await listTeams(db, [roundId])).find((t) => t.id === teamId)!;
}

export async function deleteTeam(db: Db, ctx: Ctx, teamId: number) {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(inspectionTeams).where(eq(inspectionTeams.id, teamId)).for('update');
    if (!before) throw notFound();
    const [visited] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(inspectionAssignments)
      .where(and(eq(inspectionAssignments.teamId, teamId), eq(inspectionAssignments.status, 'visited')));
    if ((visited?.n ?? 0) > 0) throw new AppError(409, 'conflict', 'inspection_team_has_results');
    await tx.delete(inspectionTeams).where(eq(inspectionTeams.id, teamId));
    await recordAudit(tx, ctx, { action: 'inspection.team.delete', entityType: 'inspectionTeam', entityId: teamId, before });
  });
}

/**
 * Allots sites to the round's teams. 'sample': the seeded draw of drawSample (same seed → same
 * sites), replacing every pending allotment; visited sites stay with their team. 'manual': the
 * listed (site, team) pairs are added or moved (pending ones only). A site must lie in one of the
 * team's towns either way.
 */
export async function allotSites(db: Db, ctx: Ctx, roundId: number, input: AllotInput) {
  return db.transaction(async (tx) => {
    const [round] = await tx.select().from(inspectionRounds).where(eq(inspectionRounds.id, roundId)).for('update');
    if (!round) throw notFound();
    if (round.status === 'finished') throw new AppError(409, 'conflict', 'inspection_round_finished');
    const teams = await tx.select().from(inspectionTeams).where(eq(inspectionTeams.roundId, roundId));
    if (!teams.length) throw new AppError(409, 'conflict', 'inspection_no_teams');
    const current = await tx.select().from(inspectionAssignments).where(eq(inspectionAssignments.roundId, roundId));
    const visited = new Set(current.filter((a) => a.status === 'visited').map((a) => a.siteId));
    let pairs: { siteId: number; teamId: number }[];
    if (input.mode === 'sample') {
      const candidates = await tx
        .select({ id: sites.id, siteType: sites.type, townId: sites.townId })
        .from(sites)
        .where(and(eq(sites.isActive, true), inArray(sites.type, round.siteTypes as SiteType[])));
      pairs = drawSample(
        candidates,
        round.siteTypes as SiteType[],
        round.sampleSize,
        teams.map((t) => ({ id: t.id, townIds: t.unitIds })),
        input.seed,
      );
      await tx.delete(inspectionAssignments).where(and(eq(inspectionAssignments.roundId, roundId), eq(inspectionAssignments.status, 'pending')));
    } else {
      const teamById = new Map(teams.map((t) => [t.id, t]));
      const siteRows = await tx
        .select({ id: sites.id, townId: sites.townId, isActive: sites.isActive })
        .from(sites)
        .where(
          inArray(
            sites.id,
            input.items.map((i) => i.siteId),
          ),
        );
      const siteById = new Map(siteRows.map((s) => [s.id, s]));
      input.items.forEach((item, i) => {
        const team = teamById.get(item.teamId);
        const site = siteById.get(item.siteId);
        if (!team) throw new AppError(400, 'validation_failed', 'validation_failed', {}, [{ path: `items.${i}.teamId`, message: String(item.teamId) }]);
        if (!site || !site.isActive || site.townId === null || !team.unitIds.includes(site.townId)) {
          throw new AppError(400, 'validation_failed', 'inspection_site_outside_team', {}, [
            { path: `items.${i}.siteId`, message: 'inspection_site_outside_team' },
          ]);
        }
      });
      pairs = input.items;
      const pending = pairs.map((p) => p.siteId).filter((s) => !visited.has(s));
      if (pending.length) {
        await tx
          .delete(inspectionAssignments)
          .where(and(eq(inspectionAssignments.roundId, roundId), eq(inspectionAssignments.status, 'pending'), inArray(inspectionAssignments.siteId, pending)));
      }
    }
    const rows = pairs.filter((p) => !visited.has(p.siteId)).map((p) => ({ roundId, siteId: p.siteId, teamId: p.teamId }));
    for (let i = 0; i < rows.length; i += 500) await tx.insert(inspectionAssignments).values(rows.slice(i, i + 500));
    const seed = input.mode === 'sample' ? input.seed : round.seed;
    await tx
      .update(inspectionRounds)
      .set({ seed, version: round.version + 1 })
      .where(eq(inspectionRounds.id, roundId));
    await recordAudit(tx, ctx, {
      action: 'inspection.round.allot',
      entityType: 'inspectionRound',
      entityId: roundId,
      after: { mode: input.mode, seed, allotted: rows.length },
    });
    return { allotted: rows.length, kept: visited.size };
  });
}

const failCounts = {
  failCount: sql<number>`(select count(*)::int from ${inspectionChecks} where ${inspectionChecks.assignmentId} = ${inspectionAssignments.id} and ${inspectionChecks.result} = 'fail')`,
  severeFailCount: sql<number>`(select count(*)::int from ${inspectionChecks} where ${inspectionChecks.assignmentId} = ${inspectionAssignments.id} and ${inspectionChecks.result} = 'severeFail')`,
};

/** Assignments matching `where` (joined to team and site), with their site and failure counts. */
export async function assignmentsWhere(exec: Executor, where: ReturnType<typeof and>): Promise<Assignment[]> {
  const rows = await exec
    .select({ a: inspectionAssignments, teamName: inspectionTeams.name, ...failCounts })
    .from(inspectionAssignments)
    .innerJoin(inspectionTeams, eq(inspectionTeams.id, inspectionAssignments.teamId))
    .innerJoin(sites, eq(sites.id, inspectionAssignments.siteId))
    .where(where)
    .orderBy(asc(inspectionAssignments.teamId), asc(sites.type), asc(sites.id));
  const siteRows = rows.length
    ? await siteQuery(exec).where(
        inArray(
          sites.id,
          rows.map((r) => r.a.siteId),
        ),
      )
    : [];
  const siteById = new Map(siteRows.map((s) => [s.site.id, toSite(s)]));
  return rows.map((r) => ({
    id: r.a.id,
    roundId: r.a.roundId,
    teamId: r.a.teamId,
    teamName: r.teamName,
    site: siteById.get(r.a.siteId)!,
    status: r.a.status,
    visitedAt: r.a.visitedAt?.toISOString() ?? null,
    failCount: r.failCount,
    severeFailCount: r.severeFailCount,
  }));
}

export function listAssignments(db: Db, roundId: number, teamId?: number) {
  return assignmentsWhere(db, and(eq(inspectionAssignments.roundId, roundId), teamId ? eq(inspectionAssignments.teamId, teamId) : undefined));
}

/** The checks recorded at assignments, with case numbers and proposed units. */
export async function checksOf(exec: Executor, assignmentIds: number[]) {
  if (!assignmentIds.length) return new Map<number, AssignmentDetail['checks']>();
  const rows = await exec
    .select({ c: inspectionChecks, wording: checklistItems.wording, caseNumber: cases.number, unitName: units.name })
    .from(inspectionChecks)
    .innerJoin(checklistItems, eq(checklistItems.id, inspectionChecks.checklistItemId))
    .leftJoin(cases, eq(cases.id, inspectionChecks.caseId))
    .leftJoin(units, eq(units.id, inspectionChecks.proposedUnitId))
    .where(inArray(inspectionChecks.assignmentId, assignmentIds))
    .orderBy(asc(checklistItems.sortOrder), asc(inspectionChecks.id));
  const out = new Map<number, AssignmentDetail['checks']>();
  for (const r of rows) {
    const list = out.get(r.c.assignmentId) ?? [];
    list.push({
      checklistItemId: r.c.checklistItemId,
      criterionCode: r.c.criterionCode,
      wording: r.wording,
      result: r.c.result,
      note: r.c.note,
      photoIds: r.c.photoIds,
      caseId: r.c.caseId,
      caseNumber: r.caseNumber,
      checkedAt: r.c.checkedAt.toISOString(),
      proposedUnit: r.c.proposedUnitId ? { id: r.c.proposedUnitId, name: r.unitName ?? '' } : null,
    });
    out.set(r.c.assignmentId, list);
  }
  return out;
}

export async function assignmentDetail(exec: Executor, where: ReturnType<typeof and>): Promise<AssignmentDetail> {
  const [a] = await assignmentsWhere(exec, where);
  if (!a) throw notFound();
  const round = await getRoundRow(exec, a.roundId);
  const [checklist, checks] = await Promise.all([
    listChecklist(exec, round.frameworkId, { siteTypes: [a.site.type], activeOnly: true }),
    checksOf(exec, [a.id]),
  ]);
  return { ...a, checklist, checks: checks.get(a.id) ?? [] };
}
