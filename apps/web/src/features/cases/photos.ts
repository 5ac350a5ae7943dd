// Photos from phones are often 4000 px and 5 MB: shrink them in the browser before upload so a
// weak mobile connection carries a fraction of it. The server re-encodes again (and strips EXIF).

export const MAX_PHOTO_EDGE = 2560;

/** The size a w × h image gets when its longer edge is brought down to `max` (never enlarged). */
export function fitWithin(width: number, height: number, max = MAX_PHOTO_EDGE): { width: number; height: number; scaled: boolean } {
  if (!(width > 0 && height > 0)) return { width: 0, height: 0, scaled: false };
  const longer = Math.max(width, height);
  if (longer <= max) return { width, height, scaled: false };
  const ratio = max / longer;
  return {
    width: Math.max(1, Math.round(width * ratio)),
    height: Math.max(1, Math.round(height * ratio)),
    scaled: true,
  };
}

/** The upload name of a re-encoded photo: same stem, .jpg. */
export function jpegName(name: string): string {
  const stem = name.replace(/\.[^./\\]+$/, '') || 'photo';
  return `${stem}.jpg`;
}

/**
 * Downscales an image file to ≤ MAX_PHOTO_EDGE with a canvas (JPEG 0.88). Files that are small
 * enough, or that the browser cannot decode, are returned unchanged (the server decides).
 */
export async function downscalePhoto(file: File, max = MAX_PHOTO_EDGE): Promise<{ blob: Blob; name: string }> {
  if (!file.type.startsWith('image/') || typeof createImageBitmap !== 'function') return { blob: file, name: file.name };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return { blob: file, name: file.name };
  }
  try {
    const size = fitWithin(bitmap.width, bitmap.height, max);
    if (!size.scaled) return { blob: file, name: file.name };
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return { blob: file, name: file.name };
    ctx.drawImage(bitmap, 0, 0, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.88));
    return blob ? { blob, name: jpegName(file.name) } : { blob: file, name: file.name };
  } finally {
    bitmap.close();
  }
}
