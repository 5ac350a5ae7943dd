import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import type { Executor } from '../db/db';
import { SessionStore, hashToken } from './session';

let t: TestApp;
let token: string;
let selects = 0;
// The store's executor, counting the queries it starts.
const counting = () =>
  new Proxy(t.database.db, {
    get(target, key, receiver) {
      if (key === 'select') selects++;
      return Reflect.get(target, key, receiver);
    },
  }) as Executor;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await createTestApp();
  token = (await t.login('leader')).session!;
});
afterAll(() => t.close());

describe('session cache', () => {
  it('loads a session once for a burst of concurrent requests', async () => {
    const store = new SessionStore(counting, 5_000);
    selects = 0;
    const answers = await Promise.all(Array.from({ length: 20 }, () => store.actorFor(token)));
    expect(new Set(answers.map((a) => a.actor))).toHaveProperty('size', 1);
    expect(answers[0]!.actor?.username).toBe('leader');
    expect(selects).toBe(3); // session, user, grants: one load
    expect(store.cached(token)?.actor).toBe(answers[0]!.actor);
  });

  it('reloads a session in use before its entry expires, so it never misses', async () => {
    // 1.5 s entries, reloaded in their last 300 ms: room for a slow query on a busy CI machine.
    const store = new SessionStore(counting, 1_500);
    await store.actorFor(token);
    selects = 0;
    for (let elapsed = 0; elapsed < 4_000; elapsed += 100) {
      expect(store.cached(token), `after ${elapsed} ms`).toBeDefined();
      await sleep(100);
    }
    expect(selects).toBeGreaterThanOrEqual(6); // at least two reloads
    // Unused, it expires.
    await sleep(1_600);
    expect(store.cached(token)).toBeUndefined();
  });

  it('does not keep what a load read when the session was evicted meanwhile', async () => {
    const store = new SessionStore(counting, 5_000);
    const pending = store.actorFor(token);
    store.forgetToken(hashToken(token)); // e.g. logout while the load is in flight
    await pending;
    expect(store.cached(token)).toBeUndefined();
    // A request after the eviction starts its own load instead of joining the old one.
    selects = 0;
    await store.actorFor(token);
    expect(selects).toBe(3);
    expect(store.cached(token)).toBeDefined();
  });
});
