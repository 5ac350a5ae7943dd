import { sql } from 'drizzle-orm';
import { SYSTEM_ROLES } from '@chuangwen/domain/auth/permissions';
import type { Config } from './config';
import { DEV_SESSION_SECRET } from './config';
import type { Database, Db, Executor } from './db/db';
import { migrate } from './db/migrate';
import { createStore, type BlobStore } from './storage/storage';
import { roles, userGrants, users } from './identity/user.tables';
import { insertUnit } from './identity/unit.insert';
import { hashPassword, verifyPassword } from './auth/passwords';
import { recordAudit, systemContext } from './audit/audit.service';
import { units } from './identity/unit.tables';
import type { FeatureModule } from './features/feature';
import { SessionStore } from './auth/session';
import { wireFeatureEvents } from './events/feature-events';

/** The demo county, as the platform seeds it: given by the composition root (apps/server/src/app.ts). */
export type DemoCounty = {
  /** The published password of the demo accounts: refused in production unless started with --demo. */
  password: string;
  seed: (db: Db, opts: { store: BlobStore; cases: boolean }) => Promise<unknown>;
  /** The demo accounts present in the database, with their password hashes. */
  accounts: (exec: Executor) => Promise<{ hash: string }[]>;
};

async function isEmpty(exec: Executor): Promise<boolean> {
  return (await exec.select({ id: units.id }).from(units).limit(1)).length === 0;
}

/**
 * System roles follow the domain table on every start, so a release can widen a role. Only rows
 * that are system roles are updated (and only when their permissions differ): an office's custom
 * roles are never touched, not even one whose code a later release happens to claim.
 */
export async function syncRoles(db: Db) {
  for (const [code, permissions] of Object.entries(SYSTEM_ROLES)) {
    await db
      .insert(roles)
      .values({ code, permissions: [...permissions], isSystem: true })
      .onConflictDoUpdate({
        target: roles.code,
        set: { permissions: [...permissions], updatedAt: sql`now()` },
        setWhere: sql`${roles.isSystem} and ${roles.permissions} is distinct from excluded.permissions`,
      });
  }
}

export class StartupError extends Error {}

/**
 * Brings a database to a runnable state: migrations, roles, and on an empty database either the
 * demo county (development, or `--demo`) or a first office admin from the environment (production).
 */
export async function prepareDatabase(
  database: Database,
  config: Config,
  opts: {
    features: readonly FeatureModule[];
    demoCounty: DemoCounty;
    demo: boolean;
    env?: NodeJS.ProcessEnv;
    /** Demo cases too (default true; most test files skip them for speed). */
    demoCases?: boolean;
    /** Where demo photos go; the configured store by default. */
    store?: BlobStore;
  },
): Promise<{ seeded: 'demo' | 'admin' | null }> {
  const env = opts.env ?? process.env;
  if (config.env === 'production') {
    if (!config.sessionSecret || config.sessionSecret === DEV_SESSION_SECRET || config.sessionSecret.length < 32) {
      throw new StartupError('SESSION_SECRET must be set to a random string of at least 32 characters in production.');
    }
  }
  await migrate(database.db);
  await syncRoles(database.db);
  for (const feature of opts.features) await feature.seed?.reference?.(database.db);
  let seeded: 'demo' | 'admin' | null = null;
  if (await isEmpty(database.db)) {
    if (opts.demo || config.env !== 'production') {
      const store = opts.store ?? createStore(config);
      // The demo's cases notify their units like real ones: the features' event handlers listen while it seeds.
      const sessions = new SessionStore(() => database.db, config.sessionCacheMs);
      const unwire = wireFeatureEvents({ config, database, sessions, store }, opts.features, (msg, err) => console.error(msg, err));
      try {
        await opts.demoCounty.seed(database.db, { cases: opts.demoCases ?? true, store });
      } finally {
        await unwire();
      }
      seeded = 'demo';
    } else {
      await createFirstAdmin(database.db, env, opts.demoCounty.password);
      seeded = 'admin';
    }
  }
  if (config.env === 'production' && !opts.demo) {
    for (const user of await opts.demoCounty.accounts(database.db)) {
      if (await verifyPassword(user.hash, opts.demoCounty.password)) {
        throw new StartupError('Demo accounts with the published demo password exist; change or disable them, or start with --demo for a demonstration.');
      }
    }
  }
  return { seeded };
}

async function createFirstAdmin(db: Db, env: NodeJS.ProcessEnv, demoPassword: string) {
  const { ORG_NAME, ORG_CODE, ADMIN_USERNAME, ADMIN_PASSWORD } = env;
  if (!ORG_NAME || !ORG_CODE || !ADMIN_USERNAME || !ADMIN_PASSWORD) {
    throw new StartupError(
      'Empty production database: set ORG_NAME, ORG_CODE, ADMIN_USERNAME and ADMIN_PASSWORD for the first office admin (or start with --demo).',
    );
  }
  if (ADMIN_PASSWORD === demoPassword || ADMIN_PASSWORD.length < 12) {
    throw new StartupError('ADMIN_PASSWORD must be at least 12 characters and not the demo password.');
  }
  const passwordHash = await hashPassword(ADMIN_PASSWORD);
  await db.transaction(async (tx) => {
    const root = await insertUnit(tx, { parent: null, kind: 'district', name: ORG_NAME, shortName: null, code: ORG_CODE, sortOrder: 0, geometry: null });
    const office = await insertUnit(tx, {
      parent: root,
      kind: 'office',
      name: `${ORG_NAME}文明办`,
      shortName: '创文办',
      code: `${ORG_CODE}-WMB`,
      sortOrder: 0,
      geometry: null,
    });
    const [admin] = await tx
      .insert(users)
      .values({
        username: ADMIN_USERNAME.toLowerCase(),
        name: ADMIN_USERNAME,
        unitId: office.id,
        passwordHash,
        mustChangePassword: true,
      })
      .returning({ id: users.id });
    await tx.insert(userGrants).values({ userId: admin!.id, roleCode: 'officeAdmin', unitId: root.id });
    await recordAudit(tx, systemContext, { action: 'system.bootstrap', entityType: 'system', after: { org: ORG_NAME, admin: ADMIN_USERNAME } });
  });
}
