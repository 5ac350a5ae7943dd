import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRate } from '@chuangwen/domain/common/percent';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { rowsOf } from '../../platform/db/db';

// A round's results use the domain's one definition of "problems found" (rejected cases apart,
// in no rate) and exact rates, rounded once where shown — on the demo county's rounds.

let t: TestApp;
let admin: Client;
let leader: Client;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimit: { max: 1000, windowMs: 60_000 } }, { demoCases: true });
  [admin, leader] = await Promise.all([t.login('admin'), t.login('leader')]);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

type Summary = {
  sitesVisited: number;
  problemsFound: number;
  rejected: number;
  dispatched: number;
  rectified: number;
  rectificationRate: number | null;
  sentence: string;
};
type Results = {
  summary: Summary;
  total: { sitesVisited: number; sitesPassed: number; itemsChecked: number; itemsPassed: number; sitePassRate: number | null; itemPassRate: number | null };
};

describe('round results', () => {
  it('leaves rejected problems out of "problems found" and the rectification rate, and shows them apart', async () => {
    const db = t.database.db;
    // The latest round with failed checks linked to cases (the dashboard shows the latest).
    const [round] = rowsOf<{ id: number; failures: number }>(
      await db.execute(sql`select k.round_id as id, count(*)::int as failures
      from inspection_checks k join inspection_rounds r on r.id = k.round_id
      where k.result <> 'pass' and k.case_id is not null group by k.round_id, r.period_end order by r.period_end desc, k.round_id desc limit 1`),
    );
    expect(round).toBeDefined();
    const before = (await admin.get(`/api/inspections/rounds/${round!.id}/results`)).json() as Results;
    expect(before.summary).toMatchObject({ problemsFound: round!.failures, rejected: 0 });

    // The office finds two of the reported problems invalid (不予立案).
    const rejected = rowsOf<{ id: number }>(
      await db.execute(sql`update cases set state = 'rejected', dispatched_at = null, closed_at = null, rectified_at = null
      where id in (select case_id from inspection_checks where round_id = ${round!.id} and result <> 'pass' and case_id is not null order by id limit 2) returning id`),
    );
    expect(rejected).toHaveLength(2);
    const res = await admin.get(`/api/inspections/rounds/${round!.id}/results`);
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json() as Results;
    const s = after.summary;
    expect(s.problemsFound).toBe(round!.failures - 2);
    expect(s.rejected).toBe(2);
    expect(s.rectificationRate).toBe(s.problemsFound ? s.rectified / s.problemsFound : null);
    expect(s.dispatched).toBeLessThanOrEqual(s.problemsFound);
    expect(s.sentence).toContain(`发现问题${s.problemsFound}项（另有2项不予立案）`);
    expect(s.sentence).toContain(`整改率${formatRate(s.rectificationRate)}`);

    // The dashboard's widget says the same (when this round is the latest one it shows).
    const q = `from=${encodeURIComponent(new Date(Date.now() - 86_400_000 * 200).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 86_400_000 * 150).toISOString())}`;
    const w = (await leader.get(`/api/dashboard/inspections?${q}`)).json() as { latest: { roundId: number; summary: Summary } | null };
    if (w.latest?.roundId === round!.id) expect(w.latest.summary).toEqual(s);
    else expect(w.latest?.summary.rejected).toBe(0);
  });

  it('gives exact pass rates (rounded once, where shown)', async () => {
    const rounds = (await admin.get('/api/inspections/rounds')).json() as { items: { id: number }[] };
    let inexact = 0;
    for (const r of rounds.items) {
      const res = (await admin.get(`/api/inspections/rounds/${r.id}/results`)).json() as Results;
      const t_ = res.total;
      if (t_.sitesVisited === 0) continue;
      expect(t_.sitePassRate).toBe(t_.sitesPassed / t_.sitesVisited);
      expect(t_.itemPassRate).toBe(t_.itemsPassed / t_.itemsChecked);
      if (Math.round(t_.itemPassRate! * 10_000) / 10_000 !== t_.itemPassRate) inexact++;
    }
    expect(inexact).toBeGreaterThan(0); // the demo has rates that 4 decimals would cut
  });
});
