/**
 * `ReadWorkbook` on exceljs 4.4.0 — the only reading code that imports exceljs. Callers check size
 * and container first (`inspectXlsx` of the import); this only parses.
 */
import ExcelJS from 'exceljs';
import type { ReadCell, ReadSheet, ReadValue, ReadWorkbook } from './SpreadsheetReader.ts';

/** `result`: the formula's cached value, read from the cell (exceljs' `value` drops falsy results). */
function plainValue(v: ExcelJS.CellValue, result?: unknown): ReadValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('error' in v) return { error: String(v.error) };
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : null;
  if ('formula' in v || 'sharedFormula' in v) {
    const r = result;
    if (r === undefined || r === null) return null;
    if (typeof r === 'string' || typeof r === 'number' || typeof r === 'boolean' || r instanceof Date) return r;
    if (typeof r === 'object' && 'error' in r) return { error: String((r as { error: unknown }).error) };
    return null;
  }
  return null;
}

function toReadCell(cell: ExcelJS.Cell): ReadCell | undefined {
  const master = cell.isMerged && cell.master !== cell ? undefined : cell;
  if (!master) return undefined;
  const raw = master.value;
  if (raw === null || raw === undefined) return undefined;
  const out: ReadCell = { value: plainValue(raw, master.result) };
  if (typeof raw === 'object' && raw !== null && !(raw instanceof Date) && ('formula' in raw || 'sharedFormula' in raw)) {
    const f = master.formula;
    if (typeof f === 'string' && f !== '') out.formula = f;
  }
  const numFmt = master.numFmt;
  if (typeof numFmt === 'string' && numFmt !== '' && numFmt !== 'General') out.numFmt = numFmt;
  return out;
}

/** Parses .xlsx bytes. Throws on anything exceljs cannot read (callers turn it into a user error). */
export async function readXlsx(bytes: Uint8Array): Promise<ReadWorkbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  let cellCount = 0;
  const sheets: ReadSheet[] = [];
  wb.eachSheet((ws) => {
    const rows = new Map<number, Map<number, ReadCell>>();
    let columnCount = 0;
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const cells = new Map<number, ReadCell>();
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const rc = toReadCell(cell);
        if (!rc) return;
        cells.set(c, rc);
        cellCount++;
        if (c > columnCount) columnCount = c;
      });
      if (cells.size > 0) rows.set(r, cells);
    });
    const empty: ReadonlyMap<number, ReadCell> = new Map();
    sheets.push({
      name: ws.name,
      state: ws.state === 'veryHidden' ? 'veryHidden' : ws.state === 'hidden' ? 'hidden' : 'visible',
      rowCount: Math.max(0, ...rows.keys()),
      columnCount,
      cell: (r, c) => rows.get(r)?.get(c),
      row: (r) => rows.get(r) ?? empty,
    });
  });
  return { sheets, cellCount };
}
