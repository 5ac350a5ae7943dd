import { Readable, Writable } from 'node:stream';
import type { BlobStore } from '../../platform/storage/storage';

// An export file lives in the BlobStore as numbered parts of PART_BYTES each (the last one
// shorter), like an S3 multipart upload: the writer never holds more than one part, the download
// streams part after part, and any replica can serve it. The store's put is write-then-rename, so
// a part is either whole or absent.

export const PART_BYTES = 4 * 1024 * 1024;

export const partKey = (jobId: string, index: number) => `exports/${jobId}/part-${String(index + 1).padStart(6, '0')}`;

/** A writable that cuts what it receives into parts and stores each one before taking more (back-pressure). */
export class PartWriter extends Writable {
  private chunks: Buffer[] = [];
  private buffered = 0;
  parts = 0;
  bytes = 0;

  constructor(
    private store: BlobStore,
    private jobId: string,
    private onPart: (parts: number) => Promise<void> = async () => {},
    private partBytes = PART_BYTES,
  ) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.bytes += chunk.length;
    if (this.buffered < this.partBytes) return done();
    this.flushPart().then(() => done(), done);
  }

  override _final(done: (err?: Error | null) => void): void {
    (this.buffered > 0 || this.parts === 0 ? this.flushPart() : Promise.resolve()).then(() => done(), done);
  }

  private async flushPart() {
    const data = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [];
    this.buffered = 0;
    await this.store.put(partKey(this.jobId, this.parts), data, 'application/octet-stream');
    this.parts += 1;
    await this.onPart(this.parts);
  }
}

/** The stored file as one stream, reading one part at a time. */
export function readParts(store: BlobStore, jobId: string, parts: number): Readable {
  let index = 0;
  return new Readable({
    async read() {
      if (index >= parts) return void this.push(null);
      try {
        const data = await store.get(partKey(jobId, index));
        if (!data) throw new Error(`export ${jobId}: part ${index + 1} of ${parts} is missing`);
        index += 1;
        this.push(data);
      } catch (err) {
        this.destroy(err as Error);
      }
    },
  });
}

export async function deleteParts(store: BlobStore, jobId: string, parts: number): Promise<void> {
  for (let i = 0; i < parts; i++) await store.delete(partKey(jobId, i));
}
