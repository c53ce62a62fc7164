/**
 * `SpreadsheetWriter` on exceljs 4.4.0 — the only writing code that imports exceljs.
 *
 * Two modes with one output: `streaming: false` builds the workbook in memory (shared strings,
 * smaller files) and writes it at `finish`; `streaming: true` uses exceljs'
 * `stream.xlsx.WorkbookWriter`, which flushes rows as they are committed, so memory stays flat for
 * documents of a million cells. The streaming sink keeps the last {@link MERGE_WINDOW} rows open
 * because exceljs can merge only cells of rows not yet committed.
 *
 * Body rows marked `final` (no merge will touch them) skip exceljs' cell objects in streaming mode:
 * their `<row>` XML is built here, with style ids from the workbook's style table, and written to
 * the worksheet's part directly (exceljs 4.4.0 `WorksheetWriter` internals — `startedData`,
 * `_rowZero`, `stream` — pinned and covered by the streaming = in-memory and LibreOffice parity
 * tests; remove with exceljs). This is what keeps a million-cell export near exceljs' raw speed.
 */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { columnLetters } from './sheetPlan.ts';
import type {
  CellErrorValue,
  CellStyle,
  RowOptions,
  SheetSetup,
  SheetSink,
  SpreadsheetWriter,
  WorkbookProperties,
  WriterCell,
  WriterValue,
} from './SpreadsheetWriter.ts';

/** Rows kept uncommitted in streaming mode (merges must fall inside this window). */
export const MERGE_WINDOW = 64;

/** Longest text a spreadsheet cell holds. */
const MAX_CELL_TEXT = 32_767;

/** Characters XML 1.0 cannot carry (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Anything {@link safeCellText} would change (a quick test before the replacing). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_CLEANING = /[\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Text as a spreadsheet can store it: XML-safe, CR as LF, within the cell limit. */
export function safeCellText(text: string): string {
  if (text.length <= MAX_CELL_TEXT && !NEEDS_CLEANING.test(text)) return text;
  // XML readers turn a bare CR into LF anyway; do it here so what we write is what is read.
  const clean = text.replace(/\r\n?/g, '\n').replace(XML_INVALID, '\uFFFD');
  return clean.length > MAX_CELL_TEXT ? clean.slice(0, MAX_CELL_TEXT) : clean;
}

const FONT_NAME = 'Times New Roman';
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };

function toExcelStyle(s: CellStyle): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = {
    font: { name: FONT_NAME, size: s.size ?? 10, ...(s.bold ? { bold: true } : {}), ...(s.italic ? { italic: true } : {}) },
  };
  if (s.numFmt) style.numFmt = s.numFmt;
  if (s.horizontal || s.vertical || s.wrap || s.indent) {
    style.alignment = {
      ...(s.horizontal ? { horizontal: s.horizontal } : {}),
      vertical: s.vertical ?? 'middle',
      ...(s.wrap ? { wrapText: true } : {}),
      ...(s.indent ? { indent: s.indent } : {}),
    };
  }
  if (s.border) style.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
  else if (s.underline) style.border = { bottom: THIN };
  if (s.fill) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: s.fill } };
  if (s.locked === false) style.protection = { locked: false };
  return style;
}

function toExcelValue(value: WriterValue, row: number, col: number, streaming: boolean): ExcelJS.CellValue {
  // exceljs' streaming writer stores plain text as `t="str"`, which LibreOffice evaluates when it
  // starts with `=`; rich text is written as an inline string.
  if (typeof value === 'string') return streaming ? { richText: [{ text: safeCellText(value) }] } : safeCellText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : { error: '#NUM!' };
  if (value === null || typeof value === 'boolean') return value;
  if ('formula' in value) {
    const r = value.result;
    const result = r === undefined ? {} : { result: typeof r === 'string' ? safeCellText(r) : r };
    const shared = value.shared;
    if (shared && shared.last > shared.first) {
      const letters = columnLetters(col);
      if (row !== shared.first) return { sharedFormula: `${letters}${shared.first}`, ...result } as ExcelJS.CellValue;
      return { formula: value.formula, shareType: 'shared', ref: `${letters}${shared.first}:${letters}${shared.last}`, ...result } as unknown as ExcelJS.CellValue;
    }
    return { formula: value.formula, ...result } as ExcelJS.CellValue;
  }
  return value;
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const XML_SPECIAL = /[&<>"']/;
const XML_SPECIAL_ALL = /[&<>"']/g;

function xmlText(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL_ALL, (c) => XML_ESCAPES[c] ?? c) : text;
}

/** exceljs `Enums.ValueType` of a value (the style table picks a default number format by it). */
function valueType(value: WriterValue): number {
  if (value === null) return 0;
  if (typeof value === 'number') return 2;
  if (typeof value === 'string') return 3;
  if (typeof value === 'boolean') return 9;
  if ('formula' in value) return value.result === undefined ? 2 : valueType(value.result);
  return 10;
}

/**
 * Type attribute and body of a value: a formula's cached result (`t="str"` + `<v>` for text, as
 * OOXML defines for formula strings), or a plain value — text as an inline string, which no
 * spreadsheet reads as a formula (LibreOffice evaluates a `t="str"` value starting with `=`).
 */
function valueXml(value: number | string | boolean | CellErrorValue, cachedResult: boolean): [type: string, body: string] {
  if (typeof value === 'number') return Number.isFinite(value) ? ['', `<v>${value}</v>`] : [' t="e"', '<v>#NUM!</v>'];
  if (typeof value === 'string') {
    const text = xmlText(safeCellText(value));
    return cachedResult ? [' t="str"', `<v>${text}</v>`] : [' t="inlineStr"', `<is><t xml:space="preserve">${text}</t></is>`];
  }
  if (typeof value === 'boolean') return [' t="b"', `<v>${value ? 1 : 0}</v>`];
  return [' t="e"', `<v>${xmlText(value.error)}</v>`];
}

/** Internals of exceljs 4.4.0's streaming `WorksheetWriter` the direct rows rely on. */
interface WorksheetWriterInternals {
  startedData: boolean;
  _rowZero: number;
  _rows: unknown[] | null;
  _writeColumns(): void;
  _writeOpenSheetData(): void;
  stream: { write(chunk: Buffer): void };
}

/** The style table of a workbook writer (`addStyleModel` returns the `s` index). */
interface StyleTable {
  addStyleModel(style: Partial<ExcelJS.Style>, cellType?: number): number;
}

interface Options {
  output: Writable;
  /** True: exceljs streaming writer (rows flushed as they go). */
  streaming: boolean;
  properties?: WorkbookProperties;
}

/**
 * A writer on exceljs that writes an .xlsx to `output`. Choose `streaming` for large documents
 * (the export does when the cell count passes its threshold).
 */
export function createExcelJsWriter(options: Options): SpreadsheetWriter {
  const styles = new WeakMap<CellStyle, Partial<ExcelJS.Style>>();
  const styleOf = (s: CellStyle): Partial<ExcelJS.Style> => {
    let x = styles.get(s);
    if (!x) styles.set(s, (x = toExcelStyle(s)));
    return x;
  };
  const defaultStyle = toExcelStyle({});
  const styleIds = new WeakMap<CellStyle, number>();
  const styleTable = (): StyleTable => (workbook as unknown as { styles: StyleTable }).styles;
  const styleIdOf = (s: CellStyle | undefined, value: WriterValue): number => {
    if (!s) return styleTable().addStyleModel(defaultStyle, valueType(value));
    let id = styleIds.get(s);
    if (id === undefined) styleIds.set(s, (id = styleTable().addStyleModel(styleOf(s), valueType(value))));
    return id;
  };
  const letters: string[] = [];
  const columnRef = (col: number): string => (letters[col] ??= columnLetters(col));

  const workbook: ExcelJS.Workbook = options.streaming
    ? new ExcelJS.stream.xlsx.WorkbookWriter({ stream: options.output, useStyles: true, useSharedStrings: false })
    : new ExcelJS.Workbook();
  const props = options.properties ?? {};
  if (props.creator) workbook.creator = props.creator;
  if (props.title) workbook.title = props.title;
  if (props.created) {
    workbook.created = props.created;
    workbook.modified = props.created;
  }

  let open: { end(): Promise<void> } | undefined;

  return {
    addSheet(setup: SheetSetup): SheetSink {
      if (open) throw new Error('Finish the previous sheet first (sheets are written one after another)');
      const ws = workbook.addWorksheet(setup.name, {
        state: setup.state ?? 'visible',
        views: setup.frozen
          ? [{ state: 'frozen', xSplit: setup.frozen.columns, ySplit: setup.frozen.rows, showGridLines: true }]
          : [],
        pageSetup: {
          paperSize: 9, // A4
          orientation: setup.print?.landscape ? 'landscape' : 'portrait',
          fitToPage: setup.print?.fitToWidth ?? false,
          fitToWidth: 1,
          fitToHeight: setup.print?.onePage ? 1 : 0,
          margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
          ...(setup.print?.repeatRows ? { printTitlesRow: `${setup.print.repeatRows[0]}:${setup.print.repeatRows[1]}` } : {}),
        },
        properties: { defaultRowHeight: setup.defaultRowHeight ?? 15 },
      });
      const hidden = new Set(setup.hiddenColumns ?? []);
      const widths = setup.columnWidths ?? [];
      const columnCount = Math.max(widths.length, ...hidden);
      if (columnCount > 0) {
        ws.columns = Array.from({ length: columnCount }, (_, i) => ({
          width: widths[i] ?? 10,
          ...(hidden.has(i + 1) ? { hidden: true } : {}),
        }));
      }

      let rowNo = 0;
      let committed = 0;
      const streamingSheet = options.streaming;
      const internals = ws as unknown as WorksheetWriterInternals;
      /** XML of direct rows not yet handed to the worksheet's part. */
      let pending = '';
      const flushDirect = (): void => {
        if (pending === '') return;
        internals.stream.write(Buffer.from(pending, 'utf8'));
        pending = '';
      };
      const commitUpTo = (last: number): void => {
        flushDirect();
        while (committed < last) {
          committed++;
          ws.getRow(committed).commit();
        }
      };
      /** Writes one row's XML without exceljs' row and cell objects (streaming, `final` rows). */
      const writeDirect = (cells: ReadonlyArray<WriterCell | undefined>, rowOptions: RowOptions): void => {
        commitUpTo(rowNo - 1);
        if (!internals.startedData) {
          internals._writeColumns();
          internals._writeOpenSheetData();
          internals.startedData = true;
        }
        let xml = '';
        for (let i = 0; i < cells.length; i++) {
          const cell = cells[i];
          if (!cell) continue;
          const v = cell.value;
          const s = styleIdOf(cell.style, v);
          const ref = `${columnRef(i + 1)}${rowNo}`;
          const style = s ? ` s="${s}"` : '';
          if (v === null) {
            if (s) xml += `<c r="${ref}"${style}/>`;
            continue;
          }
          if (typeof v !== 'object' || !('formula' in v)) {
            const [t, body] = valueXml(v, false);
            xml += `<c r="${ref}"${style}${t}>${body}</c>`;
            continue;
          }
          let f: string;
          const shared = v.shared;
          if (shared && shared.last > shared.first) {
            // One shared formula per column of a sheet's dynamic block: its si is the column.
            f = rowNo === shared.first ? `<f t="shared" ref="${ref}:${columnRef(i + 1)}${shared.last}" si="${i}">${xmlText(v.formula)}</f>` : `<f t="shared" si="${i}"/>`;
          } else {
            f = `<f>${xmlText(v.formula)}</f>`;
          }
          if (v.result === undefined) {
            xml += `<c r="${ref}"${style}>${f}</c>`;
          } else {
            const [t, body] = valueXml(v.result, true);
            xml += `<c r="${ref}"${style}${t}>${f}${body}</c>`;
          }
        }
        if (xml !== '' || rowOptions.height !== undefined) {
          const height = rowOptions.height !== undefined ? ` ht="${rowOptions.height}" customHeight="1"` : '';
          pending += `<row r="${rowNo}"${height}${rowOptions.hidden ? ' hidden="1"' : ''} x14ac:dyDescent="0.25">${xml}</row>`;
          if (pending.length > 1 << 16) flushDirect();
        }
        committed = rowNo;
        internals._rowZero = rowNo + 1;
      };
      const sink: SheetSink = {
        addRow(cells: ReadonlyArray<WriterCell | undefined>, rowOptions?: RowOptions): void {
          rowNo++;
          if (streamingSheet && rowOptions?.final) {
            writeDirect(cells, rowOptions);
            return;
          }
          const row = ws.getRow(rowNo);
          if (rowOptions?.height !== undefined) row.height = rowOptions.height;
          if (rowOptions?.hidden) row.hidden = true;
          for (let i = 0; i < cells.length; i++) {
            const cell = cells[i];
            if (!cell) continue;
            const target = row.getCell(i + 1);
            target.value = toExcelValue(cell.value, rowNo, i + 1, streamingSheet);
            const v = cell.value;
            if (v !== null && typeof v === 'object' && 'formula' in v && v.result !== undefined && !v.result) {
              // exceljs 4.4.0 drops falsy results (0, false, '') when a formula value is assigned;
              // put the cached value back so the file carries it.
              (target as unknown as { _value: { result: unknown } })._value.result = v.result;
            }
            target.style = cell.style ? styleOf(cell.style) : defaultStyle;
          }
          if (streamingSheet && rowNo - committed > MERGE_WINDOW) commitUpTo(rowNo - MERGE_WINDOW);
        },
        merge(top: number, left: number, bottom: number, right: number): void {
          if (streamingSheet && top <= committed) throw new Error(`Row ${top} is already written; merge earlier`);
          ws.mergeCells(top, left, bottom, right);
        },
        async end(): Promise<void> {
          if (setup.protect) {
            await ws.protect('', {
              selectLockedCells: true,
              selectUnlockedCells: true,
              formatColumns: true,
              formatRows: true,
              insertRows: true,
              sort: false,
              autoFilter: false,
            });
          }
          if (streamingSheet) {
            commitUpTo(rowNo);
            flushDirect();
            (ws as unknown as { commit(): void }).commit();
          }
          open = undefined;
        },
      };
      open = sink;
      return sink;
    },

    async finish(): Promise<void> {
      if (open) await open.end();
      if (options.streaming) {
        await (workbook as ExcelJS.stream.xlsx.WorkbookWriter).commit();
        return;
      }
      // exceljs pipes its zip into the output and ends it; wait until every byte is flushed.
      const done = finished(options.output);
      await workbook.xlsx.write(options.output);
      await done;
    },
  };
}
