/**
 * bench:formulas — a full budget request (summary + all 15 calculation forms) of about 50 000
 * populated cells. Prints build time and p95 incremental recalculation after one input change,
 * for our engine and for raw HyperFormula fed the same cells and formulas (baseline).
 * The last line is one JSON object. Benchmarks print; they do not assert.
 */
/// <reference types="node" />
import { HyperFormula } from 'hyperformula';
import { DEMO_PARAMETERS, listTemplates } from '@zhospar/sheets';
import type { SheetTemplate } from '@zhospar/sheets';
import { createDocumentEngine } from '../src/index.ts';
import type { CellInput, SheetInputs } from '../src/index.ts';

const TARGET_CELLS = 50000;
const ITERATIONS = 1000;

function valueFor(tpl: SheetTemplate, colId: string, i: number): CellInput | undefined {
  const c = tpl.columns.find((x) => x.id === colId);
  if (!c || c.kind !== 'input' || colId.endsWith('_manual')) return undefined;
  switch (c.valueType) {
    case 'text':
      return `${c.title.ru} ${i + 1}`;
    case 'code':
      return String(100 + (i % 50));
    case 'date':
      return '2027-01-01';
    case 'percent':
      return 5 + (i % 10);
    case 'quantity':
      return c.unit === 'month' ? 12 : 1 + (i % 9);
    case 'amount':
      return 1000 + ((i * 37) % 5000);
  }
}

const forms = listTemplates().filter((t) => t.documentKind === 'budget-request' && t.specific);
const summary = listTemplates().find((t) => t.id === 'budget-request/summary@2025-04');
if (!summary) throw new Error('no summary template');
const perRow = (t: SheetTemplate): number =>
  t.columns.filter((c) => (c.kind === 'input' && !c.id.endsWith('_manual')) || c.kind === 'calculated').length;
const avgPerRow = forms.reduce((s, t) => s + perRow(t), 0) / forms.length;
const fixedCells = summary.rows.length * 5 + forms.length * 6;
const rowsPerForm = Math.ceil((TARGET_CELLS - fixedCells) / avgPerRow / forms.length);

let populated = 0;
const sheets: SheetInputs[] = [{ sheetId: 'summary', templateId: summary.id, rows: [], cells: {} }];
for (const t of forms) {
  const rows: string[] = [];
  const cells: Record<string, CellInput> = {};
  for (let i = 0; i < rowsPerForm; i++) {
    const rowId = `r${i}`;
    rows.push(rowId);
    for (const c of t.columns) {
      const v = valueFor(t, c.id, i);
      if (v !== undefined) cells[`${rowId}/${c.id}`] = v;
      if (v !== undefined || c.kind === 'calculated') populated++;
    }
  }
  sheets.push({ sheetId: t.defaultSheetId ?? '', templateId: t.id, rows, cells });
}
for (const r of summary.rows) if (r.kind === 'fixed') populated += 5;

const now = (): number => performance.now();
const p95 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? 0;
};
const round = (x: number): number => Math.round(x * 1000) / 1000;

// Warm-up (JIT) on a throwaway engine.
createDocumentEngine({ sheets, parameters: DEMO_PARAMETERS }).destroy();

let t0 = now();
const engine = createDocumentEngine({ sheets, parameters: DEMO_PARAMETERS });
const buildMs = now() - t0;
// The baseline starts from the same cells and formulas, before any edit.
const workbook = engine.toWorkbook();
const stats = engine.stats();

// Baseline: raw HyperFormula with exactly the same cells and formulas.
HyperFormula.buildFromSheets(workbook, { licenseKey: 'gpl-v3', undoLimit: 0, evaluateNullToZero: true }).destroy();
t0 = now();
const hf = HyperFormula.buildFromSheets(workbook, { licenseKey: 'gpl-v3', undoLimit: 0, evaluateNullToZero: true });
const hfBuildMs = now() - t0;
const sheetNo = hf.getSheetId('f144') ?? 0;
const priceCol = forms.find((t) => t.specific === '144')?.columns.findIndex((c) => c.id === 'price') ?? 0;
const headRow = 1; // f144 layout: [head sentinel, rows…, tail sentinel, total]

// The same edit sequence on both, interleaved so JIT and GC affect both alike.
const recalc: number[] = [];
const hfRecalc: number[] = [];
let changedCount = 0;
let hfChangedCount = 0;
for (let k = 0; k < ITERATIONS; k++) {
  const i = (k * 7919) % rowsPerForm;
  const value = 300 + (k % 50) + (k % 2 === 0 ? 0.5 : 0);
  t0 = now();
  const changed = engine.setInputs([{ sheetId: 'f144', rowId: `r${i}`, colId: 'price', value }]);
  recalc.push(now() - t0);
  changedCount += changed.length;
  t0 = now();
  const hfChanged = hf.batch(() => {
    hf.setCellContents({ sheet: sheetNo, row: headRow + i, col: priceCol }, [[value]]);
  });
  hfRecalc.push(now() - t0);
  hfChangedCount += hfChanged.length;
}
const result = {
  cells: populated,
  build_ms: round(buildMs),
  recalc_p95_ms: round(p95(recalc)),
  hf_build_ms: round(hfBuildMs),
  hf_recalc_p95_ms: round(p95(hfRecalc)),
};
console.log(`populated cells: ${populated} (in HyperFormula: ${stats.hfCells}, formulas: ${stats.formulas}); forms: ${forms.length} × ${rowsPerForm} rows + summary`);
console.log(`engine: build ${result.build_ms} ms, recalc p95 ${result.recalc_p95_ms} ms (median ${round(recalc.sort((a, b) => a - b)[recalc.length >> 1] ?? 0)} ms, ${round(changedCount / ITERATIONS)} changed cells per edit)`);
console.log(`raw HyperFormula: build ${result.hf_build_ms} ms, recalc p95 ${result.hf_recalc_p95_ms} ms (${round(hfChangedCount / ITERATIONS)} changed cells per edit, incl. the input)`);
console.log(`ratio recalc p95 engine / raw: ${round(result.recalc_p95_ms / result.hf_recalc_p95_ms)}`);
console.log(JSON.stringify(result));
