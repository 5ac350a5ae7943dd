import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { createTestApp, XSS, type Client, type TestApp } from '../../test/harness';
import { handDocument, importJson, nodeIdByCode, unitIdByCode, uploadTo, type Fw } from './framework.test-data';

let t: TestApp;
let admin: Client;
let manager: Client;
let handler: Client;
let leader: Client;
let fw: Fw;
let ids: Record<string, number>;
let units: Record<string, number>;

beforeAll(async () => {
  t = await createTestApp();
  [admin, manager, handler, leader] = await Promise.all([t.login('admin'), t.login('manager'), t.login('handler'), t.login('leader')]);
  const imported: Fw = (await importJson(admin, handDocument('evidence'))).json();
  fw = (await admin.post(`/api/frameworks/${imported.id}/publish`, { version: imported.version })).json();
  ids = await nodeIdByCode(admin, fw.id);
  units = await unitIdByCode(admin);
  const put = (code: string, body: unknown) => admin.request('PUT', `/api/frameworks/${fw.id}/responsibilities/${ids[code]}`, body);
  // 综合执法局 (the handler's unit) leads A1.1.1, past due; 城关街道 (the manager's) leads B1.1.1 with 执法局 supporting.
  await put('A1.1.1', { leadUnitId: units['339901-D03'], dueOn: '2020-01-31' });
  await put('B1.1.1', { leadUnitId: units['339901001'], supportingUnitIds: [units['339901-D03']], dueOn: '2099-12-31' });
  await put('F1.1.1', { leadUnitId: units['339901-D01'] });
});
afterAll(() => t.close());

const evidenceUrl = (code: string) => `/api/frameworks/${fw.id}/nodes/${ids[code]}/evidence`;
const photo = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExifMerge({ IFD0: { Make: 'Phone' } })
    .toBuffer();

describe('my responsibilities and evidence upload', () => {
  it('lists only the criteria the caller’s units answer for', async () => {
    const mine = (await handler.get(`/api/frameworks/${fw.id}/my-responsibilities`)).json().items;
    expect(mine.map((m: { code: string }) => m.code)).toEqual(['A1.1.1', 'B1.1.1']);
    expect(mine[0]).toMatchObject({
      myUnits: [{ role: 'lead', name: '县综合行政执法局' }],
      isOverdue: true,
      evidenceRequirements: [{ kind: 'document' }, { kind: 'photo' }],
    });
    expect(mine[1].myUnits).toEqual([{ id: units['339901-D03'], name: '县综合行政执法局', role: 'supporting' }]);
    const managers = (await manager.get(`/api/frameworks/${fw.id}/my-responsibilities`)).json().items;
    expect(managers.map((m: { code: string }) => m.code)).toEqual(['B1.1.1']);
  });

  it('takes a photo (re-encoded without EXIF) and a narrative from a responsible unit', async () => {
    const up = await uploadTo(handler, `${evidenceUrl('A1.1.1')}/file?kind=photo`, await photo(), 'site.jpg', 'image/jpeg');
    expect(up.statusCode, up.body).toBe(201);
    const item = up.json();
    expect(item).toMatchObject({ kind: 'photo', state: 'submitted', unit: { id: units['339901-D03'] }, dueOn: '2020-01-31', code: 'A1.1.1' });
    const stored = await handler.get(item.file.url);
    expect(stored.statusCode).toBe(200);
    expect((await sharp(stored.rawPayload).metadata()).exif).toBeUndefined();
    // The office can open it (the file belongs to the unit), a town manager cannot.
    expect((await admin.get(item.file.url)).statusCode).toBe(200);
    expect((await manager.get(item.file.url)).statusCode).toBe(404);

    const text = await handler.post(evidenceUrl('B1.1.1'), { text: `说明${XSS}` });
    expect(text.statusCode, text.body).toBe(201);
    expect(text.json()).toMatchObject({ kind: 'narrative', text: `说明${XSS}`, unit: { id: units['339901-D03'] } });
  });

  it('refuses units that do not answer for the criterion, wrong file types and missing files', async () => {
    const res = await uploadTo(manager, `${evidenceUrl('A1.1.1')}/file?kind=photo`, await photo(), 'x.jpg', 'image/jpeg');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('A1.1.1');
    expect((await handler.post(evidenceUrl('F1.1.1'), { text: 'x' })).statusCode).toBe(403);
    expect((await handler.post(evidenceUrl('A1.1.2'), { text: 'x' })).statusCode).toBe(403); // unassigned
    expect((await handler.post(evidenceUrl('A1.1.1'), { text: 'x', unitId: units['339901001'] })).statusCode).toBe(403);
    const pdfAsPhoto = await uploadTo(
      handler,
      `${evidenceUrl('A1.1.1')}/file?kind=photo`,
      Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'),
      'a.pdf',
      'application/pdf',
    );
    expect(pdfAsPhoto.statusCode).toBe(415);
    expect((await handler.post(`${evidenceUrl('A1.1.1')}/file?kind=document`, {})).statusCode).toBe(400);
  });
});

describe('review', () => {
  it('lets the office accept or return with a reason, once', async () => {
    const submitted = (await admin.get(`/api/frameworks/${fw.id}/evidence?state=submitted`)).json();
    expect(submitted.total).toBe(2);
    const [narrative, pic] = submitted.items;
    const noReason = await admin.post(`/api/frameworks/${fw.id}/evidence/${narrative.id}/review`, { decision: 'return', version: narrative.version });
    expect(noReason.statusCode).toBe(400);
    const returned = await admin.post(`/api/frameworks/${fw.id}/evidence/${narrative.id}/review`, {
      decision: 'return',
      note: `补充时间地点${XSS}`,
      version: narrative.version,
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ state: 'returned', reviewNote: `补充时间地点${XSS}`, reviewedByName: '王建华' });
    const accepted = await admin.post(`/api/frameworks/${fw.id}/evidence/${pic.id}/review`, { decision: 'accept', version: pic.version });
    expect(accepted.json().state).toBe('accepted');
    const again = await admin.post(`/api/frameworks/${fw.id}/evidence/${pic.id}/review`, { decision: 'return', note: 'x', version: accepted.json().version });
    expect(again.statusCode).toBe(409);
    expect((await handler.post(`/api/frameworks/${fw.id}/evidence/${pic.id}/review`, { decision: 'accept', version: 1 })).statusCode).toBe(403);
    const trail = (await admin.get(`/api/audit?entityType=evidence&entityId=${pic.id}`)).json().items.map((e: { action: string }) => e.action);
    expect(trail).toEqual(['evidence.accept', 'evidence.submit']);
  });

  it('shows completeness and overdue slots per lead unit and per area', async () => {
    const progress = (await leader.get(`/api/frameworks/${fw.id}/evidence/progress`)).json();
    const d03 = progress.byUnit.find((l: { key: number }) => l.key === units['339901-D03']);
    // A1.1.1 needs a document and a photo: the photo is accepted, the document missing and overdue.
    expect(d03).toMatchObject({ criteria: 1, required: 2, accepted: 1, missing: 1, overdue: 1, completeness: 0.5 });
    expect(progress.byArea.find((l: { key: string }) => l.key === 'A')).toMatchObject({ required: 2, accepted: 1 });
    // The handler sees its own evidence only.
    const seen = (await handler.get(`/api/frameworks/${fw.id}/evidence`)).json().items;
    expect(seen.every((e: { unit: { id: number } }) => e.unit.id === units['339901-D03'])).toBe(true);
    expect((await manager.get(`/api/frameworks/${fw.id}/evidence`)).json().total).toBe(0);
  });
});

describe('self-assessment', () => {
  it('lets the office set any status and a manager those of criteria their unit leads, with history', async () => {
    const url = (code: string) => `/api/frameworks/${fw.id}/self-assessments/${ids[code]}`;
    expect((await admin.request('PUT', url('A1.1.1'), { status: 'notMet', note: `未完成${XSS}` })).statusCode).toBe(200);
    expect((await admin.request('PUT', url('A1.1.1'), { status: 'mostlyMet', note: '整改中' })).statusCode).toBe(409); // no version
    expect((await admin.request('PUT', url('A1.1.1'), { status: 'mostlyMet', note: '整改中', version: 0 })).statusCode).toBe(200);
    expect((await manager.request('PUT', url('B1.1.1'), { status: 'met', note: '已达标' })).statusCode).toBe(200);
    expect((await manager.request('PUT', url('A1.1.1'), { status: 'met', version: 1 })).statusCode).toBe(403);
    expect((await handler.request('PUT', url('A1.1.1'), { status: 'met', version: 1 })).statusCode).toBe(403);

    const history = (await handler.get(`${url('A1.1.1')}/history`)).json().items;
    expect(history.map((h: { fromStatus: string | null; status: string }) => [h.fromStatus, h.status])).toEqual([
      [null, 'notMet'],
      ['notMet', 'mostlyMet'],
    ]);
    expect(history[0]).toMatchObject({ note: `未完成${XSS}`, actorName: '王建华 (admin)' });
    expect((await manager.get(`${url('A1.1.1')}/history`)).statusCode).toBe(404);
    await expect(t.database.db.execute(sql`update self_assessment_events set status = 'met'`)).rejects.toThrow();

    const all = (await leader.get(`/api/frameworks/${fw.id}/self-assessments`)).json();
    expect(all.summary).toMatchObject({ criteria: 9, counts: { met: 1, mostlyMet: 1, unassessed: 7 }, metOrMostlyMetShare: 0.2222 });
    const mine = (await manager.get(`/api/frameworks/${fw.id}/self-assessments`)).json();
    expect(mine.items.map((i: { code: string; canEnter: boolean }) => [i.code, i.canEnter])).toEqual([['B1.1.1', true]]);
  });
});
