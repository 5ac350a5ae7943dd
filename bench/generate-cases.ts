// Loads N cases (default 1,000,000) into a fresh PostgreSQL database with batched
// `insert … select … from generate_series`, then measures, through the HTTP API:
//  - p95 of the filtered case list (target ≤ 50 ms)
//  - p95 of a unit's monthly metrics (target ≤ 100 ms)
// Run: npx tsx bench/generate-cases.ts   (BENCH_CASES=1000000, BENCH_PG_URL, KEEP_DB=1 keeps the database)
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/platform/config';
import { openDatabase } from '../apps/server/src/platform/db/db';
import { prepareDatabase } from '../apps/server/src/app';
import { root, startProcess, stop } from './lib';

const total = Number(process.env.BENCH_CASES ?? 1_000_000);
const batch = 100_000;
const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const port = 3313;
const base = `http://127.0.0.1:${port}`;

async function query(url: string, text: string, values: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text, values);
  } finally {
    await c.end();
  }
}

const STATES = `case when r < 60 then 'closed' when r < 68 then 'rectifying' when r < 76 then 'dispatched' when r < 81 then 'awaitingVerification'
  when r < 85 then 'submitted' when r < 88 then 'accepted' when r < 91 then 'rejected' when r < 94 then 'parked' when r < 97 then 'returned' else 'rectifying' end`;

async function generate(url: string) {
  const units = (await query(url, `select id, path, kind from units where kind in ('department', 'town', 'subdistrict', 'community', 'village') order by id`))
    .rows as { id: number; path: string }[];
  const grids = (await query(url, `select id, path from units where kind = 'grid' order by id`)).rows as { id: number; path: string }[];
  const started = Date.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  for (let from = 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    // Deterministic pseudo-random spread: hashes of g pick unit, place, category, state and time.
    await c.query(
      `insert into cases (number, source, nature, category_code, subcategory_code, lon, lat, address, description, severity, state,
        responsible_unit_id, responsible_unit_path, area_unit_id, area_unit_path, reporter_user_id, submitted_at, accepted_at, dispatched_at,
        rectified_at, closed_at, deadline_at, is_overdue, rework_count, version)
      select 'GEN-' || lpad(g::text, 8, '0'), (array['inspection','gridPatrol','citizen','sensor','leader','thirdParty'])[(1 + g % 6)::int],
        'incident', lpad((1 + g % 5)::text, 2, '0'), lpad((1 + (g / 5) % 4)::text, 2, '0'),
        119.6 + ((g * 7919) % 30000) / 100000.0, 29.9 + ((g * 104729) % 20000) / 100000.0,
        '示范县生成地址 ' || g, '生成的问题描述 ' || g, (array['minor','normal','serious','critical'])[(1 + g % 4)::int], st,
        case when st in ('submitted','accepted','rejected','returned') then null else u.id end,
        case when st in ('submitted','accepted','rejected','returned') then null else u.path end,
        gr.id, gr.path, 3, at, at + interval '1 hour', at + interval '2 hours',
        case when st in ('closed','awaitingVerification') then at + interval '20 hours' end,
        case when st = 'closed' then at + interval '26 hours' end,
        case when st in ('submitted','accepted','rejected','returned') then null else at + interval '3 days' end,
        st in ('dispatched','rectifying') and at + interval '3 days' < now(), (g % 11 = 0)::int, 3
      from (select g, (g * 2654435761) % 100 as r, now() - ((g * 40503) % (730 * 24 * 60)) * interval '1 minute' as at,
              $1::int[] as uids, $2::text[] as upaths, $3::int[] as gids, $4::text[] as gpaths from generate_series($5::bigint, $6::bigint) g) s
      cross join lateral (select ${STATES} as st) x
      cross join lateral (select s.uids[(1 + (g * 31) % array_length(s.uids, 1))::int] as id, s.upaths[(1 + (g * 31) % array_length(s.uids, 1))::int] as path) u
      cross join lateral (select s.gids[(1 + (g * 17) % array_length(s.gids, 1))::int] as id, s.gpaths[(1 + (g * 17) % array_length(s.gids, 1))::int] as path) gr`,
      [units.map((u) => u.id), units.map((u) => u.path), grids.map((g) => g.id), grids.map((g) => g.path), from, to],
    );
    process.stdout.write(`\r  cases ${to.toLocaleString('en')} / ${total.toLocaleString('en')} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  await c.query(`insert into case_assignments (case_id, unit_id, unit_path, dispatched_at, deadline_at, rectified_at, closed_at, is_parked, rework_count)
    select id, responsible_unit_id, responsible_unit_path, dispatched_at, deadline_at, rectified_at, closed_at, state = 'parked', rework_count
    from cases where responsible_unit_id is not null and number like 'GEN-%'`);
  await c.query('analyze');
  await c.end();
  console.log(`\n  generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return units;
}

function p95(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

async function main() {
  const loadBefore = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const name = process.env.BENCH_DB ?? `cw_gen_${randomBytes(3).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const exists = (await query(adminUrl, 'select 1 from pg_database where datname = $1', [name])).rowCount;
  let units: { id: number; path: string; kind?: string }[];
  if (!exists) {
    await query(adminUrl, `create database ${name}`);
    const database = await openDatabase({ url: dbUrl, dataDir: '' });
    await prepareDatabase(database, { ...loadConfig({ NODE_ENV: 'development' }), webDist: null }, { demo: true });
    await database.close();
    units = await generate(dbUrl);
  } else {
    units = (await query(dbUrl, `select id, path, kind from units where kind in ('department', 'town', 'subdistrict', 'community', 'village') order by id`))
      .rows;
  }
  const [{ n }] = (await query(dbUrl, 'select count(*)::int as n from cases')).rows;
  const server = await startProcess(
    process.execPath,
    ['--import', 'tsx', 'apps/server/src/main.ts'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      WEB_DIST: '',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      LOGIN_RATE_LIMIT: '1000',
      CASE_JOB_INTERVAL_MS: '0',
    },
    `${base}/api/health`,
    120_000,
  );
  try {
    const login = async (username: string) => {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'chuangwen2026' }),
      });
      return {
        cookie: res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      };
    };
    const office = await login('admin');
    const manager = await login('manager');
    const time = async (who: { cookie: string }, url: string) => {
      const t0 = performance.now();
      const res = await fetch(`${base}${url}`, { headers: { cookie: who.cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
      return performance.now() - t0;
    };
    const towns = units.filter((u) => u.path.split('/').length === 4 && u.kind !== 'department');
    const depts = units.filter((u) => u.kind === 'department');
    const months = Array.from({ length: 12 }, (_, i) => {
      const d = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - i - 1, 1));
      return [d, new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))] as const;
    });
    const lists: [string, { cookie: string }, (i: number) => string][] = [
      ['office: state', office, (i) => `/api/cases?state=${['dispatched', 'rectifying', 'closed', 'awaitingVerification'][i % 4]}&limit=50`],
      ['office: town subtree + state', office, (i) => `/api/cases?unitId=${towns[i % towns.length]!.id}&state=rectifying&limit=50`],
      ['office: department + overdue', office, (i) => `/api/cases?unitId=${depts[i % depts.length]!.id}&overdue=true&limit=50`],
      [
        'office: category + source + period',
        office,
        (i) => `/api/cases?nature=incident&categoryCode=0${1 + (i % 5)}&source=citizen&from=2025-06-01T00:00:00Z&to=2026-06-01T00:00:00Z&limit=50`,
      ],
      ['manager (row scope = 城关街道): all', manager, () => '/api/cases?limit=50'],
      ['manager: state', manager, (i) => `/api/cases?state=${['dispatched', 'closed'][i % 2]}&limit=50`],
    ];
    const results: string[] = [];
    const allList: number[] = [];
    for (const [label, who, url] of lists) {
      for (let i = 0; i < 20; i++) await time(who, url(i));
      const xs: number[] = [];
      for (let i = 0; i < 60; i++) xs.push(await time(who, url(i)));
      allList.push(...xs);
      results.push(`  list ${label}: p95 ${p95(xs).toFixed(1)} ms`);
    }
    const metrics: number[] = [];
    for (let i = 0; i < 5; i++)
      await time(office, `/api/metrics/units?from=${months[0]![0].toISOString()}&to=${months[0]![1].toISOString()}&unitId=${towns[0]!.id}`);
    for (let i = 0; i < 120; i++) {
      const [from, to] = months[i % months.length]!;
      const unit = [...towns, ...depts][i % (towns.length + depts.length)]!;
      metrics.push(await time(office, `/api/metrics/units?from=${from.toISOString()}&to=${to.toISOString()}&unitId=${unit.id}`));
    }
    const allUnits: number[] = [];
    for (let i = 0; i < 10; i++) allUnits.push(await time(office, `/api/metrics/units?from=${months[i]![0].toISOString()}&to=${months[i]![1].toISOString()}`));
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const lines = [
      `### generate-cases.ts — ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, PostgreSQL 15; ${n.toLocaleString('en')} cases; load average before: ${loadBefore}, after: ${load}`,
      ...results,
      `filtered case list, all of the above: p95 ${p95(allList).toFixed(1)} ms (target ≤ 50 ms) ${p95(allList) <= 50 ? 'PASS' : 'FAIL'}`,
      `a unit's monthly metrics (GET /api/metrics/units?unitId&from&to): p95 ${p95(metrics).toFixed(1)} ms (target ≤ 100 ms) ${p95(metrics) <= 100 ? 'PASS' : 'FAIL'}`,
      `(for information) all units' monthly metrics with red/black lists: p95 ${p95(allUnits).toFixed(1)} ms`,
      '',
    ];
    console.log(lines.join('\n'));
    fs.appendFileSync(path.join(root, 'bench/RESULTS.md'), `${lines.join('\n')}\n`);
  } finally {
    await stop(server.child);
    if (!process.env.KEEP_DB && !process.env.BENCH_DB) await query(adminUrl, `drop database if exists ${name} with (force)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
