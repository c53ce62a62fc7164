/**
 * `SpreadsheetWriter` on exceljs 4.4.0 — the only writing code that imports exceljs.
 *
 * Two modes with one output: `streaming: false` builds the workbook in memory (shared strings,
 * smaller files) and writes it at `finish`; `streaming: true` uses exceljs'
 * `stream.xlsx.WorkbookWriter`, which flushes rows as they are committed, so memory stays flat for
 * documents of a million cells. The streaming sink keeps the last {@link MERGE_WINDOW} rows open
 * because exceljs can merge only cells of rows not yet committed.
 */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type {
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

/** Text as a spreadsheet can store it: XML-safe, CR as LF, within the cell limit. */
export function safeCellText(text: string): string {
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

function toExcelValue(value: WriterValue): ExcelJS.CellValue {
  if (typeof value === 'string') return safeCellText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : { error: '#NUM!' };
  if (value === null || typeof value === 'boolean') return value;
  if ('formula' in value) {
    const result = value.result;
    if (result === undefined) return { formula: value.formula };
    return { formula: value.formula, result: typeof result === 'string' ? safeCellText(result) : result };
  }
  return value;
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
      const commitUpTo = (last: number): void => {
        while (committed < last) {
          committed++;
          ws.getRow(committed).commit();
        }
      };
      const sink: SheetSink = {
        addRow(cells: ReadonlyArray<WriterCell | undefined>, rowOptions?: RowOptions): void {
          rowNo++;
          const row = ws.getRow(rowNo);
          if (rowOptions?.height !== undefined) row.height = rowOptions.height;
          if (rowOptions?.hidden) row.hidden = true;
          for (let i = 0; i < cells.length; i++) {
            const cell = cells[i];
            if (!cell) continue;
            const target = row.getCell(i + 1);
            target.value = toExcelValue(cell.value);
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
