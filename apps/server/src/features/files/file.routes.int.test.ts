import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createTestApp, multipart, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client;
let handler: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  handler = await t.login('handler');
});
afterAll(() => t.close());

const upload = (c: Client, buffer: Buffer, name: string, type = 'image/jpeg', query = '') => {
  const { payload, headers } = multipart(buffer, name, type);
  return c.request('POST', `/api/files${query}`, undefined, { payload, headers });
};

async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'FieldCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 0/1 0/1' } })
    .toBuffer();
}

describe('uploads', () => {
  it('re-encodes a photo: EXIF (and GPS) gone, longest edge capped, thumbnail made', async () => {
    const original = await photoWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await upload(admin, original, 'street<script>.jpg');
    expect(res.statusCode).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({ kind: 'photo', contentType: 'image/jpeg', width: 2560, hasThumbnail: true });
    const body = (await admin.get(file.url)).rawPayload;
    const meta = await sharp(body).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.width).toBe(2560);
    const thumb = await admin.get(file.thumbUrl);
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(320);
  });

  it('judges the type by the bytes, not the name or the declared type', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const asJpg = await upload(admin, png, 'photo.jpg', 'image/jpeg');
    expect(asJpg.statusCode).toBe(201);
    const text = await upload(admin, Buffer.from('<html><script>alert(1)</script></html>'), 'evil.jpg', 'image/jpeg');
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('file_unsupported');
  });

  it('refuses a corrupt image and stores nothing', async () => {
    const good = await photoWithGps();
    const broken = Buffer.concat([good.subarray(0, 200), Buffer.alloc(500, 7)]);
    const res = await upload(admin, broken, 'broken.jpg');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('image_corrupt');
  });

  it('refuses files over the size limit with 413', async () => {
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(21 * 1024 * 1024)]);
    const res = await upload(admin, huge, 'huge.jpg');
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('names the real per-file limit (20 MiB, not the 1 MiB body limit) in the caller’s language', async () => {
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(21 * 1024 * 1024)]);
    const zh = await upload(admin, huge, 'huge.jpg');
    expect(zh.json().error.message).toBe('文件过大（每个文件上限 20 MiB）');
    admin.lang = 'en';
    const en = await upload(admin, huge, 'huge.jpg');
    admin.lang = 'zh-CN';
    expect(en.statusCode).toBe(413);
    expect(en.json().error.message).toBe('The file is too large (limit 20 MiB per file)');
  });

  it('keeps files private to the uploader and the units they belong to', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const units = (await admin.get('/api/units')).json().items;
    const town = units.find((u: { code: string }) => u.code === '339901001');
    const file = (await upload(admin, png, 'x.png', 'image/png', `?unitId=${town.id}`)).json();
    expect((await handler.get(file.url)).statusCode).toBe(404);
    expect((await (await t.login('manager')).get(file.url)).statusCode).toBe(200);
    expect((await (await t.login('leader')).get(file.url)).statusCode).toBe(200);
  });
});
