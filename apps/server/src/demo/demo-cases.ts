import { randomBytes } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import type { CaseAction } from '@chuangwen/domain/cases/case.workflow';
import { CASE_SOURCES, type CaseCreateInput, type CaseSource } from '@chuangwen/domain/cases/case.schemas';
import { allowedCaseSources } from '@chuangwen/domain/auth/permissions';
import { mulberry32 } from '@chuangwen/domain/inspections/inspection.sampling';
import type { Db } from '../platform/db/db';
import type { Actor, RequestContext } from '../platform/auth/actor';
import { loadActorByUserId } from '../platform/auth/session';
import { hashPassword } from '../platform/auth/passwords';
import { units } from '../platform/identity/unit.tables';
import { userGrants, users } from '../platform/identity/user.tables';
import { storeUpload } from '../features/files/file.service';
import type { BlobStore } from '../platform/storage/storage';
import { demoPhoto } from './demo-photos';
import { caseCategories } from '../features/cases/case.tables';
import { createCase } from '../features/cases/case.create';
import { applyCaseAction, type ActionBody } from '../features/cases/case.funnel';
import { invalidateReference } from '../features/units/unit.tree';
import { markOverdueCases } from '../features/cases/case.overdue';
import { submitReport } from '../features/citizens/citizen.service';
import { serviceCode } from '@chuangwen/domain/citizens/citizen.schemas';

// ~60 demo cases in varied states, produced by running real actions through the funnel with
// back-dated clocks, so lists, inboxes, timelines and metrics have content. Deterministic for a
// given start day: a seeded generator picks places, categories and outcomes. Citizen-source cases
// are submitted as citizens submit them (citizen.service submitReport: tracking code, channel,
// contact), so the moderation queue, the citizens' lookup and Open311 see them.

const COUNTY = '339901';
const dept = (n: number) => `${COUNTY}-D${String(n).padStart(2, '0')}`;

/** The demo county's 条: which department answers by default for a category (an office's configuration). */
const CATEGORY_DEPARTMENTS: { nature: 'facility' | 'incident'; category: string; sub?: string; department: string }[] = [
  { nature: 'facility', category: '01', department: dept(2) },
  { nature: 'facility', category: '02', department: dept(6) },
  { nature: 'facility', category: '02', sub: '09', department: dept(5) },
  { nature: 'facility', category: '02', sub: '10', department: dept(5) },
  { nature: 'facility', category: '02', sub: '14', department: dept(5) },
  { nature: 'facility', category: '03', department: dept(3) },
  { nature: 'facility', category: '04', department: dept(2) },
  { nature: 'facility', category: '05', department: dept(12) },
  { nature: 'facility', category: '06', department: dept(2) },
  { nature: 'facility', category: '06', sub: '03', department: dept(13) },
  { nature: 'facility', category: '06', sub: '04', department: dept(13) },
  { nature: 'incident', category: '01', department: dept(3) },
  { nature: 'incident', category: '01', sub: '05', department: dept(13) },
  { nature: 'incident', category: '02', department: dept(3) },
  { nature: 'incident', category: '03', department: dept(2) },
  { nature: 'incident', category: '04', department: dept(2) },
  { nature: 'incident', category: '05', department: dept(3) },
  { nature: 'incident', category: '05', sub: '05', department: dept(5) },
  { nature: 'incident', category: '05', sub: '12', department: dept(10) },
  { nature: 'incident', category: '21', department: dept(3) },
  { nature: 'incident', category: '21', sub: '01', department: dept(5) },
  { nature: 'incident', category: '21', sub: '02', department: dept(4) },
  { nature: 'incident', category: '21', sub: '07', department: dept(2) },
  { nature: 'incident', category: '21', sub: '09', department: dept(2) },
  { nature: 'incident', category: '21', sub: '10', department: dept(13) },
];

const PROBLEMS: { nature: 'facility' | 'incident'; category: string; sub: string; text: string }[] = [
  { nature: 'incident', category: '01', sub: '02', text: '路边垃圾堆积未及时清运' },
  { nature: 'incident', category: '01', sub: '04', text: '人行道有油污和散落垃圾' },
  { nature: 'incident', category: '02', sub: '01', text: '电线杆上张贴大量小广告' },
  { nature: 'incident', category: '05', sub: '04', text: '商户店外摆放货架占用人行道' },
  { nature: 'incident', category: '05', sub: '05', text: '机动车占用盲道停放' },
  { nature: 'incident', category: '05', sub: '06', text: '共享单车乱停乱放堵塞通道' },
  { nature: 'incident', category: '21', sub: '06', text: '早市摊贩占道经营' },
  { nature: 'incident', category: '21', sub: '08', text: '小区背街巷道卫生死角' },
  { nature: 'incident', category: '21', sub: '10', text: '河道漂浮垃圾未打捞' },
  { nature: 'facility', category: '01', sub: '18', text: '路灯不亮' },
  { nature: 'facility', category: '01', sub: '02', text: '污水井盖破损' },
  { nature: 'facility', category: '03', sub: '05', text: '垃圾箱破损缺盖' },
];

const TOWN_CODES = [1, 2, 3, 4, 5, 6].map((n) => `${COUNTY}${String(n).padStart(3, '0')}`);
const HANDLER_UNITS = [...TOWN_CODES.slice(1), dept(2), dept(5), dept(13)];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Scenario = 'closedOnTime' | 'closedLate' | 'rework' | 'awaitingVerification' | 'rectifying' | 'overdue' | 'returned' | 'parked' | 'extension' | 'early';
const PATTERN: Scenario[] = [
  'closedOnTime',
  'closedOnTime',
  'closedOnTime',
  'closedLate',
  'rework',
  'awaitingVerification',
  'rectifying',
  'overdue',
  'returned',
  'parked',
  'extension',
  'early',
];

export async function seedDemoCases(db: Db, opts: { store: BlobStore; count?: number; now?: Date }): Promise<number> {
  const count = opts.count ?? 60;
  const realNow = opts.now ?? new Date();
  const random = mulberry32(2026);

  // Default departments per category (the demo county's configuration).
  for (const m of CATEGORY_DEPARTMENTS) {
    await db
      .update(caseCategories)
      .set({ defaultDepartmentCode: m.department })
      .where(
        sql`${caseCategories.nature} = ${m.nature} and ${caseCategories.categoryCode} = ${m.category}${m.sub ? sql` and ${caseCategories.subcategoryCode} = ${m.sub}` : sql``}`,
      );
  }
  invalidateReference(db);

  const unitRows = await db.select({ id: units.id, code: units.code, path: units.path, name: units.name, shortName: units.shortName }).from(units);
  const unitByCode = new Map(unitRows.map((u) => [u.code, u]));

  // One handler account per town and per busy department, with an unusable random password:
  // they are the people in the demo history, not sign-in accounts (the six demo accounts are).
  const unusable = await hashPassword(randomBytes(24).toString('base64url'));
  for (const code of HANDLER_UNITS) {
    const unit = unitByCode.get(code)!;
    const [u] = await db
      .insert(users)
      .values({ username: `demo-h-${code.toLowerCase()}`, name: `${unit.shortName ?? unit.name}经办人`, unitId: unit.id, passwordHash: unusable })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (u) await db.insert(userGrants).values({ userId: u.id, roleCode: 'unitHandler', unitId: unit.id });
  }
  const named = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['admin', 'inspector', 'grid', 'handler', 'manager', ...HANDLER_UNITS.map((c) => `demo-h-${c.toLowerCase()}`)]));
  const actors = new Map<string, Actor>();
  for (const u of named) actors.set(u.username, (await loadActorByUserId(db, u.id))!);
  const unitActor = new Map<number, Actor>();
  unitActor.set(unitByCode.get(dept(3))!.id, actors.get('handler')!);
  unitActor.set(unitByCode.get(TOWN_CODES[0]!)!.id, actors.get('manager')!);
  for (const code of HANDLER_UNITS) unitActor.set(unitByCode.get(code)!.id, actors.get(`demo-h-${code.toLowerCase()}`)!);
  const ctx = (actor: Actor): RequestContext & { actor: Actor } => ({ actor, ip: 'demo-seed', userAgent: null, locale: 'zh-CN' });
  const admin = actors.get('admin')!;
  const inspector = actors.get('inspector')!;

  const departmentFor = (p: (typeof PROBLEMS)[number]) => {
    const rules = CATEGORY_DEPARTMENTS.filter((m) => m.nature === p.nature && m.category === p.category && (!m.sub || m.sub === p.sub));
    return (rules.find((m) => m.sub) ?? rules[0])?.department ?? dept(3);
  };
  let photos = 0;
  const photo = async (actor: Actor, kind: 'before' | 'after' = 'after') => {
    const buffer = await demoPhoto(kind, photos++);
    const stored = await storeUpload({ db, store: opts.store }, ctx(actor), {
      buffer,
      filename: kind === 'before' ? '整改前.jpg' : '整改后.jpg',
      accept: ['photo'],
    });
    return stored.id;
  };

  /** A citizen's report of the same problem, through the citizens' own path (web channel). */
  const citizenReport = async (input: CaseCreateInput, i: number, when: Date, withPhoto: boolean) => {
    const photo = withPhoto ? [{ buffer: await demoPhoto('before', photos++), filename: '随手拍.jpg' }] : [];
    const submitted = await submitReport(
      { db, store: opts.store },
      { actor: null, ip: 'demo-seed', userAgent: null, locale: 'zh-CN' },
      {
        serviceCode: serviceCode(input.nature, input.categoryCode, input.subcategoryCode),
        lon: input.lon,
        lat: input.lat,
        description: input.description,
        address: input.address,
        name: `市民${String(i + 1).padStart(2, '0')}（演示）`,
        phone: null,
        email: null,
      },
      { channel: 'web', photos: photo, now: when },
    );
    return { id: submitted.caseId };
  };

  for (let i = 0; i < count; i++) {
    const ti = i % 6;
    const problem = PROBLEMS[Math.floor(random() * PROBLEMS.length)]!;
    const lon = 119.6 + (ti % 3) * 0.1 + (0.05 + random() * 0.9) * 0.1;
    const lat = 29.9 + Math.floor(ti / 3) * 0.1 + (0.05 + random() * 0.9) * 0.1;
    const daysAgo = 55 - Math.floor((i * 52) / count);
    // 09:00–16:00 Shanghai on that day.
    const day = new Date(Math.floor((realNow.getTime() + 8 * HOUR) / DAY) * DAY - 8 * HOUR - daysAgo * DAY);
    let at = new Date(day.getTime() + (9 + Math.floor(random() * 7)) * HOUR);
    // The source follows the reporter's role (auth/permissions.ts): the grid worker patrols its own
    // community (文昌社区, the south-west quarter of 城关), inspectors report what they find, the
    // office records the rest. The draws stay as they were, so the demo county stays the same.
    const patrol = ti === 0 && i % 3 === 0;
    const inGridCommunity = Math.round(lon * 1e6) / 1e6 < 119.65 && Math.round(lat * 1e6) / 1e6 < 29.95;
    const source: CaseSource = patrol ? (inGridCommunity ? 'gridPatrol' : 'inspection') : CASE_SOURCES[Math.floor(random() * CASE_SOURCES.length)]!;
    const byInspector = source === 'citizen' || allowedCaseSources(inspector.permissions).includes(source);
    const reporter = patrol && inGridCommunity ? actors.get('grid')! : byInspector ? inspector : admin;
    const citizen = source === 'citizen';
    const input: CaseCreateInput = {
      source,
      nature: problem.nature,
      categoryCode: problem.category,
      subcategoryCode: problem.sub,
      lon: Math.round(lon * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      address: `示范县${['城关', '东城', '西城', '青山', '白水', '临河'][ti]}${['人民路', '解放街', '建设路', '中山路'][i % 4]}${10 + i}号附近`,
      description: `${problem.text}（演示数据 ${i + 1}）`,
      severity: (['minor', 'normal', 'normal', 'serious'] as const)[i % 4]!,
      beforePhotoIds: i % 2 === 0 && !citizen ? [await photo(reporter, 'before')] : [],
    };
    const row = citizen ? await citizenReport(input, i, at, i % 2 === 0) : (await createCase(db, ctx(reporter), input, { now: at })).row;
    const scenario = PATTERN[i % PATTERN.length]!;
    const toTown = i % 2 === 0;
    const townId = unitByCode.get(TOWN_CODES[ti]!)!.id;
    const unitId = toTown ? townId : unitByCode.get(departmentFor(problem))!.id;
    let stopped = false;
    const act = async (actor: Actor, action: CaseAction, body: ActionBody, when: Date) => {
      if (stopped || when.getTime() > realNow.getTime() - 60_000) {
        stopped = true;
        return;
      }
      at = when;
      const saved = await applyCaseAction(db, ctx(actor), row.id, action, body, { now: when });
      deadline = saved.deadlineAt;
    };
    let deadline: Date | null = null;
    const later = (hours: number) => new Date(at.getTime() + hours * HOUR);

    if (scenario === 'early') {
      const variant = Math.floor(i / 12) % 4;
      if (variant === 1 || variant === 3) await act(admin, 'accept', {}, later(1));
      if (variant === 2) await act(admin, 'reject', { reason: '重复上报，已在其他问题中处理' }, later(1));
      if (variant === 3) {
        await act(admin, 'dispatch', { responsibleUnitId: unitId }, later(1));
        await act(admin, 'urge', { note: '请尽快处置，县创文办将复查' }, later(30));
      }
      continue;
    }
    await act(admin, 'accept', {}, later(1));
    await act(admin, 'dispatch', { responsibleUnitId: unitId }, later(1));
    const worker = unitActor.get(unitId) ?? actors.get('handler')!;
    if (scenario === 'overdue') continue;
    if (scenario === 'returned') {
      await act(worker, 'return', { reason: '不属于本单位职责，请改派' }, later(3));
      const other = unitId === townId ? unitByCode.get(departmentFor(problem))!.id : townId;
      await act(admin, 'reassign', { responsibleUnitId: other }, later(2));
      const w2 = unitActor.get(other) ?? worker;
      await act(w2, 'submitRectification', { afterPhotoIds: [await photo(w2)], note: '已整改' }, later(6));
      await act(inspector, 'verifyPass', {}, later(3));
      continue;
    }
    await act(worker, 'startRectification', {}, later(2));
    if (scenario === 'rectifying') continue;
    if (scenario === 'parked') {
      await act(admin, 'park', { plan: '需结合道路改造工程统一解决，列入年度计划', reviewAt: new Date(at.getTime() + 90 * DAY) }, later(4));
      continue;
    }
    if (scenario === 'extension') {
      await act(worker, 'requestExtension', { reason: '需协调产权单位，申请延期', extendByWorkingDays: 3 }, later(2));
      await act(admin, 'approveExtension', {}, later(2));
      continue;
    }
    const due = deadline ? (deadline as Date).getTime() : at.getTime() + DAY;
    const fixAt = scenario === 'closedLate' ? new Date(due + DAY) : new Date(at.getTime() + Math.max(HOUR, (due - at.getTime()) / 2));
    await act(worker, 'submitRectification', { afterPhotoIds: [await photo(worker)], note: '已按要求整改完毕' }, fixAt);
    if (scenario === 'awaitingVerification') continue;
    if (scenario === 'rework') {
      await act(inspector, 'verifyFail', { reason: '现场复查仍有残留，请返工' }, later(3));
      await act(worker, 'submitRectification', { afterPhotoIds: [await photo(worker)], note: '返工完成' }, later(5));
    }
    await act(inspector, 'verifyPass', {}, later(3));
  }
  await markOverdueCases(db, realNow);
  return count;
}
