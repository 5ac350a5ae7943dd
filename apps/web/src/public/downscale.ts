// Photos are downscaled on the phone before they wait in the outbox or travel: the longest edge to
// 1600 px, JPEG 0.8 (a 12-megapixel photo of 4 MB becomes ~300 KB). Drawing to a canvas also drops
// EXIF (GPS included); the server re-encodes again anyway.
export const MAX_EDGE = 1600;

export async function downscale(file: Blob, maxEdge = MAX_EDGE): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, maxEdge / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), 'image/jpeg', 0.8));
}
