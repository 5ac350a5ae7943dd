import fs from 'node:fs';
import { and, desc, eq, sql } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { UnitKind } from '@chuangwen/domain/units/unit.kinds';
import type { Db } from '../../platform/db/db';
import { rowsOf } from '../../platform/db/db';
import type { Actor, RequestContext } from '../../platform/auth/actor';
import { AppError, conflict, notFound } from '../../platform/http/errors';
import { recordAudit } from '../../platform/audit/audit.service';
import { notify, type NotificationDraft } from '../notifications/notification.service';
import { loadReference, categoryKey } from '../cases/case.reference';
import { caseScope } from '../cases/case.policy';
import { OPEN_STATES } from '@chuangwen/domain/cases/case.workflow';
import { cases } from '../cases/case.tables';
import { rankings, type Period } from './dashboard.service';
import { bulletins, type BulletinContent, type BulletinOverdueCase } from './dashboard.tables';
import { periodLabel } from './summary.service';
import { formatRate } from '@chuangwen/domain/common/percent';
import { listRuleText } from '@chuangwen/domain/cases/case.metrics';

// 通报: a week / month / custom period's ranking of units and list of overdue cases, frozen into the
// row when generated (a published bulletin says what it said on the day), reviewed as a draft,
// then published: each ranked unit and each unit with an overdue case is notified in the app.

type Ctx = RequestContext & { actor: Actor };
export type BulletinRow = typeof bulletins.$inferSelect;
const OVERDUE_LIMIT = 200;

export async function generateBulletin(
  db: Db,
  ctx: Ctx,
  input: { kind: 'week' | 'month' | 'custom'; from: Date; to: Date; unitKind?: UnitKind; title?: string },
) {
  const p: Period = { from: input.from, to: input.to };
  const ranking = await rankings(db, ctx.actor, { ...p, kind: input.unitKind, top: 5 });
  const ref = await loadReference(db);
  const open = sql.raw(`(${OPEN_STATES.map((s) => `'${s}'`).join(', ')})`);
  const overdue = await db
    .select({
      id: cases.id,
      number: cases.number,
      address: cases.address,
      nature: cases.nature,
      categoryCode: cases.categoryCode,
      subcategoryCode: cases.subcategoryCode,
      unitId: cases.responsibleUnitId,
      deadlineAt: cases.deadlineAt,
    })
    .from(cases)
    .where(and(sql`${cases.state} in ${open}`, eq(cases.isOverdue, true), caseScope(ctx.actor)))
    .orderBy(sql`${cases.deadlineAt} asc nulls last`, cases.id)
    .limit(OVERDUE_LIMIT);
  const overdueCases: BulletinOverdueCase[] = overdue.map((c) => ({
    id: c.id,
    number: c.number,
    address: c.address,
    categoryName: ref.categories.get(categoryKey(c.nature, c.categoryCode, c.subcategoryCode))?.subcategoryName ?? `${c.categoryCode}${c.subcategoryCode}`,
    unitId: c.unitId,
    unitName: c.unitId ? (ref.unitsById.get(c.unitId)?.name ?? null) : null,
    deadlineAt: c.deadlineAt?.toISOString() ?? null,
  }));
  const scored = ranking.items.filter((i) => i.score !== null);
  const names = (ids: number[]) =>
    ids
      .map((id) => scored.find((i) => i.unitId === id)?.unitName)
      .filter(Boolean)
      .join('、');
  const label = periodLabel(p);
  const content: BulletinContent = {
    intro: `现将${label}各单位问题整改情况通报如下。本期参与考核单位${scored.length}个${
      ranking.redList.length ? `，${names(ranking.redList)}综合得分居前；${names(ranking.blackList)}综合得分靠后` : ''
    }。截至通报生成时，仍有${overdueCases.length}项问题超期未整改${overdueCases.length ? '，清单附后' : ''}。`,
    closing: '请各单位对照问题清单，按照“谁丢分谁负责”的原则，立即落实整改，并于整改完成后在平台提交整改情况。',
    ranking: ranking.items.map((i) => ({
      rank: i.rank,
      unitId: i.unitId,
      unitName: i.unitName,
      dispatched: i.dispatched,
      closed: i.closed,
      closureRate: i.closureRate,
      onTimeClosureRate: i.onTimeClosureRate,
      overdue: i.overdue,
      score: i.score,
      grade: i.grade,
      rankDelta: i.rankDelta,
    })),
    rankingNote: listRuleText(ranking.listRule, 'zh-CN'),
    overdueCases,
    generatedAt: new Date().toISOString(),
  };
  const [row] = await db
    .insert(bulletins)
    .values({
      kind: input.kind,
      title: input.title ?? `${label}创建文明城市工作通报`,
      periodFrom: input.from,
      periodTo: input.to,
      unitKind: input.unitKind ?? null,
      content,
      createdBy: ctx.actor.userId,
    })
    .returning();
  await recordAudit(db, ctx, { action: 'bulletin.generate', entityType: 'bulletin', entityId: row!.id, after: { title: row!.title, kind: row!.kind } });
  return row!;
}

/** Drafts only for those who issue; published ones for every reader. */
export async function listBulletins(db: Db, actor: Actor) {
  const issuer = actor.permissions.has('bulletin.issue');
  const rows = await db
    .select({
      id: bulletins.id,
      kind: bulletins.kind,
      title: bulletins.title,
      periodFrom: bulletins.periodFrom,
      periodTo: bulletins.periodTo,
      status: bulletins.status,
      version: bulletins.version,
      createdAt: bulletins.createdAt,
      publishedAt: bulletins.publishedAt,
    })
    .from(bulletins)
    .where(issuer ? undefined : eq(bulletins.status, 'published'))
    .orderBy(desc(bulletins.id))
    .limit(200);
  return {
    items: rows.map((r) => ({
      ...r,
      periodFrom: r.periodFrom.toISOString(),
      periodTo: r.periodTo.toISOString(),
      createdAt: r.createdAt.toISOString(),
      publishedAt: r.publishedAt?.toISOString() ?? null,
    })),
  };
}

export async function getBulletin(db: Db, actor: Actor, id: number): Promise<BulletinRow> {
  const [row] = await db.select().from(bulletins).where(eq(bulletins.id, id));
  if (!row || (row.status !== 'published' && !actor.permissions.has('bulletin.issue'))) throw notFound();
  return row;
}

export function bulletinOut(row: BulletinRow) {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    periodFrom: row.periodFrom.toISOString(),
    periodTo: row.periodTo.toISOString(),
    unitKind: row.unitKind,
    status: row.status,
    version: row.version,
    content: row.content,
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

/** Review: the office rewords the draft's text; the figures stay as generated. */
export async function updateBulletin(db: Db, ctx: Ctx, id: number, input: { version: number; title?: string; intro?: string; closing?: string }) {
  const row = await getBulletin(db, ctx.actor, id);
  if (row.status !== 'draft') throw new AppError(409, 'invalid_transition', 'bulletin_published');
  const content = { ...row.content, intro: input.intro ?? row.content.intro, closing: input.closing ?? row.content.closing };
  const [saved] = await db
    .update(bulletins)
    .set({ title: input.title ?? row.title, content, version: row.version + 1 })
    .where(and(eq(bulletins.id, id), eq(bulletins.version, input.version), eq(bulletins.status, 'draft')))
    .returning();
  if (!saved) throw conflict();
  await recordAudit(db, ctx, { action: 'bulletin.edit', entityType: 'bulletin', entityId: id, before: { title: row.title }, after: { title: saved.title } });
  return saved;
}

export async function publishBulletin(db: Db, ctx: Ctx, id: number, version: number) {
  const row = await getBulletin(db, ctx.actor, id);
  if (row.status !== 'draft') throw new AppError(409, 'invalid_transition', 'bulletin_published');
  const [saved] = await db
    .update(bulletins)
    .set({ status: 'published', publishedAt: new Date(), publishedBy: ctx.actor.userId, version: row.version + 1 })
    .where(and(eq(bulletins.id, id), eq(bulletins.version, version), eq(bulletins.status, 'draft')))
    .returning();
  if (!saved) throw conflict();
  await recordAudit(db, ctx, { action: 'bulletin.publish', entityType: 'bulletin', entityId: id, after: { title: saved.title } });
  // After commit: every unit on the ranking or with an overdue case hears of it.
  const ref = await loadReference(db);
  const unitIds = new Set<number>([...saved.content.ranking.map((r) => r.unitId), ...saved.content.overdueCases.flatMap((c) => (c.unitId ? [c.unitId] : []))]);
  const drafts: NotificationDraft[] = [...unitIds].flatMap((unitId) => {
    const unit = ref.unitsById.get(unitId);
    const rank = saved.content.ranking.find((r) => r.unitId === unitId);
    return unit
      ? [
          {
            unitId,
            unitPath: unit.path,
            kind: 'bulletin.published',
            caseId: null,
            data: {
              bulletinId: saved.id,
              title: saved.title,
              rank: rank?.rank ?? null,
              overdue: saved.content.overdueCases.filter((c) => c.unitId === unitId).length,
            },
          },
        ]
      : [];
  });
  await notify(db, drafts);
  return saved;
}

export async function notifiedUnits(db: Db, bulletinId: number): Promise<number[]> {
  const rows = rowsOf<{ unit_id: number }>(
    await db.execute(sql`select unit_id from notifications where kind = 'bulletin.published' and (data->>'bulletinId')::int = ${bulletinId} order by unit_id`),
  );
  return rows.map((r) => r.unit_id);
}

// ── documents ────────────────────────────────────────────────────────────────────────────────

const shanghaiText = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }).format(new Date(iso))
    : '—';
export const RANKING_HEADERS = ['名次', '单位', '派遣数', '结案数', '结案率', '按期结案率', '超期数', '综合得分', '较上期'] as const;
export const OVERDUE_HEADERS = ['序号', '问题编号', '问题类别', '位置', '责任单位', '整改期限'] as const;

function tables(row: BulletinRow) {
  const c = row.content;
  const move = (d: number | null) => (d === null ? '—' : d > 0 ? `↑${d}` : d < 0 ? `↓${-d}` : '—');
  const ranking = c.ranking.map((r) => [
    r.rank === null ? '—' : String(r.rank),
    r.unitName,
    String(r.dispatched),
    String(r.closed),
    formatRate(r.closureRate),
    formatRate(r.onTimeClosureRate),
    String(r.overdue),
    r.score === null ? '—' : r.score.toFixed(1),
    move(r.rankDelta),
  ]);
  const overdue = c.overdueCases.map((o, i) => [String(i + 1), o.number, o.categoryName, o.address, o.unitName ?? '—', shanghaiText(o.deadlineAt)]);
  return { ranking, overdue };
}

const FONT = { ascii: 'SimSun', eastAsia: 'FangSong', hAnsi: 'SimSun' };
const TITLE_FONT = { ascii: 'SimHei', eastAsia: 'SimHei', hAnsi: 'SimHei' };
const run = (text: string, opts: { bold?: boolean; size?: number; font?: typeof FONT } = {}) =>
  new TextRun({ text, bold: opts.bold, size: opts.size ?? 30, font: opts.font ?? FONT });
const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const docxTable = (headers: readonly string[], rows: string[][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [headers, ...rows].map(
      (cells, i) =>
        new TableRow({
          tableHeader: i === 0,
          children: cells.map(
            (text) =>
              new TableCell({
                borders: { top: border, bottom: border, left: border, right: border },
                children: [new Paragraph({ children: [run(text, { bold: i === 0, size: 20 })], alignment: AlignmentType.CENTER })],
              }),
          ),
        }),
    ),
  });

export async function bulletinDocx(row: BulletinRow, issuer: string): Promise<Buffer> {
  const t = tables(row);
  const para = (text: string) => new Paragraph({ children: [run(text)], indent: { firstLine: 600 }, spacing: { line: 520 } });
  const doc = new Document({
    creator: 'chuangwen',
    title: row.title,
    styles: { default: { document: { run: { font: FONT, size: 30 } } } },
    sections: [
      {
        children: [
          new Paragraph({ children: [run(row.title, { size: 40, font: TITLE_FONT })], alignment: AlignmentType.CENTER, spacing: { after: 300 } }),
          para(row.content.intro),
          new Paragraph({ children: [run('一、单位综合得分排名', { font: TITLE_FONT })], spacing: { before: 200, after: 120 } }),
          docxTable(RANKING_HEADERS, t.ranking),
          ...(row.content.rankingNote ? [new Paragraph({ children: [run(`注：${row.content.rankingNote}`, { size: 20 })], spacing: { before: 80 } })] : []),
          new Paragraph({ children: [run(`二、超期未整改问题清单（${t.overdue.length}项）`, { font: TITLE_FONT })], spacing: { before: 200, after: 120 } }),
          docxTable(OVERDUE_HEADERS, t.overdue),
          para(row.content.closing),
          new Paragraph({ children: [run(issuer)], alignment: AlignmentType.RIGHT, spacing: { before: 300 } }),
          new Paragraph({
            children: [run(shanghaiText(row.publishedAt?.toISOString() ?? row.createdAt.toISOString()).slice(0, 10))],
            alignment: AlignmentType.RIGHT,
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export const DEFAULT_PDF_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** The PDF embeds a Chinese font: PDF_FONT (a .ttf/.otf/.ttc path) or WenQuanYi Micro Hei (Debian fonts-wqy-microhei). */
export function pdfFontPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.PDF_FONT || DEFAULT_PDF_FONT;
  if (!fs.existsSync(path)) throw new AppError(503, 'font_missing', 'pdf_font_missing', { path });
  return path;
}

export async function bulletinPdf(row: BulletinRow, issuer: string, fontPath: string): Promise<Buffer> {
  const t = tables(row);
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: row.title, Creator: 'chuangwen' } });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  if (fontPath.endsWith('.ttc')) doc.registerFont('cjk', fontPath, fontPath === DEFAULT_PDF_FONT ? 'WenQuanYiMicroHei' : undefined);
  else doc.registerFont('cjk', fontPath);
  doc.font('cjk');
  doc.fontSize(18).text(row.title, { align: 'center' }).moveDown();
  doc.fontSize(11).text(row.content.intro, { indent: 22, lineGap: 4 }).moveDown();
  const table = (title: string, headers: readonly string[], rows: string[][], widths: number[]) => {
    doc.fontSize(13).text(title).moveDown(0.3);
    doc.fontSize(9);
    const x0 = doc.page.margins.left;
    for (const cells of [headers as unknown as string[], ...rows]) {
      const heights = cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 4 }));
      const h = Math.max(...heights) + 6;
      if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const y = doc.y;
      let x = x0;
      cells.forEach((c, i) => {
        doc.rect(x, y, widths[i]!, h).stroke();
        doc.text(c, x + 2, y + 3, { width: widths[i]! - 4 });
        x += widths[i]!;
      });
      doc.x = x0;
      doc.y = y + h;
    }
    doc.moveDown();
  };
  table('一、单位综合得分排名', RANKING_HEADERS, t.ranking, [34, 110, 44, 44, 50, 58, 44, 58, 50]);
  if (row.content.rankingNote) doc.fontSize(9).text(`注：${row.content.rankingNote}`).moveDown();
  table(`二、超期未整改问题清单（${t.overdue.length}项）`, OVERDUE_HEADERS, t.overdue, [34, 86, 80, 140, 82, 74]);
  doc.fontSize(11).text(row.content.closing, { indent: 22, lineGap: 4 }).moveDown();
  doc.text(issuer, { align: 'right' });
  doc.end();
  return done;
}
