/**
 * The consolidated workbook of an administrator (свод АБП): one sheet per subordinate institution
 * with its summary by specific (01-свод: fact, estimate, plan years; values from the `formulas`
 * engine) and, first, «Свод» — every cell a live formula summing the institutions' sheets, so any
 * spreadsheet recalculates the totals (parity test with LibreOffice).
 *
 * Layout (the same rows on every sheet, so «Свод»!C9 = Σ '<institution>'!C9):
 * ```
 * row 1       title                              rows 2–5  label | value (АБП or institution, БИН, year, unit…)
 * row 6       blank                              row 7     Код | Наименование | факт | оценка | план ×3
 * rows 8…     one row per specific (template order), then «Всего расходов» = SUM of the column
 * ```
 */
import type { Writable } from 'node:stream';
import type { DocumentProjection } from '@zhospar/collab';
import { createDocumentEngine } from '@zhospar/formulas';
import { listTemplates } from '@zhospar/sheets';
import type { ColumnDef, FixedRowSpec, LocalizedText, PeriodParameters, SheetTemplate } from '@zhospar/sheets';
import { columnHeader } from './buildWorkbook.ts';
import { createExcelJsWriter } from './ExcelJsWriter.ts';
import type { ExportProgress } from './exportTypes.ts';
import { LABELS, STATUSES, say } from './labels.ts';
import type { AmountUnit, ExportLanguage } from './labels.ts';
import { columnLetters, worksheetName } from './sheetPlan.ts';
import type { CellStyle, SheetSink, WriterCell } from './SpreadsheetWriter.ts';
import { sheetPrefix } from './toA1Formula.ts';

/** One institution's document in the consolidation. */
export interface ConsolidatedInstitution {
  documentId: string;
  /** Institution code and БИН (бизнес-идентификационный номер). */
  code: string;
  bin: string;
  name: LocalizedText;
  documentTitle: string;
  programCode: string;
  subprogramCode: string | null;
  /** Workflow status, database enum name. */
  status: string;
  versionNumber: number;
  projection: DocumentProjection;
  parameters: PeriodParameters;
}

/** Everything the consolidated workbook needs. */
export interface ConsolidatedInput {
  administrator: { code: string; bin: string; name: LocalizedText };
  round: { currentYear: number; firstPlanYear: number; lastPlanYear: number };
  institutions: readonly ConsolidatedInstitution[];
  lang: ExportLanguage;
  unit: AmountUnit;
  exportedAt?: Date;
}

/** Rows of the table (1-based), identical on every sheet. */
export const CONSOLIDATED_LAYOUT = { headRow: 7, firstRow: 8, firstValueColumn: 3 } as const;

/** Nested SUM over many references (Excel allows 255 arguments per call). */
function sumOf(refs: readonly string[]): string {
  if (refs.length === 0) return '0';
  if (refs.length <= 200) return `SUM(${refs.join(',')})`;
  const chunks: string[] = [];
  for (let i = 0; i < refs.length; i += 200) chunks.push(sumOf(refs.slice(i, i + 200)));
  return sumOf(chunks);
}

function summaryTemplate(): SheetTemplate {
  const template = listTemplates().find((t) => t.documentKind === 'budget-request' && t.defaultSheetId === 'summary');
  if (!template) throw new Error('budget-request summary template missing');
  return template;
}

/** Values of the summary lines of one institution: row id → column id → number. */
function summaryValues(institution: ConsolidatedInstitution, template: SheetTemplate): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const sheet = institution.projection.sheets.find((s) => s.templateId === template.id);
  if (!sheet) return out;
  const engine = createDocumentEngine({
    sheets: institution.projection.sheets.map((s) => ({ sheetId: s.sheetId, templateId: s.templateId, rows: s.rows.map((r) => r.rowId), cells: s.cells })),
    parameters: institution.parameters,
  });
  try {
    for (const row of engine.getSheetValues(sheet.sheetId).rows) {
      const values: Record<string, number> = {};
      for (const col of template.columns) {
        const v = row.values[col.id];
        values[col.id] = typeof v === 'number' && Number.isFinite(v) ? v : 0;
      }
      out.set(row.rowId, values);
    }
  } finally {
    engine.destroy();
  }
  return out;
}

function yearOf(col: ColumnDef, round: ConsolidatedInput['round']): number | undefined {
  switch (col.year) {
    case 'fact':
      return round.currentYear - 1;
    case 'estimate':
      return round.currentYear;
    case 'plan1':
      return round.firstPlanYear;
    case 'plan2':
      return round.firstPlanYear + 1;
    case 'plan3':
      return round.firstPlanYear + 2;
    default:
      return undefined;
  }
}

/**
 * Writes the consolidated workbook to `output` (ends it). Institutions are written in the given
 * order; `onProgress` is called after each.
 */
export async function writeConsolidated(
  input: ConsolidatedInput,
  output: Writable,
  onProgress?: (progress: ExportProgress) => void,
): Promise<{ cells: number; sheets: string[] }> {
  const { lang, round } = input;
  const template = summaryTemplate();
  const lines = template.rows.filter((r): r is FixedRowSpec => r.kind === 'fixed' && r.role !== 'total');
  const columns = template.columns;
  const totalRow = CONSOLIDATED_LAYOUT.firstRow + lines.length;
  const precision = input.unit === 'thousand-tenge' ? 1 : 0;
  const numFmt = precision > 0 ? '#,##0.0' : '#,##0';
  const totalCells = (input.institutions.length + 1) * (lines.length + 1) * columns.length;

  const writer = createExcelJsWriter({
    output,
    streaming: false,
    properties: { title: say(LABELS.consolidatedTitle, lang), creator: 'Zhospar', ...(input.exportedAt ? { created: input.exportedAt } : {}) },
  });
  const styles = new Map<string, CellStyle>();
  const style = (s: CellStyle): CellStyle => {
    const key = JSON.stringify(s);
    let found = styles.get(key);
    if (!found) styles.set(key, (found = s));
    return found;
  };
  const titleStyle = style({ bold: true, size: 12, wrap: true, vertical: 'top' });
  const labelStyle = style({ vertical: 'top' });
  const valueStyle = style({ bold: true, wrap: true, vertical: 'top' });
  const headStyle = style({ bold: true, horizontal: 'center', vertical: 'middle', wrap: true, border: true, fill: 'FFEDEDED', size: 9 });
  const codeStyle = style({ numFmt: '@', horizontal: 'center', border: true });
  const nameStyle = style({ horizontal: 'left', wrap: true, border: true });
  const amountStyle = style({ numFmt, horizontal: 'right', border: true });
  const sumStyle = style({ numFmt, horizontal: 'right', border: true, fill: 'FFF2F2F2' });
  const totalLabel = style({ horizontal: 'left', wrap: true, border: true, bold: true, fill: 'FFE4E4E4' });
  const totalStyle = style({ numFmt, horizontal: 'right', border: true, bold: true, fill: 'FFE4E4E4' });
  const widths = [8, 48, ...columns.map(() => 17)];
  const lastColumn = widths.length;

  const taken = new Set<string>();
  const summaryName = worksheetName(say(LABELS.consolidatedSheet, lang), taken);
  const codes = new Map<string, number>();
  for (const i of input.institutions) codes.set(i.code, (codes.get(i.code) ?? 0) + 1);
  const names = input.institutions.map((i) => worksheetName((codes.get(i.code) ?? 0) > 1 ? `${i.code}-${i.programCode}${i.subprogramCode ?? ''}` : i.code, taken));
  const values = input.institutions.map((i) => summaryValues(i, template));

  const heading = (sheet: SheetSink, title: string, pairs: ReadonlyArray<[LocalizedText, string]>): void => {
    sheet.addRow([{ value: title, style: titleStyle }], { height: 34 });
    sheet.merge(1, 1, 1, lastColumn);
    pairs.forEach(([label, value], i) => {
      const row: WriterCell[] = [{ value: say(label, lang), style: labelStyle }, { value, style: valueStyle }];
      sheet.addRow(row, { height: 26 });
      sheet.merge(i + 2, 2, i + 2, lastColumn);
    });
    for (let r = pairs.length + 2; r < CONSOLIDATED_LAYOUT.headRow; r++) sheet.addRow([]);
    sheet.addRow(
      [
        { value: say(LABELS.code, lang), style: headStyle },
        { value: say(LABELS.title, lang), style: headStyle },
        ...columns.map((c) => ({ value: columnHeader(c, lang, yearOf(c, round)), style: headStyle })),
      ],
      { height: 40 },
    );
  };
  const sheetSetup = (name: string): Parameters<typeof writer.addSheet>[0] => ({
    name,
    columnWidths: widths,
    frozen: { rows: CONSOLIDATED_LAYOUT.headRow, columns: 2 },
    print: { landscape: true, fitToWidth: true, onePage: true },
    protect: true,
  });
  const years = `${round.firstPlanYear}–${round.lastPlanYear}`;
  const unitText = say(input.unit === 'thousand-tenge' ? LABELS.thousandTenge : LABELS.tenge, lang);
  const admin = `${input.administrator.code} ${input.administrator.name[lang] || input.administrator.name.ru}`;
  let cells = 0;

  // «Свод»: live sums over the institution sheets.
  const summary = writer.addSheet(sheetSetup(summaryName));
  heading(summary, say(LABELS.consolidatedTitle, lang), [
    [{ ru: 'Администратор бюджетных программ', kk: 'Бюджеттік бағдарламалар әкімшісі' }, admin],
    [LABELS.bin, input.administrator.bin],
    [{ ru: 'Плановый период', kk: 'Жоспарлы кезең' }, `${years}; ${say(LABELS.unitLabel, lang).toLowerCase()}: ${unitText}`],
    [LABELS.institutionsCount, String(input.institutions.length)],
  ]);
  lines.forEach((line, i) => {
    const r = CONSOLIDATED_LAYOUT.firstRow + i;
    const row: WriterCell[] = [
      { value: line.code ?? '', style: codeStyle },
      { value: line.title[lang], style: nameStyle },
    ];
    columns.forEach((c, j) => {
      const letters = columnLetters(CONSOLIDATED_LAYOUT.firstValueColumn + j);
      const result = values.reduce((sum, v) => sum + (v.get(line.id)?.[c.id] ?? 0), 0);
      row.push({ value: { formula: sumOf(names.map((n) => `${sheetPrefix(n)}${letters}${r}`)), result }, style: sumStyle });
      cells++;
    });
    summary.addRow(row);
  });
  summary.addRow(totalRowCells(columns, lines.length, totalLabel, totalStyle, lang, (c) => values.reduce((sum, v) => sum + lines.reduce((s, l) => s + (v.get(l.id)?.[c.id] ?? 0), 0), 0)));
  summary.merge(totalRow, 1, totalRow, 2);
  await summary.end();
  onProgress?.({ sheetId: null, cellsWritten: cells, totalCells });

  // One sheet per institution: its summary values, and a live total.
  for (const [k, institution] of input.institutions.entries()) {
    const v = values[k] ?? new Map<string, Record<string, number>>();
    const sheet = writer.addSheet(sheetSetup(names[k] ?? institution.code));
    const status = STATUSES[institution.status]?.[lang] ?? institution.status;
    const program = `${institution.programCode}${institution.subprogramCode ? ` / ${institution.subprogramCode}` : ''}`;
    heading(sheet, `${institution.code} ${institution.name[lang] || institution.name.ru}`, [
      [LABELS.bin, institution.bin],
      [{ ru: 'Бюджетная заявка', kk: 'Бюджеттік өтінім' }, `${institution.documentTitle} (${say(LABELS.version, lang).toLowerCase()} ${institution.versionNumber})`],
      [{ ru: 'Программа / подпрограмма', kk: 'Бағдарлама / кіші бағдарлама' }, program],
      [LABELS.documentStatus, `${status}; ${say(LABELS.unitLabel, lang).toLowerCase()}: ${unitText}`],
    ]);
    for (const line of lines) {
      const amounts = v.get(line.id);
      sheet.addRow([
        { value: line.code ?? '', style: codeStyle },
        { value: line.title[lang], style: nameStyle },
        ...columns.map((c) => ({ value: amounts?.[c.id] ?? 0, style: amountStyle })),
      ]);
      cells += columns.length;
    }
    sheet.addRow(totalRowCells(columns, lines.length, totalLabel, totalStyle, lang, (c) => lines.reduce((s, l) => s + (v.get(l.id)?.[c.id] ?? 0), 0)));
    sheet.merge(totalRow, 1, totalRow, 2);
    await sheet.end();
    onProgress?.({ sheetId: institution.documentId, cellsWritten: cells, totalCells });
  }
  await writer.finish();
  onProgress?.({ sheetId: null, cellsWritten: totalCells, totalCells });
  return { cells, sheets: [summaryName, ...names] };
}

/** The «Всего расходов» row: a live SUM of the lines above, with the sum cached. */
function totalRowCells(
  columns: readonly ColumnDef[],
  lineCount: number,
  label: CellStyle,
  style: CellStyle,
  lang: ExportLanguage,
  result: (c: ColumnDef) => number,
): WriterCell[] {
  const first = CONSOLIDATED_LAYOUT.firstRow;
  const last = first + lineCount - 1;
  return [
    { value: lang === 'kk' ? 'Барлық шығыстар' : 'Всего расходов', style: label },
    { value: null, style: label },
    ...columns.map((c, j) => {
      const letters = columnLetters(CONSOLIDATED_LAYOUT.firstValueColumn + j);
      return { value: { formula: `SUM(${letters}${first}:${letters}${last})`, result: result(c) }, style };
    }),
  ];
}
