import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/db';
import { drainEvents, setEventLog, subscribe, withEvents } from './domain-events';

// Test events, in the event map only for this test's program.
declare module './domain-events' {
  interface DomainEvents {
    'test.ping': { n: number };
    'test.pong': { n: number };
  }
}

const fakeDb = () => ({}) as unknown as Db;

describe('domain events', () => {
  it('delivers only after the unit of work returned (committed)', async () => {
    const db = fakeDb();
    const heard: number[] = [];
    subscribe(db, 'test.ping', (e) => void heard.push(e.n));
    await withEvents(db, async (emit) => {
      emit({ name: 'test.ping', n: 1 });
      expect(heard).toEqual([]); // not yet: still inside the work
      await Promise.resolve();
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual([1]);
  });

  it('delivers nothing when the unit of work throws (rolled back)', async () => {
    const db = fakeDb();
    const heard: number[] = [];
    subscribe(db, 'test.*', (e) => void heard.push(e.n));
    await expect(
      withEvents(db, async (emit) => {
        emit({ name: 'test.ping', n: 1 });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await drainEvents(db);
    expect(heard).toEqual([]);
  });

  it('keeps two databases (two apps) apart', async () => {
    const a = fakeDb();
    const b = fakeDb();
    const heardA: number[] = [];
    const heardB: number[] = [];
    subscribe(a, 'test.ping', (e) => void heardA.push(e.n));
    subscribe(b, 'test.ping', (e) => void heardB.push(e.n));
    await withEvents(a, async (emit) => emit({ name: 'test.ping', n: 1 }));
    await withEvents(b, async (emit) => emit({ name: 'test.ping', n: 2 }));
    expect(heardA).toEqual([1]);
    expect(heardB).toEqual([2]);
  });

  it('a failing handler is logged and neither fails the caller nor stops the others', async () => {
    const db = fakeDb();
    const log = vi.fn();
    setEventLog(db, log);
    const heard: string[] = [];
    subscribe(db, 'test.ping', () => {
      throw new Error('boom');
    });
    subscribe(db, 'test.*', (e) => void heard.push(e.name));
    const result = await withEvents(db, async (emit) => {
      emit({ name: 'test.ping', n: 1 });
      emit({ name: 'test.pong', n: 2 });
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(heard).toEqual(['test.ping', 'test.pong']);
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('matches exact names and prefixes, and unsubscribes', async () => {
    const db = fakeDb();
    const heard: string[] = [];
    const off = subscribe(db, 'test.pong', (e) => void heard.push(e.name));
    await withEvents(db, async (emit) => {
      emit({ name: 'test.ping', n: 1 });
      emit({ name: 'test.pong', n: 2 });
    });
    off();
    await withEvents(db, async (emit) => emit({ name: 'test.pong', n: 3 }));
    expect(heard).toEqual(['test.pong']);
  });

  it('drainEvents waits for deliveries still running', async () => {
    const db = fakeDb();
    let release!: () => void;
    let done = false;
    subscribe(db, 'test.ping', async () => {
      await new Promise<void>((r) => (release = r));
      done = true;
    });
    const work = withEvents(db, async (emit) => emit({ name: 'test.ping', n: 1 }));
    await new Promise((r) => setTimeout(r, 0));
    const drained = drainEvents(db).then(() => expect(done).toBe(true));
    release();
    await Promise.all([work, drained]);
  });
});
