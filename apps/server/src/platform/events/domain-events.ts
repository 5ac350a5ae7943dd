import type { Db } from '../db/db';

// Domain events: a feature emits `{ name, ...payload }` (the name is the audit action it records,
// e.g. 'case.dispatch') inside its unit of work; other features' handlers run only after that work
// committed, and not at all if it threw. One bus per database handle, so several apps in one
// process (tests build many) never hear each other. A failing handler is logged, never rethrown.

/** Every event by name with its payload; features add theirs by declaration merging. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}

export type EventName = keyof DomainEvents & string;
export type DomainEvent<N extends EventName = EventName> = N extends EventName ? { name: N } & DomainEvents[N] : never;
/** An exact name, or a prefix ending in `*` ('case.*'). */
export type EventPattern = EventName | `${string}*`;
/** The events a pattern matches. */
export type EventOf<P extends string> = P extends `${infer Prefix}*`
  ? DomainEvent<Extract<EventName, `${Prefix}${string}`>>
  : P extends EventName
    ? DomainEvent<P>
    : never;

export type Emit = (event: DomainEvent) => void;
type Handler = { pattern: string; handle: (event: DomainEvent) => Promise<void> | void };
type Bus = { handlers: Set<Handler>; pending: Set<Promise<void>>; log: (msg: string, err: unknown) => void };

const buses = new WeakMap<object, Bus>();

function busOf(db: Db): Bus {
  let bus = buses.get(db);
  if (!bus) {
    bus = { handlers: new Set(), pending: new Set(), log: (msg, err) => console.error(msg, err) };
    buses.set(db, bus);
  }
  return bus;
}

export const matches = (pattern: string, name: string) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name);

/** Handles the matching events of this database's units of work, after they commit. Returns the unsubscribe. */
export function subscribe<P extends EventPattern>(db: Db, pattern: P, handle: (event: EventOf<P>) => Promise<void> | void): () => void {
  const bus = busOf(db);
  const handler: Handler = { pattern, handle: handle as Handler['handle'] };
  bus.handlers.add(handler);
  return () => void bus.handlers.delete(handler);
}

/** Where handler failures go (the app's logger). */
export function setEventLog(db: Db, log: (msg: string, err: unknown) => void) {
  busOf(db).log = log;
}

/**
 * Runs a unit of work (a transaction, or one atomic statement) and delivers the events it emitted
 * once it returned, i.e. committed; it throwing drops them. Delivery is awaited (the caller answers
 * after its notifications exist, as before) but handlers' failures are only logged.
 */
export async function withEvents<T>(db: Db, work: (emit: Emit) => Promise<T>): Promise<T> {
  const events: DomainEvent[] = [];
  const result = await work((event) => void events.push(event));
  await deliver(db, events);
  return result;
}

function deliver(db: Db, events: DomainEvent[]): Promise<void> {
  const bus = buses.get(db);
  if (!bus || events.length === 0 || bus.handlers.size === 0) return Promise.resolve();
  const handlers = [...bus.handlers];
  const run = (async () => {
    // Events in the order emitted; the handlers of one event side by side.
    for (const event of events) {
      await Promise.all(
        handlers
          .filter((h) => matches(h.pattern, event.name))
          .map(async (h) => {
            try {
              await h.handle(event);
            } catch (err) {
              bus.log(`event handler failed: ${event.name}`, err);
            }
          }),
      );
    }
  })();
  bus.pending.add(run);
  void run.finally(() => bus.pending.delete(run));
  return run;
}

/** Waits for deliveries still running (app close: SIGTERM must not cut a notification half-way). */
export async function drainEvents(db: Db): Promise<void> {
  const bus = buses.get(db);
  while (bus && bus.pending.size > 0) await Promise.all([...bus.pending]);
}
