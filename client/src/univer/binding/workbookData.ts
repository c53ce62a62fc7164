/**
 * Univer snapshot (`IWorkbookData`) of a document: one worksheet per document sheet, cells from
 * `renderSheet`, header merges, frozen header rows, column widths, and the style table the style
 * ids refer to. Input cells look like white form fields; calculated cells, headings and totals are
 * grey and read-only.
 */
import type { ICellData, IStyleData, IWorkbookData, IWorksheetData } from '@univerjs/presets';
import { BooleanNumber, BorderStyleTypes, HorizontalAlign, LocaleType, VerticalAlign, WrapStrategy } from '@univerjs/presets';
import type { CellValueType, Lang } from '../../model/templateTypes';
import type { RenderedRow } from './renderSheet';
import type { SheetLayout } from './SheetLayout';
import { columnCount, headerCells, rowCount } from './SheetLayout';
import { localized } from '../../i18n/i18n';

const BORDER_COLOUR = '#c3c9d2';
const READ_ONLY_FILL = '#eceef1';
const HEADER_FILL = '#dfe5ee';
const TOTAL_FILL = '#e2e5ea';

const thin = { s: BorderStyleTypes.THIN, cl: { rgb: BORDER_COLOUR } };
const border = { t: thin, b: thin, l: thin, r: thin };

/** Number format of a value type: thousands grouped, the column precision in decimals. */
export function numberPattern(type: CellValueType, precision: number | undefined): string | null {
  if (type === 'text' || type === 'code' || type === 'date') return '@';
  const decimals = precision ?? (type === 'amount' ? 2 : type === 'percent' ? 1 : 0);
  return decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
}

function valueStyle(type: CellValueType, precision: number | undefined): IStyleData {
  const pattern = numberPattern(type, precision);
  const numeric = pattern !== '@';
  const style: IStyleData = { bd: border, vt: VerticalAlign.MIDDLE, ht: numeric ? HorizontalAlign.RIGHT : HorizontalAlign.LEFT, fs: 10 };
  if (pattern !== null) style.n = { pattern };
  // Body rows have a fixed height: long texts are clipped (the formula bar shows them in full).
  if (!numeric) style.tb = WrapStrategy.CLIP;
  return style;
}

/** Parses a body style id (`zh-in-amount-2`) back to its parts. */
function parseStyleId(id: string): { variant: 'in' | 'ro' | 'total'; type: CellValueType; precision: number | undefined } | null {
  const m = /^zh-(in|ro|total)-(amount|quantity|text|code|date|percent)(?:-(\d+))?$/.exec(id);
  if (!m) return null;
  return { variant: m[1] as 'in' | 'ro' | 'total', type: m[2] as CellValueType, precision: m[3] === undefined ? undefined : Number(m[3]) };
}

/** The style of every style id the renderer uses. */
export function styleFor(id: string): IStyleData {
  switch (id) {
    case 'zh-header':
      return { bg: { rgb: HEADER_FILL }, bl: BooleanNumber.TRUE, fs: 10, ht: HorizontalAlign.CENTER, vt: VerticalAlign.MIDDLE, tb: WrapStrategy.WRAP, bd: border };
    case 'zh-lead':
      return { bg: { rgb: READ_ONLY_FILL }, cl: { rgb: '#4a5261' }, fs: 10, ht: HorizontalAlign.CENTER, vt: VerticalAlign.MIDDLE, bd: border, n: { pattern: '@' } };
    case 'zh-title':
      return { bg: { rgb: READ_ONLY_FILL }, fs: 10, vt: VerticalAlign.MIDDLE, tb: WrapStrategy.CLIP, bd: border };
    case 'zh-title-strong':
    case 'zh-total-title':
      return { bg: { rgb: TOTAL_FILL }, bl: BooleanNumber.TRUE, fs: 10, vt: VerticalAlign.MIDDLE, bd: border };
    case 'zh-heading':
      return { bg: { rgb: READ_ONLY_FILL }, bl: BooleanNumber.TRUE, it: BooleanNumber.TRUE, fs: 10, vt: VerticalAlign.MIDDLE, bd: border };
    default: {
      const parsed = parseStyleId(id);
      if (parsed === null) return { bd: border };
      const style = valueStyle(parsed.type, parsed.precision);
      if (parsed.variant === 'ro') return { ...style, bg: { rgb: READ_ONLY_FILL }, cl: { rgb: '#3b4250' } };
      if (parsed.variant === 'total') return { ...style, bg: { rgb: TOTAL_FILL }, bl: BooleanNumber.TRUE };
      return style;
    }
  }
}

/** Converts rendered rows to Univer's cell matrix (value type inferred by Univer from the style). */
export function toCellMatrix(rows: Record<number, RenderedRow>): Record<number, Record<number, ICellData>> {
  const out: Record<number, Record<number, ICellData>> = {};
  for (const [r, row] of Object.entries(rows)) {
    const cells: Record<number, ICellData> = {};
    for (const [c, cell] of Object.entries(row)) {
      const data: ICellData = { s: cell.s };
      if (cell.v !== undefined && cell.v !== null) data.v = cell.v;
      cells[Number(c)] = data;
    }
    out[Number(r)] = cells;
  }
  return out;
}

/** The common start of calculation-form titles, which says nothing the form code does not. */
const FORM_TITLE_PREFIX = [/^Расчет расходов по специфике \d+\s*/u, /^\d+ ерекшелігі бойынша шығыстардың есебі:\s*/u];

/**
 * Worksheet tab name: form code and the distinctive part of the title, e.g.
 * «01-144 «Приобретение топлива, горюче-смазочных…» — short enough that several tabs fit.
 */
export function sheetName(layout: SheetLayout, lang: Lang): string {
  let title = localized(lang, layout.template.title);
  for (const prefix of FORM_TITLE_PREFIX) title = title.replace(prefix, '');
  const name = `${layout.template.formCode} ${title}`.trim();
  return name.length > 44 ? `${name.slice(0, 43).trimEnd()}…` : name;
}

export interface SheetSnapshotInput {
  layout: SheetLayout;
  rendered: Record<number, RenderedRow>;
}

/** Builds the Univer snapshot of a whole document. */
export function buildWorkbookData(unitId: string, name: string, sheets: readonly SheetSnapshotInput[], lang: Lang): IWorkbookData {
  const styleIds = new Set<string>(['zh-header', 'zh-lead', 'zh-title', 'zh-title-strong', 'zh-total-title', 'zh-heading']);
  const worksheets: Record<string, Partial<IWorksheetData>> = {};
  for (const { layout, rendered } of sheets) {
    for (const row of Object.values(rendered)) for (const cell of Object.values(row)) styleIds.add(cell.s);
    // Rows inserted later (dynamic rows of an empty section) need their styles in the table too.
    for (const col of layout.columns) {
      const base = `${col.def.valueType}${col.def.precision === undefined ? '' : `-${col.def.precision}`}`;
      for (const variant of ['in', 'ro', 'total']) styleIds.add(`zh-${variant}-${base}`);
    }
    const columnData: Record<number, { w: number }> = {};
    layout.leadColumns.forEach((kind, i) => {
      columnData[i] = { w: kind === 'number' ? 56 : 400 };
    });
    for (const col of layout.columns) {
      const fallback = col.def.valueType === 'text' ? 220 : col.def.valueType === 'code' ? 90 : 120;
      columnData[col.index] = { w: col.def.width ?? fallback };
    }
    const rowData: Record<number, { h: number }> = {};
    for (let r = 0; r < layout.headerRowCount; r++) rowData[r] = { h: r === layout.headerRowCount - 1 ? 44 : 28 };
    worksheets[layout.sheetId] = {
      id: layout.sheetId,
      name: sheetName(layout, lang),
      rowCount: Math.max(rowCount(layout), 1),
      columnCount: columnCount(layout),
      cellData: toCellMatrix(rendered),
      mergeData: headerCells(layout, lang).merges,
      columnData,
      rowData,
      defaultRowHeight: 24,
      defaultColumnWidth: 100,
      freeze: { xSplit: layout.leadColumns.length, ySplit: layout.headerRowCount, startRow: layout.headerRowCount, startColumn: layout.leadColumns.length },
      // No A/B/C and 1/2/3 headers: the form has its own header rows and row numbers («№»), and
      // users never write cell references (no formulas in inputs).
      rowHeader: { width: 0, hidden: BooleanNumber.TRUE },
      columnHeader: { height: 0, hidden: BooleanNumber.TRUE },
      showGridlines: BooleanNumber.TRUE,
      rightToLeft: BooleanNumber.FALSE,
      hidden: BooleanNumber.FALSE,
    };
  }
  const styles: Record<string, IStyleData> = {};
  for (const id of styleIds) styles[id] = styleFor(id);
  return {
    id: unitId,
    name,
    appVersion: '0.25.1',
    locale: LocaleType.RU_RU,
    styles,
    sheetOrder: sheets.map((s) => s.layout.sheetId),
    sheets: worksheets,
  };
}
