import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';

// The dashboard's inspection widget shows the same pass rates as the round's own results page
// (the inspections feature), for the demo county's history of rounds.

let t: TestApp;
let leader: Client;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimit: { max: 1000, windowMs: 60_000 } }, { demoCases: true });
  [leader, admin] = await Promise.all([t.login('leader'), t.login('admin')]);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

type Line = {
  key: string;
  label: string;
  sitesVisited: number;
  sitesPassed: number;
  itemsChecked: number;
  itemsPassed: number;
  sitePassRate: number | null;
  itemPassRate: number | null;
};
const rates = (l: Line) => ({
  key: l.key,
  label: l.label,
  sitesVisited: l.sitesVisited,
  sitesPassed: l.sitesPassed,
  itemsChecked: l.itemsChecked,
  itemsPassed: l.itemsPassed,
  sitePassRate: l.sitePassRate,
  itemPassRate: l.itemPassRate,
});

describe('inspection results on the dashboard', () => {
  it('shows the latest round’s pass rates per site type and town, its summary and the recent rounds, as the round’s results page does', async () => {
    const q = `from=${encodeURIComponent(new Date(Date.now() - 86_400_000 * 200).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 86_400_000 * 150).toISOString())}`;
    const res = await leader.get(`/api/dashboard/inspections?${q}`);
    expect(res.statusCode, res.body).toBe(200);
    const w = res.json() as {
      latest: { roundId: number; name: string; summary: Record<string, unknown>; total: Line; bySiteType: Line[]; byTown: Line[] } | null;
      rounds: { roundId: number; sitePassRate: number | null; itemPassRate: number | null }[];
    };
    expect(w.latest).not.toBeNull();
    expect(w.rounds.length).toBeGreaterThan(0);
    expect(w.rounds.at(-1)!.roundId).toBe(w.latest!.roundId);

    const page = (await admin.get(`/api/inspections/rounds/${w.latest!.roundId}/results`)).json() as {
      summary: Record<string, unknown>;
      total: Line;
      bySiteType: Line[];
      byTown: Line[];
    };
    expect(w.latest!.bySiteType.map(rates)).toEqual(page.bySiteType.map(rates));
    expect(w.latest!.byTown.map(rates)).toEqual(page.byTown.map(rates));
    expect({ ...rates(w.latest!.total), key: 'total', label: '' }).toEqual({ ...rates(page.total), key: 'total', label: '' });
    expect(w.latest!.summary).toEqual(page.summary);
    expect(w.latest!.bySiteType.length).toBeGreaterThan(0);
    for (const r of w.rounds) {
      const each = (await admin.get(`/api/inspections/rounds/${r.roundId}/results`)).json() as { total: Line };
      expect(r).toMatchObject({ sitePassRate: each.total.sitePassRate, itemPassRate: each.total.itemPassRate });
    }

    // Nothing had ended by then: no results yet.
    const early = await leader.get(
      `/api/dashboard/inspections?from=${encodeURIComponent('2019-01-01T00:00:00+08:00')}&to=${encodeURIComponent('2019-02-01T00:00:00+08:00')}`,
    );
    expect(early.json()).toEqual({ latest: null, rounds: [] });
    expect((await (await t.login('handler')).get(`/api/dashboard/inspections?${q}`)).statusCode).toBe(403);
  });
});
