/** Test fixtures: documents with overrides. */
import { DEMO_PARAMETERS, getTemplate } from '@zhospar/sheets';
import type { PeriodParameters } from '@zhospar/sheets';
import { createDocumentEngine } from '../createDocumentEngine.ts';
import type { DocumentEngine } from '../createDocumentEngine.ts';
import type { CellInput, ControlOptions, ExternalValues, SheetInputs } from '../types.ts';

/** Round-number parameters for hand arithmetic (not legal values). */
export const TEST_PARAMETERS: PeriodParameters = {
  ...DEMO_PARAMETERS,
  base_salary: 20000,
  mrp: 4000,
  min_wage: 85000,
  social_tax_rate: 6,
  social_contribution_rate: 5,
  medical_insurance_rate: 3,
  'inflation.110.y2': 1.1,
  'inflation.110.y3': 1.05,
  'inflation.140.y2': 1.05,
  'inflation.140.y3': 1.04,
};

/** A sheet from rows given as objects: `{ r1: { price: 300 } }`. */
export function sheet(sheetId: string, templateId: string, rows: Record<string, Record<string, CellInput>> = {}, fixed: Record<string, Record<string, CellInput>> = {}): SheetInputs {
  const cells: Record<string, CellInput> = {};
  for (const [rowId, vals] of [...Object.entries(rows), ...Object.entries(fixed)]) {
    for (const [colId, v] of Object.entries(vals)) cells[`${rowId}/${colId}`] = v;
  }
  if (!getTemplate(templateId)) throw new Error(`no template ${templateId}`);
  return { sheetId, templateId, rows: Object.keys(rows), cells };
}

export function buildDocument(sheets: SheetInputs[], over: { parameters?: PeriodParameters; externals?: ExternalValues; controls?: ControlOptions } = {}): DocumentEngine {
  return createDocumentEngine({
    sheets,
    parameters: over.parameters ?? TEST_PARAMETERS,
    ...(over.externals ? { externals: over.externals } : {}),
    ...(over.controls ? { controls: over.controls } : {}),
  });
}
