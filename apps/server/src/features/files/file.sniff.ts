import { fileTypeFromBuffer } from 'file-type';

export const FILE_KINDS = ['photo', 'document', 'table'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

// What each kind accepts, by the bytes' own signature (never the name or the declared type).
const ACCEPTED: Record<string, FileKind> = {
  'image/jpeg': 'photo',
  'image/png': 'photo',
  'image/webp': 'photo',
  'image/gif': 'photo',
  'application/pdf': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/x-cfb': 'document', // legacy .doc / .xls
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'table',
};

export const PHOTO_TYPES = Object.keys(ACCEPTED).filter((m) => ACCEPTED[m] === 'photo');

/** The real type of the bytes, or null when we do not accept it. */
export async function sniff(buffer: Buffer): Promise<{ mime: string; ext: string; kind: FileKind } | null> {
  const found = await fileTypeFromBuffer(buffer);
  if (!found) return null;
  const kind = ACCEPTED[found.mime];
  return kind ? { mime: found.mime, ext: found.ext, kind } : null;
}
