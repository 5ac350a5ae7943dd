import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_EDGE, OFFICE_MAX_EDGE, downscale, downscaleFile, fitWithin, jpegName } from './downscale';
import { stubImageDecoding } from './downscale.stub';

afterEach(() => vi.unstubAllGlobals());

describe('fitWithin', () => {
  it('keeps the long edge at most 1600 px on phones (2560 in the office) and the aspect ratio', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200, scaled: true });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600, scaled: true });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600, scaled: false });
    expect(fitWithin(4032, 3024, OFFICE_MAX_EDGE)).toEqual({ width: 2560, height: 1920, scaled: true });
    expect(fitWithin(3000, 4000, OFFICE_MAX_EDGE)).toEqual({ width: 1920, height: 2560, scaled: true });
  });

  it('never enlarges a small photo', () => {
    expect(fitWithin(1280, 960)).toEqual({ width: 1280, height: 960, scaled: false });
    expect(fitWithin(MAX_EDGE, 10)).toEqual({ width: MAX_EDGE, height: 10, scaled: false });
  });

  it('keeps at least one pixel of a very thin panorama and rejects empty sizes', () => {
    expect(fitWithin(100_000, 10, OFFICE_MAX_EDGE)).toEqual({ width: 2560, height: 1, scaled: true });
    expect(fitWithin(0, 100).scaled).toBe(false);
  });

  it('names the re-encoded file .jpg', () => {
    expect(jpegName('IMG_0001.HEIC')).toBe('IMG_0001.jpg');
    expect(jpegName('现场.png')).toBe('现场.jpg');
    expect(jpegName('noext')).toBe('noext.jpg');
  });
});

describe('downscale', () => {
  it('re-encodes a large original even when its edges are within the limit', async () => {
    const canvases = stubImageDecoding({ width: 1500, height: 1000 });
    const original = new File([new Uint8Array(19 * 1024 * 1024)], 'scan.png', { type: 'image/png' });
    const { blob, name } = await downscaleFile(original, OFFICE_MAX_EDGE);
    expect(blob).not.toBe(original);
    expect(blob.type).toBe('image/jpeg');
    expect(blob.size).toBeLessThan(1024 * 1024);
    expect(name).toBe('scan.jpg');
    expect(canvases[0]).toMatchObject({ width: 1500, height: 1000, type: 'image/jpeg', quality: 0.8 });
  });

  it('brings the long edge down; a file the browser cannot decode goes unchanged (the server judges it)', async () => {
    const canvases = stubImageDecoding({ width: 4000, height: 3000 });
    await downscale(new Blob([new Uint8Array(10)], { type: 'image/jpeg' }));
    expect(canvases[0]).toMatchObject({ width: 1600, height: 1200 });
    stubImageDecoding(null);
    const pdf = new File(['%PDF-1.4'], 'x.jpg', { type: 'image/jpeg' });
    expect(await downscaleFile(pdf)).toEqual({ blob: pdf, name: 'x.jpg' });
  });
});
