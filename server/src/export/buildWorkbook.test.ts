import { setCell } from '@zhospar/collab';
import { DEMO_PARAMETERS, getTemplate, listTemplates } from '@zhospar/sheets';
import type { SheetTemplate } from '@zhospar/sheets';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { buildWorkbook } from './buildWorkbook.ts';
import type { ExportInput, ExportOptions, ExportProgress } from './exportTypes.ts';
import { projectForExport } from './projectForExport.ts';
import { planSheet } from './sheetPlan.ts';
import { A1Translator } from './toA1Formula.ts';
import { exportMeta } from './test/exportMeta.ts';
import { buildFilledDocument, INJECTION_PROBES } from './test/fillDocument.ts';
import { sampleBudgetRequest } from './test/sampleBudgetRequest.ts';

function input(doc: Y.Doc, overrides: Partial<ExportInput> = {}): ExportInput {
  return { meta: exportMeta(), projection: projectForExport(doc), parameters: DEMO_PARAMETERS, lang: 'ru', ...overrides };
}

async function exported(doc: Y.Doc, overrides: Partial<ExportInput> = {}, options: ExportOptions = {}): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildWorkbook(input(doc, overrides), options)) as unknown as ArrayBuffer);
  return wb;
}

/** The cell of a stable (rowId, colId) in an exported worksheet, through the hidden ids. */
function cellOf(ws: ExcelJS.Worksheet, rowId: string, colId: string): ExcelJS.Cell {
  let col = 0;
  let idCol = 0;
  ws.getRow(1).eachCell((c, n) => {
    if (c.value === colId) col = n;
    if (c.value === '__rowId') idCol = n;
  });
  let row = 0;
  ws.eachRow((r, n) => {
    if (r.getCell(idCol).value === rowId) row = n;
  });
  if (!row || !col) throw new Error(`no ${rowId}/${colId}`);
  return ws.getCell(row, col);
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

describe('buildWorkbook — the form 01-144 as an accountant gets it', () => {
  it('writes live formulas with the engine values cached (golden figures by hand)', async () => {
    const wb = await exported(sampleBudgetRequest());
    const ws = sheet(wb, '01-144');
    const litres = cellOf(ws, 'v1', 'litres');
    const r = Number(litres.row);
    // Columns: A №, B vehicle, C model, D fuel kind, E norm, F mileage, G months, H winter months,
    // I winter %, J price, K litres, L amount, M y2 manual, N amount y2, O y3 manual, P amount y3.
    expect(litres.formula).toBe(`ROUND(E${r}/100*F${r}/12*(G${r}+H${r}*I${r}/100),2)`);
    // 11.2 / 100 × 36 000 / 12 × (12 + 5 × 10 / 100) = 0.112 × 3 000 × 12.5 = 4 200 l.
    expect(litres.result).toBe(4200);
    const amount = cellOf(ws, 'v1', 'amount');
    expect(amount.formula).toBe(`ROUND(K${r}*J${r},0)`);
    expect(amount.result).toBe(1_142_400); // 4 200 × 272
    const y2 = cellOf(ws, 'v1', 'amount_y2');
    expect(y2.formula).toMatch(new RegExp(`^IF\\(ISBLANK\\(M${r}\\),ROUND\\(L${r}\\*'Параметры'!\\$C\\$\\d+,0\\),M${r}\\)$`));
    expect(y2.result).toBe(1_199_520); // 1 142 400 × 1.05
    // The override typed for v3 is used as is: 3 900 000.
    expect(cellOf(ws, 'v3', 'amount_y2').result).toBe(3_900_000);
    // Totals: Σ amount = 1 142 400 + 924 375 + 1 262 709 + 367 200 = 3 696 684.
    const total = cellOf(ws, 'total', 'amount');
    expect(total.formula).toMatch(/^SUM\(L\d+:L\d+\)$/);
    expect(total.result).toBe(3_696_684);
    // The summary line 144 reads the form's total across sheets.
    const s144 = cellOf(sheet(wb, '01-свод'), 's144', 'plan1');
    expect(s144.formula).toBe(`'01-144'!${total.address}`);
    expect(s144.result).toBe(3_696_684);
    // Inputs are plain values.
    expect(cellOf(ws, 'v1', 'mileage').value).toBe(36_000);
    expect(cellOf(ws, 'v1', 'fuel_kind').value).toBe('95');
  });

  it('prints the header block with codes, years and data kind, and multi-level merged headers', async () => {
    const wb = await exported(sampleBudgetRequest());
    const ws = sheet(wb, '01-144');
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toContain('Форма 01-144');
    expect(texts).toContain('Расчет расходов по специфике 144 «Приобретение топлива, горюче-смазочных материалов»');
    for (const v of ['2027–2029', 'план', '01 Государственные услуги общего характера', '123 Управление финансов Акмолинской области', '1234567 ГУ «Аппарат акима города Косшы»', '001 Услуги по обеспечению деятельности акима', '015 За счет средств местного бюджета', '144 Приобретение топлива, горюче-смазочных материалов', 'тенге']) {
      expect(texts).toContain(v);
    }
    expect(texts).toContain('Плановый год 1\n2027');
    // «Зимняя надбавка» spans its two columns (H:I); «Сумма расходов, тенге» the five plan-year columns.
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    const headerRow = Number(cellOf(ws, 'v1', 'litres').row) - 3; // two header rows and the number row above
    expect(merges).toContain(`H${headerRow}:I${headerRow}`);
    expect(merges).toContain(`L${headerRow}:P${headerRow}`);
    expect(ws.getCell(`H${headerRow}`).value).toBe('Зимняя надбавка');
    // Titles without a group are merged down over both header rows.
    expect(merges).toContain(`K${headerRow}:K${headerRow + 1}`);
  });

  it('number formats follow the unit and precision: тенге 0 decimals, litres 2, тыс. тенге 1', async () => {
    const wb = await exported(buildFilledDocument({ rowsPerSheet: 1 }).doc);
    const f144 = sheet(wb, '01-144');
    expect(cellOf(f144, 'f144-r1', 'amount').numFmt).toBe('#,##0');
    expect(cellOf(f144, 'f144-r1', 'litres').numFmt).toBe('#,##0.00');
    expect(cellOf(f144, 'f144-r1', 'vehicle').numFmt).toBe('@');
    expect(cellOf(sheet(wb, 'ПКФО-1'), 'r010', 'fact').numFmt).toBe('#,##0.0');
    // A financing plan kept in тыс. тенге gets one decimal on its tenge columns too.
    const thousands = await exported(buildFilledDocument({ rowsPerSheet: 1 }).doc, { unit: 'thousand-tenge' });
    expect(cellOf(sheet(thousands, 'ИПФ-платежи'), 'payments-r1', 'annual').numFmt).toBe('#,##0.0');
  });

  it('protects the form: inputs unlocked, calculated and total cells locked, no password', async () => {
    const wb = await exported(sampleBudgetRequest());
    const ws = sheet(wb, '01-144');
    const protection = (ws as unknown as { sheetProtection: { sheet: boolean; hashValue?: string } }).sheetProtection;
    expect(protection.sheet).toBe(true);
    expect(protection.hashValue).toBeUndefined();
    expect(cellOf(ws, 'v1', 'mileage').protection?.locked).toBe(false);
    expect(cellOf(ws, 'v1', 'amount').protection?.locked).not.toBe(false);
    expect(cellOf(ws, 'total', 'amount').protection?.locked).not.toBe(false);
  });

  it('freezes the header, prints A4 landscape fit to width with repeated header rows, hides the ids', async () => {
    const wb = await exported(sampleBudgetRequest());
    const ws = sheet(wb, '01-144');
    const firstBody = Number(cellOf(ws, 'v1', 'amount').row);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: firstBody - 1 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1 });
    expect(ws.pageSetup.printTitlesRow).toBe(`${firstBody - 3}:${firstBody - 1}`);
    expect(ws.getRow(1).hidden).toBe(true);
    expect(ws.getColumn(17).hidden).toBe(true); // the row-id column after P
    expect(sheet(wb, '__zhospar').state).toBe('veryHidden');
  });

  it('writes formula-looking text as strings, never formulas', async () => {
    const wb = await exported(buildFilledDocument({ rowsPerSheet: 4 }).doc);
    const seen = new Set<string>();
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (typeof c.value === 'string' && INJECTION_PROBES.map((p) => p.replace(/\r/g, '\n')).includes(c.value)) {
            expect(c.type).toBe(ExcelJS.ValueType.String);
            seen.add(c.value);
          }
        }),
      ),
    );
    expect(seen.size).toBe(INJECTION_PROBES.length);
  });

  it('lists failed controls with A1 references on «Контроли»', async () => {
    const doc = sampleBudgetRequest();
    // A vehicle without a fuel norm: the required-column warning points at its cell.
    setCell(doc, { sheetId: 'f144', rowId: 'v4', colId: 'fuel_norm' }, null);
    const wb = await exported(doc);
    const norm = cellOf(sheet(wb, '01-144'), 'v4', 'fuel_norm');
    const rows: string[][] = [];
    sheet(wb, 'Контроли').eachRow((r) => rows.push((r.values as unknown[]).slice(1).map(String)));
    const required = rows.find((r) => r[1] === 'form.required' && r[4]?.includes(`'01-144'!${norm.address}`));
    expect(required?.[2]).toBe('Предупреждение');
  });

  it('adds the approval sheet with the SHA-256 and signatures only for an approved version', async () => {
    const approval = { snapshotHash: 'a'.repeat(64), approvedAt: '2026-11-20T10:00:00Z', signatures: [{ signer: 'Иванов И. И.', role: 'APPROVER', signedAt: '2026-11-20T10:00:05Z', algorithm: 'ES256', signature: 'eyJhbGciOiJFUzI1NiJ9.x.y' }] };
    const wb = await exported(sampleBudgetRequest(), { approval, meta: exportMeta({ status: 'APPROVED' }) });
    const texts: string[] = [];
    sheet(wb, 'Утверждение').eachRow((r) => r.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toContain('a'.repeat(64));
    expect(texts).toContain('Иванов И. И.');
    expect(texts).toContain('eyJhbGciOiJFUzI1NiJ9.x.y');
    expect(texts).toContain('утвержден');
    expect((await exported(sampleBudgetRequest())).getWorksheet('Утверждение')).toBeUndefined();
  });

  it('streaming and in-memory writing give the same cells, and progress reaches the total', async () => {
    const doc = buildFilledDocument({ rowsPerSheet: 5 }).doc;
    const progress: ExportProgress[] = [];
    const a = await exported(doc, {}, { streaming: 'never' });
    const b = await exported(doc, {}, { streaming: 'always', onProgress: (p) => progress.push(p) });
    const dump = (wb: ExcelJS.Workbook): string[] => {
      const out: string[] = [];
      // A shared formula (streaming) reads as its translated text: compare formulas and results.
      // Streamed text is written as inline rich text (never read as a formula): compare its text.
      const value = (c: ExcelJS.Cell): unknown => {
        if (c.type === ExcelJS.ValueType.Formula) return { formula: c.formula, result: c.result };
        const v = c.value;
        return typeof v === 'object' && v !== null && 'richText' in v ? v.richText.map((r) => r.text).join('') : v;
      };
      wb.eachSheet((ws) => ws.eachRow((row, r) => row.eachCell((c, k) => out.push(`${ws.name}!${r}:${k}=${JSON.stringify(value(c))}|${c.numFmt ?? ''}`))));
      return out;
    };
    expect(dump(b)).toEqual(dump(a));
    const last = progress.at(-1);
    expect(last?.cellsWritten).toBe(last?.totalCells);
  });

  it('writes the Kazakh form titles and furniture with --lang kk', async () => {
    const wb = await exported(sampleBudgetRequest(), { lang: 'kk' });
    const ws = sheet(wb, '01-144');
    const texts: string[] = [];
    ws.eachRow((r) => r.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toContain('Нысан 01-144');
    expect(texts).toContain('144 ерекшелігі бойынша шығыстардың есебі: отын, жанар-жағармай материалдарын сатып алу');
    expect(texts).toContain('Жиыны');
    expect(wb.getWorksheet('Бақылаулар')).toBeDefined();
  });
});

describe('A1 translation', () => {
  it('prefixes functions newer than Excel 2007 with _xlfn. (none of today’s templates needs it)', () => {
    const base = getTemplate('budget-request/144@2025-04') as SheetTemplate;
    const tpl: SheetTemplate = {
      ...base,
      columns: base.columns.map((c) => (c.id === 'litres' ? { ...c, formula: 'IFS({mileage} > 0, 1, TRUE, 0) + IFERROR({price}, 0)' } : c)),
    };
    const plan = planSheet('f144', tpl, '01-144', ['a']);
    const t = new A1Translator({ plans: new Map([['f144', plan]]), parameterCell: () => '1' });
    expect(t.translate(plan, 19, tpl.columns.find((c) => c.id === 'litres')?.formula ?? '')).toBe('_xlfn.IFS(F19>0,1,TRUE(),0)+IFERROR(J19,0)');
  });

  it('reads a sheet absent from the document as 0, like the engine', () => {
    const summary = listTemplates().find((t) => t.id === 'budget-request/summary@2025-04') as SheetTemplate;
    const plan = planSheet('summary', summary, '01-свод', []);
    const t = new A1Translator({ plans: new Map([['summary', plan]]), parameterCell: () => '1' });
    expect(t.translate(plan, plan.rowOf.get('s149') ?? 0, '{f149!total.amount}')).toBe('0');
  });
});
