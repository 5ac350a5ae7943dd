import { vi } from 'vitest';

/**
 * jsdom decodes no images and has no canvas: a stand-in createImageBitmap of the given size (null =
 * undecodable) and a canvas whose toBlob returns a small JPEG. Returns what each canvas encoded.
 */
export function stubImageDecoding(size: { width: number; height: number } | null) {
  const encoded: { width: number; height: number; type?: string; quality?: number }[] = [];
  vi.stubGlobal(
    'createImageBitmap',
    vi.fn(async () => {
      if (!size) throw new Error('not an image');
      return { ...size, close: vi.fn() };
    }),
  );
  // The <img> fallback fails as a browser's would on bytes it cannot decode (jsdom never answers).
  vi.stubGlobal(
    'Image',
    class {
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      naturalWidth = size?.width ?? 0;
      naturalHeight = size?.height ?? 0;
      set src(_url: string) {
        queueMicrotask(() => (size ? this.onload?.() : this.onerror?.()));
      }
    },
  );
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => ({ drawImage: vi.fn() }) as unknown as CanvasRenderingContext2D);
  vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation(function (this: HTMLCanvasElement, done: BlobCallback, type?: string, quality?: number) {
    encoded.push({ width: this.width, height: this.height, type, quality });
    done(new Blob([new Uint8Array(200 * 1024)], { type: type ?? 'image/png' }));
  });
  return encoded;
}
