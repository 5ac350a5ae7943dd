import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { memoryStore } from '../../platform/storage/storage';
import { PartWriter, deleteParts, partKey, readParts } from './export.file';

describe('export files in parts', () => {
  it('cuts a stream into parts and reads it back whole', async () => {
    const store = memoryStore();
    const data = randomBytes(100_000);
    const seen: number[] = [];
    const writer = new PartWriter(store, 'job', async (n) => void seen.push(n), 16_384);
    for (let i = 0; i < data.length; i += 3000) writer.write(data.subarray(i, i + 3000));
    await new Promise<void>((resolve, reject) => writer.end((err?: Error | null) => (err ? reject(err) : resolve())));
    // 3,000-byte writes fill a 16 KiB part after six of them: five parts of 18,000 bytes and the rest.
    expect(writer.parts).toBe(6);
    expect(writer.bytes).toBe(100_000);
    expect(seen).toEqual(Array.from({ length: writer.parts }, (_, i) => i + 1));
    const chunks: Buffer[] = [];
    for await (const chunk of readParts(store, 'job', writer.parts)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    await deleteParts(store, 'job', writer.parts);
    expect(await store.get(partKey('job', 0))).toBeNull();
  });

  it('fails the download when a part is missing', async () => {
    const store = memoryStore();
    await expect(async () => {
      for await (const _ of readParts(store, 'gone', 2)) void _;
    }).rejects.toThrow(/missing/);
  });
});
