import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { NoticeDetail } from '@chuangwen/domain/inspections/inspection.schemas';
import { CASE_STATE_LABELS } from '@chuangwen/domain/cases/case.labels';
import type { CaseState } from '@chuangwen/domain/cases/case.workflow';

// The 抄告单 as a Word document (docx@9): a formal notice in Chinese to a town/subdistrict listing
// its cases with their deadlines. Fonts: 方正小标宋/仿宋 where installed, SimSun/SimHei otherwise.

const FONT = { ascii: 'SimSun', eastAsia: 'FangSong', hAnsi: 'SimSun' };
const TITLE_FONT = { ascii: 'SimHei', eastAsia: 'SimHei', hAnsi: 'SimHei' };
const shanghai = (iso: string | null) =>
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
    : '';
const chineseDate = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

const run = (text: string, opts: { bold?: boolean; size?: number; font?: typeof FONT } = {}) =>
  new TextRun({ text, bold: opts.bold, size: opts.size ?? 28, font: opts.font ?? FONT });
const para = (children: TextRun[], opts: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; after?: number } = {}) =>
  new Paragraph({ children, alignment: opts.align, indent: opts.indent ? { firstLine: 560 } : undefined, spacing: { after: opts.after ?? 120, line: 420 } });

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const cell = (text: string, opts: { bold?: boolean; width: number }) =>
  new TableCell({
    width: { size: opts.width, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border },
    children: [new Paragraph({ children: [run(text, { bold: opts.bold, size: 21 })], spacing: { line: 300 } })],
  });

export async function noticeDocx(n: NoticeDetail, issuer: string): Promise<Buffer> {
  const widths = [6, 16, 38, 20, 20];
  const header = new TableRow({
    tableHeader: true,
    children: ['序号', '问题编号', '问题描述及位置', '责任单位', '整改期限'].map((h, i) => cell(h, { bold: true, width: widths[i]! })),
  });
  const rows = n.cases.map(
    (c, i) =>
      new TableRow({
        children: [
          String(i + 1),
          c.number,
          `${c.description}（${c.address}）`,
          c.responsibleUnit?.name ?? n.unit.name,
          `${c.deadlineAt ? shanghai(c.deadlineAt) : chineseDate(n.deadlineOn)}${c.state ? `\n${CASE_STATE_LABELS['zh-CN'][c.state as CaseState] ?? c.state}` : ''}`,
        ].map((text, j) => cell(text, { width: widths[j]! })),
      }),
  );
  const doc = new Document({
    creator: 'chuangwen',
    title: `${n.number} 创建文明城市督查问题整改抄告单`,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1440, bottom: 1440, left: 1300, right: 1300 } } },
        children: [
          para([run('创建文明城市督查问题整改抄告单', { bold: true, size: 40, font: TITLE_FONT })], { align: AlignmentType.CENTER, after: 240 }),
          para([run(n.number, { size: 28 })], { align: AlignmentType.CENTER, after: 360 }),
          para([run(`${n.unit.name}：`)]),
          para(
            [
              run(
                `根据${n.roundName}安排，督查组对你单位辖区内点位进行了实地督查，发现问题${n.cases.length}项，现予抄告。请对照问题清单逐项落实整改（销号式整改），于${chineseDate(n.deadlineOn)}前将整改情况（含整改前后照片）通过创文管理平台提交县创文办审核。逾期未整改或整改不到位的，将按照“谁丢分谁负责”的原则予以通报。`,
              ),
            ],
            { indent: true },
          ),
          para([run('问题清单：', { bold: true })], { after: 120 }),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }),
          para([run('')], { after: 240 }),
          para([run(issuer)], { align: AlignmentType.RIGHT }),
          para([run(chineseDate(n.issuedAt.slice(0, 10)))], { align: AlignmentType.RIGHT }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
