import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, multipart, XSS, type Client, type TestApp } from '../../test/harness';
import { rowsOf } from '../../platform/db/db';

// The citizen loop through HTTP: a citizen reports (photo with EXIF, markup in the text, name and
// phone) → the office moderates (accept / reject / merge) → the case runs the normal workflow → the
// citizen looks it up by code; the office redacts photos and publishes on the exposure board.

let t: TestApp;
let admin: Client, handler: Client, inspector: Client, leader: Client, grid: Client;
const D03 = () => unitIds.get('339901-D03')!;
const unitIds = new Map<string, number>();
const POINT = { lon: 119.625, lat: 29.91 };
const SERVICE = 'incident-01-02';
const PHONE = '13912345678';
const NAME = '李四';

beforeAll(async () => {
  t = await createTestApp({
    loginRateLimit: { max: 1000, windowMs: 60_000 },
    citizens: { submitPerMinute: 1000, readPerMinute: 1000, open311PerMinute: 1000, open311KeyPerMinute: 1000 },
  });
  [admin, handler, inspector, leader, grid] = (await Promise.all(['admin', 'handler', 'inspector', 'leader', 'grid'].map((u) => t.login(u)))) as [
    Client,
    Client,
    Client,
    Client,
    Client,
  ];
  for (const u of (await admin.get('/api/units')).json().items as { id: number; code: string }[]) unitIds.set(u.code, u.id);
});
afterAll(() => t.close());

/** A JPEG carrying EXIF (camera data and a GPS-like comment), as phones send them. */
const exifJpeg = (color = '#c33') =>
  sharp({ create: { width: 120, height: 90, channels: 3, background: color } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneCo', Copyright: 'SECRET-EXIF-OWNER' } })
    .toBuffer();

/** A multipart body with text fields and file parts named `photo`. */
function form(fields: Record<string, string>, photos: Buffer[] = []) {
  const boundary = `----cw${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  photos.forEach((p, i) => {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p${i}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      p,
      Buffer.from('\r\n'),
    );
  });
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function report(fields: Record<string, string> = {}, photos: Buffer[] = [], headers: Record<string, string> = {}, app = t) {
  const body = form(
    { serviceCode: SERVICE, lon: String(POINT.lon), lat: String(POINT.lat), description: `路边垃圾 ${XSS}`, name: NAME, phone: PHONE, ...fields },
    photos,
  );
  return app.app.inject({ method: 'POST', url: '/api/public/reports', payload: body.payload, headers: { ...body.headers, ...headers } });
}

const lookup = (code: string) => t.app.inject({ method: 'GET', url: `/api/public/reports/${code}` });

async function queueItem(number: string) {
  const items = (await admin.get('/api/citizens/queue?pageSize=50')).json().items as {
    caseId: number;
    number: string;
    version: number;
    reporter: { name: string; phone: string };
    photos: { fileId: string; url: string }[];
    suggestions: { id: number }[];
  }[];
  return items.find((i) => i.number === number)!;
}

async function photoId(client: Client, buffer: Buffer) {
  const { payload, headers } = multipart(buffer, 'after.jpg', 'image/jpeg');
  const res = await client.request('POST', '/api/files', undefined, { payload, headers });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

describe('citizen reports', () => {
  let code = '';
  let number = '';
  let caseId = 0;

  it('a citizen reports with a photo and gets a tracking code; a retry with the same Idempotency-Key returns the same code', async () => {
    const key = 'idem-key-0123456789';
    const first = await report({}, [await exifJpeg()], { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    ({ trackingCode: code, number } = first.json());
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(first.json().trackingCodeDisplay).toBe(`${code.slice(0, 5)}-${code.slice(5)}`);
    const retry = await report({}, [await exifJpeg()], { 'idempotency-key': key });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().trackingCode).toBe(code);
    const other = await report({ description: '另一件事' }, [], { 'idempotency-key': key });
    expect(other.statusCode).toBe(409);
    const counted = rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from cases where number = ${number}`));
    expect(counted[0]!.n).toBe(1);
  });

  it('the page may propose its tracking code (confirmed offline); a taken code is replaced by the server', async () => {
    const mine = await report({ trackingCode: 'abcde-12345' });
    expect(mine.json().trackingCode).toBe('ABCDE12345');
    const again = await report({ trackingCode: 'ABCDE12345', description: '第二件' });
    expect(again.statusCode).toBe(201);
    expect(again.json().trackingCode).not.toBe('ABCDE12345');
  });

  it('refuses bad input with clear 4xx: unknown category, long or binary text, too many photos, not an image, not multipart', async () => {
    const cases: [Record<string, string>, Buffer[], number, string][] = [
      [{ serviceCode: 'incident-99-99' }, [], 400, 'serviceCode'],
      [{ description: 'x'.repeat(2001) }, [], 400, 'description'],
      [{ description: 'bin\u0001ary' }, [], 400, 'description'],
      [{ description: '' }, [], 400, 'description'],
      [{ lat: 'north' }, [], 400, 'lat'],
      [{ phone: '<script>' }, [], 400, 'phone'],
      [{}, [Buffer.from('%PDF-1.4 not a photo')], 415, ''],
    ];
    for (const [fields, photos, status, path] of cases) {
      const res = await report(fields, photos);
      expect(res.statusCode, `${JSON.stringify(fields).slice(0, 60)} ${res.body}`).toBe(status);
      if (path) expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const four = await report({}, await Promise.all([1, 2, 3, 4].map(() => exifJpeg())));
    expect(four.statusCode).toBe(400);
    expect(four.json().error.code).toBe('validation_failed');
    const json = await t.app.inject({ method: 'POST', url: '/api/public/reports', payload: { serviceCode: SERVICE } });
    expect(json.statusCode).toBe(415);
    const big = await report({}, [Buffer.concat([await exifJpeg(), Buffer.alloc(9 * 1024 * 1024)])]);
    expect(big.statusCode).toBe(413);
  });

  it('the lookup shows the public timeline without personal data; the stored photo has no EXIF', async () => {
    const res = await lookup(code.toLowerCase().replace(/(.{5})/, '$1-'));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ trackingCode: code, number, stage: 'submitted', description: `路边垃圾 ${XSS}`, serviceCode: SERVICE });
    expect(body.timeline.map((e: { stage: string }) => e.stage)).toEqual(['submitted']);
    expect(res.body).not.toContain(PHONE);
    expect(res.body).not.toContain(NAME);
    expect((await lookup('0000000000')).statusCode).toBe(404);
    expect((await lookup('not-a-code')).statusCode).toBe(404);
    const item = await queueItem(number);
    caseId = item.caseId;
    expect(item.reporter).toMatchObject({ name: NAME, phone: PHONE }); // moderators see contact data
    const img = await admin.get(item.photos[0]!.url);
    expect(img.statusCode).toBe(200);
    const meta = await sharp(img.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(img.rawPayload.includes(Buffer.from('SECRET-EXIF-OWNER'))).toBe(false);
    // Personal data never reaches the case, the audit trail or the office's case detail.
    const detail = (await admin.get(`/api/cases/${caseId}`)).body;
    expect(detail).not.toContain(PHONE);
    const audit = rowsOf<{ after: unknown }>(await t.database.db.execute(sql`select after from audit_log`));
    expect(JSON.stringify(audit)).not.toContain(PHONE);
  });

  it('the office accepts, dispatches; the handler rectifies with an after-photo; verified → the citizen sees closed with the after-photo (no EXIF)', async () => {
    const item = await queueItem(number);
    expect((await inspector.post(`/api/citizens/reports/${caseId}/accept`, { version: item.version })).statusCode).toBe(403);
    const accepted = await admin.post(`/api/citizens/reports/${caseId}/accept`, { version: item.version });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().state).toBe('accepted');
    const dispatched = await admin.post(`/api/cases/${caseId}/actions/dispatch`, { version: accepted.json().version, responsibleUnitId: D03() });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    const after = await photoId(handler, await exifJpeg('#3a3'));
    const fixed = await handler.post(`/api/cases/${caseId}/actions/submitRectification`, {
      version: dispatched.json().version,
      afterPhotoIds: [after],
      note: '内部备注：已清运',
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const closed = await inspector.post(`/api/cases/${caseId}/actions/verifyPass`, { version: fixed.json().version });
    expect(closed.statusCode, closed.body).toBe(200);
    const body = (await lookup(code)).json();
    expect(body.stage).toBe('closed');
    expect(body.timeline.map((e: { stage: string }) => e.stage)).toEqual(['submitted', 'accepted', 'dispatched', 'fixed', 'closed']);
    expect(body.timeline[2].text).toBe('县综合行政执法局');
    expect(JSON.stringify(body)).not.toContain('内部备注');
    expect(body.afterPhotos).toHaveLength(1);
    const img = await t.app.inject({ method: 'GET', url: body.afterPhotos[0].url });
    expect(img.statusCode).toBe(200);
    expect((await sharp(img.rawPayload).metadata()).exif).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: body.afterPhotos[0].thumbUrl })).statusCode).toBe(200);
    // The citizen's own before-photo is not public.
    const before = (await queueItem(number))?.photos ?? [];
    expect(before).toHaveLength(0);
    const beforeFile = rowsOf<{ file_id: string }>(
      await t.database.db.execute(sql`select file_id from case_photos where case_id = ${caseId} and phase = 'before'`),
    )[0]!.file_id;
    expect((await t.app.inject({ method: 'GET', url: `/api/public/reports/${code}/photos/${beforeFile}` })).statusCode).toBe(404);
  });

  it('recent reports nearby: moderated only, approximate points, no codes or contact data, paged', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/public/reports?lon=${POINT.lon}&lat=${POINT.lat}&radius=500` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((i: { number: string }) => i.number)).toEqual([number]); // the others are unmoderated
    expect(body.items[0]).toMatchObject({ stage: 'closed', lon: 119.625, lat: 29.91, description: `路边垃圾 ${XSS}` });
    expect(body.items[0].afterPhoto.url).toMatch(/^\/api\/public\/cases\//);
    expect((await t.app.inject({ method: 'GET', url: body.items[0].afterPhoto.url })).statusCode).toBe(200);
    expect(res.body).not.toContain(code);
    expect(res.body).not.toContain(PHONE);
    const far = await t.app.inject({ method: 'GET', url: '/api/public/reports?lon=120.5&lat=30.5&radius=500' });
    expect(far.json().total).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/reports?lon=200&lat=30' })).statusCode).toBe(400);
  });

  it('reject with a public reason; merge a duplicate into a nearby open case (suggested), shown on both timelines', async () => {
    const r1 = (await report({ description: `不是问题 ${XSS}` })).json();
    const q1 = await queueItem(r1.number);
    const rejected = await admin.post(`/api/citizens/reports/${q1.caseId}/reject`, { version: q1.version, reason: `不属于创文范围 ${XSS}` });
    expect(rejected.statusCode).toBe(200);
    const pub = (await lookup(r1.trackingCode)).json();
    expect(pub.stage).toBe('rejected');
    expect(pub.timeline.at(-1)).toMatchObject({ stage: 'rejected', text: `不属于创文范围 ${XSS}` });

    // An open case (accepted) nearby, then a second report of the same thing.
    const original = (await report({ description: '原始举报' })).json();
    const qo = await queueItem(original.number);
    await admin.post(`/api/citizens/reports/${qo.caseId}/accept`, { version: qo.version });
    const dup = (await report({ description: '同一堆垃圾', lon: String(POINT.lon + 0.0005) })).json();
    const qd = await queueItem(dup.number);
    expect(qd.suggestions.map((s) => s.id)).toContain(qo.caseId);
    const merged = await admin.post(`/api/citizens/reports/${qd.caseId}/merge`, { version: qd.version, duplicateOfCaseId: qo.caseId });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().state).toBe('rejected');
    const pd = (await lookup(dup.trackingCode)).json();
    expect(pd).toMatchObject({ stage: 'merged', duplicateOf: { number: original.number, stage: 'accepted' } });
    expect(pd.timeline.at(-1).text).toContain(original.number);
    const target = (await admin.get(`/api/cases/${qo.caseId}`)).json();
    expect(target.events.at(-1)).toMatchObject({ action: 'comment', note: expect.stringContaining(dup.number) });
    const self = await admin.post(`/api/citizens/reports/${q1.caseId}/merge`, { version: 2, duplicateOfCaseId: q1.caseId });
    expect(self.statusCode).toBe(400);
  });

  it('statistics: volume by category and area, share accepted, medians', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const res = await leader.get(`/api/citizens/stats?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.total).toBeGreaterThanOrEqual(6);
    expect(s).toMatchObject({ accepted: 2, rejected: 1, merged: 1, closed: 1 });
    expect(s.acceptedShare).toBe(0.5);
    expect(s.medianFirstResponseHours).toBeGreaterThanOrEqual(0);
    expect(s.medianClosureHours).toBeGreaterThanOrEqual(0);
    expect(s.byCategory[0]).toMatchObject({ categoryCode: '01', subcategoryCode: '02', count: s.total });
    expect(s.byArea[0].unitName).toBe('城关街道');
    expect((await grid.get(`/api/citizens/stats?from=${from}&to=${to}`)).statusCode).toBe(403);
  });

  it('per-IP rate limit on submissions: 429 with Retry-After', async () => {
    const small = await createTestApp({ citizens: { submitPerMinute: 1, readPerMinute: 2, open311PerMinute: 2, open311KeyPerMinute: 60 } });
    try {
      expect((await report({}, [], {}, small)).statusCode).toBe(201);
      const res = await report({}, [], {}, small);
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.json().error.code).toBe('rate_limited');
      for (let i = 0; i < 2; i++) await small.app.inject({ method: 'GET', url: '/api/public/categories' });
      expect((await small.app.inject({ method: 'GET', url: '/api/public/categories' })).statusCode).toBe(429);
    } finally {
      await small.close();
    }
  });

  it('redaction makes a blurred public copy; the exposure board publishes only redacted copies, withdraws, audits', async () => {
    const res = await report({ description: `乱扔垃圾 ${XSS}` }, [await exifJpeg('#88f')]);
    const { number: n2 } = res.json();
    const q = await queueItem(n2);
    await admin.post(`/api/citizens/reports/${q.caseId}/accept`, { version: q.version });
    const photos = (await admin.get(`/api/citizens/cases/${q.caseId}/photos`)).json().items as { fileId: string; redaction: unknown }[];
    expect(photos).toHaveLength(1);
    expect(photos[0]!.redaction).toBeNull();
    const publishBody = {
      caseId: q.caseId,
      title: `曝光：乱扔垃圾 ${XSS}`,
      summary: `已责令清理 ${XSS}`,
      address: '人民路',
      photoFileIds: [photos[0]!.fileId],
    };
    const early = await admin.post('/api/exposures', publishBody);
    expect(early.statusCode).toBe(400);
    expect(early.json().error.code).toBe('validation_failed');
    const red = await admin.post(`/api/citizens/cases/${q.caseId}/photos/${photos[0]!.fileId}/redact`, {
      regions: [{ x: 0.1, y: 0.1, w: 0.5, h: 0.5 }],
      mode: 'fill',
    });
    expect(red.statusCode, red.body).toBe(200);
    const copy = await admin.get(red.json().url);
    expect(copy.statusCode).toBe(200);
    const { data } = await sharp(copy.rawPayload).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [...data.subarray((y * 120 + x) * 3, (y * 120 + x) * 3 + 3)];
    expect(Math.max(...px(30, 25))).toBeLessThan(30); // filled black
    expect(px(110, 85)[2]).toBeGreaterThan(200); // untouched blue-ish corner

    expect((await handler.post('/api/exposures', publishBody)).statusCode).toBe(403);
    const published = await admin.post('/api/exposures', publishBody);
    expect(published.statusCode, published.body).toBe(201);
    expect((await admin.post('/api/exposures', publishBody)).statusCode).toBe(409);
    const feed = (await t.app.inject({ method: 'GET', url: '/api/public/exposures' })).json();
    expect(feed.items[0]).toMatchObject({ title: `曝光：乱扔垃圾 ${XSS}`, summary: `已责令清理 ${XSS}`, stage: 'accepted', categoryName: expect.any(String) });
    expect(feed.categories[0]).toMatchObject({ categoryCode: '01', count: 1 });
    const url = feed.items[0].photos[0].url as string;
    expect(url).toContain(red.json().redactedFileId);
    expect(url).not.toContain(photos[0]!.fileId);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/public/exposures/${feed.items[0].id}/photos/${photos[0]!.fileId}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/exposures?nature=incident&categoryCode=99' })).json().total).toBe(0);

    const withdrawn = await admin.post(`/api/exposures/${feed.items[0].id}/withdraw`, { reason: '已整改完毕' });
    expect(withdrawn.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/exposures' })).json().total).toBe(0);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    const office = (await admin.get('/api/exposures?status=all')).json();
    expect(office.items[0]).toMatchObject({ withdrawReason: '已整改完毕' });
    const audit = rowsOf<{ action: string }>(await t.database.db.execute(sql`select action from audit_log where entity_type = 'exposure' order by id`));
    expect(audit.map((a) => a.action)).toEqual(['exposure.publish', 'exposure.withdraw']);
  });
});
