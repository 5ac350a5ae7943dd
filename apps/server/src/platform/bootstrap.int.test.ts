import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { openDatabase, type Database } from './db/db';
import { StartupError, prepareDatabase } from '../app';
import { buildApp } from '../app';
import { signIn } from '../test/harness';

// Production safety runs on PGlite only: it is about start-up rules, not the engine.
let database: Database | null = null;
afterEach(async () => {
  await database?.close();
  database = null;
});
const fresh = async () => (database = await openDatabase({ url: 'memory://', dataDir: '' }));
const production = (extra: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), ...extra });

describe('production start-up', () => {
  it('refuses to start without a strong session secret', async () => {
    const db = await fresh();
    await expect(prepareDatabase(db, loadConfig({ NODE_ENV: 'production' }), { demo: false, env: {} })).rejects.toThrow(StartupError);
    await expect(prepareDatabase(db, loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' }), { demo: false, env: {} })).rejects.toThrow(
      /SESSION_SECRET/,
    );
  });

  it('never seeds demo users unless asked, and needs a first admin from the environment', async () => {
    const db = await fresh();
    await expect(prepareDatabase(db, production(), { demo: false, env: {} })).rejects.toThrow(/ADMIN_PASSWORD/);
    const env = { ORG_NAME: '某县', ORG_CODE: '330000', ADMIN_USERNAME: 'chief', ADMIN_PASSWORD: 'a-long-admin-password-1' };
    const { seeded } = await prepareDatabase(db, production(), { demo: false, env });
    expect(seeded).toBe('admin');
    const app = await buildApp({ ...production(), webDist: null, logLevel: 'silent' }, db);
    const chief = await signIn(app, 'chief', env.ADMIN_PASSWORD);
    const me = (await chief.get('/api/auth/me')).json();
    expect(me.mustChangePassword).toBe(true);
    expect(me.grants[0].roleCode).toBe('officeAdmin');
    await expect(signIn(app, 'admin', 'chuangwen2026')).rejects.toThrow(/401/);
    await app.close();
  });

  it('refuses to start while demo accounts keep the published password, unless --demo', async () => {
    const db = await fresh();
    await prepareDatabase(db, production(), { demo: true });
    await expect(prepareDatabase(db, production(), { demo: false })).rejects.toThrow(/demo password/);
  });
});
