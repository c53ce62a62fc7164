/**
 * bench:export — Excel export of a budget request with 1 000 000 populated cells (every calculation
 * form, thousands of rows each; inputs plus live formulas with cached values), against the
 * baseline of exceljs' own streaming writer writing the same cells raw (same values, same formula
 * texts and results, no styles, no layout). Reports wall time, peak RSS sampled every 25 ms, and
 * the ratio (target ≤ 1.5× raw). The engine is built before timing (its cost is the formulas
 * benchmark's); the export's time includes reading every value back from it.
 *
 * Last line: {"cells":…,"ms":…,"peak_mb":…,"raw_exceljs_ms":…}. Prints numbers, asserts nothing.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DocumentProjection } from '@zhospar/collab';
import { createDocumentEngine } from '@zhospar/formulas';
import type { DocumentEngine } from '@zhospar/formulas';
import { DEMO_PARAMETERS, listTemplates } from '@zhospar/sheets';
import type { ColumnDef, SheetTemplate } from '@zhospar/sheets';
import ExcelJS from 'exceljs';
import { writeWorkbook } from '../buildWorkbook.ts';
import { mulberry32 } from '../test/fillDocument.ts';
import { exportMeta } from '../test/exportMeta.ts';
import { formulaOf, planSheet } from '../sheetPlan.ts';
import { A1Translator } from '../toA1Formula.ts';

const TARGET_CELLS = Number(process.env['ZHOSPAR_BENCH_CELLS'] ?? 1_000_000);

function inputValue(col: ColumnDef, rnd: () => number, i: number): string | number | undefined {
  if (col.id === 'y2_manual' || col.id === 'y3_manual') return undefined;
  switch (col.valueType) {
    case 'text':
      return `${col.id} ${i + 1}`;
    case 'code':
      return String(1 + Math.floor(rnd() * 999)).padStart(3, '0');
    case 'date':
      return '2027-03-15';
    case 'percent':
      return Math.round(rnd() * 3000) / 100;
    case 'quantity':
      return col.unit === 'month' ? 1 + Math.floor(rnd() * 12) : Math.round(rnd() * 5000 * 100) / 100;
    case 'amount':
      return 1000 + Math.floor(rnd() * 1_000_000);
  }
}

/** Populated cells of one dynamic row of a form (inputs written + calculated). */
function cellsPerRow(t: SheetTemplate): number {
  return t.columns.filter((c) => c.kind === 'calculated' || (c.id !== 'y2_manual' && c.id !== 'y3_manual')).length;
}

/** A projection of a budget request with every form, sized to `target` populated cells. */
function buildProjection(target: number): DocumentProjection {
  const forms = listTemplates().filter((t) => t.documentKind === 'budget-request' && t.specific);
  const perRow = forms.reduce((n, t) => n + cellsPerRow(t), 0);
  const rows = Math.ceil(target / perRow);
  const rnd = mulberry32(42);
  return {
    schemaVersion: 1,
    kind: 'budget-request',
    sheets: forms.map((t, si) => {
      const sheetId = t.defaultSheetId ?? t.formCode;
      const cells: Record<string, string | number> = {};
      const rowRefs = Array.from({ length: rows }, (_, i) => ({ rowId: `${sheetId}-${i}`, order: `a${String(i).padStart(7, '0')}` }));
      rowRefs.forEach((r, i) => {
        for (const c of t.columns) {
          if (c.kind !== 'input') continue;
          const v = inputValue(c, rnd, i);
          if (v !== undefined) cells[`${r.rowId}/${c.id}`] = v;
        }
      });
      return { sheetId, templateId: t.id, order: `a${si}`, rows: rowRefs, cells };
    }),
  };
}

/** Samples RSS until stopped; returns the peak in MB. */
function sampleRss(): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024);
  };
}

type RawRow = Array<ExcelJS.CellValue>;

/** The same cells as plain exceljs rows: inputs and `{ formula, result }`, precomputed (untimed). */
function rawRows(projection: DocumentProjection, engine: DocumentEngine): Array<{ name: string; rows: RawRow[] }> {
  const plans = new Map(projection.sheets.map((s) => {
    const t = listTemplates().find((x) => x.id === s.templateId) as SheetTemplate;
    return [s.sheetId, planSheet(s.sheetId, t, t.formCode, s.rows.map((r) => r.rowId))] as const;
  }));
  const translator = new A1Translator({ plans, parameterCell: () => '1' });
  return projection.sheets.map((s) => {
    const plan = plans.get(s.sheetId);
    if (!plan) throw new Error('plan');
    const values = new Map(engine.getSheetValues(s.sheetId).rows.map((r) => [r.rowId, r.values]));
    const rows: RawRow[] = plan.rows.map((row) =>
      plan.template.columns.map((c, j): ExcelJS.CellValue => {
        const f = formulaOf(row, j, plan.template);
        if (f !== undefined) {
          const v = row.rowId ? values.get(row.rowId)?.[c.id] : undefined;
          return { formula: translator.translate(plan, row.excelRow, f), result: typeof v === 'number' || typeof v === 'string' ? v : 0 };
        }
        return row.rowId ? (s.cells[`${row.rowId}/${c.id}`] ?? null) : null;
      }),
    );
    return { name: plan.name, rows };
  });
}

async function rawExcelJs(sheets: Array<{ name: string; rows: RawRow[] }>, file: string): Promise<number> {
  const start = performance.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: createWriteStream(file), useStyles: false, useSharedStrings: false });
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r).commit();
    ws.commit();
  }
  await wb.commit();
  return performance.now() - start;
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zhospar-bench-export-'));
try {
  const projection = buildProjection(TARGET_CELLS);
  let t = performance.now();
  const engine = createDocumentEngine({
    sheets: projection.sheets.map((s) => ({ sheetId: s.sheetId, templateId: s.templateId, rows: s.rows.map((r) => r.rowId), cells: s.cells })),
    parameters: DEMO_PARAMETERS,
  });
  console.log(`engine built in ${Math.round(performance.now() - t)} ms (not part of the export time)`);
  t = performance.now();
  const raw = rawRows(projection, engine);
  const rawCells = raw.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.filter((v) => v !== null).length, 0), 0);
  console.log(`raw rows prepared in ${Math.round(performance.now() - t)} ms: ${rawCells} cells`);
  t = performance.now();
  for (const s of projection.sheets) engine.getSheetValues(s.sheetId);
  const valuesMs = performance.now() - t;
  t = performance.now();
  engine.evaluateControls();
  console.log(`inside the export: reading values ${Math.round(valuesMs)} ms, controls ${Math.round(performance.now() - t)} ms`);

  const runs = 2;
  const ours: number[] = [];
  const base: number[] = [];
  let peak = 0;
  let cells = 0;
  for (let i = 0; i < runs; i++) {
    base.push(await rawExcelJs(raw, path.join(dir, `raw-${i}.xlsx`)));
    const rssBefore = Math.round(process.memoryUsage.rss() / 1024 / 1024);
    const stop = sampleRss();
    const start = performance.now();
    const summary = await writeWorkbook(
      { meta: exportMeta(), projection, parameters: DEMO_PARAMETERS, engine, lang: 'ru' },
      createWriteStream(path.join(dir, `ours-${i}.xlsx`)),
    );
    ours.push(performance.now() - start);
    const runPeak = stop();
    peak = Math.max(peak, runPeak);
    console.log(`run ${i + 1}: RSS ${rssBefore} MB before the export (engine and the baseline's rows), peak ${runPeak} MB during it`);
    cells = summary.cells;
    const size = (await fs.stat(path.join(dir, `ours-${i}.xlsx`))).size;
    const rawSize = (await fs.stat(path.join(dir, `raw-${i}.xlsx`))).size;
    console.log(
      `run ${i + 1}: export ${Math.round(ours[i] ?? 0)} ms (${summary.streaming ? 'streaming' : 'in memory'}, ${summary.formulas} formulas, ` +
        `${(size / 1e6).toFixed(1)} MB), raw exceljs ${Math.round(base[i] ?? 0)} ms (${(rawSize / 1e6).toFixed(1)} MB)`,
    );
  }
  engine.destroy();
  const ms = Math.round(Math.min(...ours));
  const rawMs = Math.round(Math.min(...base));
  console.log(`best of ${runs}: export ${ms} ms vs raw ${rawMs} ms = ${(ms / rawMs).toFixed(2)}× (target ≤ 1.5×); peak RSS ${peak} MB`);
  console.log(JSON.stringify({ cells, ms, peak_mb: peak, raw_exceljs_ms: rawMs }));
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
