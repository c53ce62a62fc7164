/**
 * Import of an .xlsx into a document (загрузка из Excel), step 1: the preview. Reads a file in the
 * export layout and lists the input changes it would make against the document's current inputs
 * (old → new), the rows it would add, and warnings — without touching the document.
 *
 * Matching: by the ids the export stored (hidden id row and row-id column, `__zhospar`); for a
 * hand-made or stripped file, columns by their titles (ru or kk) and rows by line code or title.
 * Values are checked with collab's `checkCellValue` against the template's input schema; calculated
 * cells, headings and totals are never imported (a value typed over a formula gives a warning).
 * Rows are never deleted or reordered by an import. A file that cannot be read, is too large,
 * encrypted, of another template edition or unit is refused as a whole with a ru/kk message.
 */
import { checkCellValue } from '@zhospar/collab';
import type { CellValue, DocumentProjection, SheetProjection } from '@zhospar/collab';
import { getTemplate as catalogueTemplate, inputSchemaOf } from '@zhospar/sheets';
import type { CellValueType, ColumnDef, FixedRowSpec, LocalizedText, SheetSchema, SheetTemplate } from '@zhospar/sheets';
import { randomUUID } from 'node:crypto';
import { EXPORT_FORMAT_VERSION, ID_SHEET } from '../export/buildWorkbook.ts';
import { readXlsx } from '../export/ExcelJsReader.ts';
import type { AmountUnit } from '../export/labels.ts';
import { LABELS } from '../export/labels.ts';
import { columnLetters, formulaOf } from '../export/sheetPlan.ts';
import type { PlannedRow } from '../export/sheetPlan.ts';
import type { ReadCell, ReadSheet, ReadWorkbook } from '../export/SpreadsheetReader.ts';
import { sheetPrefix } from '../export/toA1Formula.ts';
import { importMessage } from './importMessages.ts';
import type { ImportErrorCode, ImportWarningCode } from './importMessages.ts';
import { DEFAULT_IMPORT_LIMITS, inspectXlsx } from './inspectXlsx.ts';
import type { ImportLimits } from './inspectXlsx.ts';
import { readManifest, readSheetIds } from './readManifest.ts';
import type { Manifest, ManifestSheet } from './readManifest.ts';
import { parseLocaleNumber } from './parseLocaleNumber.ts';

/** One input cell the import changes. `old`/`new` null = empty. */
export interface ImportCellChange {
  sheetId: string;
  rowId: string;
  colId: string;
  old: CellValue | null;
  new: CellValue | null;
  /** Where it is in the file, `'01-144'!E12`. */
  cell: string;
  /** A document (dynamic) row, not a template row. */
  dynamicRow: boolean;
}

/** A dynamic row the import adds, after `after` (null = first of the block). */
export interface ImportNewRow {
  sheetId: string;
  rowId: string;
  after: string | null;
  /** Row number in the file. */
  fileRow: number;
}

/** Something left out or converted. */
export interface ImportWarning {
  code: ImportWarningCode;
  message: LocalizedText;
  sheetId?: string;
  cell?: string;
}

/** How each document sheet was found in the file. */
export interface ImportSheetMatch {
  sheetId: string;
  worksheet: string;
  matchedBy: 'ids' | 'titles';
}

/** What an import would do. Apply it with `applyImport` (one Yjs transaction). */
export interface ImportPreview {
  /** Document id stored in the file (null for a hand-made file). */
  fileDocumentId: string | null;
  sheets: ImportSheetMatch[];
  newRows: ImportNewRow[];
  changes: ImportCellChange[];
  warnings: ImportWarning[];
}

/** A refused file: nothing changes. */
export interface ImportError {
  code: ImportErrorCode;
  message: LocalizedText;
}

/** Result of {@link previewImport}. */
export type ImportResult = { ok: true; preview: ImportPreview } | { ok: false; error: ImportError };

/** Options of an import. */
export interface ImportOptions {
  /** Id of the document imported into (a file of another document gives a warning). */
  documentId?: string;
  /** Unit of the document's amounts (default тенге); a file in another unit is refused. */
  unit?: AmountUnit;
  limits?: Partial<ImportLimits>;
  getTemplate?: (templateId: string) => SheetTemplate | undefined;
  /** Id of each added row (default a random UUID). */
  newRowId?: () => string;
  /** Warnings of one code kept before they are summarised (default 50). */
  maxWarningsPerCode?: number;
}

const BYTES_IN_MIB = 1024 * 1024;

function fail(code: ImportErrorCode, params: Record<string, string | number | LocalizedText> = {}): ImportResult {
  return { ok: false, error: { code, message: importMessage(code, params) } };
}

/** Normalised header or title text for matching: first line, lower case, single spaces. */
function norm(text: string): string {
  return (text.split('\n')[0] ?? '')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е');
}

function cellText(cell: ReadCell | undefined): string | null {
  const v = cell?.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

/** Compares stored and imported values, treating CR and LF alike (a spreadsheet stores CR as LF). */
function sameValue(a: CellValue | null, b: CellValue | null): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');
  return a === b;
}

const EXPECTED: Readonly<Record<CellValueType, LocalizedText>> = {
  amount: { ru: 'сумма', kk: 'сома' },
  quantity: { ru: 'число', kk: 'сан' },
  percent: { ru: 'процент', kk: 'пайыз' },
  text: { ru: 'текст до 2000 знаков', kk: '2000 таңбаға дейінгі мәтін' },
  code: { ru: 'код из цифр', kk: 'цифрлардан тұратын код' },
  date: { ru: 'дата ГГГГ-ММ-ДД', kk: 'ЖЖЖЖ-АА-КК күні' },
};

function isoDate(d: Date): string {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

type Normalized = { kind: 'value'; value: CellValue } | { kind: 'empty' } | { kind: 'invalid'; shown: string };

/**
 * A read cell as an input value of `col`'s type, before `checkCellValue`: numbers from numbers
 * or locale texts (`1 234,5`), percents typed as `20%` in Excel to points (20), codes typed as
 * numbers to digit strings, dates to `yyyy-mm-dd`.
 */
function normalize(cell: ReadCell | undefined, col: ColumnDef): Normalized {
  const v = cell?.value ?? null;
  if (v === null || (typeof v === 'string' && v.trim() === '')) return { kind: 'empty' };
  const shown = v instanceof Date ? isoDate(v) : typeof v === 'object' ? v.error : String(v);
  if (typeof v === 'object' && !(v instanceof Date)) return { kind: 'invalid', shown };
  switch (col.valueType) {
    case 'amount':
    case 'quantity':
    case 'percent': {
      let n: number | null = typeof v === 'number' ? v : typeof v === 'string' ? parseLocaleNumber(v, col.valueType === 'percent') : null;
      if (n === null) return { kind: 'invalid', shown };
      if (col.valueType === 'percent' && typeof v === 'number' && cell?.numFmt?.includes('%')) n = Math.round(n * 100 * 1e9) / 1e9;
      return { kind: 'value', value: n };
    }
    case 'code':
      if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? { kind: 'value', value: String(v) } : { kind: 'invalid', shown };
      return typeof v === 'string' ? { kind: 'value', value: v.trim() } : { kind: 'invalid', shown };
    case 'date':
      if (v instanceof Date) return { kind: 'value', value: isoDate(v) };
      if (typeof v === 'number') return { kind: 'value', value: isoDate(new Date(Math.round((v - 25569) * 86_400_000))) };
      return typeof v === 'string' ? { kind: 'value', value: v.trim() } : { kind: 'invalid', shown };
    case 'text':
      if (typeof v === 'string') return { kind: 'value', value: v };
      if (typeof v === 'number') return { kind: 'value', value: String(v) };
      if (v instanceof Date) return { kind: 'value', value: isoDate(v) };
      return { kind: 'invalid', shown };
  }
}

/** Where the rows and columns of one worksheet are. */
interface Located {
  colAt: Map<string, number>;
  /** Body rows in file order with their row id (null = no id). */
  rows: Array<{ fileRow: number; rowId: string | null }>;
  matchedBy: 'ids' | 'titles';
}

function isNumberingRow(ws: ReadSheet, r: number): boolean {
  const cells = [...ws.row(r)].filter(([, c]) => c.value !== null);
  if (cells.length < 2) return false;
  return cells.every(([col, c]) => typeof c.value === 'number' && c.value === col);
}

/** Locates a worksheet written by the export, through its hidden ids (positions from `__zhospar` as fallback). */
function locateByIds(ws: ReadSheet, template: SheetTemplate, entry: ManifestSheet | undefined): Located | null {
  const ids = readSheetIds(ws);
  const known = new Set(template.columns.map((c) => c.id));
  let cols = ids.cols;
  let rowIds = ids.rows;
  if (cols.size === 0 && entry) {
    cols = entry.cols;
    rowIds = entry.rows;
  }
  const colAt = new Map<string, number>();
  for (const [c, id] of cols) if (known.has(id) && !colAt.has(id)) colAt.set(id, c);
  if (colAt.size === 0 || rowIds.size === 0) return null;
  const idRows = [...rowIds.keys()].sort((a, b) => a - b);
  const firstId = idRows[0] ?? 0;
  let start = firstId;
  for (let r = firstId - 1; r > 1; r--) {
    if (isNumberingRow(ws, r)) {
      start = r + 1;
      break;
    }
  }
  const last = idRows[idRows.length - 1] ?? start;
  const rows: Located['rows'] = [];
  for (let r = start; r <= last; r++) rows.push({ fileRow: r, rowId: rowIds.get(r) ?? null });
  return { colAt, rows, matchedBy: 'ids' };
}

/**
 * Locates a hand-made worksheet: template columns by their titles (ru or kk) anywhere in the top
 * rows, body from the row after the headers (and after a numbering row) to the first empty row;
 * fixed rows by line code or title, other rows as new dynamic rows.
 */
function locateByTitles(ws: ReadSheet, template: SheetTemplate): Located | null {
  const wanted = new Map<string, string>();
  for (const c of template.columns) {
    for (const title of [c.title.ru, c.title.kk]) if (!wanted.has(norm(title))) wanted.set(norm(title), c.id);
  }
  const colAt = new Map<string, number>();
  let headerBottom = 0;
  const scan = Math.min(ws.rowCount, 60);
  for (let r = 1; r <= scan; r++) {
    for (const [c, cell] of ws.row(r)) {
      const text = cellText(cell);
      const id = text === null ? undefined : wanted.get(norm(text));
      if (id && !colAt.has(id)) {
        colAt.set(id, c);
        headerBottom = Math.max(headerBottom, r);
      }
    }
  }
  // Enough to be this form: every required input column, or half of the input columns.
  const inputs = template.columns.filter((c) => c.kind === 'input');
  const required = inputs.filter((c) => c.required);
  const matchedInputs = inputs.filter((c) => colAt.has(c.id)).length;
  const enough = (required.length > 0 && required.every((c) => colAt.has(c.id))) || matchedInputs >= Math.ceil(inputs.length / 2);
  if (!enough || matchedInputs === 0) return null;
  let start = headerBottom + 1;
  if (isNumberingRow(ws, start)) start++;
  const fixed = template.rows.filter((r): r is FixedRowSpec => r.kind === 'fixed');
  const byCode = new Map(fixed.flatMap((r) => (r.code ? [[r.code, r.id] as const] : [])));
  const byTitle = new Map(fixed.flatMap((r) => [[norm(r.title.ru), r.id] as const, [norm(r.title.kk), r.id] as const]));
  const lastTemplateCol = Math.max(...colAt.values());
  const rows: Located['rows'] = [];
  for (let r = start; r <= ws.rowCount; r++) {
    const cells = [...ws.row(r)].filter(([c, cell]) => c <= lastTemplateCol && cell.value !== null && cell.value !== '');
    if (cells.length === 0) break;
    let rowId: string | null = null;
    for (const [, cell] of cells) {
      const text = cellText(cell);
      if (text === null) continue;
      rowId = byCode.get(text.trim()) ?? byTitle.get(norm(text)) ?? null;
      if (rowId) break;
    }
    rows.push({ fileRow: r, rowId });
  }
  return { colAt, rows, matchedBy: 'titles' };
}

/** Finds the worksheet of a document sheet in a file without ids: by form code as name, or by the form title. */
function findWorksheetByForm(wb: ReadWorkbook, template: SheetTemplate, used: Set<string>): ReadSheet | undefined {
  const candidates = wb.sheets.filter((s) => s.state === 'visible' && !used.has(s.name) && s.name !== ID_SHEET);
  const byName = candidates.find((s) => norm(s.name) === norm(template.formCode));
  if (byName) return byName;
  const titles = new Set([norm(template.title.ru), norm(template.title.kk), norm(`${LABELS.form.ru} ${template.formCode}`), norm(`${LABELS.form.kk} ${template.formCode}`)]);
  return candidates.find((s) => {
    for (let r = 1; r <= Math.min(s.rowCount, 12); r++) {
      for (const cell of s.row(r).values()) {
        const text = cellText(cell);
        if (text && titles.has(norm(text))) return true;
      }
    }
    return false;
  });
}

/** Collects warnings, keeping at most `max` per code and counting the rest. */
class Warnings {
  private readonly list: ImportWarning[] = [];
  private readonly counts = new Map<ImportWarningCode, number>();

  constructor(private readonly max: number) {}

  add(code: ImportWarningCode, params: Record<string, string | number | LocalizedText>, where: { sheetId?: string; cell?: string } = {}): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n <= this.max) this.list.push({ code, message: importMessage(code, params), ...where });
  }

  done(): ImportWarning[] {
    const extra: ImportWarning[] = [];
    for (const n of this.counts.values()) {
      if (n > this.max) extra.push({ code: 'more-warnings', message: importMessage('more-warnings', { count: n - this.max }) });
    }
    return [...this.list, ...extra];
  }
}

/**
 * Reads `bytes` (an .xlsx) against the document's current inputs and returns what importing it
 * would change, or why it is refused. Never changes anything.
 */
export async function previewImport(bytes: Uint8Array, current: DocumentProjection, options: ImportOptions = {}): Promise<ImportResult> {
  const limits: ImportLimits = { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
  const inspected = inspectXlsx(bytes, limits);
  if (!inspected.ok) {
    if (inspected.code === 'too-large') return fail('too-large', { limit: `${Math.round(limits.maxBytes / BYTES_IN_MIB)} МБ` });
    if (inspected.code === 'too-many-cells') return fail('too-many-cells', { count: inspected.cells ?? 0, limit: limits.maxCells });
    return fail(inspected.code);
  }
  let wb: ReadWorkbook;
  try {
    wb = await readXlsx(bytes);
  } catch {
    return fail('not-xlsx');
  }
  if (wb.cellCount > limits.maxCells) return fail('too-many-cells', { count: wb.cellCount, limit: limits.maxCells });

  const lookup = options.getTemplate ?? catalogueTemplate;
  const manifest: Manifest | null = readManifest(wb);
  if (manifest && manifest.formatVersion > EXPORT_FORMAT_VERSION) return fail('unsupported-version', { version: manifest.formatVersion });
  const docUnit = options.unit ?? 'tenge';
  if (manifest?.unit && manifest.unit !== docUnit) {
    const name = (u: string): LocalizedText => (u === 'thousand-tenge' ? LABELS.thousandTenge : LABELS.tenge);
    return fail('unit-mismatch', { file: name(manifest.unit), document: name(docUnit) });
  }
  const warnings = new Warnings(options.maxWarningsPerCode ?? 50);
  if (manifest?.documentId && options.documentId && manifest.documentId !== options.documentId) {
    warnings.add('other-document', { documentId: manifest.documentId });
  }

  // 1. Which worksheet holds which document sheet.
  const pairs: Array<{ sheet: SheetProjection; template: SheetTemplate; ws: ReadSheet; entry?: ManifestSheet }> = [];
  const used = new Set<string>();
  const docSheets = new Map(current.sheets.map((s) => [s.sheetId, s]));
  if (manifest) {
    for (const entry of manifest.sheets) {
      const sheet = docSheets.get(entry.sheetId);
      const ws = wb.sheets.find((w) => w.name === entry.worksheet);
      if (!ws) continue;
      used.add(ws.name);
      if (!sheet) {
        warnings.add('unknown-sheet', { sheet: entry.worksheet });
        continue;
      }
      if (sheet.templateId !== entry.templateId) {
        return fail('wrong-template', {
          detail: {
            ru: `лист «${entry.worksheet}» выгружен по форме ${entry.templateId}, а в документе форма ${sheet.templateId}`,
            kk: `«${entry.worksheet}» парағы ${entry.templateId} нысаны бойынша түсірілген, ал құжатта ${sheet.templateId} нысаны`,
          },
        });
      }
      const template = lookup(sheet.templateId);
      if (template) pairs.push({ sheet, template, ws, entry });
    }
  }
  for (const sheet of current.sheets) {
    if (pairs.some((p) => p.sheet.sheetId === sheet.sheetId)) continue;
    const template = lookup(sheet.templateId);
    if (!template) continue;
    const ws = findWorksheetByForm(wb, template, used);
    if (!ws) continue;
    used.add(ws.name);
    pairs.push({ sheet, template, ws });
  }
  if (pairs.length === 0) {
    return fail('wrong-template', {
      detail: { ru: 'в файле нет ни одного листа форм этого документа', kk: 'файлда осы құжат нысандарының бірде-бір парағы жоқ' },
    });
  }
  for (const ws of wb.sheets) {
    if (!used.has(ws.name) && ws.state === 'visible' && !manifest) warnings.add('unknown-sheet', { sheet: ws.name });
  }

  // 2. Cells of each sheet.
  const newRowId = options.newRowId ?? ((): string => randomUUID());
  const preview: ImportPreview = { fileDocumentId: manifest?.documentId ?? null, sheets: [], newRows: [], changes: [], warnings: [] };
  for (const { sheet, template, ws, entry } of pairs) {
    const located = locateByIds(ws, template, entry) ?? locateByTitles(ws, template);
    if (!located) {
      warnings.add('columns-not-found', { sheet: ws.name, form: template.formCode }, { sheetId: sheet.sheetId });
      continue;
    }
    if (located.matchedBy === 'titles') warnings.add('matched-by-titles', { sheet: ws.name }, { sheetId: sheet.sheetId });
    preview.sheets.push({ sheetId: sheet.sheetId, worksheet: ws.name, matchedBy: located.matchedBy });
    importSheet(sheet, template, ws, located, { preview, warnings, newRowId });
  }
  preview.warnings = warnings.done();
  return { ok: true, preview };
}

interface SheetContext {
  preview: ImportPreview;
  warnings: Warnings;
  newRowId: () => string;
}

function importSheet(sheet: SheetProjection, template: SheetTemplate, ws: ReadSheet, located: Located, ctx: SheetContext): void {
  const schema: SheetSchema = inputSchemaOf(template);
  const fixed = new Map(template.rows.flatMap((r) => (r.kind === 'fixed' ? [[r.id, r] as const] : [])));
  const slot = template.rows.findIndex((r) => r.kind === 'dynamic');
  const fixedIndex = new Map(template.rows.flatMap((r, i) => (r.kind === 'fixed' ? [[r.id, i] as const] : [])));
  const live = new Set(sheet.rows.map((r) => r.rowId));
  const seen = new Set<string>();
  const ref = (row: number, col: number): string => `${sheetPrefix(ws.name)}${columnLetters(col)}${row}`;

  // Is a row without a (usable) id inside the dynamic block? Look at the nearest id'd rows around it.
  const side = (rowId: string | null): 'before' | 'after' | 'dynamic' | null => {
    if (rowId === null) return null;
    const i = fixedIndex.get(rowId);
    if (i === undefined) return 'dynamic';
    return i < slot ? 'before' : 'after';
  };
  const idsInOrder = located.rows.map((r) => (r.rowId !== null && (fixed.has(r.rowId) || live.has(r.rowId)) ? r.rowId : null));
  const inDynamicBlock = (index: number): boolean => {
    if (slot < 0) return false;
    let above: ReturnType<typeof side> = null;
    for (let i = index - 1; i >= 0 && above === null; i--) above = side(idsInOrder[i] ?? null);
    let below: ReturnType<typeof side> = null;
    for (let i = index + 1; i < idsInOrder.length && below === null; i++) below = side(idsInOrder[i] ?? null);
    return above !== 'after' && below !== 'before';
  };

  let previousDynamic: string | null = null;
  const fileOrder: string[] = [];
  located.rows.forEach((fileRowEntry, index) => {
    const { fileRow } = fileRowEntry;
    let rowId = fileRowEntry.rowId;
    const spec = rowId ? fixed.get(rowId) : undefined;
    let kind: PlannedRow['kind'];
    let isNew = false;
    if (spec) {
      kind = spec.role;
    } else if (rowId && live.has(rowId) && !seen.has(rowId)) {
      kind = 'dynamic';
    } else {
      // No id, a copied id, or an id the document does not have (deleted, or another document).
      const hasInput = template.columns.some((c) => {
        const k = located.colAt.get(c.id);
        return c.kind === 'input' && k !== undefined && normalize(ws.cell(fileRow, k), c).kind !== 'empty';
      });
      if (!hasInput) return;
      if (!schema.dynamicRows || !inDynamicBlock(index)) {
        ctx.warnings.add('unknown-row', { row: fileRow, sheet: ws.name }, { sheetId: sheet.sheetId });
        return;
      }
      if (rowId && seen.has(rowId)) ctx.warnings.add('duplicate-row-id', { row: fileRow, sheet: ws.name }, { sheetId: sheet.sheetId });
      else if (rowId) ctx.warnings.add('row-not-in-document', { row: fileRow, sheet: ws.name }, { sheetId: sheet.sheetId });
      rowId = ctx.newRowId();
      kind = 'dynamic';
      isNew = true;
      ctx.preview.newRows.push({ sheetId: sheet.sheetId, rowId, after: previousDynamic, fileRow });
    }
    if (!rowId) return;
    seen.add(rowId);
    if (kind === 'dynamic') {
      previousDynamic = rowId;
      if (!isNew) fileOrder.push(rowId);
    }
    if (kind === 'heading') return;
    const planned: PlannedRow = spec ? { excelRow: fileRow, rowId, kind, spec } : { excelRow: fileRow, rowId, kind };
    template.columns.forEach((col, j) => {
      const k = located.colAt.get(col.id);
      if (k === undefined) return;
      const cell = ws.cell(fileRow, k);
      const at = ref(fileRow, k);
      if (col.kind !== 'input' || kind === 'total') {
        // Calculated: a formula is fine; a value typed over it is ignored with a warning.
        if (formulaOf(planned, j, template) !== undefined && cell && !cell.formula && normalize(cell, col).kind !== 'empty') {
          ctx.warnings.add('calculated-ignored', { cell: at }, { sheetId: sheet.sheetId, cell: at });
        }
        return;
      }
      const normalized = normalize(cell, col);
      const type = schema.inputColumns.get(col.id) ?? col.valueType;
      let value: CellValue | null;
      if (normalized.kind === 'empty') value = null;
      else if (normalized.kind === 'invalid') {
        ctx.warnings.add('invalid-value', { cell: at, value: normalized.shown, column: col.title, expected: EXPECTED[type] }, { sheetId: sheet.sheetId, cell: at });
        return;
      } else {
        const problem = checkCellValue(type, normalized.value);
        if (problem) {
          ctx.warnings.add('invalid-value', { cell: at, value: String(normalized.value), column: col.title, expected: EXPECTED[type] }, { sheetId: sheet.sheetId, cell: at });
          return;
        }
        value = normalized.value;
        if (cell?.formula) ctx.warnings.add('formula-in-input', { cell: at, value: String(value) }, { sheetId: sheet.sheetId, cell: at });
      }
      const old = isNew ? null : (sheet.cells[`${rowId}/${col.id}`] ?? null);
      if (sameValue(old, value)) return;
      ctx.preview.changes.push({ sheetId: sheet.sheetId, rowId: rowId as string, colId: col.id, old, new: value, cell: at, dynamicRow: kind === 'dynamic' });
    });
  });

  const missing = sheet.rows.filter((r) => !seen.has(r.rowId)).length;
  if (missing > 0) ctx.warnings.add('row-missing', { sheet: ws.name, count: missing }, { sheetId: sheet.sheetId });
  const docOrder = sheet.rows.map((r) => r.rowId).filter((id) => fileOrder.includes(id));
  if (docOrder.some((id, i) => fileOrder[i] !== id)) ctx.warnings.add('rows-not-reordered', { sheet: ws.name }, { sheetId: sheet.sheetId });
}
