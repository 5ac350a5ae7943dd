import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { handDocument, importJson, nodeIdByCode, unitIdByCode, type Fw } from './framework.test-data';

// The hand-computed framework of framework.test-data.ts, without observed rates (default rules:
// met 1, mostlyMet 0.6, notMet 0; methods weigh 40/40/20 but all rate by the status here):
//   A1.1.1 4 × 1 = 4 · A1.1.2 3 × 0.6 = 1.8 · A1.1.3 2.5 × 0 = 0 (veto) · A1.2.1 1.5 × 1 = 1.5
//   B1.1.1 5 × 0.6 = 3 · B1.1.2 notApplicable · B1.1.3 0.35 × 0.6 = 0.21 · B1.1.4 unassessed = 0
//   F1.1.1 2 × 1 = 2 (featured)
// total points 21.35, applicable 19.35, score 12.51, lost 6.84, rate 12.51/19.35 = 0.64651… → 0.6465,
// projected 12.51 × 21.35 / 19.35 = 13.803… → 13.80.
const STATUSES: Record<string, string> = {
  'A1.1.1': 'met',
  'A1.1.2': 'mostlyMet',
  'A1.1.3': 'notMet',
  'A1.2.1': 'met',
  'B1.1.1': 'mostlyMet',
  'B1.1.2': 'notApplicable',
  'B1.1.3': 'mostlyMet',
  'F1.1.1': 'met',
};

let t: TestApp;
let admin: Client;
let leader: Client;
let fw: Fw;
let ids: Record<string, number>;
let units: Record<string, number>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  leader = await t.login('leader');
  const imported: Fw = (await importJson(admin, handDocument('score'))).json();
  fw = (await admin.post(`/api/frameworks/${imported.id}/publish`, { version: imported.version })).json();
  ids = await nodeIdByCode(admin, fw.id);
  units = await unitIdByCode(admin);
  for (const [code, status] of Object.entries(STATUSES)) {
    const res = await admin.request('PUT', `/api/frameworks/${fw.id}/self-assessments/${ids[code]}`, { status, note: null });
    if (res.statusCode !== 200) throw new Error(res.body);
  }
  // A and F → 宣传部 (D01); B → 住建局 (D02) with 执法局 (D03) supporting; B1.1.4 stays unassigned.
  const assign = (codes: string[], lead: string, supporting: string[] = []) =>
    admin.post(`/api/frameworks/${fw.id}/responsibilities/bulk`, {
      nodeIds: codes.map((c) => ids[c]),
      leadUnitId: units[lead],
      supportingUnitIds: supporting.map((s) => units[s]),
    });
  await assign(['A1.1.1', 'A1.1.2', 'A1.1.3', 'A1.2.1', 'F1.1.1'], '339901-D01');
  await assign(['B1.1.1', 'B1.1.2', 'B1.1.3'], '339901-D02', ['339901-D03']);
});
afterAll(() => t.close());

const score = async (c: Client = leader) => (await c.get(`/api/frameworks/${fw.id}/score`)).json();

describe('projected score', () => {
  it('matches the hand computation per criterion, area and total', async () => {
    const s = await score();
    expect(s.total).toMatchObject({
      points: '21.35',
      applicablePoints: '19.35',
      score: '12.51',
      lost: '6.84',
      scoreRate: 0.6465,
      projectedScore: '13.8',
      criteriaCount: 9,
      notApplicableCount: 1,
    });
    expect(s.basic).toMatchObject({ points: '19.35', score: '10.51' });
    expect(s.featured).toMatchObject({ points: '2', score: '2', scoreRate: 1 });
    const area = (code: string) => s.areas.find((a: { code: string }) => a.code === code);
    expect(area('A')).toMatchObject({ points: '11', score: '7.3', lost: '3.7' });
    // B: applicable 6.35, score 3.21, projected 3.21 × 8.35 / 6.35 = 4.2210… → 4.22
    expect(area('B')).toMatchObject({ points: '8.35', applicablePoints: '6.35', score: '3.21', projectedScore: '4.22' });
    const criterion = (code: string) => s.criteria.find((c: { code: string }) => c.code === code);
    expect(criterion('B1.1.1')).toMatchObject({ score: '3', rate: 0.6, status: 'mostlyMet' });
    expect(criterion('B1.1.3')).toMatchObject({ score: '0.21', lost: '0.14' });
    expect(s.items.find((i: { code: string }) => i.code === 'A1.1')).toMatchObject({ points: '9.5', score: '5.8' });
    expect(s).toMatchObject({ isVetoed: true, vetoFailed: ['A1.1.3'], unassessed: ['B1.1.4'], pointsAreIllustrative: true });
    // Same inputs, same answer.
    expect(await score(admin)).toEqual(s);
  });

  it('lists gaps by points lost and charges them to the responsible units', async () => {
    const gaps = (await leader.get(`/api/frameworks/${fw.id}/score/gaps`)).json().items;
    expect(gaps.map((g: { code: string; lost: string }) => [g.code, g.lost])).toEqual([
      ['A1.1.3', '2.5'],
      ['B1.1.1', '2'],
      ['A1.1.2', '1.2'],
      ['B1.1.4', '1'],
      ['B1.1.3', '0.14'],
    ]);
    expect(gaps[0]).toMatchObject({ areaName: expect.stringContaining('area A'), lead: { id: units['339901-D01'], name: '县委宣传部' }, isVeto: true });
    expect(gaps[3].lead).toBeNull();

    const loss = (await leader.get(`/api/frameworks/${fw.id}/score/point-loss`)).json();
    expect(loss.totalLost).toBe('6.84');
    expect(loss.unassigned).toEqual({ lost: '1', codes: ['B1.1.4'] });
    expect(loss.units.map((u: { unit: { id: number }; lost: string; rank: number }) => [u.unit.id, u.lost, u.rank])).toEqual([
      [units['339901-D01'], '3.7', 1],
      [units['339901-D02'], '2.14', 2],
      [units['339901-D03'], '0', 3],
    ]);

    // Half of each lost point goes to the supporting units: B1.1.1 2 → 1 + 1; B1.1.3 0.14 → 0.07 + 0.07.
    const rules = (await admin.get(`/api/frameworks/${fw.id}/score-rules`)).json();
    expect(rules.rules.methodWeights).toMatchObject({ materials: 40, site: 40, survey: 20 });
    const changed = await admin.request('PUT', `/api/frameworks/${fw.id}/score-rules`, { ...rules, supportingShare: 0.5 });
    expect(changed.statusCode, changed.body).toBe(200);
    const shared = (await leader.get(`/api/frameworks/${fw.id}/score/point-loss`)).json();
    expect(shared.units.map((u: { unit: { id: number }; lost: string }) => [u.unit.id, u.lost])).toEqual([
      [units['339901-D01'], '3.7'],
      [units['339901-D02'], '1.07'],
      [units['339901-D03'], '1.07'],
    ]);
  });

  it('recomputes after a status change and summarises for leaders', async () => {
    const before = await score();
    const current = (await admin.get(`/api/frameworks/${fw.id}/nodes/${ids['A1.1.3']}`)).json().selfAssessment;
    expect(
      (await admin.request('PUT', `/api/frameworks/${fw.id}/self-assessments/${ids['A1.1.3']}`, { status: 'met', note: '已整改', version: current.version }))
        .statusCode,
    ).toBe(200);
    const after = await score();
    expect(after.total.score).toBe('15.01');
    expect(after.isVetoed).toBe(false);
    expect(after.dataVersion).toBeGreaterThan(before.dataVersion);

    const summary = (await leader.get(`/api/frameworks/${fw.id}/score/summary`)).json();
    expect(summary.total.score).toBe('15.01');
    expect(summary.areas).toHaveLength(3);
    expect(summary.topGaps.map((g: { code: string }) => g.code)).toEqual(['B1.1.1', 'A1.1.2', 'B1.1.4', 'B1.1.3']);
    expect(summary.worstUnits[0]).toMatchObject({ unit: { id: units['339901-D01'] }, lost: '1.2' });
    expect(summary.selfAssessment).toMatchObject({
      criteria: 9,
      counts: { met: 4, mostlyMet: 3, notApplicable: 1, unassessed: 1 },
      metOrMostlyMetShare: 0.875,
    });
  });

  it('gives the demo county a projected total with about 2/3 of criteria met or mostly met', async () => {
    const demo = (await admin.get('/api/frameworks?status=published')).json().items.find((f: { code: string }) => f.code === 'demo-county');
    const summary = (await leader.get(`/api/frameworks/${demo.id}/score/summary`)).json();
    expect(summary.selfAssessment.metOrMostlyMetShare).toBeGreaterThan(0.6);
    expect(summary.selfAssessment.metOrMostlyMetShare).toBeLessThan(0.72);
    expect(summary.topGaps).toHaveLength(10);
    expect(summary.worstUnits).toHaveLength(10);
    expect(summary.isVetoed).toBe(false);
    expect(summary.evidence.required).toBeGreaterThan(0);
  });
});
