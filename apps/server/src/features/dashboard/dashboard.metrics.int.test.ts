import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitKind } from '@chuangwen/domain/units/unit.kinds';
import { createTestApp, uploadPhoto, XSS, type Client, type TestApp } from '../../test/harness';
import { rowsOf } from '../../platform/db/db';
import type { Actor } from '../../platform/auth/actor';
import { loadActorByUserId } from '../../platform/auth/session';
import { unitMetrics } from '../cases/case.service';
import { OPEN_STATES } from '@chuangwen/domain/cases/case.workflow';
import { dashboardUnitMetrics } from './dashboard.metrics';
import { refreshDashboardRollups } from './dashboard.rollup';

// The rollup-backed unit metrics (KPIs, red and black lists) must answer exactly what counting the
// assignments live answers, for every period of whole days: ended or running, long or short, for a
// county-wide reader and for a unit's manager. History is written straight into the tables (ten
// weeks of assignments closed days after dispatch, late, reworked, returned, parked, open past
// their deadline, with deadlines still to come today and later); today's cases go through the API.

let t: TestApp;
let admin: Client;
let inspector: Client;
let handler: Client;
const DAY = 86_400_000;
const startOfShanghaiDay = (ms: number) => Math.floor((ms + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000;

async function actorOf(username: string): Promise<Actor> {
  const [u] = rowsOf<{ id: number }>(await t.database.db.execute(sql`select id from users where username = ${username}`));
  return (await loadActorByUserId(t.database.db, u!.id))!;
}

async function insertHistory() {
  const db = t.database.db;
  const units = rowsOf<{ id: number; path: string }>(
    await db.execute(sql`select id, path from units
    where code in ('339901001', '339901002', '339901001001', '339901-D03', '339901-D05') order by id`),
  );
  expect(units.length).toBeGreaterThanOrEqual(4);
  // 420 assignments, one every 4 h 17 min back from now (≈ 75 days); every stamp is in the past
  // (as actions stamp them), deadlines may lie ahead — some later today, some after today.
  await db.execute(sql`insert into cases (number, source, nature, category_code, subcategory_code, lon, lat, address, description, severity, state,
      responsible_unit_id, responsible_unit_path, area_unit_id, area_unit_path, submitted_at, accepted_at, dispatched_at, deadline_at, rectified_at, closed_at,
      is_overdue, rework_count)
    select 'H-' || g, 'inspection', 'incident', '0' || (1 + g % 3), '01', 119.625, 29.91, ${XSS}, ${XSS}, 'normal',
      case when closed is not null then 'closed' when g % 6 = 3 then 'parked' when fixed is not null then 'awaitingVerification' else 'rectifying' end,
      u.id, u.path, u.id, u.path, d - interval '1 hour', d - interval '30 minutes', d, deadline, fixed, closed,
      closed is null and deadline < now(), (g % 6 = 1)::int
    from (select g, d, deadline,
            case when g % 6 in (0, 1, 5) and d + fix_after <= now() then d + fix_after end as fixed,
            case when g % 6 in (0, 1) and d + fix_after + close_after <= now() then d + fix_after + close_after end as closed,
            (${sql.raw(`array[${units.map((u) => u.id).join(', ')}]`)})[1 + g % ${units.length}] as uid
          from (select g, now() - g * interval '257 minutes' as d, now() - g * interval '257 minutes' + ((g % 9) * 10 + 5) * interval '1 hour' as deadline,
                  ((g % 5) * 7 + 1) * interval '1 hour' as fix_after, ((g % 4) * 9) * interval '1 hour' as close_after
                from generate_series(1, 420) g) s) x
    join units u on u.id = x.uid`);
  await db.execute(sql`insert into case_assignments (case_id, unit_id, unit_path, dispatched_at, deadline_at, rectified_at, closed_at, returned_at, is_parked, rework_count)
    select id, responsible_unit_id, responsible_unit_path, dispatched_at, deadline_at, rectified_at, closed_at,
      case when substring(number from 3)::int % 6 = 2 and dispatched_at + interval '3 hours' <= now() then dispatched_at + interval '3 hours' end,
      state = 'parked', rework_count
    from cases where number like 'H-%'`);
  // Deadlines falling between now and midnight: overdue as of tomorrow, not yet now.
  const tomorrow = new Date(startOfShanghaiDay(Date.now()) + DAY).toISOString();
  await db.execute(sql`with a as (update case_assignments set deadline_at = now() + (${tomorrow}::timestamptz - now()) * ((case_id % 7) + 1) / 8.0
      where closed_at is null and returned_at is null and case_id in (select id from cases where number like 'H-%' and substring(number from 3)::int <= 60)
      returning case_id, deadline_at)
    update cases c set deadline_at = a.deadline_at, is_overdue = false from a where c.id = a.case_id`);
}

/** Every period of whole days from these starts to these ends (days from today), as of `now`. */
function periods(now: Date) {
  const today = startOfShanghaiDay(now.getTime());
  const starts = [-80, -62, -31, -9, -3, -1, 0];
  const ends = [-40, -30, -5, -2, 0, 1, 2, 45];
  return starts.flatMap((f) => ends.filter((e) => e > f).map((e) => ({ from: new Date(today + f * DAY), to: new Date(today + e * DAY) })));
}

async function expectSameAsLive(actor: Actor, minRows: number, kinds: (UnitKind | undefined)[] = [undefined, 'town']) {
  const now = new Date();
  let compared = 0;
  for (const p of periods(now)) {
    for (const kind of kinds) {
      const q = { ...p, kind, top: 3 };
      const [rolled, live] = await Promise.all([dashboardUnitMetrics(t.database.db, actor, q, now), unitMetrics(t.database.db, actor, q, now)]);
      expect(rolled, `${p.from.toISOString()} – ${p.to.toISOString()} ${kind ?? ''}`).toEqual(live);
      compared += live.items.length;
    }
  }
  expect(compared).toBeGreaterThan(minRows); // not a comparison of empty lists
}

async function must(client: Client, c: { id: number; version: number }, action: string, body: Record<string, unknown> = {}) {
  const res = await client.post(`/api/cases/${c.id}/actions/${action}`, { version: c.version, ...body });
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json() as { id: number; version: number };
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimit: { max: 1000, windowMs: 60_000 } });
  [admin, inspector, handler] = await Promise.all([t.login('admin'), t.login('inspector'), t.login('handler')]);
  await insertHistory();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('unit metric rollup', () => {
  it('answers every period like the live count, ended or running, county-wide and for a unit’s manager', async () => {
    const built = await refreshDashboardRollups(t.database.db);
    expect(built).toBeGreaterThan(0);
    const [rows] = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from unit_metric_rollups where as_of_day > dispatch_day + 1`),
    );
    expect(rows!.n).toBeGreaterThan(0); // outcomes that changed after the dispatch day are rows of their own
    await expectSameAsLive(await actorOf('leader'), 100);
    await expectSameAsLive(await actorOf('manager'), 20, [undefined]);
  });

  it('folds in today’s work through the case funnel (rework, closure, return) on its next refresh', async () => {
    const [unit] = rowsOf<{ unitId: number }>(await t.database.db.execute(sql`select unit_id as "unitId" from users where username = 'handler'`));
    const report = async () => {
      const res = await inspector.post('/api/cases', {
        source: 'inspection',
        nature: 'incident',
        categoryCode: '01',
        subcategoryCode: '02',
        lon: 119.625,
        lat: 29.91,
        address: `人民路 ${XSS}`,
        description: `堆积 ${XSS}`,
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      const created = res.json() as { id: number; version: number };
      return must(admin, await must(admin, created, 'accept'), 'dispatch', { responsibleUnitId: unit!.unitId });
    };
    const reworked = await report();
    const fixed = await must(handler, reworked, 'submitRectification', { afterPhotoIds: [await uploadPhoto(handler)] });
    const again = await must(handler, await must(inspector, fixed, 'verifyFail', { reason: `仍有残留 ${XSS}` }), 'submitRectification', {
      afterPhotoIds: [await uploadPhoto(handler)],
    });
    await must(inspector, again, 'verifyPass');
    const closed = await report();
    await must(inspector, await must(handler, closed, 'submitRectification', { afterPhotoIds: [await uploadPhoto(handler)] }), 'verifyPass');
    await must(handler, await report(), 'return', { reason: `非本单位职责 ${XSS}` });
    await report(); // still open

    // Open cases now: the last refresh's counts plus the state changes recorded since, at once.
    const leader = await t.login('leader');
    const today = startOfShanghaiDay(Date.now());
    const q = `from=${encodeURIComponent(new Date(today).toISOString())}&to=${encodeURIComponent(new Date(today + DAY).toISOString())}`;
    const openLive = async () =>
      rowsOf<{ open: number; overdue: number }>(
        await t.database.db.execute(sql`select count(*)::int as open, count(*) filter (where is_overdue)::int as overdue
      from cases where state in (${sql.join(
        OPEN_STATES.map((s) => sql`${s}`),
        sql`, `,
      )})`),
      )[0]!;
    expect((await leader.get(`/api/dashboard/kpis?${q}`)).json()).toMatchObject(await openLive());

    expect(await refreshDashboardRollups(t.database.db)).toBeGreaterThan(0);
    expect((await leader.get(`/api/dashboard/kpis?${q}`)).json()).toMatchObject(await openLive());
    await expectSameAsLive(await actorOf('leader'), 100);
  });

  it('serves the KPIs and the red and black lists from it with the live numbers', async () => {
    await refreshDashboardRollups(t.database.db);
    const leader = await t.login('leader');
    const now = Date.now();
    const today = startOfShanghaiDay(now);
    for (const [f, e] of [
      [-29, 1],
      [-60, -30],
      [-6, 0],
    ] as const) {
      const from = new Date(today + f * DAY).toISOString();
      const to = new Date(today + e * DAY).toISOString();
      const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
      const [rankings, kpis, live] = await Promise.all([
        leader.get(`/api/rankings?${q}`),
        leader.get(`/api/dashboard/kpis?${q}`),
        admin.get(`/api/metrics/units?${q}`),
      ]);
      expect(rankings.statusCode).toBe(200);
      type Item = { unitId: number; due: number; closedOnTime: number; score: number | null; overdue: number; reworkRate: number | null };
      const liveItems = (live.json() as { items: Item[] }).items;
      const pick = (i: Item) => ({ unitId: i.unitId, due: i.due, closedOnTime: i.closedOnTime, score: i.score, overdue: i.overdue, reworkRate: i.reworkRate });
      expect((rankings.json() as { items: Item[] }).items.map(pick)).toEqual(liveItems.map(pick));
      const due = liveItems.reduce((s, i) => s + i.due, 0);
      expect(due).toBeGreaterThan(0);
      expect(kpis.json().onTimeClosureRate).toBe(liveItems.reduce((s, i) => s + i.closedOnTime, 0) / due);
    }
  });
});
