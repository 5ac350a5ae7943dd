import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, XSS, type Client, type TestApp } from '../../test/harness';
import { notifications } from './notification.tables';

// Notifications as a unit's staff see them: the office dispatches a case to 县综合行政执法局 (D03,
// `handler`'s unit), the handler's bell counts it until they mark it read; 城关街道 (`manager`) never
// sees D03's notifications, and the office's own queue (addressed to the county root) stays the office's.

let t: TestApp;
let admin: Client, inspector: Client, handler: Client, manager: Client;
const unitIds = new Map<string, { id: number; path: string }>();

beforeAll(async () => {
  t = await createTestApp({ loginRateLimit: { max: 1000, windowMs: 60_000 } });
  [admin, inspector, handler, manager] = (await Promise.all(['admin', 'inspector', 'handler', 'manager'].map((u) => t.login(u)))) as [
    Client,
    Client,
    Client,
    Client,
  ];
  const units = (await admin.get('/api/units')).json().items as { id: number; code: string; path: string }[];
  for (const u of units) unitIds.set(u.code, { id: u.id, path: u.path });
});
afterAll(() => t.close());

const D03 = () => unitIds.get('339901-D03')!;
const COUNTY = () => unitIds.get('339901')!;

type Item = { id: number; kind: string; caseId: number | null; data: Record<string, unknown>; read: boolean };
type CaseJson = { id: number; number: string; version: number };

async function act(client: Client, c: CaseJson, action: string, body: Record<string, unknown> = {}) {
  const res = await client.post(`/api/cases/${c.id}/actions/${action}`, { version: c.version, ...body });
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json() as CaseJson;
}

async function dispatchedToD03() {
  const res = await inspector.post('/api/cases', {
    source: 'inspection',
    nature: 'incident',
    categoryCode: '01',
    subcategoryCode: '02',
    lon: 119.625,
    lat: 29.91,
    address: `人民路 12 号 ${XSS}`,
    description: `垃圾堆积 ${XSS}`,
    severity: 'normal',
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  const accepted = await act(admin, res.json() as CaseJson, 'accept');
  return act(admin, accepted, 'dispatch', { responsibleUnitId: D03().id });
}

const unread = async (client: Client) => {
  const res = await client.get('/api/notifications/unread');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { count: number }).count;
};
const list = async (client: Client) => (await client.get('/api/notifications')).json() as { items: Item[]; lastReadId: number };
const markRead = (client: Client, upToId: number) => client.post('/api/notifications/read', { upToId });

describe('notifications', () => {
  let dispatched: CaseJson;

  it('a case dispatched to a unit is an unread notification for its handler, not for another unit', async () => {
    const managerBefore = await unread(manager);
    dispatched = await dispatchedToD03();
    expect(await unread(handler)).toBe(1);
    const page = await list(handler);
    expect(page.lastReadId).toBe(0);
    expect(page.items[0]).toMatchObject({
      kind: 'case.dispatch',
      caseId: dispatched.id,
      read: false,
      data: { number: dispatched.number, action: 'dispatch', state: 'dispatched' },
    });
    expect(typeof page.items[0]!.data.deadlineAt).toBe('string');
    expect(await unread(manager)).toBe(managerBefore);
    expect((await list(manager)).items.some((n) => n.caseId === dispatched.id)).toBe(false);
  });

  it('marking read empties the count; a later notification is unread again', async () => {
    const newest = (await list(handler)).items[0]!;
    const res = await markRead(handler, newest.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ lastReadId: newest.id });
    expect(await unread(handler)).toBe(0);
    expect((await list(handler)).items.every((n) => n.read)).toBe(true);

    dispatched = await act(inspector, dispatched, 'urge', { note: '请尽快' });
    expect(await unread(handler)).toBe(1);
    const [urge, dispatch] = (await list(handler)).items;
    expect(urge).toMatchObject({ kind: 'case.urge', caseId: dispatched.id, read: false });
    expect(dispatch).toMatchObject({ kind: 'case.dispatch', read: true });
  });

  it('the watermark never goes backwards, nor past the newest notification', async () => {
    const page = await list(handler);
    const newest = page.items[0]!.id;
    const before = page.lastReadId;
    expect(before).toBeLessThan(newest);
    // An older id (another tab posting late) leaves the watermark where it is.
    expect((await markRead(handler, 1)).json()).toEqual({ lastReadId: before });
    expect(await unread(handler)).toBe(1);
    // A stray large id stops at the newest notification, so future ones still arrive unread.
    expect((await markRead(handler, 2_000_000_000)).json()).toEqual({ lastReadId: newest });
    expect((await list(handler)).lastReadId).toBe(newest);
    expect(await unread(handler)).toBe(0);
    await act(inspector, dispatched, 'urge', { note: '再次督办' });
    expect(await unread(handler)).toBe(1);
  });

  it('the read state is per user: the handler reading does not read the office’s queue', async () => {
    const adminBefore = await unread(admin);
    await t.database.db
      .insert(notifications)
      .values({ unitId: COUNTY().id, unitPath: COUNTY().path, kind: 'case.submitRectification', caseId: dispatched.id, data: { number: dispatched.number } });
    expect(await unread(admin)).toBe(adminBefore + 1);
    // The office's queue is the root's; D03's handler neither sees it nor reads it for the office.
    const handlerPage = await list(handler);
    expect(handlerPage.items.some((n) => n.kind === 'case.submitRectification')).toBe(false);
    await markRead(handler, 2_000_000_000);
    expect(await unread(admin)).toBe(adminBefore + 1);
    const newest = (await list(admin)).items[0]!;
    expect(newest).toMatchObject({ kind: 'case.submitRectification', read: false });
    await markRead(admin, newest.id);
    expect(await unread(admin)).toBe(0);
  });

  it('counts at most 100 unread, so polling stays cheap', async () => {
    const rows = Array.from({ length: 130 }, (_, i) => ({
      unitId: D03().id,
      unitPath: D03().path,
      kind: 'case.overdue',
      caseId: dispatched.id,
      data: { number: `N-${i}` },
    }));
    await t.database.db.insert(notifications).values(rows);
    expect(await unread(handler)).toBe(100);
  });

  it('rejects bad bodies with a message per field, and writes without the CSRF token', async () => {
    for (const body of [{}, { upToId: 0 }, { upToId: -3 }, { upToId: 1.5 }, { upToId: '7' }, { upToId: 2 ** 60 }]) {
      const res = await handler.post('/api/notifications/read', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const error = (res.json() as { error: { code: string; details: { path: string; message: string }[] } }).error;
      expect(error.code).toBe('validation_failed');
      expect(error.details.map((d) => d.path)).toEqual(['upToId']);
      expect(error.details[0]!.message).not.toBe('');
    }
    const extra = await handler.post('/api/notifications/read', { upToId: 1, all: true });
    expect(extra.statusCode).toBe(400);
    expect((extra.json() as { error: { code: string } }).error.code).toBe('validation_failed');
    const forged = await handler.request('POST', '/api/notifications/read', { upToId: 1 }, { headers: { 'x-csrf-token': 'forged' } });
    expect(forged.statusCode).toBe(403);
    expect(await unread(handler)).toBe(100); // nothing was marked
  });
});
