import { describe, expect, it } from 'vitest';
import { MAX_PHOTO_EDGE, fitWithin, jpegName } from './photos';

describe('fitWithin', () => {
  it('brings the longer edge down to 2560 and keeps the aspect ratio', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 2560, height: 1920, scaled: true });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1920, height: 2560, scaled: true });
  });

  it('never enlarges a small photo', () => {
    expect(fitWithin(1280, 960)).toEqual({ width: 1280, height: 960, scaled: false });
    expect(fitWithin(MAX_PHOTO_EDGE, 10)).toEqual({ width: MAX_PHOTO_EDGE, height: 10, scaled: false });
  });

  it('keeps at least one pixel of a very thin panorama and rejects empty sizes', () => {
    expect(fitWithin(100_000, 10)).toEqual({ width: 2560, height: 1, scaled: true });
    expect(fitWithin(0, 100).scaled).toBe(false);
  });

  it('names the re-encoded file .jpg', () => {
    expect(jpegName('IMG_0001.HEIC')).toBe('IMG_0001.jpg');
    expect(jpegName('现场.png')).toBe('现场.jpg');
    expect(jpegName('noext')).toBe('noext.jpg');
  });
});
