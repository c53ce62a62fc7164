/**
 * Reads the ids an export stored in its file: the very hidden `__zhospar` sheet (document, sheets,
 * columns and rows by position) and, per worksheet, the hidden id row (column ids) and the hidden
 * row-id column — the latter two move with rows and columns inserted by hand, so they win over
 * the positions kept in `__zhospar`.
 */
import { EXPORT_FORMAT_VERSION, FORMAT_MARKER, ID_SHEET } from '../export/buildWorkbook.ts';
import { ID_ROW, LEAD_MARKER_PREFIX, ROW_ID_MARKER } from '../export/sheetPlan.ts';
import type { ReadSheet, ReadWorkbook } from '../export/SpreadsheetReader.ts';

/** One document sheet as the file says it was exported. */
export interface ManifestSheet {
  worksheet: string;
  sheetId: string;
  templateId: string;
  editionId: string;
  firstBodyRow: number;
  idColumn: number;
  /** Column → column id, from `__zhospar`. */
  cols: Map<number, string>;
  /** Row → row id, from `__zhospar`. */
  rows: Map<number, string>;
}

/** Contents of `__zhospar`. */
export interface Manifest {
  formatVersion: number;
  documentId: string | null;
  kind: string | null;
  lang: string | null;
  unit: string | null;
  sheets: ManifestSheet[];
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

/** The manifest of a Zhospar export, or null when the file has none (hand-made or stripped). */
export function readManifest(wb: ReadWorkbook): Manifest | null {
  const sheet = wb.sheets.find((s) => s.name === ID_SHEET);
  if (!sheet) return null;
  const first = sheet.row(1);
  if (text(first.get(1)?.value) !== 'format' || text(first.get(2)?.value) !== FORMAT_MARKER) return null;
  const manifest: Manifest = {
    formatVersion: Number(first.get(3)?.value ?? EXPORT_FORMAT_VERSION),
    documentId: null,
    kind: null,
    lang: null,
    unit: null,
    sheets: [],
  };
  const byName = new Map<string, ManifestSheet>();
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.row(r);
    const key = text(row.get(1)?.value);
    const v = (c: number): string | null => text(row.get(c)?.value);
    switch (key) {
      case 'documentId':
        manifest.documentId = v(2);
        break;
      case 'kind':
        manifest.kind = v(2);
        break;
      case 'lang':
        manifest.lang = v(2);
        break;
      case 'unit':
        manifest.unit = v(2);
        break;
      case 'sheet': {
        const s: ManifestSheet = {
          worksheet: v(2) ?? '',
          sheetId: v(3) ?? '',
          templateId: v(4) ?? '',
          editionId: v(5) ?? '',
          firstBodyRow: Number(v(6)),
          idColumn: Number(v(7)),
          cols: new Map(),
          rows: new Map(),
        };
        manifest.sheets.push(s);
        byName.set(s.worksheet, s);
        break;
      }
      case 'col':
      case 'row': {
        const s = byName.get(v(2) ?? '');
        const at = Number(v(3));
        const id = v(4);
        if (s && Number.isInteger(at) && id) (key === 'col' ? s.cols : s.rows).set(at, id);
        break;
      }
      default:
        break;
    }
  }
  return manifest;
}

/** Ids carried by a worksheet itself: column ids in the hidden id row, row ids in the hidden column. */
export interface SheetIds {
  /** Column → template column id. */
  cols: Map<number, string>;
  /** Column holding row ids, or null. */
  idColumn: number | null;
  /** Row → row id. */
  rows: Map<number, string>;
}

/** Reads the hidden id row and id column of a worksheet (empty maps for a hand-made sheet). */
export function readSheetIds(ws: ReadSheet): SheetIds {
  const cols = new Map<number, string>();
  let idColumn: number | null = null;
  for (const [c, cell] of ws.row(ID_ROW)) {
    const v = text(cell.value);
    if (!v) continue;
    if (v === ROW_ID_MARKER) idColumn = c;
    else if (!v.startsWith(LEAD_MARKER_PREFIX)) cols.set(c, v);
  }
  const rows = new Map<number, string>();
  if (idColumn !== null && cols.size > 0) {
    for (let r = ID_ROW + 1; r <= ws.rowCount; r++) {
      const v = text(ws.cell(r, idColumn)?.value);
      if (v) rows.set(r, v);
    }
  } else {
    cols.clear();
    idColumn = null;
  }
  return { cols, idColumn, rows };
}
