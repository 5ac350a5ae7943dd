import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { columnLetters, sheetName, writeXlsx } from './xlsx-stream';

async function roundTrip(sheets: Parameters<typeof writeXlsx>[1]) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeXlsx(out, sheets);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return wb;
}

async function* once(rows: Record<string, unknown>[]) {
  yield rows;
}

describe('streaming xlsx writer', () => {
  it('writes text verbatim (markup, quotes, emoji), numbers with their format, and drops what XML cannot carry', async () => {
    const wb = await roundTrip([
      {
        name: 'a/b:c*d?[e]',
        columns: [
          { key: 'text', header: '说明 <b>', width: 20 },
          { key: 'rate', header: 'rate', width: 8, numFmt: '0.00%' },
          { key: 'empty', header: 'e', width: 4 },
        ],
        rows: once([
          { text: '<script>alert("x")</script> & 好 😀', rate: 0.8567, empty: '' },
          { text: 'bell\u0007here', rate: null, empty: null },
        ]),
      },
    ]);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('a b c d  e ');
    expect(ws.getCell('A1').value).toBe('说明 <b>');
    expect(ws.getCell('A2').value).toBe('<script>alert("x")</script> & 好 😀');
    expect(ws.getCell('B2').value).toBe(0.8567);
    expect(ws.getCell('B2').numFmt).toBe('0.00%');
    expect(ws.getCell('C2').value).toBeNull();
    expect(ws.getCell('A3').value).toBe('bellhere');
    expect(ws.rowCount).toBe(3);
  });

  it('writes several sheets in order, each batch after the other', async () => {
    async function* many() {
      for (let b = 0; b < 3; b++) yield Array.from({ length: 400 }, (_, i) => ({ n: b * 400 + i }));
    }
    const wb = await roundTrip([
      { name: 'one', columns: [{ key: 'n', header: 'n', width: 6 }], rows: many() },
      { name: 'two', columns: [{ key: 'n', header: 'n', width: 6 }], rows: once([{ n: 1 }]) },
    ]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['one', 'two']);
    expect(wb.worksheets[0]!.rowCount).toBe(1201);
    expect(wb.worksheets[0]!.getCell('A1201').value).toBe(1199);
  });

  it('names columns as Excel does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
  });
});
