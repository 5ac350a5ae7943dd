// Photos are downscaled in the browser before they are queued or travel: the long edge to at most
// MAX_EDGE px, JPEG quality 0.8 — a 12-megapixel picture of ~4 MB becomes ~300 KB, which matters on a
// weak 4G link, in a phone's storage while offline, and on an office line with a 19 MB original.
// Drawing to a canvas also drops EXIF (GPS included); the server re-encodes again anyway.
// One module for the field page, the citizens' page and the office's PhotoUploader: no UI library
// here, so the phone bundles stay small.

/** The phones' edge; the office keeps more detail (OFFICE_MAX_EDGE, the server's own cap). */
export const MAX_EDGE = 1600;
export const OFFICE_MAX_EDGE = 2560;
const QUALITY = 0.8;

/** The size a w × h image gets when its longer edge is brought down to `max` (never enlarged). */
export function fitWithin(width: number, height: number, max = MAX_EDGE): { width: number; height: number; scaled: boolean } {
  if (!(width > 0 && height > 0)) return { width: 0, height: 0, scaled: false };
  const longer = Math.max(width, height);
  if (longer <= max) return { width, height, scaled: false };
  const ratio = max / longer;
  return { width: Math.max(1, Math.round(width * ratio)), height: Math.max(1, Math.round(height * ratio)), scaled: true };
}

/** The upload name of a re-encoded photo: same stem, .jpg. */
export function jpegName(name: string): string {
  const stem = name.replace(/\.[^./\\]+$/, '') || 'photo';
  return `${stem}.jpg`;
}

type Decoded = { width: number; height: number; draw: (ctx: CanvasRenderingContext2D, w: number, h: number) => void; close: () => void };

/**
 * The photo re-encoded as JPEG with its long edge ≤ `maxEdge`, whatever its size in pixels or bytes
 * (a large original within the edge still shrinks, and loses its EXIF). A file the browser cannot
 * decode is returned unchanged: the server judges it by its bytes.
 */
export async function downscale(file: Blob, maxEdge = MAX_EDGE): Promise<Blob> {
  const source = await decode(file);
  if (!source) return file;
  try {
    const size = fitWithin(source.width, source.height, maxEdge);
    if (!size.width) return file;
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return file;
    source.draw(ctx, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    return blob ?? file;
  } finally {
    source.close();
  }
}

/** downscale() with the name the upload should carry (.jpg when re-encoded). */
export async function downscaleFile(file: File, maxEdge = MAX_EDGE): Promise<{ blob: Blob; name: string }> {
  const blob = await downscale(file, maxEdge);
  return { blob, name: blob === file ? file.name : jpegName(file.name) };
}

async function decode(file: Blob): Promise<Decoded | null> {
  if (typeof createImageBitmap === 'function') {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' }).catch(() => null);
    if (bitmap) return { width: bitmap.width, height: bitmap.height, draw: (ctx, w, h) => ctx.drawImage(bitmap, 0, 0, w, h), close: () => bitmap.close() };
  }
  // Older WebViews: an <img> decodes what createImageBitmap would not.
  if (typeof URL.createObjectURL !== 'function') return null;
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve({ width: img.naturalWidth, height: img.naturalHeight, draw: (ctx, w, h) => ctx.drawImage(img, 0, 0, w, h), close: () => undefined });
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      resolve(null);
    };
    img.src = url;
  });
}
