import JSZip from 'jszip';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, XSS, type Client, type TestApp } from '../../test/harness';
import { rowsOf } from '../../platform/db/db';
import { validateSummaryTemplate } from '@chuangwen/domain/templates/summary.template';
import { DEFAULT_SUMMARY_TEMPLATE } from './summary.template';

// The office rewords its work-summary template; the generated Word file says the new words with the
// period's real figures. Known numbers, written straight into the tables:
// period 2025-01-01 … 2025-06-30 (Shanghai): 青山镇 5 cases closed on time, 白水镇 2 still rectifying
// past their deadline → found 7, closed 5, closure rate 71.4%, open 2, overdue 2; no inspection rounds.

let t: TestApp;
let admin: Client;
let leader: Client;
const FROM = '2025-01-01T00:00:00+08:00';
const TO = '2025-07-01T00:00:00+08:00';
const period = `from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`;

type Section = { key: string; heading: string; text: string; requires?: string[]; fallback?: string };
type Template = { version: number; title: string; sections: Section[]; restoredFrom: number | null; createdByName: string | null };

async function insertCases(prefix: string, unitName: string, n: number, state: 'closed' | 'rectifying') {
  const [unit] = rowsOf<{ id: number; path: string }>(await t.database.db.execute(sql`select id, path from units where name = ${unitName}`));
  await t.database.db.execute(sql`insert into cases (number, source, nature, category_code, subcategory_code, lon, lat, address, description, severity, state,
      responsible_unit_id, responsible_unit_path, area_unit_id, area_unit_path, submitted_at, accepted_at, dispatched_at, deadline_at, rectified_at, closed_at, is_overdue)
    select ${prefix} || '-' || g, 'inspection', 'incident', '01', '02', 119.625, 29.91, ${XSS}, ${XSS}, 'normal', ${state},
      ${unit!.id}, ${unit!.path}, ${unit!.id}, ${unit!.path},
      timestamptz '2025-03-03T09:00:00+08:00' + (g || ' minutes')::interval,
      timestamptz '2025-03-03T09:30:00+08:00' + (g || ' minutes')::interval,
      timestamptz '2025-03-03T10:00:00+08:00' + (g || ' minutes')::interval,
      timestamptz '2025-03-08T10:00:00+08:00' + (g || ' minutes')::interval,
      case when ${state} = 'closed' then timestamptz '2025-03-05T10:00:00+08:00' end,
      case when ${state} = 'closed' then timestamptz '2025-03-06T10:00:00+08:00' end,
      ${state === 'rectifying'}
    from generate_series(1, ${n}) g`);
  await t.database.db.execute(sql`insert into case_assignments (case_id, unit_id, unit_path, dispatched_at, deadline_at, rectified_at, closed_at)
    select id, responsible_unit_id, responsible_unit_path, dispatched_at, deadline_at, rectified_at, closed_at from cases where number like ${`${prefix}-%`}`);
}

/** The paragraphs of a .docx as plain text. */
async function docxParagraphs(payload: Buffer) {
  const xml = await (await JSZip.loadAsync(payload)).file('word/document.xml')!.async('string');
  const text = (fragment: string) =>
    [...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) => m[1])
      .join('')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => text(m[0]));
}

const put = (c: Client, body: unknown) => c.request('PUT', '/api/templates/work-summary', body);

beforeAll(async () => {
  t = await createTestApp({ loginRateLimit: { max: 1000, windowMs: 60_000 } });
  [admin, leader] = await Promise.all([t.login('admin'), t.login('leader')]);
  await insertCases('T-QS', '青山镇', 5, 'closed');
  await insertCases('T-BS', '白水镇', 2, 'rectifying');
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('work-summary template (工作总结模板)', () => {
  it('starts from the shipped default as version 1, readable by leaders', async () => {
    expect(validateSummaryTemplate(DEFAULT_SUMMARY_TEMPLATE)).toEqual([]);
    const res = await admin.get('/api/templates/work-summary');
    expect(res.statusCode).toBe(200);
    const tpl = res.json() as Template;
    expect(tpl).toMatchObject({ version: 1, title: DEFAULT_SUMMARY_TEMPLATE.title, restoredFrom: null, createdByName: null });
    expect(tpl.sections.map((s) => s.key)).toEqual(DEFAULT_SUMMARY_TEMPLATE.sections.map((s) => s.key));
    expect((await leader.get('/api/templates/work-summary')).json()).toMatchObject({ version: 1 });
    const figures = (await leader.get(`/api/templates/work-summary/figures?${period}`)).json() as {
      values: Record<string, string>;
      available: Record<string, boolean>;
    };
    expect(figures.values).toMatchObject({ casesFound: '7', casesClosed: '5', closureRate: '71.4%', openCases: '2', overdueCases: '2' });
    expect(figures.available.inspections).toBe(false);
  });

  it('refuses leaders’ edits and restores', async () => {
    const tpl = (await leader.get('/api/templates/work-summary')).json() as Template;
    expect((await put(leader, { baseVersion: 1, title: tpl.title, sections: tpl.sections })).statusCode).toBe(403);
    expect((await leader.post('/api/templates/work-summary/versions/1/restore', { baseVersion: 1 })).statusCode).toBe(403);
    expect((await (await t.login('handler')).get('/api/templates/work-summary')).statusCode).toBe(403);
  });

  it('rejects unknown placeholders and unbalanced braces with a message per field, in the caller’s language', async () => {
    const tpl = (await admin.get('/api/templates/work-summary')).json() as Template;
    const sections = tpl.sections.map((s) => (s.key === 'overview' ? { ...s, text: '本期发现问题{casesFund}项，整改率{closureRate。' } : s));
    const res = await put(admin, { baseVersion: 1, title: tpl.title, sections });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; message: string; details: { path: string; message: string }[] } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details).toEqual([
      { path: 'sections.0.text', message: '第1段正文：未知占位符 {casesFund}（第7个字符），请从占位符列表中选用' },
      { path: 'sections.0.text', message: '第1段正文：第23个字符处的“{”缺少对应的“}”（花括号仅用于占位符）' },
    ]);
    const english = await t.login('admin');
    english.lang = 'en';
    const en = (
      await english.request('PUT', '/api/templates/work-summary', { baseVersion: 1, title: '{title}', sections: tpl.sections })
    ).json() as typeof body;
    expect(en.error.details).toEqual([{ path: 'title', message: 'title: unknown placeholder {title} (character 1); use one from the list of placeholders' }]);
    expect((await put(admin, { baseVersion: 1, title: 't', sections: [] })).statusCode).toBe(400);
    expect(((await admin.get('/api/templates/work-summary')).json() as Template).version).toBe(1); // nothing saved
  });

  it('saves the office’s wording as a new version and the generated Word file says it with the period’s figures', async () => {
    const tpl = (await admin.get('/api/templates/work-summary')).json() as Template;
    // Reword one section, add one, drop the framework sections, move the new one first.
    const kept = tpl.sections
      .filter((s) => s.key !== 'framework' && s.key !== 'gaps')
      .map((s) =>
        s.key === 'inspections'
          ? {
              ...s,
              heading: `二、问题整改${XSS}`,
              text: '本期共发现问题{casesFound}项，已整改{casesClosed}项，整改率{closureRate}，超期{overdueCases}项。',
              requires: [],
              fallback: undefined,
            }
          : s,
      );
    const added: Section = { key: 'custom-1', heading: '前言', text: '{periodLabel}，全县仍在整改的问题{openCases}项。' };
    const saved = await put(admin, { baseVersion: 1, title: '{periodLabel}创文工作总结（修订）', sections: [added, ...kept], note: '按县委要求改写' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, title: '{periodLabel}创文工作总结（修订）', createdByName: expect.any(String) });
    // Someone else's save in between: 409, not a silent overwrite.
    expect((await put(admin, { baseVersion: 1, title: tpl.title, sections: tpl.sections })).statusCode).toBe(409);

    const draft = (await admin.get(`/api/reports/work-summary/draft?${period}`)).json() as { title: string; sections: Section[] };
    expect(draft.title).toBe('2025年1月1日至2025年6月30日创文工作总结（修订）');
    expect(draft.sections.map((s) => s.key)).toEqual(['custom-1', 'overview', 'inspections', 'ranking', 'next']);
    const sentence = '本期共发现问题7项，已整改5项，整改率71.4%，超期2项。';
    expect(draft.sections.find((s) => s.key === 'inspections')!.text).toBe(sentence);

    const res = await admin.post('/api/reports/work-summary.docx', {
      from: FROM,
      to: TO,
      title: draft.title,
      sections: draft.sections.map(({ heading, text }) => ({ heading, text })),
    });
    expect(res.statusCode).toBe(200);
    const paragraphs = await docxParagraphs(res.rawPayload);
    expect(paragraphs).toContain('2025年1月1日至2025年6月30日创文工作总结（修订）');
    expect(paragraphs).toContain('2025年1月1日至2025年6月30日，全县仍在整改的问题2项。');
    expect(paragraphs).toContain(`二、问题整改${XSS}`);
    expect(paragraphs).toContain(sentence);
    expect(paragraphs.some((p) => p.includes('测评标准预计得分'))).toBe(false);
  });

  it('keeps every version, shows the history and restores an earlier one as a new version, all audited', async () => {
    const history = (await leader.get('/api/templates/work-summary/versions')).json() as {
      activeVersion: number;
      items: { version: number; note: string | null; sectionCount: number }[];
    };
    expect(history.activeVersion).toBe(2);
    expect(history.items.map((i) => [i.version, i.note, i.sectionCount])).toEqual([
      [2, '按县委要求改写', 5],
      [1, null, 6],
    ]);
    const v1 = (await leader.get('/api/templates/work-summary/versions/1')).json() as Template;
    expect(v1.title).toBe(DEFAULT_SUMMARY_TEMPLATE.title);
    expect((await admin.get('/api/templates/work-summary/versions/9')).statusCode).toBe(404);

    expect((await admin.post('/api/templates/work-summary/versions/1/restore', { baseVersion: 1 })).statusCode).toBe(409);
    const restored = await admin.post('/api/templates/work-summary/versions/1/restore', { baseVersion: 2 });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ version: 3, restoredFrom: 1, title: DEFAULT_SUMMARY_TEMPLATE.title });
    const draft = (await admin.get(`/api/reports/work-summary/draft?${period}`)).json() as { sections: Section[] };
    // The default again; without inspection rounds its fallback sentence is used.
    expect(draft.sections.find((s) => s.key === 'inspections')!.text).toBe(
      '今年以来共计发现问题7项，已整改5项，整改率71.4%，按期整改率71.4%。目前仍在整改的问题2项，其中超期2项。',
    );

    const audit = rowsOf<{ action: string; entity_id: string; actor_name: string }>(
      await t.database.db.execute(sql`select action, entity_id, actor_name from audit_log where entity_type = 'documentTemplate' order by id`),
    );
    expect(audit.map((a) => [a.action, a.entity_id])).toEqual([
      ['template.edit', 'work_summary:2'],
      ['template.restore', 'work_summary:3'],
    ]);
    expect(audit[0]!.actor_name).toContain('(admin)');
    // History is append-only in the database too.
    await expect(t.database.db.execute(sql`update document_template_versions set note = 'x'`)).rejects.toThrow();
  });
});
