import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config';
import type { Database } from './platform/db/db';
import type { BlobStore } from './platform/storage/storage';
import { buildApp as buildPlatformApp } from './platform/app';
import { prepareDatabase as preparePlatformDatabase, type DemoCounty } from './platform/bootstrap';
import { FEATURES } from './features';
import { DEMO_PASSWORD } from './demo/demo-county';
import { demoUserIds, seedDemo } from './demo/seed-demo';

// The composition root: the platform with this server's features and demo county. Nothing under
// platform/ imports a feature; this file and features/index.ts are where they meet.

const DEMO_COUNTY: DemoCounty = { password: DEMO_PASSWORD, seed: seedDemo, accounts: demoUserIds };

export { StartupError } from './platform/bootstrap';

export function buildApp(config: Config, database: Database, opts: { store?: BlobStore } = {}): Promise<FastifyInstance> {
  return buildPlatformApp(config, database, FEATURES, opts);
}

type PrepareOptions = Omit<Parameters<typeof preparePlatformDatabase>[2], 'features' | 'demoCounty'>;

/** Migrations, system roles, every feature's reference data, and the demo county or first admin on an empty database. */
export function prepareDatabase(database: Database, config: Config, opts: PrepareOptions) {
  return preparePlatformDatabase(database, config, { ...opts, features: FEATURES, demoCounty: DEMO_COUNTY });
}
