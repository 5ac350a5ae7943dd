import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { SiteType } from '@chuangwen/domain/framework/framework.schemas';
import type { VisitOp } from '@chuangwen/domain/inspections/inspection.schemas';
import type { PolygonGeometry } from '@chuangwen/domain/units/unit.schemas';
import { mulberry32 } from '@chuangwen/domain/inspections/inspection.sampling';
import type { Db } from '../platform/db/db';
import type { Actor, RequestContext } from '../platform/auth/actor';
import type { BlobStore } from '../platform/storage/storage';
import { loadActorByUserId } from '../platform/auth/session';
import { hashPassword } from '../platform/auth/passwords';
import { recordAudit, systemContext } from '../platform/audit/audit.service';
import { units } from '../platform/identity/unit.tables';
import { userGrants, users } from '../platform/identity/user.tables';
import { frameworks } from '../features/framework/framework.tables';
import { storeUpload } from '../features/files/file.service';
import { loadReference } from '../features/cases/case.reference';
import { invalidateReference } from '../features/units/unit.tree';
import { applyCaseAction } from '../features/cases/case.funnel';
import { cases } from '../features/cases/case.tables';
import { sites } from '../features/sites/site.tables';
import { placeOf } from '../features/sites/site.service';
import { listChecklist } from '../features/inspections/checklist.service';
import { addTeam, allotSites, createRound, getRoundDetail, listAssignments, listTeams, updateRound } from '../features/inspections/round.service';
import { sync } from '../features/inspections/field.service';
import { applyNoticeAction, getNotice, issueNotices } from '../features/inspections/notice.service';
import { demoPhoto } from './demo-photos';

// The demo county's inspections, after the seed: 72 sites of 12 types (one per type in each of the
// 6 towns), 4 inspection teams each led by a deputy director and bound to towns (as in the seed),
// a finished round whose failures became cases, were handed over with notices (抄告单) and are
// mostly rectified, and a planned round whose team 1 includes the demo `inspector`.
// Deterministic for a given start day. `history: false` (the integration tests) seeds only sites.

const COUNTY = '339901';
const TOWNS = [1, 2, 3, 4, 5, 6].map((n) => `${COUNTY}${String(n).padStart(3, '0')}`);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEMO_SITE_TYPES: readonly SiteType[] = [
  'mainRoad',
  'backStreet',
  'commercialStreet',
  'farmersMarket',
  'publicToilet',
  'community',
  'school',
  'park',
  'busStop',
  'hospital',
  'mallSupermarket',
  'governmentServiceHall',
];
const STREETS = ['人民路', '解放街', '建设路', '中山路', '文化路', '新华街'];
const NAMES: Record<string, (town: string, i: number) => string> = {
  mainRoad: (_t, i) => `${STREETS[i]}（主干道）`,
  backStreet: (t, i) => `${t.slice(0, 2)}${['井', '柳', '槐', '石', '竹', '桂'][i]}巷`,
  commercialStreet: (t) => `${t.slice(0, 2)}商业步行街`,
  farmersMarket: (t) => `${t.slice(0, 2)}农贸市场`,
  publicToilet: (t, i) => `${STREETS[(i + 2) % 6]}公共厕所（${t.slice(0, 2)}）`,
  community: (_t, i) => ['文昌社区', '东湖社区', '西苑社区', '青山村', '白水村', '临河社区'][i]!,
  school: (t) => `${t.slice(0, 2)}中心小学`,
  park: (t) => `${t.slice(0, 2)}公园`,
  busStop: (_t, i) => `${STREETS[i]}公交站`,
  hospital: (t) => `${t.slice(0, 2)}卫生院`,
  mallSupermarket: (t) => `${t.slice(0, 2)}万家福超市`,
  governmentServiceHall: (t) => `${t}便民服务中心`,
};

const LEADERS = [
  { username: 'demo-i-1', name: '赵卫国（副局长）' },
  { username: 'demo-i-2', name: '钱海峰（副局长）' },
  { username: 'demo-i-3', name: '孙建平（副局长）' },
  { username: 'demo-i-4', name: '李文斌（副局长）' },
];
/** Team → the towns it is bound to (indices into TOWNS). */
const TEAM_TOWNS = [[0, 1], [2], [3, 4], [5]];
const NOTES = ['路面有垃圾未及时清理', '公益广告破损', '占道经营', '设施损坏未修复', '宣传栏内容过期', '机动车乱停放'];

const dayOf = (at: Date) => new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 10);

export async function seedDemoInspections(db: Db, opts: { store: BlobStore; history?: boolean; now?: Date }) {
  const realNow = opts.now ?? new Date();
  const random = mulberry32(505);
  invalidateReference(db);
  const ref = await loadReference(db);
  const townRows = await db
    .select({ id: units.id, code: units.code, name: units.name, path: units.path, geometry: units.geometry })
    .from(units)
    .where(inArray(units.code, TOWNS));
  const town = TOWNS.map((code) => townRows.find((u) => u.code === code)!);
  const rootPath = `/${town[0]!.path.split('/')[1]}/`;

  // Sites: one per type in each town, inside the town's polygon (its lower-left box keeps it off the borders).
  const siteValues = town.flatMap((t, ti) =>
    DEMO_SITE_TYPES.map((type, k) => {
      const [w, s] = (t.geometry as PolygonGeometry).coordinates[0]![0]! as number[];
      const lon = Math.round((w! + 0.004 + ((k % 4) + random() * 0.8) * 0.023) * 1e6) / 1e6;
      const lat = Math.round((s! + 0.004 + (Math.floor(k / 4) + random() * 0.8) * 0.03) * 1e6) / 1e6;
      const name = NAMES[type]!(t.name, ti);
      return {
        code: `S${ti + 1}${String(k + 1).padStart(2, '0')}`,
        type,
        name,
        lon,
        lat,
        address: `示范县${t.name}${STREETS[(k + ti) % 6]}${10 + k * 3}号`,
        personInCharge: ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊'][(k + ti) % 6]!,
        phone: `1390000${String(ti * 12 + k).padStart(4, '0')}`,
        ...placeOf(ref, rootPath, lon, lat),
      };
    }),
  );
  await db.insert(sites).values(siteValues);
  await recordAudit(db, systemContext, {
    action: 'system.seedDemoSites',
    entityType: 'site',
    after: { sites: siteValues.length, types: DEMO_SITE_TYPES.length },
  });
  if (opts.history === false) return { sites: siteValues.length, rounds: 0 };

  // People: four deputy directors lead the teams; a unit manager per town answers notices and cases.
  // Unusable random passwords: they are the people of the demo history, not sign-in accounts.
  const unusable = await hashPassword(randomBytes(24).toString('base64url'));
  const [office] = await db
    .select({ id: units.id })
    .from(units)
    .where(eq(units.code, `${COUNTY}-WMB`));
  for (const l of LEADERS) {
    const [u] = await db
      .insert(users)
      .values({ username: l.username, name: l.name, unitId: office!.id, passwordHash: unusable })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (u) await db.insert(userGrants).values({ userId: u.id, roleCode: 'inspector', unitId: ref.unitsByCode.get(COUNTY)!.id });
  }
  for (const [i, t] of town.entries()) {
    if (i === 0) continue; // 城关街道 has the demo `manager`
    const [u] = await db
      .insert(users)
      .values({ username: `demo-m-${t.code}`, name: `${t.name}创建办负责人`, unitId: t.id, passwordHash: unusable })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (u) await db.insert(userGrants).values({ userId: u.id, roleCode: 'unitManager', unitId: t.id });
  }
  const people = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['admin', 'inspector', 'manager', ...LEADERS.map((l) => l.username), ...town.slice(1).map((t) => `demo-m-${t.code}`)]));
  const actor = new Map<string, Actor>();
  for (const p of people) actor.set(p.username, (await loadActorByUserId(db, p.id))!);
  const ctx = (a: Actor): RequestContext & { actor: Actor } => ({ actor: a, ip: 'demo-seed', userAgent: null, locale: 'zh-CN' });
  const admin = ctx(actor.get('admin')!);
  const managerOf = (townIndex: number) => actor.get(townIndex === 0 ? 'manager' : `demo-m-${town[townIndex]!.code}`)!;
  const [fw] = await db
    .select({ id: frameworks.id })
    .from(frameworks)
    .where(and(eq(frameworks.code, 'demo-county'), eq(frameworks.status, 'published')));
  if (!fw) return { sites: siteValues.length, rounds: 0 };

  const formTeams = async (roundId: number) => {
    for (const [i, towns] of TEAM_TOWNS.entries()) {
      const leader = actor.get(LEADERS[i]!.username)!;
      await addTeam(db, admin, roundId, {
        name: `第${'一二三四'[i]}督查组`,
        leaderUserId: leader.userId,
        memberUserIds: i === 0 ? [actor.get('inspector')!.userId] : [],
        unitIds: towns.map((ti) => town[ti]!.id),
      });
    }
  };

  // ---- the finished round: 6 weeks ago --------------------------------------------------------------
  const start = new Date(realNow.getTime() - 45 * DAY);
  const first = await createRound(db, admin, {
    name: `${dayOf(start).slice(0, 4)}年第1次创文督查（暗访）`,
    frameworkId: fw.id,
    periodStart: dayOf(start),
    periodEnd: dayOf(new Date(start.getTime() + 6 * DAY)),
    kind: 'regular',
    isAnnounced: false,
    siteTypes: [...DEMO_SITE_TYPES],
    sampleSize: 4,
  });
  await formTeams(first.id);
  await allotSites(db, admin, first.id, { mode: 'sample', seed: `${first.name}` });
  const checklists = await listChecklist(db, fw.id, { siteTypes: [...DEMO_SITE_TYPES], activeOnly: true });
  const assignments = await listAssignments(db, first.id);
  const teams = await listTeams(db, [first.id]);
  let photoIndex = 0;
  // A few generated pictures, reused: drawing one per problem would dominate the seeding time.
  const pictures = new Map<string, Promise<Buffer>>();
  const photo = (kind: 'before' | 'after', i: number) => {
    const key = `${kind}${i % 4}`;
    if (!pictures.has(key)) pictures.set(key, demoPhoto(kind, i % 4));
    return pictures.get(key)!;
  };
  for (const [i, a] of assignments.entries()) {
    const team = teams.find((t) => t.id === a.teamId)!;
    const who = ctx(actor.get(i % 3 === 0 && team.members.length ? 'inspector' : LEADERS[teams.indexOf(team)]!.username)!);
    const at = new Date(start.getTime() + (i % 6) * DAY + (9 + (i % 7)) * HOUR);
    const items = checklists.filter((c) => c.siteType === a.site.type);
    if (!items.length) continue;
    const checks: VisitOp['checks'] = [];
    for (const item of items) {
      const roll = random();
      const result = roll < 0.025 ? ('severeFail' as const) : roll < 0.11 ? ('fail' as const) : ('pass' as const);
      const photoIds =
        result === 'pass'
          ? []
          : [
              (await storeUpload({ db, store: opts.store }, who, { buffer: await photo('before', photoIndex++), filename: '现场照片.jpg', accept: ['photo'] }))
                .id,
            ];
      checks.push({
        checklistItemId: item.id,
        result,
        note: result === 'pass' ? null : NOTES[Math.floor(random() * NOTES.length)]!,
        photoIds,
        caseKey: result === 'pass' ? null : randomUUID(),
      });
    }
    await sync(db, who, { ops: [{ key: randomUUID(), kind: 'visit', assignmentId: a.id, at: at.toISOString(), checks }] }, { now: at });
  }

  // Notices the day after the round, deadline ten days later; the cases are handed over with them.
  const noticeAt = new Date(start.getTime() + 7 * DAY + 10 * HOUR);
  const issued = await issueNotices(db, admin, first.id, { deadlineOn: dayOf(new Date(noticeAt.getTime() + 10 * DAY)), dispatch: true }, { now: noticeAt });
  // Most towns rectify: the unit submits with an after-photo, an inspector verifies on site.
  const verifier = ctx(actor.get('inspector')!);
  for (const [ni, notice] of issued.items.entries()) {
    const townIndex = town.findIndex((t) => t.id === notice.unit.id);
    const unit = ctx(managerOf(townIndex));
    const detail = await getNotice(db, admin.actor, notice.id);
    let at = new Date(noticeAt.getTime() + (2 + ni) * DAY);
    for (const [ci, c] of detail.cases.entries()) {
      if (ni === issued.items.length - 1 && ci % 2 === 1) continue; // the last town is behind
      const [row] = await db.select({ state: cases.state }).from(cases).where(eq(cases.id, c.id));
      if (row?.state !== 'dispatched') continue;
      at = new Date(at.getTime() + 2 * HOUR);
      const after = await storeUpload({ db, store: opts.store }, unit, {
        buffer: await photo('after', photoIndex++),
        filename: '整改后.jpg',
        accept: ['photo'],
      });
      await applyCaseAction(db, unit, c.id, 'submitRectification', { afterPhotoIds: [after.id], note: '已按抄告单要求整改到位' }, { now: at });
      await applyCaseAction(db, verifier, c.id, 'verifyPass', { note: '现场复查合格' }, { now: new Date(at.getTime() + DAY) });
    }
    if (ni < issued.items.length - 1) {
      const submitted = await applyNoticeAction(
        db,
        unit,
        notice.id,
        'submit',
        { note: '已逐项整改销号，整改前后照片见各问题。', version: notice.version },
        { now: new Date(at.getTime() + 2 * DAY) },
      );
      if (ni < issued.items.length - 2) {
        await applyNoticeAction(db, admin, notice.id, 'approve', { note: null, version: submitted.version }, { now: new Date(at.getTime() + 3 * DAY) });
      }
    }
  }
  const finished = await getRoundDetail(db, first.id);
  await updateRound(db, admin, first.id, { status: 'finished', version: finished.version });

  // ---- the planned round: starts today, team 1 (with the demo inspector) bound to 城关 and 东城 -------
  const second = await createRound(db, admin, {
    name: `${dayOf(realNow).slice(0, 4)}年第2次创文督查`,
    frameworkId: fw.id,
    periodStart: dayOf(realNow),
    periodEnd: dayOf(new Date(realNow.getTime() + 14 * DAY)),
    kind: 'mockEvaluation',
    isAnnounced: false,
    siteTypes: [...DEMO_SITE_TYPES],
    sampleSize: 3,
  });
  await formTeams(second.id);
  await allotSites(db, admin, second.id, { mode: 'sample', seed: second.name });
  return { sites: siteValues.length, rounds: 2 };
}
