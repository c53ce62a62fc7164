/**
 * Test fixture: a Y.Doc holding EVERY template of the catalogue (one sheet each, conventional sheet
 * ids) with every input filled by deterministic, non-trivial values from a seeded PRNG: several
 * dynamic rows per form, decimals where the column has them, some optional inputs left blank so
 * both branches of `IF(ISBLANK(…))` run, one manual plan-year override per form, and text cells
 * that look like formulas (formula-injection probes).
 */
import { initDocument, insertRow, setCell } from '@zhospar/collab';
import { DEMO_PARAMETERS, inputSchemaOf, listTemplates } from '@zhospar/sheets';
import type { ColumnDef, PeriodParameters, SheetTemplate } from '@zhospar/sheets';
import * as Y from 'yjs';

/** Seeded PRNG (mulberry32): same seed, same document. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Text values that a spreadsheet would take for formulas if written naively. */
export const INJECTION_PROBES: readonly string[] = [
  '=1+1',
  '+7 701 123 45 67',
  '-5',
  '@SUM(A1:A2)',
  '\t=HYPERLINK("http://example.invalid","x")',
  "\r=2*3",
  "=cmd|' /C calc'!A0",
];

/** Optional inputs left blank on some rows, so `IF(ISBLANK(…))` takes both branches. */
const SOMETIMES_BLANK = new Set(['correction', 'per_person_mrp', 'fixed_amount', 'winter_months', 'one_time', 'months', 'allowance_amount']);

function valueFor(col: ColumnDef, rnd: () => number, rowIndex: number, probe: () => string): string | number | undefined {
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const dec = (lo: number, hi: number, p: number): number => Math.round((lo + rnd() * (hi - lo)) * 10 ** p) / 10 ** p;
  if (col.id === 'y2_manual') return rowIndex === 1 ? int(100_000, 900_000) : undefined;
  if (col.id === 'y3_manual') return rowIndex === 2 ? int(100_000, 900_000) : undefined;
  if (SOMETIMES_BLANK.has(col.id) && rowIndex % 2 === 1) return undefined;
  switch (col.valueType) {
    case 'text':
      return col.required && rowIndex % 2 === 0 ? probe() : `${col.id} ${rowIndex + 1} «тест»`;
    case 'code':
      return String(int(1, 999)).padStart(3, '0');
    case 'date':
      return `2027-0${int(1, 9)}-1${int(0, 9)}`;
    case 'percent':
      return dec(0, 30, 2);
    case 'quantity': {
      if (col.unit === 'month') return int(1, 12);
      if (col.unit === 'coefficient') return dec(0.8, 1.6, Math.min(col.precision ?? 2, 3));
      return dec(1, 5000, col.precision ?? 0);
    }
    case 'amount':
      return col.precision && col.precision > 0 ? dec(10, 99_999, col.precision) : int(1_000, 9_999_999);
  }
}

/** A document with every template, filled; `rowsPerSheet` dynamic rows on each form. */
export function buildFilledDocument(options: { seed?: number; rowsPerSheet?: number; templates?: readonly SheetTemplate[] } = {}): {
  doc: Y.Doc;
  parameters: PeriodParameters;
  templates: SheetTemplate[];
} {
  const rnd = mulberry32(options.seed ?? 20270101);
  const rowsPerSheet = options.rowsPerSheet ?? 4;
  const templates = [...(options.templates ?? listTemplates())];
  let probes = 0;
  const probe = (): string => INJECTION_PROBES[probes++ % INJECTION_PROBES.length] ?? '';
  const doc = new Y.Doc();
  initDocument(doc, {
    kind: 'budget-request',
    sheets: templates.map((t) => ({ sheetId: t.defaultSheetId ?? t.formCode, templateId: t.id })),
  });
  for (const t of templates) {
    const sheetId = t.defaultSheetId ?? t.formCode;
    const schema = inputSchemaOf(t);
    const rows: string[] = [];
    if (schema.dynamicRows) {
      for (let i = 0; i < rowsPerSheet; i++) {
        const rowId = `${sheetId}-r${i + 1}`;
        insertRow(doc, sheetId, rowId);
        rows.push(rowId);
      }
    }
    for (const r of t.rows) if (r.kind === 'fixed' && r.role === 'input') rows.push(r.id);
    rows.forEach((rowId, i) => {
      for (const col of t.columns) {
        if (col.kind !== 'input') continue;
        const v = valueFor(col, rnd, i, probe);
        if (v !== undefined) setCell(doc, { sheetId, rowId, colId: col.id }, v);
      }
    });
  }
  return { doc, parameters: DEMO_PARAMETERS, templates };
}
