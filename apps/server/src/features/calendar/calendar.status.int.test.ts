import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '@chuangwen/domain/calendar/working-calendar';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { CALENDAR_HORIZON_DAYS } from './calendar.service';

// A deadline in a year with no holiday notice is computed as Monday–Friday minus the fixed-date
// holidays: the office must be told which years those are, to enter their notices.

let t: TestApp;
let admin: Client;
let inspector: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  inspector = await t.login('inspector');
});
afterAll(() => t.close());

type Status = { knownYears: number[]; horizonDays: number; missingYears: { year: number; openCases: number; inHorizon: boolean }[] };
const status = async (c: Client) => {
  const res = await c.get('/api/calendar/status');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Status;
};

async function caseDueOn(deadlineAt: string) {
  const created = await inspector.post('/api/cases', {
    source: 'inspection',
    nature: 'incident',
    categoryCode: '01',
    subcategoryCode: '02',
    lon: 119.625,
    lat: 29.91,
    address: '人民路 12 号',
    description: '垃圾堆积',
    severity: 'normal',
  });
  expect(created.statusCode, created.body).toBe(201);
  const accepted = await admin.post(`/api/cases/${created.json().id}/actions/accept`, { version: created.json().version });
  expect(accepted.statusCode, accepted.body).toBe(200);
  const unit = ((await admin.get('/api/units?q=339901-D03')).json().items as { id: number; code: string }[]).find((u) => u.code === '339901-D03')!;
  const sent = await admin.post(`/api/cases/${created.json().id}/actions/dispatch`, {
    version: accepted.json().version,
    responsibleUnitId: unit.id,
    deadlineAt,
  });
  expect(sent.statusCode, sent.body).toBe(200);
  return sent.json() as { id: number; version: number };
}

describe('GET /api/calendar/status', () => {
  it('names the years without a notice ahead (the horizon) and those open deadlines fall into', async () => {
    const now = new Date();
    const first = Number(localDate(now).slice(0, 4));
    const last = Number(localDate(new Date(now.getTime() + CALENDAR_HORIZON_DAYS * 86_400_000)).slice(0, 4));
    const initial = await status(admin);
    expect(initial.knownYears).toEqual([2025, 2026]); // the shipped notices
    expect(initial.horizonDays).toBe(CALENDAR_HORIZON_DAYS);
    const expectedHorizon = Array.from({ length: last - first + 1 }, (_, i) => first + i).filter((y) => !initial.knownYears.includes(y));
    expect(initial.missingYears.filter((m) => m.inHorizon).map((m) => m.year)).toEqual(expectedHorizon);
    expect(initial.missingYears.some((m) => m.year === 2029)).toBe(false);

    // A case due in 2029 (no notice): the year is named with its open case, for every reader in scope.
    await caseDueOn('2029-03-01T09:30:00.000Z');
    const withCase = await status(admin);
    expect(withCase.missingYears.find((m) => m.year === 2029)).toEqual({ year: 2029, openCases: 1, inHorizon: false });
    expect((await status(inspector)).missingYears.find((m) => m.year === 2029)?.openCases).toBe(1);

    // The office enters the 2029 notice: the warning for 2029 goes away at once.
    const put = await admin.request('PUT', '/api/calendar/years/2029', { entry: { notice: '2029年部分节假日安排', periods: [] }, version: 0 });
    expect(put.statusCode, put.body).toBe(200);
    const after = await status(admin);
    expect(after.knownYears).toContain(2029);
    expect(after.missingYears.some((m) => m.year === 2029)).toBe(false);
  });

  it('is for signed-in users only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/calendar/status' })).statusCode).toBe(401);
  });
});
