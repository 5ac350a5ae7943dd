import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';

// A streaming .xlsx writer for ledgers of any length: each batch of rows becomes SpreadsheetML
// (inline strings, no shared-string table), goes through one raw-deflate stream straight into the
// output, and is gone. Memory is one batch plus zlib's window, whatever the row count.
//
// Why not exceljs' streaming WorkbookWriter: its StreamBuf keeps every byte it emits (about 0.7 MB
// per 1,000 case rows), so a 1M-row ledger held ~700 MB; exceljs still reads workbooks (imports).
//
// The zip is written as a stream: entries carry a data descriptor (flag bit 3) after their
// data, then the central directory. No ZIP64: an entry or the file must stay below 4 GiB
// (≈ 5 million case rows); beyond that the writer throws instead of writing a broken file.

export type XlsxColumn = { key: string; header: string; width: number; numFmt?: string };
export type XlsxSheet = { name: string; columns: XlsxColumn[]; rows: AsyncIterable<Record<string, unknown>[]> };

const LIMIT = 0xffff_ffff;
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** Cell styles in styles.xml: 0 default, 1 header (bold, tinted), 2.. one per custom number format. */
const HEADER_STYLE = 1;
const CHUNK_ROWS = 250;

// Characters XML 1.0 cannot carry at all (control characters other than tab and newlines, lone surrogates).
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Most cells need nothing: one cheap test first, the replacements only when it hits.
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const escapeXml = (text: string) =>
  !NEEDS_WORK.test(text)
    ? text
    : text.replace(INVALID, '').replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Excel allows 31 characters and none of []:*?/\ in a sheet name. */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet';
}

function cell(ref: string, value: unknown, style: number): string {
  if (value == null || value === '') return '';
  const s = style ? ` s="${style}"` : '';
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : '';
  if (typeof value === 'boolean') return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  const text = (value instanceof Date ? value.toISOString() : String(value)).slice(0, 32_767);
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
}

function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((Math.max(d.getFullYear(), 1980) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** Resolves when `out` wants more; rejects if it is closed or fails first (a client that went away). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('xlsx: output closed'));
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', done);
  });
}

type Entry = { name: Buffer; offset: number; crc: number; compressed: number; size: number };

/** Writes a zip entry by entry to `out`, honouring its back-pressure. */
class ZipStream {
  private entries: Entry[] = [];
  private written = 0;
  private stamp = dosTime(new Date());

  constructor(private out: Writable) {}

  private async raw(buf: Buffer) {
    this.written += buf.length;
    if (this.written > LIMIT) throw new Error('xlsx: file larger than 4 GiB (ZIP64 is not written)');
    if (this.out.destroyed) throw new Error('xlsx: output closed');
    if (!this.out.write(buf)) await drained(this.out);
  }

  /** Starts a deflated entry; write its content with `write`, then `end()`. */
  async entry(name: string) {
    const entry: Entry = { name: Buffer.from(name, 'utf8'), offset: this.written, crc: 0, compressed: 0, size: 0 };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0808, 6); // bit 3: sizes in the data descriptor; bit 11: UTF-8 name
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt16LE(entry.name.length, 26);
    await this.raw(Buffer.concat([header, entry.name]));
    const deflate = zlib.createDeflateRaw({ level: 6 });
    const pumped = (async () => {
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        entry.compressed += chunk.length;
        await this.raw(chunk);
      }
    })();
    pumped.catch(() => {}); // awaited below; a failure surfaces in the next write or in end()
    return {
      write: async (text: string) => {
        const data = Buffer.from(text, 'utf8');
        entry.crc = zlib.crc32(data, entry.crc);
        entry.size += data.length;
        if (entry.size > LIMIT) throw new Error('xlsx: sheet larger than 4 GiB (ZIP64 is not written)');
        // A failed output ends the pump, which rejects the race instead of waiting for a drain forever.
        if (!deflate.write(data)) await Promise.race([once(deflate, 'drain'), pumped]);
      },
      end: async () => {
        deflate.end();
        await pumped;
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(entry.crc >>> 0, 4);
        descriptor.writeUInt32LE(entry.compressed, 8);
        descriptor.writeUInt32LE(entry.size, 12);
        await this.raw(descriptor);
        this.entries.push(entry);
      },
      abort: () => deflate.destroy(),
    };
  }

  async file(name: string, text: string) {
    const e = await this.entry(name);
    await e.write(text);
    await e.end();
  }

  /** The central directory and its end record. */
  async finish() {
    const start = this.written;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by
      h.writeUInt16LE(20, 6); // needed
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.stamp.time, 12);
      h.writeUInt16LE(this.stamp.date, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await this.raw(Buffer.concat([h, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.written - start, 12);
    end.writeUInt32LE(start, 16);
    await this.raw(end);
  }
}

/**
 * Writes a workbook of `sheets` to `out` (which it ends) and resolves when the last byte is
 * handed over. Row values: strings, numbers (a column's `numFmt` formats them, e.g. '0.00%'),
 * booleans, dates (as ISO text); null or '' leaves the cell empty. `onBatch` runs after each
 * batch with the rows written so far; it may throw to abandon the file.
 */
export async function writeXlsx(
  out: Writable,
  sheets: XlsxSheet[],
  opts: { creator?: string; onBatch?: (rowsWritten: number) => Promise<void> | void } = {},
): Promise<{ rows: number }> {
  const zip = new ZipStream(out);
  const formats = [...new Set(sheets.flatMap((s) => s.columns.flatMap((c) => (c.numFmt ? [c.numFmt] : []))))];
  const styleOf = (numFmt?: string) => (numFmt ? 2 + formats.indexOf(numFmt) : 0);
  const names = sheets.map((s) => sheetName(s.name));

  await zip.file(
    '[Content_Types].xml',
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      names
        .map(
          (_, i) =>
            `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('') +
      '</Types>',
  );
  await zip.file(
    '_rels/.rels',
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
      '</Relationships>',
  );
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await zip.file(
    'docProps/core.xml',
    `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:creator>${escapeXml(opts.creator ?? 'chuangwen')}</dc:creator>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${now}</dcterms:modified>` +
      '</cp:coreProperties>',
  );
  await zip.file(
    'xl/workbook.xml',
    `${XML}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>` +
      names.map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
  );
  await zip.file(
    'xl/_rels/workbook.xml.rels',
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${names.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
      '</Relationships>',
  );
  await zip.file(
    'xl/styles.xml',
    `${XML}<styleSheet xmlns="${MAIN_NS}">` +
      (formats.length
        ? `<numFmts count="${formats.length}">${formats.map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${escapeXml(f)}"/>`).join('')}</numFmts>`
        : '') +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
      '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
      '<fill><patternFill patternType="solid"><fgColor rgb="FFE8F0FE"/><bgColor indexed="64"/></patternFill></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${2 + formats.length}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
      '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>' +
      formats.map((_, i) => `<xf numFmtId="${164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('') +
      '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
  );

  let rows = 0;
  for (const [i, sheet] of sheets.entries()) {
    const letters = sheet.columns.map((_, c) => columnLetters(c));
    const styles = sheet.columns.map((c) => styleOf(c.numFmt));
    const entry = await zip.entry(`xl/worksheets/sheet${i + 1}.xml`);
    try {
      await entry.write(
        `${XML}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
          '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
          '<sheetFormatPr defaultRowHeight="15"/>' +
          `<cols>${sheet.columns.map((c, n) => `<col min="${n + 1}" max="${n + 1}" width="${c.width}" customWidth="1"/>`).join('')}</cols>` +
          `<sheetData><row r="1">${sheet.columns.map((c, n) => cell(`${letters[n]}1`, c.header, HEADER_STYLE)).join('')}</row>`,
      );
      let r = 1;
      for await (const batch of sheet.rows) {
        // A few hundred rows of XML at a time: short-lived strings stay in V8's young generation.
        for (let from = 0; from < batch.length; from += CHUNK_ROWS) {
          let xml = '';
          for (const row of batch.slice(from, from + CHUNK_ROWS)) {
            r += 1;
            xml += `<row r="${r}">`;
            for (let n = 0; n < sheet.columns.length; n++) xml += cell(`${letters[n]}${r}`, row[sheet.columns[n]!.key], styles[n]!);
            xml += '</row>';
          }
          await entry.write(xml);
        }
        rows += batch.length;
        await opts.onBatch?.(rows);
      }
      await entry.write('</sheetData></worksheet>');
      await entry.end();
    } catch (err) {
      entry.abort();
      throw err;
    }
  }
  await zip.finish();
  out.end();
  await finished(out, { readable: false });
  return { rows };
}

/** A ledger cell's time: "YYYY-MM-DD HH:mm" in Asia/Shanghai (UTC+8, no daylight saving), '' when absent. */
export const shanghaiMinute = (at: Date | string | null): string =>
  at ? new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
