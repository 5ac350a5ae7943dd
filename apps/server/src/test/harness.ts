import sharp from 'sharp';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { loadConfig, type Config } from '../platform/config';
import { openDatabase, type Database } from '../platform/db/db';
import { prepareDatabase } from '../app';
import { buildApp } from '../app';
import { memoryStore } from '../platform/storage/storage';
import { DEMO_PASSWORD } from '../demo/demo-county';
import { CSRF_COOKIE, SESSION_COOKIE } from '../platform/auth/session';
import { clonePglite, clonePostgres, snapshotDir, testDatabaseName, withAdmin, withDatabase, type Variant } from './snapshot';

/**
 * A fresh platform per test file: PGlite in memory by default, or a new database on the
 * PostgreSQL server named by TEST_DATABASE_URL (created here, dropped by `close`). Under vitest the
 * database is a copy of the run's migrated, seeded snapshot (snapshot.ts): the same content as a
 * fresh `prepareDatabase`, without paying for it in every file.
 */
/** `demoCases`: also load the ~60 demo cases (≈ 2 s on PGlite); only the case tests need them. */
export async function createTestApp(overrides: Partial<Config> = {}, opts: { demoCases?: boolean } = {}) {
  const url = process.env.TEST_DATABASE_URL;
  const config: Config = { ...loadConfig({ NODE_ENV: 'test' }), webDist: null, ...overrides };
  const store = memoryStore();
  const variant: Variant = opts.demoCases ? 'demo-cases' : 'demo';
  // Seeding reads only the mode; anything but the test mode builds its own database as before.
  const snapshots = config.env === 'test' ? snapshotDir() : null;
  let database: Database;
  let drop = async () => {};
  if (url) {
    const name = testDatabaseName();
    if (snapshots) await clonePostgres(url, snapshots, variant, config, store, name);
    else await withAdmin(url, (c) => c.query(`create database ${name}`));
    drop = () => withAdmin(url, (c) => c.query(`drop database if exists ${name} with (force)`));
    database = await openDatabase({ url: withDatabase(url, name), dataDir: '' });
  } else if (snapshots) {
    database = await clonePglite(snapshots, variant, config, store);
  } else {
    database = await openDatabase({ url: 'memory://', dataDir: '' });
  }
  if (!snapshots) await prepareDatabase(database, config, { demo: true, demoCases: opts.demoCases ?? false, store });
  const app = await buildApp(config, database, { store });
  await app.ready();
  return {
    app,
    database,
    config,
    store,
    login: (username: string, password = DEMO_PASSWORD) => signIn(app, username, password),
    close: async () => {
      await app.close();
      await database.close();
      await drop();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A signed-in browser: sends the session cookie and the CSRF header like the web app does. */
export class Client {
  constructor(
    private app: FastifyInstance,
    readonly session: string | null,
    readonly csrf: string | null,
    public lang = 'zh-CN',
  ) {}

  request(method: Method, url: string, body?: unknown, extra: Partial<InjectOptions> = {}) {
    const cookies: Record<string, string> = {};
    if (this.session) cookies[SESSION_COOKIE] = this.session;
    if (this.csrf) cookies[CSRF_COOKIE] = this.csrf;
    return this.app.inject({
      method,
      url,
      cookies,
      headers: { 'accept-language': this.lang, ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}), ...(extra.headers ?? {}) },
      ...(body !== undefined ? { payload: body as InjectOptions['payload'] } : {}),
      ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'headers')),
    });
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  delete = (url: string) => this.request('DELETE', url);
}

export async function signIn(app: FastifyInstance, username: string, password = DEMO_PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = (name: string) => res.cookies.find((c) => c.name === name)?.value ?? null;
  return new Client(app, cookie(SESSION_COOKIE), cookie(CSRF_COOKIE));
}

export const anonymous = (app: FastifyInstance) => new Client(app, null, null);

/** Test text carries markup by default, so every test also proves it is stored and returned verbatim. */
export const XSS = '<script>alert(1)</script>';

/** A multipart/form-data body with one file field, as browsers send uploads. */
export function multipart(buffer: Buffer, filename: string, contentType = 'application/octet-stream', field = 'file') {
  const boundary = `----cwtest${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, buffer, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads a small generated JPEG through the safe upload path (POST /api/files); returns its id. */
export async function uploadPhoto(client: Client): Promise<string> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
    .jpeg()
    .toBuffer();
  const { payload, headers } = multipart(jpeg, 'scene.jpg', 'image/jpeg');
  const res = await client.request('POST', '/api/files', undefined, { payload, headers });
  if (res.statusCode !== 201) throw new Error(`photo upload answered ${res.statusCode}: ${res.body}`);
  return res.json().id as string;
}
