import fs from 'node:fs';
import JSZip from 'jszip';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compositeScore } from '@chuangwen/domain/cases/case.metrics';
import { createTestApp, XSS, type Client, type TestApp } from '../../test/harness';
import { rowsOf } from '../../platform/db/db';
import { SESSION_COOKIE } from '../../platform/auth/session';
import { refreshDashboardRollups } from './dashboard.rollup';
import { DEFAULT_PDF_FONT, notifiedUnits } from './bulletin.service';

// A scenario with KNOWN numbers, written straight into the tables (as years of history would be):
// period 2025-01-01 … 2025-06-30 (Shanghai): 6 inspection rounds; 178 cases found, 175 closed.
//   青山镇: 100 dispatched, 100 closed on time.
//   白水镇:  78 dispatched,  75 closed on time, 3 still rectifying past their deadline (overdue).
// previous half-year: 白水镇 10 closed on time (rank 1), 青山镇 10 closed, 5 of them late (rank 2).
// Every figure asserted below is derived by hand from these lines.

let t: TestApp;
let admin: Client;
let leader: Client;
const FROM = '2025-01-01T00:00:00+08:00';
const TO = '2025-07-01T00:00:00+08:00';
const period = `from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`;
type UnitRef = { id: number; path: string; name: string };
let qingshan: UnitRef;
let baishui: UnitRef;

async function insertCases(
  prefix: string,
  unit: UnitRef,
  n: number,
  o: { submitted: string; state: 'closed' | 'rectifying'; late?: boolean; overdue?: boolean },
) {
  const db = t.database.db;
  // dispatched 1 h after submission, deadline 5 days later; a fix 2 days in (or 6 days when late).
  await db.execute(sql`insert into cases (number, source, nature, category_code, subcategory_code, lon, lat, address, description, severity, state,
      responsible_unit_id, responsible_unit_path, area_unit_id, area_unit_path, submitted_at, accepted_at, dispatched_at, deadline_at, rectified_at, closed_at, is_overdue)
    select ${prefix} || '-' || g, 'inspection', 'incident', '01', '02', 119.625, 29.91, ${XSS}, ${XSS}, 'normal', ${o.state},
      ${unit.id}, ${unit.path}, ${unit.id}, ${unit.path},
      ${o.submitted}::timestamptz + (g || ' minutes')::interval,
      ${o.submitted}::timestamptz + (g || ' minutes')::interval + interval '30 minutes',
      ${o.submitted}::timestamptz + (g || ' minutes')::interval + interval '1 hour',
      ${o.submitted}::timestamptz + (g || ' minutes')::interval + interval '5 days',
      case when ${o.state} = 'closed' then ${o.submitted}::timestamptz + (g || ' minutes')::interval + (case when ${o.late ?? false} then interval '6 days' else interval '2 days' end) end,
      case when ${o.state} = 'closed' then ${o.submitted}::timestamptz + (g || ' minutes')::interval + interval '7 days' end,
      ${o.overdue ?? false}
    from generate_series(1, ${n}) g`);
  await db.execute(sql`insert into case_assignments (case_id, unit_id, unit_path, dispatched_at, deadline_at, rectified_at, closed_at)
    select id, responsible_unit_id, responsible_unit_path, dispatched_at, deadline_at, rectified_at, closed_at from cases where number like ${`${prefix}-%`}`);
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimit: { max: 1000, windowMs: 60_000 } });
  [admin, leader] = await Promise.all([t.login('admin'), t.login('leader')]);
  const db = t.database.db;
  const towns = rowsOf<UnitRef>(await db.execute(sql`select id, path, name from units where name in ('青山镇', '白水镇')`));
  qingshan = towns.find((u) => u.name === '青山镇')!;
  baishui = towns.find((u) => u.name === '白水镇')!;
  await insertCases('T-QS', qingshan, 100, { submitted: '2025-02-03T09:00:00+08:00', state: 'closed' });
  await insertCases('T-BS', baishui, 75, { submitted: '2025-03-03T09:00:00+08:00', state: 'closed' });
  await insertCases('T-BSO', baishui, 3, { submitted: '2025-06-02T09:00:00+08:00', state: 'rectifying', overdue: true });
  await insertCases('P-BS', baishui, 10, { submitted: '2024-09-02T09:00:00+08:00', state: 'closed' });
  await insertCases('P-QS', qingshan, 5, { submitted: '2024-09-02T09:00:00+08:00', state: 'closed' });
  await insertCases('P-QSL', qingshan, 5, { submitted: '2024-10-08T09:00:00+08:00', state: 'closed', late: true });
  const [fw] = rowsOf<{ id: number }>(await db.execute(sql`select id from frameworks order by id limit 1`));
  for (let i = 1; i <= 6; i++) {
    await db.execute(sql`insert into inspection_rounds (name, framework_id, period_start, period_end, site_types, sample_size, status)
      values (${`2025年第${i}次创文督查`}, ${fw!.id}, ${`2025-0${i}-10`}, ${`2025-0${i}-16`}, ${'{road}'}::text[], 5, 'finished')`);
  }
  // A round still being planned is not an inspection held.
  await db.execute(sql`insert into inspection_rounds (name, framework_id, period_start, period_end, site_types, sample_size, status)
    values ('planned', ${fw!.id}, '2025-06-20', '2025-06-25', ${'{road}'}::text[], 5, 'planned')`);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const scoreB = compositeScore({ onTimeClosureRate: 75 / 78, closureRate: 75 / 78, reworkRate: 0, overdueRate: 3 / 78 })!;

describe('dashboard KPIs and widgets', () => {
  it('counts the period’s problems, closures, rates, open and overdue cases and inspections', async () => {
    const res = await leader.get(`/api/dashboard/kpis?${period}`);
    expect(res.statusCode).toBe(200);
    const k = res.json();
    expect(k).toMatchObject({ found: 178, closed: 175, open: 3, overdue: 3, closedInPeriod: 175, inspections: { rounds: 6, checks: 0 } });
    expect(k.closureRate).toBeCloseTo(175 / 178, 10);
    expect(k.onTimeClosureRate).toBeCloseTo(175 / 178, 10);
    expect(k.framework === null || typeof k.framework.points === 'number').toBe(true);
  });

  it('draws the daily trend and the top categories', async () => {
    const trend = (await leader.get(`/api/dashboard/trend?${period}`)).json() as { items: { day: string; created: number; closed: number }[] };
    expect(trend.items).toHaveLength(181); // 2025-01-01 … 2025-06-30
    expect(trend.items.reduce((s, d) => s + d.created, 0)).toBe(178);
    expect(trend.items.find((d) => d.day === '2025-02-03')!.created).toBe(100);
    expect(trend.items.find((d) => d.day === '2025-02-10')!.closed).toBe(100);
    const cats = (await leader.get(`/api/dashboard/categories?${period}`)).json() as { items: { categoryCode: string; count: number; categoryName: string }[] };
    expect(cats.items[0]).toMatchObject({ categoryCode: '01', count: 178 });
    expect(cats.items[0]!.categoryName).not.toBe('01');
  });

  it('ranks the units with the composite score and the move since the previous period', async () => {
    const res = await leader.get(`/api/rankings?${period}&top=3`);
    expect(res.statusCode).toBe(200);
    const r = res.json() as {
      items: { unitName: string; score: number; rank: number; previousRank: number; rankDelta: number; closureRate: number; overdue: number }[];
      redList: number[];
      blackList: number[];
    };
    const byName = new Map(r.items.map((i) => [i.unitName, i]));
    expect(byName.get('青山镇')).toMatchObject({ score: 100, rank: 1, previousRank: 2, rankDelta: 1, overdue: 0 });
    expect(byName.get('白水镇')).toMatchObject({ score: scoreB, rank: 2, previousRank: 1, rankDelta: -1, overdue: 3 });
    expect(r.redList).toEqual([qingshan.id]);
    expect(r.blackList).toEqual([baishui.id]);
  });

  it('is for the office and leaders only', async () => {
    const handler = await t.login('handler');
    expect((await handler.get(`/api/dashboard/kpis?${period}`)).statusCode).toBe(403);
    expect((await leader.get(`/api/reports/work-summary/draft?${period}`)).statusCode).toBe(403);
    expect((await leader.get('/api/dashboard/events')).statusCode).toBe(406); // not an EventSource
  });
});

describe('daily rollup', () => {
  it('gives the same answers as counting live, and folds in later changes', async () => {
    const urls = [`/api/dashboard/kpis?${period}`, `/api/dashboard/trend?${period}`, `/api/dashboard/categories?${period}`];
    const live = await Promise.all(urls.map(async (u) => (await leader.get(u)).json()));
    expect(await refreshDashboardRollups(t.database.db)).toBeGreaterThan(0);
    const rolled = await Promise.all(urls.map(async (u) => (await leader.get(u)).json()));
    expect(rolled).toEqual(live);
    // One of the three open cases closes (as the funnel would: state, closed_at, updated_at).
    await t.database.db
      .execute(sql`update cases set state = 'closed', rectified_at = now(), closed_at = '2025-06-20T10:00:00+08:00', is_overdue = false, updated_at = now()
      where number = 'T-BSO-1'`);
    expect(await refreshDashboardRollups(t.database.db)).toBeGreaterThanOrEqual(2); // at least the day it was found and the day it closed (+ the look-back)
    const k = (await leader.get(`/api/dashboard/kpis?${period}`)).json();
    expect(k).toMatchObject({ found: 178, closed: 176, closedInPeriod: 176, open: 2, overdue: 2 });
    const trend = (await leader.get(`/api/dashboard/trend?${period}`)).json() as { items: { day: string; closed: number }[] };
    expect(trend.items.find((d) => d.day === '2025-06-20')!.closed).toBe(1);
    // Back as it was, for the tests below.
    await t.database.db.execute(
      sql`update cases set state = 'rectifying', rectified_at = null, closed_at = null, is_overdue = true, updated_at = now() where number = 'T-BSO-1'`,
    );
    await refreshDashboardRollups(t.database.db);
    expect((await leader.get(`/api/dashboard/kpis?${period}`)).json()).toMatchObject({ found: 178, closed: 175, open: 3 });
  });
});

describe('work summary (工作总结)', () => {
  it('fills the template with the period’s figures and renders them into Word', async () => {
    const draftRes = await admin.get(`/api/reports/work-summary/draft?${period}`);
    expect(draftRes.statusCode).toBe(200);
    const draft = draftRes.json() as { title: string; sections: { key: string; heading: string; text: string }[] };
    expect(draft.title).toBe('2025年1月1日至2025年6月30日创建文明城市工作总结');
    const sentence = '今年以来共计组织文明城市创建督查6次，发现问题178项，已整改175项，整改率98.3%，按期整改率98.3%。目前仍在整改的问题3项，其中超期3项。';
    expect(draft.sections.find((s) => s.key === 'inspections')!.text).toBe(sentence);
    expect(draft.sections.find((s) => s.key === 'ranking')!.text).toBe('按照综合得分，青山镇排名靠前；白水镇排名靠后，需加大整改力度。各单位考核情况见下表。');

    // The office edits a sentence before download; the figures it keeps are the draft's.
    const sections = draft.sections.map((s) => (s.key === 'next' ? { ...s, text: `下一步：${XSS}` } : { heading: s.heading, text: s.text }));
    const res = await admin.post('/api/reports/work-summary.docx', { from: FROM, to: TO, title: draft.title, sections });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    const text = (fragment: string) =>
      [...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
        .map((m) => m[1])
        .join('')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => text(m[0]));
    expect(paragraphs).toContain(sentence);
    expect(paragraphs).toContain('2025年1月1日至2025年6月30日创建文明城市工作总结');
    expect(paragraphs).toContain(`下一步：${XSS}`);
    const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => [...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => text(c[0])));
    expect(rows[0]).toEqual(['排名', '单位', '派遣数', '结案数', '结案率', '按期结案率', '超期数', '综合得分', '等级']);
    expect(rows).toContainEqual(['1', '青山镇', '100', '100', '100.0%', '100.0%', '0', '100.0', 'A']);
    expect(rows).toContainEqual(['2', '白水镇', '78', '75', '96.2%', '96.2%', '3', scoreB.toFixed(1), 'A']);
  });
});

describe('bulletins (通报)', () => {
  it('generates a draft, lets the office reword it, publishes it to the units, and exports Word and PDF', async () => {
    const res = await admin.post('/api/bulletins', { kind: 'custom', from: FROM, to: TO, unitKind: 'town' });
    expect(res.statusCode).toBe(201);
    const draft = res.json() as {
      id: number;
      version: number;
      status: string;
      title: string;
      content: { ranking: { unitName: string; rank: number; rankDelta: number }[]; overdueCases: { number: string; unitName: string }[]; intro: string };
    };
    expect(draft).toMatchObject({ status: 'draft', title: '2025年1月1日至2025年6月30日创建文明城市工作通报' });
    expect(draft.content.ranking.map((r) => [r.unitName, r.rank, r.rankDelta])).toEqual([
      ['青山镇', 1, 1],
      ['白水镇', 2, -1],
    ]);
    expect(draft.content.overdueCases.map((c) => c.number).sort()).toEqual(['T-BSO-1', 'T-BSO-2', 'T-BSO-3']);
    expect(draft.content.intro).toContain('青山镇综合得分居前；白水镇综合得分靠后。截至通报生成时，仍有3项问题超期未整改');

    const handler = await t.login('handler');
    expect((await handler.get(`/api/bulletins/${draft.id}`)).statusCode).toBe(404); // drafts are the office's
    const edited = await admin.patch(`/api/bulletins/${draft.id}`, { version: draft.version, intro: `${XSS}${draft.content.intro}` });
    expect(edited.statusCode).toBe(200);
    const published = await admin.post(`/api/bulletins/${draft.id}/publish`, { version: edited.json().version });
    expect(published.json()).toMatchObject({ status: 'published' });
    expect((await admin.patch(`/api/bulletins/${draft.id}`, { version: published.json().version, intro: 'x' })).statusCode).toBe(409);
    expect(await notifiedUnits(t.database.db, draft.id)).toEqual([qingshan.id, baishui.id].sort((a, b) => a - b));
    expect((await handler.get('/api/bulletins')).json().items.map((b: { id: number }) => b.id)).toContain(draft.id);

    const docx = await handler.get(`/api/bulletins/${draft.id}/document.docx`);
    expect(docx.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    const cells = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((c) => c[1]).join('|'));
    expect(cells).toContain(['1', '青山镇', '100', '100', '100.0%', '100.0%', '0', '100.0', '↑1'].join('|'));
    expect(cells.some((c) => c.includes('T-BSO-1') && c.includes('白水镇'))).toBe(true);
    expect(xml).toContain('&lt;script&gt;');

    // CI installs the Chinese font (.ci/run) and must produce the PDF; elsewhere a machine without
    // the font gets the 503 checked below.
    if (process.env.CI || fs.existsSync(process.env.PDF_FONT || DEFAULT_PDF_FONT)) {
      const pdf = await handler.get(`/api/bulletins/${draft.id}/document.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.rawPayload.toString('latin1')).toMatch(/FontFile2|WenQuanYi/); // the Chinese font is embedded
    }
    process.env.PDF_FONT = '/nonexistent/font.ttf';
    try {
      const missing = await handler.get(`/api/bulletins/${draft.id}/document.pdf`);
      expect(missing.statusCode).toBe(503);
      expect(missing.json().error.message).toContain('fonts-wqy-microhei');
    } finally {
      delete process.env.PDF_FONT;
    }
  });
});

describe('live feed (server-sent events)', () => {
  it('delivers a case created in another session within 2 s', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const res = await fetch(`${address}/api/dashboard/events`, {
      headers: { cookie: `${SESSION_COOKIE}=${leader.session}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const started = Date.now();
    const created = await admin.post('/api/cases', {
      source: 'inspection',
      nature: 'incident',
      categoryCode: '01',
      subcategoryCode: '02',
      lon: 119.625,
      lat: 29.91,
      address: XSS,
      description: XSS,
      severity: 'normal',
      beforePhotoIds: [],
    });
    expect(created.statusCode).toBe(201);
    const number = created.json().number as string;
    while (!buffer.includes(number) && Date.now() - started < 2000) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 2000))]);
      if (!chunk || chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
    }
    controller.abort();
    expect(Date.now() - started).toBeLessThan(2000);
    const event = buffer.split('\n\n').find((e) => e.includes(number))!;
    expect(event).toContain('event: case');
    const data = JSON.parse(
      event
        .split('\n')
        .find((l) => l.startsWith('data: '))!
        .slice(6),
    );
    expect(data).toMatchObject({ type: 'case.created', number, state: 'submitted', address: XSS });
    expect(data.areaUnitPath).toBeUndefined();
  });
});
