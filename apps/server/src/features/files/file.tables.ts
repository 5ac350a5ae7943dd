import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { FILE_KINDS } from './file.sniff';

// Every upload, after sniffing and (for photos) re-encoding. Features refer to files by id.
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: FILE_KINDS }).notNull(),
    originalName: text('original_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    width: integer('width'),
    height: integer('height'),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    thumbKey: text('thumb_key'),
    hadExif: boolean('had_exif').notNull().default(false),
    unitId: integer('unit_id'),
    uploadedBy: integer('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('files_unit_idx').on(t.unitId), index('files_uploader_idx').on(t.uploadedBy)],
);
