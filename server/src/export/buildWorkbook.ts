/**
 * Excel export of a document (выгрузка документа в Excel): one worksheet per document sheet laid
 * out like the printed form (`sheetPlan.ts`), calculated cells as live formulas with the engine's
 * values cached, then the service sheets — «Контроли» (control results), «Параметры» (the period
 * parameters formulas read), «Утверждение» (approved versions: snapshot hash and signatures) and
 * the very hidden `__zhospar` (ids for the import).
 *
 * Guarantees: user text is always written as a string cell (formula injection impossible: a value
 * starting with `=`, `+`, `-`, `@`, tab or CR stays text); calculated, heading and total cells are
 * locked on protected sheets (no password) and input cells are unlocked; any spreadsheet that
 * recalculates gets the engine's values (parity test with LibreOffice).
 */
import { PassThrough } from 'node:stream';
import type { Writable } from 'node:stream';
import { createDocumentEngine } from '@zhospar/formulas';
import type { CellValue, ControlResult, DocumentEngine } from '@zhospar/formulas';
import { HEADER_FIELDS, PERIOD_PARAMETERS, getTemplate as catalogueTemplate, parseFormula, walkFormula } from '@zhospar/sheets';
import type { ColumnDef, HeaderFieldId, LocalizedText, SheetTemplate } from '@zhospar/sheets';
import { createExcelJsWriter } from './ExcelJsWriter.ts';
import type { ExportInput, ExportOptions, ExportSummary, NamedCode } from './exportTypes.ts';
import { LABELS, STATUSES, VERSION_KINDS, say } from './labels.ts';
import type { AmountUnit, ExportLanguage } from './labels.ts';
import {
  ID_ROW,
  LEAD_MARKER_PREFIX,
  ROW_ID_MARKER,
  columnLetters,
  formulaOf,
  isInputCell,
  planSheet,
  worksheetName,
} from './sheetPlan.ts';
import type { PlannedRow, SheetPlan } from './sheetPlan.ts';
import type { CellErrorValue, CellStyle, FormulaValue, RowOptions, SheetSink, SpreadsheetWriter, WriterCell, WriterValue } from './SpreadsheetWriter.ts';
import { A1Translator, sheetPrefix } from './toA1Formula.ts';

/** Version of the file layout (kept in `__zhospar`; the import refuses newer ones). */
export const EXPORT_FORMAT_VERSION = 1;
/** Name of the very hidden id sheet. */
export const ID_SHEET = '__zhospar';
/** Format marker in `__zhospar`!B1. */
export const FORMAT_MARKER = 'zhospar-xlsx';
const DEFAULT_STREAMING_THRESHOLD = 200_000;
const PROGRESS_EVERY = 10_000;

const CALC_FILL = 'FFF2F2F2';
const TOTAL_FILL = 'FFE4E4E4';
const HEADER_FILL = 'FFEDEDED';

/** Excel spelling of HyperFormula error types. */
const ERRORS: Readonly<Record<string, CellErrorValue['error']>> = {
  DIV_BY_ZERO: '#DIV/0!',
  VALUE: '#VALUE!',
  REF: '#REF!',
  NAME: '#NAME?',
  NUM: '#NUM!',
  NA: '#N/A',
};

/** Writes the document to an .xlsx in memory and returns its bytes. */
export async function buildWorkbook(input: ExportInput, options: ExportOptions = {}): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  await writeWorkbook(input, output, options);
  return Buffer.concat(chunks);
}

/**
 * Writes the document as .xlsx to `output` (a file or HTTP response stream); streams rows when the
 * document is large, so memory does not grow with the document. Ends `output`.
 */
export async function writeWorkbook(input: ExportInput, output: Writable, options: ExportOptions = {}): Promise<ExportSummary> {
  const lookup = input.getTemplate ?? catalogueTemplate;
  const ownEngine = !input.engine;
  const engine =
    input.engine ??
    createDocumentEngine({
      sheets: input.projection.sheets.map((s) => ({ sheetId: s.sheetId, templateId: s.templateId, rows: s.rows.map((r) => r.rowId), cells: s.cells })),
      parameters: input.parameters,
      externals: input.externals ?? {},
      getTemplate: lookup,
    });
  try {
    return await write(input, engine, lookup, output, options);
  } finally {
    if (ownEngine) engine.destroy();
  }
}

async function write(
  input: ExportInput,
  engine: DocumentEngine,
  lookup: (id: string) => SheetTemplate | undefined,
  output: Writable,
  options: ExportOptions,
): Promise<ExportSummary> {
  const lang = input.lang;
  const taken = new Set<string>([ID_SHEET.toLowerCase()]);
  const serviceNames = {
    controls: worksheetName(say(LABELS.controlsSheet, lang), taken),
    params: worksheetName(say(LABELS.paramsSheet, lang), taken),
    approval: worksheetName(say(LABELS.approvalSheet, lang), taken),
  };
  const plans = new Map<string, SheetPlan>();
  const skippedSheets: string[] = [];
  for (const s of input.projection.sheets) {
    const template = lookup(s.templateId);
    if (!template) {
      skippedSheets.push(s.sheetId);
      continue;
    }
    plans.set(s.sheetId, planSheet(s.sheetId, template, worksheetName(template.formCode, taken), s.rows.map((r) => r.rowId)));
  }

  // Parameters sheet rows: every parameter and external value some formula reads, plus all given.
  const paramKeys = parameterKeys([...plans.values()].map((p) => p.template), input);
  const paramRow = new Map<string, number>();
  paramKeys.forEach((k, i) => paramRow.set(`${k.kind}:${k.id}`, PARAMS_FIRST_ROW + i));
  const translator = new A1Translator({
    plans,
    parameterCell: (key) => {
      const row = paramRow.get(`${key.kind}:${key.id}`);
      return row === undefined ? '0' : `${sheetPrefix(serviceNames.params)}$C$${row}`;
    },
  });

  const totalCells = [...plans.values()].reduce((n, p) => n + (p.lastBodyRow - p.firstBodyRow + 1) * p.template.columns.length, 0);
  const threshold = options.streamingThreshold ?? DEFAULT_STREAMING_THRESHOLD;
  const streaming = options.streaming === 'always' || (options.streaming !== 'never' && totalCells > threshold);
  const writer = createExcelJsWriter({
    output,
    streaming,
    properties: { title: input.meta.title, creator: 'Zhospar', ...(input.exportedAt ? { created: input.exportedAt } : {}) },
  });

  const progress = { written: 0, reported: 0 };
  const report = (sheetId: string | null, force = false): void => {
    if (!options.onProgress) return;
    if (!force && progress.written - progress.reported < PROGRESS_EVERY) return;
    progress.reported = progress.written;
    options.onProgress({ sheetId, cellsWritten: progress.written, totalCells });
  };

  const unit = input.unit ?? 'tenge';
  const styles = new StylePalette();
  const printed = options.printSheets?.filter((id) => plans.has(id));
  const visible = (sheetId: string | null): 'visible' | 'hidden' =>
    !printed || printed.length === 0 || (sheetId !== null && printed.includes(sheetId)) ? 'visible' : 'hidden';
  let formulas = 0;
  let cells = 0;
  for (const s of input.projection.sheets) {
    const plan = plans.get(s.sheetId);
    if (!plan) continue;
    const written = await writeFormSheet(writer, plan, {
      state: visible(plan.sheetId),
      input,
      engine,
      cells: s.cells,
      translator,
      styles,
      unit,
      shareFormulas: streaming,
      onCells: (n) => {
        progress.written += n;
        report(plan.sheetId);
      },
    });
    formulas += written.formulas;
    cells += written.cells;
  }

  const controls = input.controls ?? engine.evaluateControls();
  const service = visible(null);
  await writeControlsSheet(writer, serviceNames.controls, controls, plans, lang, styles, service);
  await writeParamsSheet(writer, serviceNames.params, paramKeys, input, lang, styles, service);
  if (input.approval) await writeApprovalSheet(writer, serviceNames.approval, input, lang, styles, service);
  await writeIdSheet(writer, [...plans.values()], input, unit);
  await writer.finish();
  report(null, true);

  return {
    sheets: plans.size,
    cells,
    formulas,
    streaming,
    controls: {
      errors: controls.filter((c) => c.severity === 'error').length,
      warnings: controls.filter((c) => c.severity === 'warning').length,
    },
    skippedSheets,
  };
}

// ---------------------------------------------------------------------------------------------
// Styles

/** Shares one style object per distinct style, so writers can cache by identity. */
class StylePalette {
  private readonly byKey = new Map<string, CellStyle>();

  get(style: CellStyle): CellStyle {
    const key = JSON.stringify(style);
    let s = this.byKey.get(key);
    if (!s) this.byKey.set(key, (s = style));
    return s;
  }
}

/** Number format of a numeric column: thousands separated, `precision` decimals. */
function numberFormat(precision: number): string {
  return precision > 0 ? `#,##0.${'0'.repeat(Math.min(precision, 6))}` : '#,##0';
}

function columnPrecision(col: ColumnDef, unit: AmountUnit): number {
  const p = col.precision ?? (col.valueType === 'amount' ? 0 : 2);
  if (col.valueType === 'amount' && unit === 'thousand-tenge' && col.unit !== 'thousand-tenge') return Math.max(p, 1);
  return p;
}

function isNumeric(col: ColumnDef): boolean {
  return col.valueType === 'amount' || col.valueType === 'quantity' || col.valueType === 'percent';
}

/** Column width in characters from the template's pixel hint. */
function columnWidth(col: ColumnDef): number {
  return Math.max(8, Math.round((col.width ?? 100) / 10));
}

const LEAD_WIDTH = { number: 5, title: 44, code: 7 } as const;

/** Estimated number of lines of `text` wrapped in `width` characters. */
function lineCount(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  // Times New Roman 10 pt is narrower than the width unit (a digit of the default font): ~0.8 per character.
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil((line.length * 0.8) / usable)), 0);
}

const LINE_HEIGHT = 13;

// ---------------------------------------------------------------------------------------------
// Values

function toErrorValue(v: { error: string }): CellErrorValue {
  return { error: ERRORS[v.error] ?? '#VALUE!' };
}

/** Cached result of a formula cell from an engine value. */
function cachedResult(v: CellValue | undefined): number | string | boolean | CellErrorValue | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return toErrorValue(v);
  return v;
}

/**
 * An input as written: numbers stay numbers; a numeric column's text that reads as a number (the
 * engine's rule: `1,5` → 1.5) becomes one; everything else is a string cell, never a formula.
 */
function inputValue(v: string | number | boolean, col: ColumnDef): WriterValue {
  if (typeof v !== 'string') return v;
  if (isNumeric(col) && v.trim() !== '') {
    const n = Number(v.replace(',', '.'));
    if (Number.isFinite(n)) return n;
  }
  return v;
}

function named(v: NamedCode | undefined, lang: ExportLanguage): string {
  if (!v) return '';
  const name = v.name ? v.name[lang] || v.name.ru : '';
  return name ? `${v.code} ${name}` : v.code;
}

/** Value of a header block field (шапка) from the document metadata. */
function headerValue(field: HeaderFieldId, input: ExportInput, template: SheetTemplate, unit: AmountUnit): string {
  const { meta, lang } = input;
  switch (field) {
    case 'year': {
      const r = meta.round;
      if (!r) return '';
      return meta.kind === 'financing-plan' ? String(r.firstPlanYear) : `${r.firstPlanYear}–${r.lastPlanYear}`;
    }
    case 'dataKind': {
      const kind = meta.versionKind ? VERSION_KINDS[meta.versionKind] : undefined;
      return kind ? kind[lang] : (meta.versionKind ?? '');
    }
    case 'functionalGroup':
      return named(meta.functionalGroup, lang);
    case 'abp':
      return named(meta.administrator, lang);
    case 'gu':
      return named(meta.institution, lang);
    case 'program':
      return named(meta.program, lang);
    case 'subprogram':
      return named(meta.subprogram, lang);
    case 'specific': {
      if (!template.specific) return '';
      // Classifier names: the Kazakh edition is not sourced, both languages show the Russian name (DOMAIN §3.5).
      const name = /«(.*)»/.exec(template.title.ru)?.[1];
      return name ? `${template.specific} ${name}` : template.specific;
    }
    case 'unit':
      return say(unit === 'thousand-tenge' ? LABELS.thousandTenge : LABELS.tenge, lang);
  }
}

function headerLabel(field: HeaderFieldId, lang: ExportLanguage): string {
  if (field === 'unit') return say(LABELS.unitLabel, lang);
  return HEADER_FIELDS[field][lang];
}

/** Year printed under a year column's title (факт C−1, оценка C, план C+1…C+3). */
function columnYear(col: ColumnDef, input: ExportInput): number | undefined {
  const r = input.meta.round;
  if (!r || !col.year) return undefined;
  switch (col.year) {
    case 'fact':
      return r.currentYear - 1;
    case 'estimate':
      return r.currentYear;
    case 'plan1':
      return r.firstPlanYear;
    case 'plan2':
      return r.firstPlanYear + 1;
    case 'plan3':
      return r.firstPlanYear + 2;
  }
}

/** Header text of a column: its title, and the calendar year on a second line for year columns. */
export function columnHeader(col: ColumnDef, lang: ExportLanguage, year: number | undefined): string {
  return year === undefined ? col.title[lang] : `${col.title[lang]}\n${year}`;
}

// ---------------------------------------------------------------------------------------------
// Form sheets

interface FormContext {
  state: 'visible' | 'hidden';
  input: ExportInput;
  engine: DocumentEngine;
  cells: Readonly<Record<string, string | number | boolean>>;
  translator: A1Translator;
  styles: StylePalette;
  unit: AmountUnit;
  /** Write dynamic-block formulas as shared formulas (streaming mode). */
  shareFormulas: boolean;
  onCells(count: number): void;
}

/** Column styles computed once per sheet. */
interface ColumnStyles {
  input: CellStyle;
  calc: CellStyle;
  total: CellStyle;
  locked: CellStyle;
}

function sheetUnit(template: SheetTemplate, unit: AmountUnit): AmountUnit {
  return template.columns.some((c) => c.unit === 'thousand-tenge') ? 'thousand-tenge' : unit;
}

async function writeFormSheet(
  writer: SpreadsheetWriter,
  plan: SheetPlan,
  ctx: FormContext,
): Promise<{ cells: number; formulas: number }> {
  const { input, styles } = ctx;
  const { lang } = input;
  const template = plan.template;
  const unit = sheetUnit(template, ctx.unit);
  const width = plan.idColumn;
  const widths: number[] = [
    ...plan.lead.map((l) => LEAD_WIDTH[l]),
    ...template.columns.map(columnWidth),
    12,
  ];
  const sheet = writer.addSheet({
    name: plan.name,
    state: ctx.state,
    columnWidths: widths,
    hiddenColumns: [plan.idColumn],
    frozen: { rows: plan.numberRow, columns: plan.lead.length },
    // Short forms (the summary, PKFO) print on one page; long ones one page wide, headers repeated.
    print: { landscape: true, fitToWidth: true, repeatRows: [plan.headerTop, plan.numberRow], onePage: plan.rows.length <= 30 },
    protect: true,
  });
  const span = (from: number, minChars: number): number => {
    let w = 0;
    let c = from;
    for (; c <= plan.lastColumn; c++) {
      w += widths[c - 1] ?? 10;
      if (w >= minChars) break;
    }
    return Math.min(c, plan.lastColumn);
  };
  const blank = (): void => sheet.addRow([]);
  const plain = styles.get({});

  // Row 1: hidden column ids.
  const ids: Array<WriterCell | undefined> = [];
  plan.lead.forEach((l, i) => (ids[i] = { value: `${LEAD_MARKER_PREFIX}${l}`, style: plain }));
  template.columns.forEach((c) => (ids[(plan.colOf.get(c.id) ?? 0) - 1] = { value: c.id, style: plain }));
  ids[plan.idColumn - 1] = { value: ROW_ID_MARKER, style: plain };
  sheet.addRow(ids, { hidden: true });

  // Rows 2–4: form code, edition source, title.
  const rightFrom = Math.max(1, plan.lastColumn - 3);
  const right = (value: string, style: CellStyle, height?: number): void => {
    const row: Array<WriterCell | undefined> = [];
    row[rightFrom - 1] = { value, style };
    sheet.addRow(row, height ? { height } : {});
  };
  right(`${say(LABELS.form, lang)} ${template.formCode}`, styles.get({ bold: true, horizontal: 'right' }));
  sheet.merge(2, rightFrom, 2, plan.lastColumn);
  const source = template.edition.source?.[lang] ?? template.edition.id;
  const rightWidth = widths.slice(rightFrom - 1, plan.lastColumn).reduce((a, b) => a + b, 0);
  right(source, styles.get({ italic: true, size: 8, horizontal: 'right', wrap: true, vertical: 'top' }), lineCount(source, rightWidth * 1.25) * 11 + 2);
  sheet.merge(3, rightFrom, 3, plan.lastColumn);
  const totalWidth = widths.slice(0, plan.lastColumn).reduce((a, b) => a + b, 0);
  const title = template.title[lang];
  sheet.addRow([{ value: title, style: styles.get({ bold: true, size: 12, horizontal: 'center', wrap: true }) }], {
    height: lineCount(title, totalWidth * 0.8) * 16 + 4,
  });
  sheet.merge(4, 1, 4, plan.lastColumn);
  blank();

  // Header block (шапка): label | value.
  const labelEnd = span(1, 40);
  const labelStyle = styles.get({ horizontal: 'left', vertical: 'top', wrap: true });
  const valueStyle = styles.get({ bold: true, horizontal: 'left', vertical: 'top', wrap: true, underline: true });
  const labelWidth = widths.slice(0, labelEnd).reduce((a, b) => a + b, 0);
  const valueWidth = totalWidth - labelWidth;
  (template.header ?? []).forEach((field, i) => {
    const row: Array<WriterCell | undefined> = [];
    const label = headerLabel(field, lang);
    const value = headerValue(field, input, template, unit);
    row[0] = { value: label, style: labelStyle };
    row[labelEnd] = { value, style: valueStyle };
    for (let c = labelEnd + 2; c <= plan.lastColumn; c++) row[c - 1] = { value: null, style: valueStyle };
    const lines = Math.max(lineCount(label, labelWidth), lineCount(value, valueWidth));
    sheet.addRow(row, { height: lines * LINE_HEIGHT + 2 });
    const r = plan.headerBlockTop + i;
    if (labelEnd > 1) sheet.merge(r, 1, r, labelEnd);
    if (labelEnd + 1 < plan.lastColumn) sheet.merge(r, labelEnd + 1, r, plan.lastColumn);
  });
  blank();

  // Column headers: headerPath groups, titles merged down, then the column numbers.
  const head = styles.get({ bold: true, horizontal: 'center', vertical: 'middle', wrap: true, border: true, fill: HEADER_FILL, size: 9 });
  const depth = plan.headerDepth;
  const leadTitles: Record<string, string> = {
    number: say(LABELS.number, lang),
    title: say(LABELS.title, lang),
    code: say(LABELS.code, lang),
  };
  const headerTexts: string[][] = Array.from({ length: depth }, () => []);
  const merges: Array<[number, number, number, number]> = [];
  plan.lead.forEach((l, i) => {
    (headerTexts[0] as string[])[i] = leadTitles[l] ?? '';
    if (depth > 1) merges.push([plan.headerTop, i + 1, plan.headerTop + depth - 1, i + 1]);
  });
  const pathKey = (c: ColumnDef, level: number): string =>
    (c.headerPath ?? []).slice(0, level + 1).map((p) => p.ru).join('\u0001');
  template.columns.forEach((c, j) => {
    const col = plan.lead.length + j + 1;
    const path = c.headerPath ?? [];
    path.forEach((p, level) => {
      const prev = template.columns[j - 1];
      const continues = prev !== undefined && (prev.headerPath?.length ?? 0) > level && pathKey(prev, level) === pathKey(c, level);
      if (!continues) {
        (headerTexts[level] as string[])[col - 1] = p[lang];
        let end = j;
        while (end + 1 < template.columns.length) {
          const n = template.columns[end + 1];
          if (!n || (n.headerPath?.length ?? 0) <= level || pathKey(n, level) !== pathKey(c, level)) break;
          end++;
        }
        if (end > j) merges.push([plan.headerTop + level, col, plan.headerTop + level, plan.lead.length + end + 1]);
      }
    });
    (headerTexts[path.length] as string[])[col - 1] = columnHeader(c, lang, columnYear(c, input));
    if (path.length < depth - 1) merges.push([plan.headerTop + path.length, col, plan.headerTop + depth - 1, col]);
  });
  for (let level = 0; level < depth; level++) {
    const texts = headerTexts[level] ?? [];
    const row: Array<WriterCell | undefined> = [];
    let lines = 1;
    for (let c = 1; c <= plan.lastColumn; c++) {
      const text = texts[c - 1];
      row[c - 1] = { value: text ?? null, style: head };
      // Titles merged down share the height of the rows they span.
      if (text) lines = Math.max(lines, Math.ceil(lineCount(text, (widths[c - 1] ?? 10) * 1.1) / (level === depth - 1 ? 1 : depth - level)));
    }
    sheet.addRow(row, { height: Math.min(lines, 8) * 12 + 4 });
  }
  for (const m of merges) sheet.merge(...m);
  const numberStyle = styles.get({ italic: true, size: 8, horizontal: 'center', border: true, fill: HEADER_FILL });
  const numbers: WriterCell[] = [];
  for (let c = 1; c <= plan.lastColumn; c++) numbers.push({ value: c, style: numberStyle });
  sheet.addRow(numbers, { height: 12 });

  // Body.
  const colStyles: ColumnStyles[] = template.columns.map((c) => {
    const base: CellStyle = isNumeric(c)
      ? { numFmt: numberFormat(columnPrecision(c, unit)), horizontal: 'right' }
      : { numFmt: '@', horizontal: c.valueType === 'text' ? 'left' : 'center', wrap: c.valueType === 'text' };
    return {
      input: styles.get({ ...base, border: true, locked: false }),
      calc: styles.get({ ...base, border: true, fill: CALC_FILL }),
      total: styles.get({ ...base, border: true, fill: TOTAL_FILL, bold: true }),
      locked: styles.get({ ...base, border: true }),
    };
  });
  const leadStyles = {
    number: styles.get({ horizontal: 'center', border: true }),
    code: styles.get({ numFmt: '@', horizontal: 'center', border: true }),
    title: styles.get({ horizontal: 'left', wrap: true, border: true }),
    titleBold: styles.get({ horizontal: 'left', wrap: true, border: true, bold: true, fill: TOTAL_FILL }),
    heading: styles.get({ horizontal: 'left', wrap: true, border: true, bold: true }),
    totalLabel: styles.get({ horizontal: 'left', wrap: true, border: true, bold: true, fill: TOTAL_FILL }),
  };
  const idStyle = plain;
  const columns = template.columns;
  const textWidth = columns.map((c) => columnWidth(c));
  const dynamicFormula = columns.map((c) => (c.kind === 'calculated' ? c.formula : undefined));
  const isInputColumn = columns.map((c) => c.kind === 'input');
  // Keys of the projection's cells are `rowId/colId`; the column half is built once.
  const keySuffix = columns.map((c) => `/${c.id}`);
  // A large (streamed) document's dynamic block stores each row-relative column formula once
  // (shared). Smaller files keep one formula per cell: tools that re-save a workbook with exceljs
  // break when a user types over the first cell of a shared formula (Excel and LibreOffice do not).
  const block = ctx.shareFormulas && plan.dynamic && plan.dynamic.last > plan.dynamic.first ? { first: plan.dynamic.first, last: plan.dynamic.last } : undefined;
  const sharedColumn = dynamicFormula.map((f) => block !== undefined && f !== undefined && ctx.translator.isRowRelative(plan, f));
  // One row buffer and one cell object per column, reused: the writer copies what it needs.
  const out: Array<WriterCell | undefined> = new Array(width);
  const slots: WriterCell[] = Array.from({ length: width }, () => ({ value: null }));
  const put = (i: number, value: WriterValue, style: CellStyle): void => {
    const slot = slots[i] as WriterCell;
    slot.value = value;
    slot.style = style;
    out[i] = slot;
  };
  const sheetValues = new Map<string, Record<string, CellValue>>();
  for (const r of ctx.engine.getSheetValues(plan.sheetId).rows) sheetValues.set(r.rowId, r.values);
  const finalRow: RowOptions = { final: true };

  let cells = 0;
  let formulas = 0;
  const titleInFirst = !plan.lead.includes('title');
  const hasTitleLead = plan.lead.includes('title');
  const leadCount = plan.lead.length;
  for (const row of plan.rows) {
    const isTotal = row.kind === 'total';
    const isHeading = row.kind === 'heading';
    const isDynamic = row.kind === 'dynamic' || row.kind === 'placeholder';
    const rowId = row.rowId;
    const values = rowId ? sheetValues.get(rowId) : undefined;
    out.fill(undefined);
    // Lead columns.
    for (let i = 0; i < leadCount; i++) {
      const l = plan.lead[i];
      if (l === 'number') put(i, isDynamic ? (row.ordinal ?? null) : (row.spec?.code ?? null), row.spec?.code ? leadStyles.code : leadStyles.number);
      else if (l === 'code') put(i, row.spec?.code ?? null, leadStyles.code);
      else put(i, row.spec?.title[lang] ?? null, isTotal ? leadStyles.titleBold : isHeading ? leadStyles.heading : leadStyles.title);
    }
    let lines = 1;
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j] as ColumnDef;
      const col = leadCount + j;
      const st = colStyles[j] as ColumnStyles;
      // Dynamic rows (the bulk of large documents) take the column's rule without a lookup.
      const source = isDynamic ? dynamicFormula[j] : formulaOf(row, j, template);
      if (source !== undefined) {
        const result = row.kind === 'placeholder' ? undefined : cachedResult(values?.[c.id]);
        let value: FormulaValue;
        if (block !== undefined && row.kind === 'dynamic' && sharedColumn[j]) {
          // Only the block's first row carries the text; the others refer to it.
          const formula = row.excelRow === block.first ? ctx.translator.translate(plan, row.excelRow, source) : '';
          value = result === undefined ? { formula, shared: block } : { formula, result, shared: block };
        } else {
          const formula = ctx.translator.translate(plan, row.excelRow, source);
          value = result === undefined ? { formula } : { formula, result };
        }
        put(col, value, isTotal ? st.total : st.calc);
        formulas++;
        cells++;
        continue;
      }
      if (isDynamic ? isInputColumn[j] : isInputCell(row, j, template)) {
        const v = rowId ? ctx.cells[rowId + (keySuffix[j] as string)] : undefined;
        put(col, v === undefined ? null : inputValue(v, c), st.input);
        if (v !== undefined) {
          cells++;
          if (typeof v === 'string' && c.valueType === 'text' && v.length > (textWidth[j] ?? 0)) lines = Math.max(lines, lineCount(v, textWidth[j] ?? 10));
        }
        continue;
      }
      put(col, null, isTotal ? st.total : st.locked);
    }
    if (titleInFirst && (isTotal || isHeading || row.kind === 'input') && row.spec) {
      // Forms without a title column show fixed-row titles («Итого») in the first column.
      put(leadCount, row.spec.title[lang], isTotal ? leadStyles.totalLabel : leadStyles.heading);
    }
    if (rowId) put(plan.idColumn - 1, rowId, idStyle);
    if (hasTitleLead && row.spec) lines = Math.max(lines, lineCount(row.spec.title[lang], LEAD_WIDTH.title));
    sheet.addRow(out, lines > 1 ? { height: Math.min(lines, 6) * LINE_HEIGHT + 2, final: true } : finalRow);
    ctx.onCells(columns.length);
  }

  writeSignatures(sheet, plan, lang, styles, span);
  await sheet.end();
  return { cells, formulas };
}

/** Signature lines under the table: head and chief accountant, stamp, date. */
function writeSignatures(
  sheet: SheetSink,
  plan: SheetPlan,
  lang: ExportLanguage,
  styles: StylePalette,
  span: (from: number, minChars: number) => number,
): void {
  const labelEnd = span(1, 24);
  const sigFrom = Math.min(labelEnd + 1, plan.lastColumn);
  const sigEnd = span(sigFrom, 18);
  const nameFrom = Math.min(sigEnd + 2, plan.lastColumn);
  const nameEnd = span(nameFrom, 26);
  const line = styles.get({ underline: true });
  const caption = styles.get({ italic: true, size: 7, horizontal: 'center', vertical: 'top' });
  const label = styles.get({ horizontal: 'left' });
  // `next` is the row the next addRow writes.
  let next = plan.lastBodyRow + 1;
  const add = (cells: Array<WriterCell | undefined>, options?: { height: number }): number => {
    sheet.addRow(cells, options);
    return next++;
  };
  add([]);
  for (const who of [LABELS.head, LABELS.accountant]) {
    add([]);
    const row: Array<WriterCell | undefined> = [];
    row[0] = { value: say(who, lang), style: label };
    for (let c = sigFrom; c <= sigEnd; c++) row[c - 1] = { value: null, style: line };
    if (nameFrom > sigEnd) for (let c = nameFrom; c <= nameEnd; c++) row[c - 1] = { value: null, style: line };
    const r = add(row, { height: 18 });
    if (labelEnd > 1) sheet.merge(r, 1, r, labelEnd);
    if (sigEnd > sigFrom) sheet.merge(r, sigFrom, r, sigEnd);
    if (nameFrom > sigEnd && nameEnd > nameFrom) sheet.merge(r, nameFrom, r, nameEnd);
    const captions: Array<WriterCell | undefined> = [];
    captions[sigFrom - 1] = { value: say(LABELS.signature, lang), style: caption };
    if (nameFrom > sigEnd) captions[nameFrom - 1] = { value: say(LABELS.fullName, lang), style: caption };
    const c = add(captions, { height: 10 });
    if (sigEnd > sigFrom) sheet.merge(c, sigFrom, c, sigEnd);
    if (nameFrom > sigEnd && nameEnd > nameFrom) sheet.merge(c, nameFrom, c, nameEnd);
  }
  add([]);
  add([{ value: say(LABELS.stamp, lang), style: label }]);
  const d = add([{ value: say(LABELS.date, lang), style: label }]);
  if (labelEnd > 1) sheet.merge(d, 1, d, labelEnd);
}

// ---------------------------------------------------------------------------------------------
// Service sheets

const PARAMS_FIRST_ROW = 4;

interface ParamKey {
  kind: 'param' | 'ext';
  id: string;
}

/** Parameters and external values on the parameters sheet: read by a formula or given, in catalogue order. */
function parameterKeys(templates: readonly SheetTemplate[], input: ExportInput): ParamKey[] {
  const used = new Set<string>();
  for (const tpl of templates) {
    const sources = [
      ...tpl.columns.flatMap((c) => (c.formula ? [c.formula] : [])),
      ...tpl.rows.flatMap((r) => (r.kind === 'fixed' ? Object.values(r.formulas ?? {}) : [])),
    ];
    for (const src of sources) {
      const parsed = parseFormula(src);
      if (!parsed.ok) continue;
      walkFormula(parsed.node, (n) => {
        if (n.type === 'param') used.add(`param:${n.id}`);
        if (n.type === 'external') used.add(`ext:${n.name}`);
      });
    }
  }
  for (const k of Object.keys(input.parameters)) used.add(`param:${k}`);
  for (const k of Object.keys(input.externals ?? {})) used.add(`ext:${k}`);
  const known = PERIOD_PARAMETERS.map((p) => `param:${p.id}`);
  const rest = [...used].filter((k) => !known.includes(k)).sort();
  return [...known.filter((k) => used.has(k)), ...rest].map((k) => {
    const i = k.indexOf(':');
    return { kind: k.slice(0, i) as ParamKey['kind'], id: k.slice(i + 1) };
  });
}

async function writeParamsSheet(
  writer: SpreadsheetWriter,
  name: string,
  keys: readonly ParamKey[],
  input: ExportInput,
  lang: ExportLanguage,
  styles: StylePalette,
  state: 'visible' | 'hidden',
): Promise<void> {
  const sheet = writer.addSheet({ name, state, columnWidths: [26, 70, 16], protect: true, print: { landscape: false, fitToWidth: true } });
  const head = styles.get({ bold: true, horizontal: 'center', wrap: true, border: true, fill: HEADER_FILL });
  const cell = styles.get({ border: true, wrap: true });
  const num = styles.get({ border: true, numFmt: '#,##0.####', horizontal: 'right' });
  sheet.addRow([{ value: say(LABELS.paramsTitle, lang), style: styles.get({ bold: true, size: 12 }) }]);
  sheet.addRow([]);
  sheet.addRow([
    { value: say(LABELS.paramId, lang), style: head },
    { value: say(LABELS.title, lang), style: head },
    { value: say(LABELS.paramValue, lang), style: head },
  ]);
  for (const k of keys) {
    const def = k.kind === 'param' ? PERIOD_PARAMETERS.find((p) => p.id === k.id) : undefined;
    const value = k.kind === 'param' ? input.parameters[k.id] : input.externals?.[k.id];
    const title = def ? def.title[lang] : k.kind === 'ext' ? say(LABELS.externalValue, lang) : '';
    sheet.addRow([
      { value: k.kind === 'param' ? `$${k.id}` : `$ext.${k.id}`, style: cell },
      { value: title, style: cell },
      { value: value ?? null, style: num },
    ]);
  }
  await sheet.end();
}

async function writeControlsSheet(
  writer: SpreadsheetWriter,
  name: string,
  controls: readonly ControlResult[],
  plans: ReadonlyMap<string, SheetPlan>,
  lang: ExportLanguage,
  styles: StylePalette,
  state: 'visible' | 'hidden',
): Promise<void> {
  const sheet = writer.addSheet({
    name,
    state,
    columnWidths: [6, 22, 16, 80, 36],
    protect: true,
    frozen: { rows: 4, columns: 0 },
    print: { landscape: true, fitToWidth: true, repeatRows: [4, 4] },
  });
  const head = styles.get({ bold: true, horizontal: 'center', wrap: true, border: true, fill: HEADER_FILL });
  const cell = styles.get({ border: true, wrap: true, vertical: 'top' });
  const errorCell = styles.get({ border: true, wrap: true, vertical: 'top', bold: true });
  const errors = controls.filter((c) => c.severity === 'error').length;
  sheet.addRow([{ value: say(LABELS.controlsTitle, lang), style: styles.get({ bold: true, size: 12 }) }]);
  sheet.addRow([
    {
      value: controls.length === 0 ? say(LABELS.controlsNone, lang) : say(LABELS.controlsSummary, lang, { errors, warnings: controls.length - errors }),
      style: styles.get({}),
    },
  ]);
  sheet.addRow([]);
  sheet.addRow([LABELS.number, LABELS.controlId, LABELS.severity, LABELS.message, LABELS.cells].map((l) => ({ value: say(l, lang), style: head })));
  const ordered = [...controls].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  ordered.forEach((c, i) => {
    const refs = c.cells.map((addr) => {
      const plan = plans.get(addr.sheetId);
      const row = plan?.rowOf.get(addr.rowId);
      const col = plan?.colOf.get(addr.colId);
      return plan && row !== undefined && col !== undefined ? `${sheetPrefix(plan.name)}${columnLetters(col)}${row}` : `${addr.sheetId}/${addr.rowId}/${addr.colId}`;
    });
    const refText = refs.join(', ');
    const message = c.message[lang];
    const lines = Math.max(lineCount(message, 80), lineCount(refText, 36));
    sheet.addRow(
      [
        { value: i + 1, style: cell },
        { value: c.id, style: cell },
        { value: say(c.severity === 'error' ? LABELS.error : LABELS.warning, lang), style: c.severity === 'error' ? errorCell : cell },
        { value: message, style: cell },
        { value: refText, style: cell },
      ],
      { height: Math.min(lines, 10) * LINE_HEIGHT + 2 },
    );
  });
  await sheet.end();
}

async function writeApprovalSheet(
  writer: SpreadsheetWriter,
  name: string,
  input: ExportInput,
  lang: ExportLanguage,
  styles: StylePalette,
  state: 'visible' | 'hidden',
): Promise<void> {
  const approval = input.approval;
  if (!approval) return;
  const sheet = writer.addSheet({ name, state, columnWidths: [34, 14, 16, 22, 18, 14, 80], protect: true, print: { landscape: true, fitToWidth: true } });
  const label = styles.get({ bold: true, vertical: 'top' });
  const value = styles.get({ wrap: true, vertical: 'top' });
  const head = styles.get({ bold: true, horizontal: 'center', wrap: true, border: true, fill: HEADER_FILL });
  const cell = styles.get({ border: true, wrap: true, vertical: 'top' });
  const text = styles.get({ border: true, wrap: true, vertical: 'top', numFmt: '@' });
  const invalid = styles.get({ border: true, wrap: true, vertical: 'top', bold: true });
  const mono = styles.get({ border: true, wrap: true, vertical: 'top', size: 8 });
  sheet.addRow([{ value: say(LABELS.approvalTitle, lang), style: styles.get({ bold: true, size: 12 }) }]);
  sheet.addRow([]);
  const status = input.meta.status ? (STATUSES[input.meta.status]?.[lang] ?? input.meta.status) : '';
  const pairs: Array<[LocalizedText, string]> = [
    [LABELS.documentId, input.meta.documentId],
    [LABELS.version, input.meta.versionNumber !== undefined ? String(input.meta.versionNumber) : ''],
    [LABELS.status, status],
    [LABELS.approvedAt, approval.approvedAt ?? ''],
    ...(approval.approvedBy ? [[LABELS.approvedBy, approval.approvedBy] as [LocalizedText, string]] : []),
    [LABELS.snapshotHash, approval.snapshotHash],
  ];
  let r = 2;
  for (const [l, v] of pairs) {
    sheet.addRow([{ value: say(l, lang), style: label }, { value: v, style: value }]);
    r++;
    sheet.merge(r, 2, r, 7);
  }
  sheet.addRow([]);
  sheet.addRow([{ value: say(LABELS.signatures, lang), style: label }]);
  sheet.addRow(
    [LABELS.signer, LABELS.iin, LABELS.role, LABELS.signedAt, LABELS.validity, LABELS.algorithm, LABELS.signatureValue].map((l) => ({ value: say(l, lang), style: head })),
  );
  if (approval.signatures.length === 0) sheet.addRow([{ value: say(LABELS.noSignatures, lang), style: value }]);
  for (const s of approval.signatures) {
    const validity = s.valid === undefined ? '' : say(s.valid ? LABELS.signatureValid : LABELS.signatureInvalid, lang);
    sheet.addRow(
      [
        { value: s.signer, style: cell },
        { value: s.iin ?? '', style: text },
        { value: s.role ?? '', style: cell },
        { value: s.signedAt, style: cell },
        { value: validity, style: s.valid === false ? invalid : cell },
        { value: s.algorithm ?? '', style: cell },
        { value: s.signature, style: mono },
      ],
      { height: Math.min(lineCount(s.signature, 95), 30) * 11 + 2 },
    );
  }
  await sheet.end();
}

/**
 * The very hidden id sheet: what the import matches by. Rows `key | values…`:
 * `format`, `documentId`, `kind`, `lang`, `unit`, `exportedAt`, `snapshotHash`, then per sheet
 * `sheet | worksheet | sheetId | templateId | editionId | firstBodyRow | idColumn`, its columns
 * `col | worksheet | column | colId`. Row ids live in each worksheet's hidden id column (they move
 * with rows inserted or sorted by hand, which positions kept here would not).
 */
async function writeIdSheet(writer: SpreadsheetWriter, plans: readonly SheetPlan[], input: ExportInput, unit: AmountUnit): Promise<void> {
  const sheet = writer.addSheet({ name: ID_SHEET, state: 'veryHidden', protect: true, columnWidths: [12, 30, 30, 36, 14, 12, 12] });
  const line = (...values: Array<string | number>): void => sheet.addRow(values.map((value) => ({ value })));
  line('format', FORMAT_MARKER, EXPORT_FORMAT_VERSION);
  line('documentId', input.meta.documentId);
  line('kind', input.meta.kind);
  line('lang', input.lang);
  line('unit', unit);
  if (input.exportedAt) line('exportedAt', input.exportedAt.toISOString());
  if (input.approval) line('snapshotHash', input.approval.snapshotHash);
  for (const p of plans) {
    line('sheet', p.name, p.sheetId, p.template.id, p.template.edition.id, p.firstBodyRow, p.idColumn);
    for (const c of p.template.columns) line('col', p.name, p.colOf.get(c.id) ?? 0, c.id);
  }
  await sheet.end();
}

/** Row of a planned sheet, exported for the import and tests. */
export type { PlannedRow };
/** Marker row of column ids. */
export { ID_ROW };
