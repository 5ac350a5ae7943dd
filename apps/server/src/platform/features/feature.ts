import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../config';
import type { Database, Db } from '../db/db';
import type { SessionStore } from '../auth/session';
import type { BlobStore } from '../storage/storage';
import type { DomainEvent, EventOf, EventPattern } from '../events/domain-events';

/** What every feature's routes, jobs and subscribers receive. */
export type AppDeps = { config: Config; database: Database; sessions: SessionStore; store: BlobStore };

/** Routes of a feature: a Fastify plugin registered under `/api`, or under its own prefix. */
export type FeatureRoutes = FastifyPluginAsyncZod<AppDeps>;

/**
 * A periodic job. Every replica ticks; the job's run takes an advisory lock (platform/jobs/interval.ts
 * `runLocked`) so replicas never overlap. `everyMs` ≤ 0 turns it off (tests).
 */
export type FeatureJob = {
  name: string;
  everyMs: (config: Config) => number;
  run: (deps: AppDeps) => Promise<number | null>;
  /** Also run once right after start, in the background (a first build that may take a while). */
  runAtStart?: boolean;
};

/**
 * A long-running subscriber (a LISTEN connection, a worker, an MQTT client): started when the app is
 * ready, drained when it closes (SIGTERM), after the last request has been answered.
 */
export type FeatureSubscriber = {
  name: string;
  start: (deps: AppDeps, log: FastifyBaseLogger) => Promise<() => Promise<void>>;
};

/**
 * A handler of domain events (platform/events/domain-events.ts): runs after the emitting unit of
 * work committed; its failure is logged and never fails the request. `name` is an event name or a
 * prefix pattern ('case.*').
 */
export type FeatureEventHandler = { name: EventPattern; handle: (event: DomainEvent, deps: AppDeps) => Promise<void> | void };

/** A typed handler: `event` is the union of the events `name` matches. */
export function onEvent<P extends EventPattern>(name: P, handle: (event: EventOf<P>, deps: AppDeps) => Promise<void> | void): FeatureEventHandler {
  return { name, handle: handle as FeatureEventHandler['handle'] };
}

/** Seeding: reference data on every start (idempotent), and the demo county on an empty database. */
export type FeatureSeed = {
  reference?: (db: Db) => Promise<void>;
};

/**
 * One feature, as the platform sees it. `features/index.ts` lists them; the platform builds the app,
 * runs the jobs and subscribers, and seeds from that list, and never imports a feature itself.
 */
export type FeatureModule = {
  name: string;
  /** Registered under `/api` in list order. */
  routes?: readonly FeatureRoutes[];
  /** Routes outside `/api` (Open311 at `/open311/v2`), with their own prefix. */
  mounts?: readonly { prefix: string; routes: FeatureRoutes }[];
  jobs?: readonly FeatureJob[];
  subscribers?: readonly FeatureSubscriber[];
  /** Handlers of other features' (or its own) domain events, wired when the app is built. */
  events?: readonly FeatureEventHandler[];
  seed?: FeatureSeed;
};

export const defineFeature = (feature: FeatureModule): FeatureModule => feature;
