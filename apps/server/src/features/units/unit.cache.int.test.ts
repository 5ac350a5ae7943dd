import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../platform/config';
import { openDatabase, type Database } from '../../platform/db/db';
import { buildApp, prepareDatabase } from '../../app';
import { memoryStore } from '../../platform/storage/storage';
import { createTestApp, signIn, type Client, type TestApp } from '../../test/harness';

// The unit tree and polygons are cached per process (units/unit.tree.ts). A unit made, moved or
// deleted must place the next site or case at once — on the replica that made the change and on
// every other replica (NOTIFY/LISTEN), not after the cache time.

type Unit = { id: number; code: string; kind: string; path: string; version: number };

/** A small square (≈ 10 m) around a point. */
const square = (lon: number, lat: number, r = 0.00005) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lon - r, lat - r],
      [lon + r, lat - r],
      [lon + r, lat + r],
      [lon - r, lat + r],
      [lon - r, lat - r],
    ],
  ],
});

/**
 * A point just east of the county's drawn territory: no town holds it yet (a site there goes to the
 * county with no town, a case there is refused) until a new town is drawn around it.
 */
async function pointOutside(admin: Client, east = 0.01): Promise<{ lon: number; lat: number }> {
  const detail = (await admin.get(`/api/units/${(await county(admin)).id}`)).json() as { geometry: { coordinates: number[][][] } };
  const ring = detail.geometry.coordinates[0]!;
  const lons = ring.map((p) => p[0]!),
    lats = ring.map((p) => p[1]!);
  return { lon: Math.max(...lons) + east, lat: (Math.min(...lats) + Math.max(...lats)) / 2 };
}

const county = async (admin: Client) => ((await admin.get('/api/units?kind=district')).json().items as Unit[])[0]!;

let seq = 0;
async function createSite(c: Client, at: { lon: number; lat: number }) {
  const res = await c.post('/api/sites', { type: 'park', name: `测试公园${++seq}`, address: '测试路1号', ...at });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { unit: { id: number } | null; town: { id: number } | null };
}

async function createCase(c: Client, at: { lon: number; lat: number }) {
  const category = (await c.get('/api/case-categories')).json().items[0];
  const res = await c.post('/api/cases', {
    source: 'inspection',
    nature: category.nature,
    categoryCode: category.categoryCode,
    subcategoryCode: category.subcategoryCode,
    ...at,
    address: '测试路1号',
    description: '新乡镇内的问题',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { areaUnit: { id: number } | null };
}

async function createTown(admin: Client, parentId: number, at: { lon: number; lat: number }): Promise<Unit> {
  const res = await admin.post('/api/units', { parentId, kind: 'town', name: `新设镇${++seq}`, code: `339901${900 + seq}`, geometry: square(at.lon, at.lat) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('one replica (PGlite or PostgreSQL)', () => {
  let t: TestApp;
  let admin: Client;
  let inspector: Client;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
    inspector = await t.login('inspector');
  });
  afterAll(() => t.close());

  it('places a site and a case in a town made, moved or deleted a moment before', async () => {
    const root = await county(admin);
    const at = await pointOutside(admin);
    const before = await createSite(admin, at); // warms the cache
    expect(before.town).toBeNull();
    expect(before.unit?.id).toBe(root.id);

    const town = await createTown(admin, root.id, at);
    const site = await createSite(admin, at);
    expect(site.town?.id).toBe(town.id);
    expect(site.unit?.id).toBe(town.id);
    expect((await createCase(inspector, at)).areaUnit?.id).toBe(town.id);

    // Moved (its polygon redrawn further east): the point has no town again.
    const moved = await admin.patch(`/api/units/${town.id}`, { version: town.version, geometry: square(at.lon + 0.01, at.lat) });
    expect(moved.statusCode, moved.body).toBe(200);
    const away = await createSite(admin, at);
    expect(away.town).toBeNull();
    expect(away.unit?.id).toBe(root.id);

    // Deleted: a case at its place is refused (outside the territory) at once.
    const elsewhere = await pointOutside(admin, 0.05);
    const other = await createTown(admin, root.id, elsewhere);
    const removed = await admin.delete(`/api/units/${other.id}`);
    expect(removed.statusCode, removed.body).toBeLessThan(300);
    const category = (await inspector.get('/api/case-categories')).json().items[0];
    const refused = await inspector.post('/api/cases', {
      source: 'inspection',
      nature: category.nature,
      categoryCode: category.categoryCode,
      subcategoryCode: category.subcategoryCode,
      ...elsewhere,
      address: '测试路1号',
      description: '已撤销乡镇内的问题',
    });
    expect(refused.statusCode, refused.body).toBe(400);
  });
});

// Two app instances on one PostgreSQL database, as two replicas behind a load balancer.
const url = process.env.TEST_DATABASE_URL;
describe.skipIf(!url)('two replicas on one PostgreSQL database', () => {
  const name = `cw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const databases: Database[] = [];
  const apps: FastifyInstance[] = [];
  const admin = async (c: (c: pg.Client) => Promise<unknown>) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await c(client);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin((c) => c.query(`create database ${name}`));
    const target = new URL(url!);
    target.pathname = `/${name}`;
    const config = { ...loadConfig({ NODE_ENV: 'test' }), webDist: null, databaseUrl: target.toString() };
    const store = memoryStore();
    for (let i = 0; i < 2; i++) {
      const database = await openDatabase({ url: target.toString(), dataDir: '' });
      databases.push(database);
      if (i === 0) await prepareDatabase(database, config, { demo: true, demoCases: false, store });
      const app = await buildApp(config, database, { store });
      await app.ready();
      apps.push(app);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const database of databases) await database.close();
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  });

  it('a town made through replica A places the next site and case made through replica B in it', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const adminA = await signIn(a, 'admin');
    const adminB = await signIn(b, 'admin');
    const inspectorB = await signIn(b, 'inspector');
    const root = await county(adminA);
    const at = await pointOutside(adminA);
    const before = await createSite(adminB, at); // B's cache is warm
    expect(before.town).toBeNull();

    const town = await createTown(adminA, root.id, at);
    const site = await createSite(adminB, at);
    expect(site.town?.id).toBe(town.id);
    expect(site.unit?.id).toBe(town.id);
    expect((await createCase(inspectorB, at)).areaUnit?.id).toBe(town.id);

    // Moved through B: A answers from the new tree at once.
    const moved = await adminB.patch(`/api/units/${town.id}`, { version: town.version, geometry: square(at.lon + 0.01, at.lat) });
    expect(moved.statusCode, moved.body).toBe(200);
    const away = await createSite(adminA, at);
    expect(away.town).toBeNull();
    expect(away.unit?.id).toBe(root.id);
  });
});
