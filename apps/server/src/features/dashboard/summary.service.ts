import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Db } from '../../platform/db/db';
import type { Actor } from '../../platform/auth/actor';
import { caseFigures, frameworkFigures, inspectionFigures, rankings, type Period } from './dashboard.service';
import { renderSummaryTemplate, type SummaryAvailability, type SummaryPlaceholder } from '@chuangwen/domain/templates/summary.template';
import { formatRate } from '@chuangwen/domain/common/percent';
import { listRuleText } from '@chuangwen/domain/cases/case.metrics';
import { DEFAULT_SUMMARY_TEMPLATE, type SummaryTemplate } from '../templates/summary.template';

// The work summary (工作总结): the template's placeholders filled with the period's figures (the
// same functions the dashboard uses), a units table from the red and black lists, then Word.

const points = (n: number | null) => (n === null ? '—' : String(Math.round(n * 100) / 100));

/** "2026年1月1日至2026年6月30日" for [from, to) in Shanghai days. */
export function periodLabel(p: Period): string {
  const day = (d: Date) => {
    const s = new Date(d.getTime() + 8 * 3_600_000);
    return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日`;
  };
  return `${day(p.from)}至${day(new Date(p.to.getTime() - 1))}`;
}

export type SummaryTableRow = {
  rank: string;
  unitName: string;
  dispatched: number;
  closed: number;
  closureRate: string;
  onTimeClosureRate: string;
  overdue: number;
  score: string;
  grade: string;
};

export async function summaryDraft(db: Db, actor: Actor, p: Period, template: SummaryTemplate = DEFAULT_SUMMARY_TEMPLATE, now = new Date()) {
  const [cases, framework, inspections, ranking] = await Promise.all([
    caseFigures(db, actor, p),
    frameworkFigures(db, 5),
    inspectionFigures(db, p),
    rankings(db, actor, { ...p, top: 3 }, now),
  ]);
  const sum = (k: 'due' | 'closedOnTime' | 'reworked' | 'reachedVerification') => ranking.items.reduce((s, i) => s + i[k], 0);
  const names = (ids: number[]) =>
    ids
      .map((id) => ranking.items.find((i) => i.unitId === id)?.unitName)
      .filter(Boolean)
      .join('、');
  const values: Record<SummaryPlaceholder, string> = {
    periodLabel: periodLabel(p),
    inspections: inspections ? String(inspections.rounds) : '—',
    inspectionChecks: inspections ? String(inspections.checks) : '—',
    casesFound: String(cases.found),
    casesClosed: String(cases.closed),
    closureRate: formatRate(cases.closureRate),
    onTimeRate: formatRate(sum('due') === 0 ? null : sum('closedOnTime') / sum('due')),
    reworkRate: formatRate(sum('reachedVerification') === 0 ? null : sum('reworked') / sum('reachedVerification')),
    openCases: String(cases.open),
    overdueCases: String(cases.overdue),
    frameworkName: framework?.frameworkName ?? '—',
    criteriaCount: framework ? String(framework.criteriaCount) : '—',
    projectedScore: points(framework?.projectedScore ?? null),
    totalPoints: points(framework?.points ?? null),
    scoreRate: formatRate(framework?.scoreRate ?? null),
    lostPoints: points(framework?.lost ?? null),
    topGaps: framework?.topGaps.map((g) => `${g.code} ${g.name}（失${g.lost}分${g.lead ? `，牵头单位${g.lead}` : ''}）`).join('；') ?? '',
    redList: names(ranking.redList),
    blackList: names(ranking.blackList),
  };
  const available: SummaryAvailability = {
    inspections: inspections !== null && inspections.rounds > 0,
    framework: framework !== null,
    gaps: (framework?.topGaps.length ?? 0) > 0,
    ranking: ranking.redList.length > 0,
  };
  const { title, sections } = renderSummaryTemplate(template, values, available);
  const table: SummaryTableRow[] = ranking.items.map((i) => ({
    rank: i.rank === null ? '—' : String(i.rank),
    unitName: i.unitName,
    dispatched: i.dispatched,
    closed: i.closed,
    closureRate: formatRate(i.closureRate),
    onTimeClosureRate: formatRate(i.onTimeClosureRate),
    overdue: i.overdue,
    score: i.score === null ? '—' : i.score.toFixed(1),
    grade: i.grade ?? '—',
  }));
  return {
    from: p.from.toISOString(),
    to: p.to.toISOString(),
    title,
    values,
    available,
    sections,
    table,
    /** Printed under the table: how ties and small samples are treated. */
    tableNote: listRuleText(ranking.listRule, 'zh-CN'),
    figures: { cases, framework, inspections },
  };
}

// ── Word ─────────────────────────────────────────────────────────────────────────────────────

const FONT = { ascii: 'SimSun', eastAsia: 'FangSong', hAnsi: 'SimSun' };
const TITLE_FONT = { ascii: 'SimHei', eastAsia: 'SimHei', hAnsi: 'SimHei' };
const HEADING_FONT = { ascii: 'SimHei', eastAsia: 'SimHei', hAnsi: 'SimHei' };
const run = (text: string, opts: { bold?: boolean; size?: number; font?: typeof FONT } = {}) =>
  new TextRun({ text, bold: opts.bold, size: opts.size ?? 32, font: opts.font ?? FONT });
const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const cell = (text: string, width: number, bold = false) =>
  new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border },
    children: [new Paragraph({ children: [run(text, { bold, size: 21 })], alignment: AlignmentType.CENTER })],
  });

export const SUMMARY_TABLE_HEADERS = ['排名', '单位', '派遣数', '结案数', '结案率', '按期结案率', '超期数', '综合得分', '等级'] as const;

export async function summaryDocx(input: {
  title: string;
  sections: { heading: string; text: string }[];
  table: SummaryTableRow[];
  tableNote?: string;
  issuer: string;
  issuedOn: string;
}): Promise<Buffer> {
  const widths = [7, 25, 9, 9, 10, 12, 9, 11, 8];
  const header = new TableRow({ tableHeader: true, children: SUMMARY_TABLE_HEADERS.map((h, i) => cell(h, widths[i]!, true)) });
  const rows = input.table.map(
    (r) =>
      new TableRow({
        children: [r.rank, r.unitName, String(r.dispatched), String(r.closed), r.closureRate, r.onTimeClosureRate, String(r.overdue), r.score, r.grade].map(
          (text, i) => cell(text, widths[i]!),
        ),
      }),
  );
  const body: (Paragraph | Table)[] = [];
  for (const s of input.sections) {
    if (s.heading.trim()) body.push(new Paragraph({ children: [run(s.heading, { font: HEADING_FONT })], spacing: { before: 120, after: 120, line: 560 } }));
    for (const line of s.text.split(/\n+/).filter((l) => l.trim())) {
      body.push(new Paragraph({ children: [run(line)], indent: { firstLine: 640 }, spacing: { line: 560 } }));
    }
  }
  if (input.table.length) {
    body.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }));
    if (input.tableNote) body.push(new Paragraph({ children: [run(`注：${input.tableNote}`, { size: 21 })], spacing: { before: 120 } }));
  }
  const doc = new Document({
    creator: 'chuangwen',
    title: input.title,
    styles: { default: { document: { run: { font: FONT, size: 32 } } } },
    sections: [
      {
        properties: { page: { margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } },
        children: [
          new Paragraph({ children: [run(input.title, { size: 44, font: TITLE_FONT })], alignment: AlignmentType.CENTER, spacing: { after: 400 } }),
          ...body,
          new Paragraph({ children: [run(input.issuer)], alignment: AlignmentType.RIGHT, spacing: { before: 400 } }),
          new Paragraph({ children: [run(input.issuedOn)], alignment: AlignmentType.RIGHT }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
