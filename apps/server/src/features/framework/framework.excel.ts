import ExcelJS from 'exceljs';
import {
  FRAMEWORK_FORMAT,
  FRAMEWORK_FORMAT_VERSION,
  FRAMEWORK_LEVELS,
  type FrameworkLevel,
  type FrameworkNode,
} from '@chuangwen/domain/framework/framework.schemas';
import {
  EVALUATION_METHOD_LABELS,
  EVIDENCE_KIND_LABELS,
  FRAMEWORK_LEVEL_LABELS,
  SITE_TYPE_LABELS,
  evaluationMethodFromLabel,
  evidenceKindFromLabel,
  siteTypeFromLabel,
} from '@chuangwen/domain/framework/framework.labels';
import { criteriaPointsTotal, validateFrameworkDocument, type FrameworkTreeError } from '@chuangwen/domain/framework/framework.tree';
import { formatPoints } from '@chuangwen/domain/framework/framework.points';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { cellText, loadWorkbook, readWorksheet } from '../../platform/excel/excel';
import { exportFrameworkDocument, importFrameworkDocument, treeErrorMessage } from './framework.service';
import { importFailure, say, type FeatureDeps, type ImportIssue } from './import-report';

type Ctx = RequestContext & { actor: Actor };

// One column list for the template, the export and the import, so they cannot drift. The
// workbook has two sheets: 测评体系 (one row per node, parents before children) and 基本信息
// (the framework's header as 项目 / 内容 pairs).
export const NODE_SHEET = '测评体系';
export const INFO_SHEET = '基本信息';

const COLUMNS = {
  code: { names: ['编码', 'code'], required: true, width: 14 },
  parentCode: { names: ['上级编码', 'parent code', 'parentCode'], width: 14 },
  level: { names: ['层级', 'level'], required: true, width: 10 },
  name: { names: ['名称', 'name'], required: true, width: 36 },
  sortOrder: { names: ['排序', 'sort order', 'sortOrder'], width: 8 },
  points: { names: ['分值', 'points'], width: 8 },
  methods: { names: ['测评方法', 'methods'], width: 18 },
  siteTypes: { names: ['点位类型', 'site types', 'siteTypes'], width: 24 },
  isVeto: { names: ['一票否决', 'veto', 'isVeto'], width: 9 },
  isNegativeList: { names: ['负面清单', 'negative list', 'isNegativeList'], width: 9 },
  isFeatured: { names: ['特色指标', 'featured', 'isFeatured'], width: 9 },
  requirement: { names: ['测评要求', 'requirement'], width: 60 },
  evidence: { names: ['申报材料', 'evidence'], width: 50 },
  description: { names: ['说明', 'description'], width: 30 },
} as const;
type Field = keyof typeof COLUMNS;

const INFO = {
  code: ['编码', 'code'],
  name: ['名称', 'name'],
  edition: ['版本', 'edition'],
  pointsAreIllustrative: ['分值为示意', 'points are illustrative'],
  totalPoints: ['总分', 'total points'],
  description: ['说明', 'description'],
  source: ['来源', 'source'],
} as const;
type InfoField = keyof typeof INFO;

const LIST_SEPARATOR = /[、,，;；/\n]+/;
const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['', '否', 'n', 'no', 'false', '0']);

const evidenceLine = (e: { kind: keyof (typeof EVIDENCE_KIND_LABELS)['zh-CN']; description: string; maxCount?: number }) =>
  `${EVIDENCE_KIND_LABELS['zh-CN'][e.kind]}：${e.description}${e.maxCount ? `（上限${e.maxCount}）` : ''}`;

export async function exportFrameworkWorkbook(deps: FeatureDeps, id: number | null): Promise<Buffer> {
  const doc = id == null ? null : await exportFrameworkDocument(deps.db, id);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'chuangwen';
  const sheet = wb.addWorksheet(NODE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = Object.entries(COLUMNS).map(([key, c]) => ({ header: c.names[0], key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
  const zh = (value: boolean) => (value ? '是' : '');
  const nodes: FrameworkNode[] = doc?.nodes ?? TEMPLATE_EXAMPLE;
  for (const n of nodes) {
    const c = n.level === 'criterion' ? n : null;
    sheet.addRow({
      code: n.code,
      parentCode: n.parentCode ?? '',
      level: FRAMEWORK_LEVEL_LABELS['zh-CN'][n.level],
      name: n.name,
      sortOrder: n.sortOrder,
      points: n.points ?? '',
      methods: c ? c.methods.map((m) => EVALUATION_METHOD_LABELS['zh-CN'][m]).join('、') : '',
      siteTypes: c ? c.siteTypes.map((s) => SITE_TYPE_LABELS['zh-CN'][s]).join('、') : '',
      isVeto: zh(c?.isVeto ?? false),
      isNegativeList: zh(c?.isNegativeList ?? false),
      isFeatured: zh(c?.isFeatured ?? false),
      requirement: c?.requirement ?? '',
      evidence: c ? c.evidence.map(evidenceLine).join('\n') : '',
      description: n.level === 'criterion' ? '' : (n.description ?? ''),
    });
  }
  // Points as text cells, so "2.50" or "0.35" survive a round trip exactly.
  sheet.getColumn('points').numFmt = '@';
  const info = wb.addWorksheet(INFO_SHEET);
  info.columns = [
    { header: '项目', key: 'k', width: 14 },
    { header: '内容', key: 'v', width: 60 },
  ];
  info.getRow(1).font = { bold: true };
  const h = doc?.framework;
  const values: Record<InfoField, string> = {
    code: h?.code ?? 'example',
    name: h?.name ?? '示例测评体系',
    edition: h?.edition ?? '2026版',
    pointsAreIllustrative: h?.pointsAreIllustrative ? '是' : '否',
    totalPoints: h?.totalPoints ?? formatPoints(criteriaPointsTotal(nodes)),
    description: h?.description ?? '',
    source: h?.source ?? '',
  };
  for (const key of Object.keys(INFO) as InfoField[]) info.addRow({ k: INFO[key][0], v: values[key] });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads the workbook into an interchange document and imports it through the JSON path. */
export async function importFrameworkWorkbook(deps: FeatureDeps, ctx: Ctx, buffer: Buffer) {
  const wb = await loadWorkbook(buffer);
  const issues: ImportIssue[] = [];
  const nodeSheet = wb.getWorksheet(NODE_SHEET) ?? wb.worksheets.find((w) => w.name !== INFO_SHEET);
  const infoSheet = wb.getWorksheet(INFO_SHEET);
  const fail = () => importFailure(deps, ctx, issues, 'framework');
  if (!nodeSheet) {
    issues.push({ sheet: NODE_SHEET, row: 1, column: COLUMNS.code.names[0], message: say(ctx, 'import.sheet_missing', { sheet: NODE_SHEET }) });
    throw await fail();
  }
  const specs = Object.fromEntries(Object.entries(COLUMNS).map(([k, c]) => [k, { names: [...c.names], required: 'required' in c }]));
  const { rows, missing } = readWorksheet(nodeSheet, specs);
  for (const column of missing) issues.push({ sheet: NODE_SHEET, row: 1, column, message: say(ctx, 'import.missing_column', { column }) });
  if (!infoSheet) issues.push({ sheet: INFO_SHEET, row: 1, column: '项目', message: say(ctx, 'import.sheet_missing', { sheet: INFO_SHEET }) });
  if (issues.length) throw await fail();
  if (rows.length === 0) {
    issues.push({ sheet: NODE_SHEET, row: 2, column: COLUMNS.code.names[0], message: say(ctx, 'import.empty') });
    throw await fail();
  }

  // Header pairs.
  const info: Partial<Record<InfoField, string>> = {};
  const infoRow: Partial<Record<InfoField, number>> = {};
  infoSheet!.eachRow((row, n) => {
    if (n === 1) return;
    const key = cellText(row.getCell(1).value).toLowerCase();
    const field = (Object.keys(INFO) as InfoField[]).find((f) => INFO[f].some((name) => name.toLowerCase() === key));
    if (field) {
      info[field] = cellText(row.getCell(2).value);
      infoRow[field] = n;
    }
  });

  // Rows → nodes; what a cell cannot mean is reported here, the rest by the tree validation.
  const rowOfIndex: number[] = [];
  const reported = new Set<string>();
  const bad = (row: number, field: Field, message: string) => {
    reported.add(`${row}:${field}`);
    issues.push({ sheet: NODE_SHEET, row, column: COLUMNS[field].names[0], message });
  };
  const nodes = rows.map(({ row, values }) => {
    rowOfIndex.push(row);
    const v = (f: Field) => values[f] ?? '';
    const levelText = v('level');
    const level = (FRAMEWORK_LEVELS as readonly string[]).includes(levelText)
      ? (levelText as FrameworkLevel)
      : ((Object.entries(FRAMEWORK_LEVEL_LABELS['zh-CN']).find(([, label]) => label === levelText)?.[0] ??
          Object.entries(FRAMEWORK_LEVEL_LABELS.en).find(([, label]) => label.toLowerCase() === levelText.toLowerCase())?.[0]) as FrameworkLevel | undefined);
    if (!level && levelText) bad(row, 'level', say(ctx, 'import.bad_value', { value: levelText }));
    const sortText = v('sortOrder');
    const sortOrder = sortText === '' ? 0 : Number(sortText);
    if (!Number.isInteger(sortOrder) || sortOrder < 0) bad(row, 'sortOrder', say(ctx, 'import.bad_number'));
    const node: Record<string, unknown> = {
      code: v('code'),
      parentCode: v('parentCode') || null,
      level: level ?? levelText,
      name: v('name'),
      sortOrder: Number.isInteger(sortOrder) && sortOrder >= 0 ? sortOrder : 0,
      points: v('points') === '' ? null : v('points'),
    };
    if (level === 'criterion') {
      const list = <T>(field: Field, from: (label: string) => T | null): T[] => {
        const out: T[] = [];
        for (const part of v(field)
          .split(LIST_SEPARATOR)
          .map((p) => p.trim())
          .filter(Boolean)) {
          const value = from(part);
          if (value == null) bad(row, field, say(ctx, 'import.bad_value', { value: part }));
          else if (!out.includes(value)) out.push(value);
        }
        return out;
      };
      const flag = (field: Field) => {
        const text = v(field).toLowerCase();
        if (YES.has(text)) return true;
        if (!NO.has(text)) bad(row, field, say(ctx, 'import.bad_value', { value: v(field) }));
        return false;
      };
      const evidence = v('evidence')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .flatMap((line) => {
          const m = /^([^：:]+)[：:]\s*(.+?)\s*(?:[（(](?:上限|max)\s*(\d+)[）)])?$/i.exec(line);
          const kind = m ? evidenceKindFromLabel(m[1]!) : null;
          if (!m || !kind) {
            bad(row, 'evidence', say(ctx, 'import.bad_value', { value: line.slice(0, 40) }));
            return [];
          }
          return [{ kind, description: m[2]!, ...(m[3] ? { maxCount: Number(m[3]) } : {}) }];
        });
      Object.assign(node, {
        methods: list('methods', evaluationMethodFromLabel),
        siteTypes: list('siteTypes', siteTypeFromLabel),
        isVeto: flag('isVeto'),
        isNegativeList: flag('isNegativeList'),
        isFeatured: flag('isFeatured'),
        requirement: v('requirement'),
        evidence,
      });
    } else {
      node.description = v('description') || null;
    }
    return node;
  });
  const fieldColumn = (field: string): Field => {
    const head = field.split('.')[0]!;
    return (head in COLUMNS ? head : head === 'evidence' ? 'evidence' : 'code') as Field;
  };
  const illustrative = (info.pointsAreIllustrative ?? '').toLowerCase();
  const document = {
    format: FRAMEWORK_FORMAT,
    formatVersion: FRAMEWORK_FORMAT_VERSION,
    framework: {
      code: info.code ?? '',
      name: info.name ?? '',
      edition: info.edition ?? '',
      status: 'draft',
      totalPoints: info.totalPoints || formatPoints(criteriaPointsTotal(nodes as { level: string; points?: unknown }[])),
      pointsAreIllustrative: YES.has(illustrative),
      description: info.description || null,
      source: info.source || null,
    },
    nodes,
  };
  const issuesFrom = (errors: FrameworkTreeError[]): ImportIssue[] => {
    const out = [...issues];
    for (const e of errors) {
      if (e.index < 0) {
        const field = e.field.replace(/^framework\./, '') as InfoField;
        out.push({ sheet: INFO_SHEET, row: infoRow[field] ?? 1, column: INFO[field]?.[0] ?? e.field, message: treeErrorMessage(ctx.locale, e) });
        continue;
      }
      const row = rowOfIndex[e.index]!;
      const column = fieldColumn(e.field);
      if (reported.has(`${row}:${column}`)) continue;
      const message = treeErrorMessage(ctx.locale, e, (i) => rowOfIndex[i] ?? i + 2);
      out.push({ sheet: NODE_SHEET, row, column: COLUMNS[column].names[0], message });
    }
    return out;
  };
  if (issues.length) {
    // Cell-level problems first; the tree validation adds the rest to the same report.
    const result = validateFrameworkDocument(document);
    throw await importFailure(deps, ctx, issuesFrom(result.ok ? [] : result.errors), 'framework');
  }
  return importFrameworkDocument(deps, ctx, document, { issuesFrom, reportName: 'framework' });
}

/** A tiny example shown by the template: one branch down to two criteria. */
const TEMPLATE_EXAMPLE: FrameworkNode[] = [
  { code: 'A1', parentCode: null, level: 'area', name: '示例测评项目', sortOrder: 1, points: null, description: null },
  { code: 'A1.1', parentCode: 'A1', level: 'indicator', name: '示例指标', sortOrder: 1, points: null, description: null },
  { code: 'A1.1.1', parentCode: 'A1.1', level: 'item', name: '示例测评内容', sortOrder: 1, points: '3', description: null },
  {
    code: 'A1.1.1-1',
    parentCode: 'A1.1.1',
    level: 'criterion',
    name: '示例测评标准（材料审核）',
    sortOrder: 1,
    points: '2',
    methods: ['materials'],
    siteTypes: [],
    isVeto: false,
    isNegativeList: false,
    isFeatured: false,
    requirement: '报送制度文件和工作方案',
    evidence: [
      { kind: 'document', description: '相关制度、实施方案' },
      { kind: 'photo', description: '活动照片，注明时间地点', maxCount: 12 },
    ],
  },
  {
    code: 'A1.1.1-2',
    parentCode: 'A1.1.1',
    level: 'criterion',
    name: '示例测评标准（实地考察）',
    sortOrder: 2,
    points: '1',
    methods: ['site'],
    siteTypes: ['mainRoad', 'backStreet'],
    isVeto: false,
    isNegativeList: false,
    isFeatured: false,
    requirement: '路灯完好，无占道经营',
    evidence: [],
  },
];
