import ExcelJS from 'exceljs';
import { buildCriterion, buildGroupNode } from '@chuangwen/domain/framework/framework.factories';
import type { FrameworkDocumentInput, FrameworkNode } from '@chuangwen/domain/framework/framework.schemas';
import { multipart, type Client } from '../../test/harness';

// Test data shared by the framework's integration tests.

/**
 * The hand-computed framework of the score engine's unit test (framework.score.test.ts), without
 * observed rates:
 *   A ─ A1 ─ A1.1 ─ A1.1.1  4    materials             met
 *                 ─ A1.1.2  3    materials+site        mostlyMet
 *                 ─ A1.1.3  2.5  materials+survey      notMet    VETO
 *          ─ A1.2 ─ A1.2.1  1.5  site                  met       VETO
 *   B ─ B1 ─ B1.1 ─ B1.1.1  5    materials+site+survey mostlyMet
 *                 ─ B1.1.2  2    survey                notApplicable
 *                 ─ B1.1.3  0.35 materials             mostlyMet
 *                 ─ B1.1.4  1    materials+survey      (none)
 *   F ─ F1 ─ F1.1 ─ F1.1.1  2    materials             met       FEATURED
 */
export function handNodes(): FrameworkNode[] {
  return [
    buildGroupNode('area', { code: 'A', sortOrder: 1 }),
    buildGroupNode('indicator', { code: 'A1', parentCode: 'A' }),
    buildGroupNode('item', { code: 'A1.1', parentCode: 'A1', sortOrder: 1, points: '9.5' }),
    buildCriterion({
      code: 'A1.1.1',
      parentCode: 'A1.1',
      points: '4',
      methods: ['materials'],
      evidence: [
        { kind: 'document', description: '制度文件' },
        { kind: 'photo', description: '照片', maxCount: 12 },
      ],
    }),
    buildCriterion({ code: 'A1.1.2', parentCode: 'A1.1', points: '3', methods: ['materials', 'site'], siteTypes: ['mainRoad', 'backStreet'] }),
    buildCriterion({ code: 'A1.1.3', parentCode: 'A1.1', points: '2.5', methods: ['materials', 'survey'], isVeto: true }),
    buildGroupNode('item', { code: 'A1.2', parentCode: 'A1', sortOrder: 2 }),
    buildCriterion({ code: 'A1.2.1', parentCode: 'A1.2', points: '1.5', methods: ['site'], isVeto: true, siteTypes: ['farmersMarket'] }),
    buildGroupNode('area', { code: 'B', sortOrder: 2 }),
    buildGroupNode('indicator', { code: 'B1', parentCode: 'B' }),
    buildGroupNode('item', { code: 'B1.1', parentCode: 'B1' }),
    buildCriterion({ code: 'B1.1.1', parentCode: 'B1.1', points: '5', methods: ['materials', 'site', 'survey'] }),
    buildCriterion({ code: 'B1.1.2', parentCode: 'B1.1', points: '2', methods: ['survey'] }),
    buildCriterion({ code: 'B1.1.3', parentCode: 'B1.1', points: '0.35', methods: ['materials'] }),
    buildCriterion({ code: 'B1.1.4', parentCode: 'B1.1', points: '1', methods: ['materials', 'survey'] }),
    buildGroupNode('area', { code: 'F', sortOrder: 3 }),
    buildGroupNode('indicator', { code: 'F1', parentCode: 'F' }),
    buildGroupNode('item', { code: 'F1.1', parentCode: 'F1' }),
    buildCriterion({ code: 'F1.1.1', parentCode: 'F1.1', points: '2', methods: ['materials'], isFeatured: true }),
  ];
}

export function handDocument(edition = '2026', code = 'hand'): FrameworkDocumentInput {
  return {
    format: 'chuangwen.framework',
    formatVersion: 1,
    framework: { code, name: '<script>alert(1)</script>手算测评体系', edition, totalPoints: '21.35', pointsAreIllustrative: true },
    nodes: handNodes(),
  };
}

export async function importJson(c: Client, doc: unknown) {
  return c.post('/api/frameworks/import', doc);
}

export async function workbook(sheets: Record<string, (string | number | null)[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readWorkbook(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function uploadTo(c: Client, url: string, buffer: Buffer, filename = 'file.xlsx', type = XLSX) {
  const { payload, headers } = multipart(buffer, filename, type);
  return c.request('POST', url, undefined, { payload, headers });
}

export type Fw = {
  id: number;
  code: string;
  edition: string;
  status: string;
  version: number;
  criteriaCount: number;
  totalPoints: string;
  pointsAreIllustrative: boolean;
  clonedFromId: number | null;
};
export type TreeItem = { id: number; code: string; parentId: number | null; level: string; matched: boolean; points: string | null };

export async function nodesOf(c: Client, frameworkId: number, query = ''): Promise<TreeItem[]> {
  return (await c.get(`/api/frameworks/${frameworkId}/nodes${query}`)).json().items;
}

export async function nodeIdByCode(c: Client, frameworkId: number): Promise<Record<string, number>> {
  return Object.fromEntries((await nodesOf(c, frameworkId)).map((n) => [n.code, n.id]));
}

export async function unitIdByCode(c: Client): Promise<Record<string, number>> {
  const units: { id: number; code: string }[] = (await c.get('/api/units')).json().items;
  return Object.fromEntries(units.map((u) => [u.code, u.id]));
}
