// Dashboard widgets at scale. Needs a database made by the 1M-case generator and kept:
//   BENCH_DB=cw_dash KEEP_DB=1 npx tsx bench/generate-cases.ts
//   BENCH_DB=cw_dash npx tsx bench/dashboard.bench.ts
// Builds the rollups (daily cases, unit metrics, open counts; timed), then for each widget measures p95 through the HTTP API (as the
// leader, county-wide) and the p95 of the best hand-written SQL for the same answer on the same
// data, and prints the ratio. Target: p95 ≤ 100 ms and ≤ 1.5 × SQL + 10 ms. Also: a new case
// reaches an open event stream in ≤ 2 s p95.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../apps/server/src/platform/db/db';
import { migrate } from '../apps/server/src/platform/db/migrate';
import { refreshDashboardRollups } from '../apps/server/src/features/dashboard/dashboard.rollup';
import { root, startProcess, stop, signIn } from './lib';

const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = process.env.BENCH_DB ?? 'cw_dash';
const port = 3314;
const base = `http://127.0.0.1:${port}`;

function p95(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

async function main() {
  const loadBefore = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const database = await openDatabase({ url: dbUrl, dataDir: '' });
  await migrate(database.db); // the rollup tables of a database generated before them
  // The generator inserts a year of history in one go, so every row's updated_at is "now"; a real
  // database's updated_at is the last action. Set it so (once), or "closed today" would scan all.
  await database.db.execute(sql`update cases set updated_at = greatest(submitted_at, coalesce(closed_at, rectified_at, dispatched_at, submitted_at))
    where number like 'GEN-%' and updated_at > greatest(submitted_at, coalesce(closed_at, rectified_at, dispatched_at, submitted_at)) + interval '1 minute'`);
  // That update left a dead version of almost every row in every index: vacuum as autovacuum would.
  await database.db.execute(sql`vacuum analyze cases`);
  // From scratch: the first run builds every day.
  await database.db.execute(sql`delete from dashboard_rollup_state`);
  const t0 = performance.now();
  const days = await refreshDashboardRollups(database.db);
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  await refreshDashboardRollups(database.db);
  const incrementalMs = performance.now() - t1;
  await database.close();

  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const n = ((await client.query('select count(*)::int as n from cases')).rows[0] as { n: number }).n;
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
    const leader = await signIn(base, 'leader');
    const admin = await signIn(base, 'admin');
    const time = async (u: string) => {
      const s = performance.now();
      const res = await fetch(`${base}${u}`, { headers: { cookie: leader.cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${u} → ${res.status}`);
      return performance.now() - s;
    };
    const sqlTime = async (text: string, values: unknown[]) => {
      const s = performance.now();
      await client.query(text, values);
      return performance.now() - s;
    };
    // Periods of whole Shanghai days: the last 30 days, the last 90 days, this year so far.
    const day = (offset: number) => {
      const now = new Date();
      const d = new Date(Math.floor((now.getTime() + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000 + offset * 86_400_000);
      return d.toISOString();
    };
    const periods = [
      [day(-29), day(1)],
      [day(-89), day(1)],
      [day(-364), day(1)],
    ] as const;
    const q = (p: readonly [string, string]) => `from=${encodeURIComponent(p[0])}&to=${encodeURIComponent(p[1])}`;
    // Hand-written SQL for the same answers, straight on `cases` (the best single statement each).
    const widgets: [string, (p: readonly [string, string]) => string, string, (p: readonly [string, string]) => unknown[]][] = [
      [
        'kpis',
        (p) => `/api/dashboard/kpis?${q(p)}`,
        `select count(*) filter (where state <> 'rejected') as found, count(*) filter (where state = 'closed') as closed from cases where submitted_at >= $1 and submitted_at < $2;`,
        (p) => [p[0], p[1]],
      ],
      [
        'trend',
        (p) => `/api/dashboard/trend?${q(p)}`,
        `select (submitted_at + interval '8 hours')::date as day, count(*) from cases where state <> 'rejected' and submitted_at >= $1 and submitted_at < $2 group by 1`,
        (p) => [p[0], p[1]],
      ],
      [
        'categories',
        (p) => `/api/dashboard/categories?${q(p)}`,
        `select nature, category_code, count(*) from cases where state <> 'rejected' and submitted_at >= $1 and submitted_at < $2 group by 1, 2 order by 3 desc limit 8`,
        (p) => [p[0], p[1]],
      ],
      [
        'inspections (latest rounds, by site type and town)',
        (p) => `/api/dashboard/inspections?${q(p)}`,
        `with r as (select id from inspection_rounds r where period_end <= (($1::timestamptz - interval '1 millisecond') + interval '8 hours')::date
            and exists (select 1 from inspection_checks k where k.round_id = r.id) order by period_end desc, id desc limit 6),
          site as (select k.round_id, k.assignment_id, s.type, s.town_id, count(*) as items, count(*) filter (where k.result = 'pass') as passed, bool_and(k.result = 'pass') as ok
            from inspection_checks k join inspection_assignments a on a.id = k.assignment_id join sites s on s.id = a.site_id
            where k.round_id in (select id from r) group by 1, 2, 3, 4)
        select round_id, type, town_id, count(*) as sites, count(*) filter (where ok) as sites_passed, sum(items), sum(passed)
        from site group by grouping sets ((round_id), (round_id, type), (round_id, town_id))`,
        (p) => [p[1]],
      ],
      [
        'rankings (unit metrics, both periods)',
        (p) => `/api/rankings?${q(p)}&kind=town`,
        `select unit_id, count(*), count(*) filter (where closed_at is not null) from case_assignments where dispatched_at >= $1 and dispatched_at < $2 group by 1`,
        (p) => [p[0], p[1]],
      ],
    ];
    const lines: string[] = [];
    let allPass = true;
    for (const [label, api, sqlText, params] of widgets) {
      const apiXs: number[] = [];
      const sqlXs: number[] = [];
      for (let i = 0; i < 5; i++) {
        await time(api(periods[i % 3]!));
        await sqlTime(sqlText, params(periods[i % 3]!));
      }
      for (let i = 0; i < 45; i++) {
        const p = periods[i % 3]!;
        apiXs.push(await time(api(p)));
        sqlXs.push(await sqlTime(sqlText, params(p)));
      }
      const a = p95(apiXs);
      const b = p95(sqlXs);
      const pass = a <= 100 && a <= 1.5 * b + 10;
      allPass &&= pass;
      lines.push(`  ${label}: API p95 ${a.toFixed(1)} ms, hand-written SQL p95 ${b.toFixed(1)} ms, ratio ${(a / b).toFixed(2)} ${pass ? 'PASS' : 'FAIL'}`);
    }
    // Live: a new case reaches an open event stream.
    const latencies: number[] = [];
    const controller = new AbortController();
    const stream = await fetch(`${base}/api/dashboard/events`, { headers: { cookie: leader.cookie, accept: 'text/event-stream' }, signal: controller.signal });
    const reader = stream.body!.getReader();
    let buffer = '';
    const decoder = new TextDecoder();
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      const res = await fetch(`${base}/api/cases`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({
          source: 'inspection',
          nature: 'incident',
          categoryCode: '01',
          subcategoryCode: '02',
          lon: 119.625,
          lat: 29.91,
          address: 'bench',
          description: 'bench',
        }),
      });
      const { number } = (await res.json()) as { number: string };
      while (!buffer.includes(number)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error('stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
      }
      latencies.push(performance.now() - s);
      buffer = '';
    }
    controller.abort();
    const live = p95(latencies);
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const out = [
      `### dashboard.bench.ts — ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, PostgreSQL (local); ${n.toLocaleString('en')} cases; load average before: ${loadBefore}, after: ${load}`,
      `rollup: first build ${(buildMs / 1000).toFixed(1)} s (${days} days), incremental refresh with nothing changed ${incrementalMs.toFixed(0)} ms`,
      `widgets as the leader (county-wide), periods of 30 / 90 / 365 days, 45 requests each; target p95 ≤ 100 ms and ≤ 1.5 × SQL + 10 ms:`,
      ...lines,
      `new case → open event stream (create through the API, read the stream): p95 ${live.toFixed(1)} ms over 20 (target ≤ 2000 ms) ${live <= 2000 ? 'PASS' : 'FAIL'}`,
      `overall: ${allPass && live <= 2000 ? 'PASS' : 'FAIL'}`,
      '',
    ];
    console.log(out.join('\n'));
    fs.appendFileSync(path.join(root, 'bench/RESULTS.md'), `\n${out.join('\n')}\n`);
  } finally {
    await client.end();
    await stop(server.child);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
