import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db/db';
import { createTestApp, multipart, signIn, uploadPhoto, XSS, type Client, type TestApp } from '../../test/harness';

// What a reporter may put into a new case (issue #18): photos that are images by their bytes, the
// source their role records, a place within their area, and one body per Idempotency-Key.

let t: TestApp;
let admin: Client, inspector: Client, grid: Client, handler: Client;
const unitIds = new Map<string, number>();

beforeAll(async () => {
  t = await createTestApp({ loginRateLimit: { max: 1000, windowMs: 60_000 } });
  [admin, inspector, grid, handler] = (await Promise.all(['admin', 'inspector', 'grid', 'handler'].map((u) => t.login(u)))) as [Client, Client, Client, Client];
  for (const u of (await admin.get('/api/units')).json().items as { id: number; code: string }[]) unitIds.set(u.code, u.id);
});
afterAll(() => t.close());

// 文昌社区 (339901001001, the grid worker's community) in 城关街道; 东城街道 is the next town east.
const WENCHANG = { lon: 119.625, lat: 29.91 };
const DONGCHENG = { lon: 119.75, lat: 29.92 };
// A real PDF header: the sniffer calls it a document, whatever the name says.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

const body = (overrides: Record<string, unknown> = {}) => ({
  nature: 'incident',
  categoryCode: '01',
  subcategoryCode: '02',
  ...WENCHANG,
  address: `人民路 ${XSS}`,
  description: `垃圾 ${XSS}`,
  ...overrides,
});

async function uploadAs(client: Client, buffer: Buffer, name: string, query = '') {
  const { payload, headers } = multipart(buffer, name, 'image/jpeg');
  return client.request('POST', `/api/files${query}`, undefined, { payload, headers });
}

async function userWith(username: string, roleCode: string, unitCode: string): Promise<Client> {
  const unitId = unitIds.get(unitCode)!;
  const res = await admin.post('/api/users', { username, name: username, unitId, password: 'Temp2026pass' });
  expect(res.statusCode, res.body).toBe(201);
  await t.database.db.execute(sql`insert into user_grants (user_id, role_code, unit_id) values (${res.json().id}, ${roleCode}, ${unitId})`);
  const client = await signIn(t.app, username, 'Temp2026pass');
  expect((await client.post('/api/auth/password', { currentPassword: 'Temp2026pass', newPassword: 'Works2026pass' })).statusCode).toBe(200);
  return client;
}

describe('photos are images by their bytes', () => {
  it('refuses a PDF renamed .jpg as a before-photo (415, kinds named in the caller’s language); an image is fine', async () => {
    const pdf = await uploadAs(inspector, PDF, 'scene.jpg');
    expect(pdf.statusCode, pdf.body).toBe(201); // a document upload as such is allowed (attachments)
    expect(pdf.json()).toMatchObject({ kind: 'document', contentType: 'application/pdf' });
    const refused = await inspector.post('/api/cases', body({ beforePhotoIds: [pdf.json().id] }));
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error).toMatchObject({
      code: 'file_unsupported',
      message: '不支持的文件类型（按文件内容识别），允许：照片（JPEG、PNG、WebP、GIF）',
      details: [{ path: 'beforePhotoIds.0' }],
    });
    inspector.lang = 'en';
    const english = await inspector.post('/api/cases', body({ beforePhotoIds: [await uploadPhoto(inspector), pdf.json().id] }));
    inspector.lang = 'zh-CN';
    expect(english.statusCode).toBe(415);
    expect(english.json().error.message).toBe('Unsupported file type (judged by its content); accepted: photos (JPEG, PNG, WebP, GIF)');
    expect(english.json().error.details[0].path).toBe('beforePhotoIds.1');
    const [{ n }] = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from case_photos where file_id = ${pdf.json().id}::uuid`),
    ) as [{ n: number }];
    expect(n).toBe(0);
    expect((await inspector.post('/api/cases', body({ beforePhotoIds: [await uploadPhoto(inspector)] }))).statusCode).toBe(201);
  });

  it('a photo field’s upload (kind=photo) refuses the PDF at once; documents are refused only where photos are expected', async () => {
    const res = await uploadAs(inspector, PDF, 'scene.jpg', '?kind=photo');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message).toBe('不支持的文件类型（按文件内容识别），允许：照片（JPEG、PNG、WebP、GIF）');
    const any = await uploadAs(inspector, Buffer.from('<html></html>'), 'x.jpg');
    expect(any.json().error.message).toBe('不支持的文件类型（按文件内容识别），允许：照片（JPEG、PNG、WebP、GIF）、文档（PDF、Word）、表格（Excel）');
  });

  it('refuses a PDF as an after-photo of a rectification, and accepts it as an attachment', async () => {
    const c = (await inspector.post('/api/cases', body())).json();
    let v = (await admin.post(`/api/cases/${c.id}/actions/accept`, { version: c.version })).json();
    v = (await admin.post(`/api/cases/${c.id}/actions/dispatch`, { version: v.version, responsibleUnitId: unitIds.get('339901-D03') })).json();
    v = (await handler.post(`/api/cases/${c.id}/actions/startRectification`, { version: v.version })).json();
    const pdf = (await uploadAs(handler, PDF, 'after.jpg')).json().id as string;
    const refused = await handler.post(`/api/cases/${c.id}/actions/submitRectification`, { version: v.version, afterPhotoIds: [pdf] });
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error).toMatchObject({ code: 'file_unsupported', details: [{ path: 'afterPhotoIds.0' }] });
    const done = await handler.post(`/api/cases/${c.id}/actions/submitRectification`, {
      version: v.version,
      afterPhotoIds: [await uploadPhoto(handler)],
      attachmentIds: [pdf],
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().state).toBe('awaitingVerification');
  });
});

describe('the source follows the reporter’s role', () => {
  it('defaults each reporter’s source and refuses one their role may not record (422)', async () => {
    expect((await grid.post('/api/cases', body())).json().source).toBe('gridPatrol');
    expect((await inspector.post('/api/cases', body())).json().source).toBe('inspection');
    const leader = await grid.post('/api/cases', body({ source: 'leader' }));
    expect(leader.statusCode).toBe(422);
    expect(leader.json().error).toMatchObject({
      code: 'case_source_forbidden',
      message: '您的角色不能以“领导交办”为来源上报问题，可选来源：网格巡查',
      details: [{ path: 'source' }],
    });
    expect((await grid.post('/api/cases', body({ source: 'inspection' }))).statusCode).toBe(422);
    expect((await inspector.post('/api/cases', body({ source: 'thirdParty' }))).statusCode).toBe(422);
    // The office records what reaches its intake; citizens' reports come only through their channel.
    expect((await admin.post('/api/cases', body({ source: 'leader' }))).json()).toMatchObject({ source: 'leader' });
    const citizen = await admin.post('/api/cases', body({ source: 'citizen' }));
    expect(citizen.statusCode).toBe(422);
    expect(citizen.json().error.code).toBe('case_source_forbidden');
  });
});

describe('the place lies in the reporter’s area', () => {
  it('a grid worker reports only within its community (422 with field errors on lon and lat)', async () => {
    const outside = await grid.post('/api/cases', body({ ...DONGCHENG }));
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error).toMatchObject({ code: 'case_outside_scope', message: '位置不在您的上报范围（文昌社区）内，请在本辖区内选点上报' });
    expect(outside.json().error.details.map((d: { path: string }) => d.path)).toEqual(['lon', 'lat']);
    grid.lang = 'en';
    const english = await grid.post('/api/cases', body({ lon: 119.64, lat: 29.96 })); // 城关 but the next community
    grid.lang = 'zh-CN';
    expect(english.json().error.message).toBe('The location is outside the area you report in (文昌社区); pick a point within it');
    expect((await grid.post('/api/cases', body({ lon: 119.64, lat: 29.94 }))).statusCode).toBe(201);
  });

  it('a role with case.createAnywhere reports across the county; the same grant without it stays in its town', async () => {
    const townInspector = await userWith('town.inspector', 'inspector', '339901001');
    expect((await townInspector.post('/api/cases', body({ ...DONGCHENG }))).statusCode).toBe(201);
    await t.database.db.execute(sql`insert into roles (code, permissions, is_system) values ('townReporter', array['case.view', 'case.create'], false)`);
    const townReporter = await userWith('town.reporter', 'townReporter', '339901001');
    const refused = await townReporter.post('/api/cases', body({ ...DONGCHENG }));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toBe('位置不在您的上报范围（城关街道）内，请在本辖区内选点上报');
    expect((await townReporter.post('/api/cases', body({ lon: 119.68, lat: 29.98 }))).json()).toMatchObject({ source: 'gridPatrol' });
  });
});

describe('Idempotency-Key', () => {
  it('the same key with the same body replays the case (200); with another body it is a 409', async () => {
    const key = `staff-retry-${Date.now()}`;
    const headers = { 'idempotency-key': key };
    const first = await inspector.request('POST', '/api/cases', body(), { headers });
    const again = await inspector.request('POST', '/api/cases', body(), { headers });
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json().id).toBe(first.json().id);
    const other = await inspector.request('POST', '/api/cases', body({ description: '另一个问题' }), { headers });
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'idempotency_mismatch', message: '该 Idempotency-Key 已用于另一份内容不同的上报，请换一个新的 Key' });
    // The source left out resolves to the same default: still the same request.
    const explicit = await inspector.request('POST', '/api/cases', body({ source: 'inspection' }), { headers });
    expect(explicit.statusCode).toBe(200);
    // Another reporter's same key is their own.
    expect((await grid.request('POST', '/api/cases', body({ description: '另一个问题' }), { headers })).statusCode).toBe(201);
  });
});
