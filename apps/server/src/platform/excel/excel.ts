import ExcelJS from 'exceljs';
import type { Locale } from '@chuangwen/domain/i18n/labels';
import { AppError } from '../http/errors';
import { t, type MessageKey } from '../http/messages';

export type SheetRow = { row: number; values: Record<string, string> };
export type ImportProblem = { row: number; column: string; message: string };

/** Cell → trimmed text, whatever exceljs made of it (rich text, formulas, numbers, dates). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return '';
  }
  return String(value).trim();
}

/** Parses an .xlsx upload; anything else is a 400 `file_type`. */
export async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError(400, 'file_type', 'file_type', { expected: '.xlsx' });
  }
  return wb;
}

/**
 * Reads the first sheet: row 1 holds headers; each header is matched to a field by any of its
 * accepted names (Chinese or English). Missing required headers fail the whole file.
 */
export async function readSheet(
  buffer: Buffer,
  columns: Record<string, { names: string[]; required?: boolean }>,
): Promise<{ rows: SheetRow[]; missing: string[] }> {
  const wb = await loadWorkbook(buffer);
  const sheet = wb.worksheets[0];
  if (!sheet) return { rows: [], missing: Object.keys(columns) };
  return readWorksheet(sheet, columns);
}

type ColumnSpec = { readonly names: readonly string[]; readonly required?: boolean };

/**
 * The first steps every all-or-nothing Excel import shares: read the sheet by the feature's column
 * table, collect problems by row and column in the caller's language (`say`), and stop at once on
 * missing columns or an empty sheet. `fail()` is the 422 that carries every problem found.
 */
export async function openImport<F extends string>(buffer: Buffer, columns: Record<F, ColumnSpec>, locale: Locale, emptyField: NoInfer<F>) {
  const specs = Object.fromEntries(Object.entries<ColumnSpec>(columns).map(([k, c]) => [k, { names: [...c.names], required: c.required === true }]));
  const { rows, missing } = await readSheet(buffer, specs);
  const problems: ImportProblem[] = [];
  const say = (row: number, field: F, key: MessageKey, params: Record<string, unknown> = {}) =>
    problems.push({ row, column: columns[field].names[0]!, message: t(locale, key, params) });
  const fail = () => new AppError(422, 'import_failed', 'import_failed', { count: problems.length }, problems);
  for (const column of missing) problems.push({ row: 1, column, message: t(locale, 'import.missing_column', { column }) });
  if (!missing.length && rows.length === 0) say(2, emptyField, 'import.empty');
  if (problems.length) throw fail();
  return { rows, problems, say, fail };
}

/** One sheet of a loaded workbook, read as readSheet does. */
export function readWorksheet(
  sheet: ExcelJS.Worksheet,
  columns: Record<string, { names: string[]; required?: boolean }>,
): { rows: SheetRow[]; missing: string[] } {
  const header = sheet.getRow(1);
  const fieldByCol = new Map<number, string>();
  header.eachCell((cell, col) => {
    const text = cellText(cell.value).toLowerCase();
    for (const [field, spec] of Object.entries(columns)) {
      if (spec.names.some((n) => n.toLowerCase() === text)) fieldByCol.set(col, field);
    }
  });
  const present = new Set(fieldByCol.values());
  const missing = Object.entries(columns)
    .filter(([f, s]) => s.required && !present.has(f))
    .map(([, s]) => s.names[0]!);
  const rows: SheetRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, string> = {};
    for (const [col, field] of fieldByCol) values[field] = cellText(row.getCell(col).value);
    if (Object.values(values).some((v) => v !== '')) rows.push({ row: rowNumber, values });
  });
  return { rows, missing };
}

/** A workbook with one styled sheet, as offices expect their ledgers to look. */
export async function buildWorkbook(
  sheetName: string,
  columns: { header: string; key: string; width?: number }[],
  rows: Record<string, unknown>[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'chuangwen';
  const sheet = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function attachmentHeader(filename: string): string {
  return `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
