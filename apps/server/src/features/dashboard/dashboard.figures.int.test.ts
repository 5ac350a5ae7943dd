import JSZip from 'jszip';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_MIN_DUE } from '@chuangwen/domain/cases/case.metrics';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { rowsOf } from '../../platform/db/db';
import { refreshDashboardRollups } from './dashboard.rollup';

// Figures of issue #18: ties in the red and black lists, the county's rework rate, one rounding.
// A scenario with KNOWN numbers written straight into the tables, period 2025-10-01 … 2025-12-31
// (Shanghai), communities only:
//   A, B: 5 dispatched, 5 closed on time                        → 100.0, tied first
//   C:    5 dispatched, 3 closed on time, 2 still open past due  → lower
//   D:    1 dispatched, open past due (a small sample)           → lowest, but on neither list
//   E:    4 dispatched, 4 closed on time, 1 of them reworked     → between
// County rework: reworked 1 / reached verification (A 5 + B 5 + C 3 + E 4 = 17).

let t: TestApp;
let admin: Client;
let leader: Client;
const FROM = '2025-10-01T00:00:00+08:00';
const TO = '2026-01-01T00:00:00+08:00';
const period = `from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`;
type UnitRef = { id: number; path: string; name: string };
let units: UnitRef[];

async function insertCases(prefix: string, unit: UnitRef, n: number, o: { state: 'closed' | 'rectifying'; rework?: number }) {
  const db = t.database.db;
  const submitted = '2025-11-03T09:00:00+08:00';
  await db.execute(sql`insert into cases (number, source, nature, category_code, subcategory_code, lon, lat, address, description, severity, state,
      responsible_unit_id, responsible_unit_path, area_unit_id, area_unit_path, submitted_at, accepted_at, dispatched_at, deadline_at, rectified_at, closed_at, is_overdue)
    select ${prefix} || '-' || g, 'inspection', 'incident', '01', '02', 119.625, 29.91, 'x', 'y', 'normal', ${o.state},
      ${unit.id}, ${unit.path}, ${unit.id}, ${unit.path},
      ${submitted}::timestamptz + (g || ' minutes')::interval,
      ${submitted}::timestamptz + (g || ' minutes')::interval + interval '30 minutes',
      ${submitted}::timestamptz + (g || ' minutes')::interval + interval '1 hour',
      ${submitted}::timestamptz + (g || ' minutes')::interval + interval '5 days',
      case when ${o.state} = 'closed' then ${submitted}::timestamptz + (g || ' minutes')::interval + interval '2 days' end,
      case when ${o.state} = 'closed' then ${submitted}::timestamptz + (g || ' minutes')::interval + interval '3 days' end,
      ${o.state === 'rectifying'}
    from generate_series(1, ${n}) g`);
  await db.execute(sql`insert into case_assignments (case_id, unit_id, unit_path, dispatched_at, deadline_at, rectified_at, closed_at, rework_count)
    select id, responsible_unit_id, responsible_unit_path, dispatched_at, deadline_at, rectified_at, closed_at,
      case when number = ${`${prefix}-1`} then ${o.rework ?? 0} else 0 end
    from cases where number like ${`${prefix}-%`}`);
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimit: { max: 1000, windowMs: 60_000 } });
  [admin, leader] = await Promise.all([t.login('admin'), t.login('leader')]);
  units = rowsOf<UnitRef>(await t.database.db.execute(sql`select id, path, name from units where kind = 'community' order by id limit 5`));
  expect(units).toHaveLength(5);
  // B has the smaller id than A: before the fix, a tie was split by id and the later one went black.
  const [b, a, c, d, e] = units as [UnitRef, UnitRef, UnitRef, UnitRef, UnitRef];
  await insertCases('F-A', a, 5, { state: 'closed' });
  await insertCases('F-B', b, 5, { state: 'closed' });
  await insertCases('F-C', c, 3, { state: 'closed' });
  await insertCases('F-CO', c, 2, { state: 'rectifying' });
  await insertCases('F-D', d, 1, { state: 'rectifying' });
  await insertCases('F-E', e, 4, { state: 'closed', rework: 1 });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

type Ranked = { unitId: number; unitName: string; score: number | null; rank: number | null; due: number };
type Rankings = { items: Ranked[]; redList: number[]; blackList: number[]; listRule: { top: number; minDue: number } };

describe('red and black lists with ties', () => {
  it('ranks equal scores together, never splits a tie between the lists, and keeps small samples off them', async () => {
    const [b, a, c, d, e] = units as [UnitRef, UnitRef, UnitRef, UnitRef, UnitRef];
    for (const refresh of [false, true]) {
      if (refresh) await refreshDashboardRollups(t.database.db); // the rollup answers the same
      const res = await leader.get(`/api/rankings?${period}&kind=community&top=5`);
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json() as Rankings;
      const of = (u: UnitRef) => r.items.find((i) => i.unitId === u.id)!;
      expect(of(a)).toMatchObject({ score: 100, rank: 1 });
      expect(of(b)).toMatchObject({ score: 100, rank: 1 });
      expect(of(e).rank).toBe(3);
      expect(of(c).rank).toBe(4);
      expect(of(d)).toMatchObject({ rank: 5, due: 1 });
      // 4 units listable (D is a small sample) → 2 a list; the tie for first is whole on the red list.
      expect(r.redList).toEqual([b.id, a.id]);
      expect(r.blackList).toEqual([c.id, e.id]);
      expect(r.listRule).toEqual({ top: 5, minDue: LIST_MIN_DUE });
      for (const id of r.redList) expect(r.blackList).not.toContain(id);
    }
    // Only the two tied units: both red, none black (锦绣社区 100.0 was on the black list).
    const two = (await leader.get(`/api/metrics/units?${period}&kind=community&top=5&unitId=${a.id}`)).json() as Rankings;
    expect(two.blackList).toEqual([]);
    const tied = (await leader.get(`/api/rankings?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}&kind=community&top=1`)).json() as Rankings;
    expect(tied.redList).toEqual([b.id, a.id]);
    expect(tied.blackList).toEqual([c.id]);
  });

  it('fills the Word summary and the bulletin from the same lists, saying how ties and small samples are treated', async () => {
    const [b, a, c, , e] = units as [UnitRef, UnitRef, UnitRef, UnitRef, UnitRef];
    const draft = (await admin.get(`/api/reports/work-summary/draft?${period}`)).json() as {
      values: Record<string, string>;
      tableNote: string;
      sections: { key: string; heading: string; text: string }[];
      title: string;
    };
    expect(draft.tableNote).toContain('名次并列');
    expect(draft.tableNote).toContain(`少于${LIST_MIN_DUE}件`);
    const res = await admin.post('/api/reports/work-summary.docx', {
      from: FROM,
      to: TO,
      title: draft.title,
      sections: draft.sections.map((s) => ({ heading: s.heading, text: s.text })),
    });
    expect(res.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain(`注：${draft.tableNote}`);

    const bulletin = await admin.post('/api/bulletins', { kind: 'custom', from: FROM, to: TO, unitKind: 'community' });
    expect(bulletin.statusCode, bulletin.body).toBe(201);
    const content = bulletin.json().content as { intro: string; rankingNote: string };
    expect(content.intro).toContain(`${b.name}、${a.name}综合得分居前；${c.name}、${e.name}综合得分靠后`);
    expect(content.rankingNote).toContain('名次并列'); // the bulletin's lists are top 5, the summary's top 3
    const docx = await admin.get(`/api/bulletins/${bulletin.json().id}/document.docx`);
    const bxml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    expect(bxml).toContain(`注：${content.rankingNote}`);
  });
});

describe('the county rework rate', () => {
  it('is the units’ reworked assignments over those that reached verification, summed', async () => {
    const k = (await leader.get(`/api/dashboard/kpis?${period}`)).json() as { reworkRate: number | null; reworked: number; reachedVerification: number };
    expect(k).toMatchObject({ reworked: 1, reachedVerification: 17 });
    expect(k.reworkRate).toBe(1 / 17);
    const draft = (await admin.get(`/api/reports/work-summary/draft?${period}`)).json() as { values: Record<string, string> };
    expect(draft.values.reworkRate).toBe('5.9%');
  });
});

describe('one rounding', () => {
  it('prints rates with one decimal in the summary, as the screen does', async () => {
    // 17 of 20 problems found closed → "85.0%" (was "85%"); B 5 of 5 → "100.0%", never "100%"; E's rework 1 of 17 → 5.88…% → "5.9%".
    const draft = (await admin.get(`/api/reports/work-summary/draft?${period}`)).json() as {
      values: Record<string, string>;
      table: { unitName: string; closureRate: string }[];
    };
    expect(draft.values.closureRate).toBe('85.0%');
    expect(draft.table.find((r) => r.unitName === units[0]!.name)!.closureRate).toBe('100.0%');
  });
});
