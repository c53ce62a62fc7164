import { projectDocument, type DocumentProjection } from '@zhospar/collab';
import { createDocumentEngine, type ControlResult, type EngineSnapshot } from '@zhospar/formulas';
import type { PeriodParameters } from '@zhospar/sheets';
import * as Y from 'yjs';
import { cachedSchemaLookup } from '../collaboration/ValidationExtension.ts';

/** Inputs, every calculated value and the failed controls of one document state. */
export interface DocumentCalculation {
  /** Canonical inputs (collab [D9]). */
  inputs: DocumentProjection;
  /** Every calculated value, in the engine's canonical order. */
  computed: EngineSnapshot;
  /** Failed controls; `severity: 'error'` blocks submission. */
  controls: ControlResult[];
}

const lookup = cachedSchemaLookup();

/** A Y.Doc from stored bytes (an empty doc for null). */
export function docFromState(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state && state.byteLength > 0) Y.applyUpdate(doc, state);
  return doc;
}

/**
 * Computes a document on the server with `formulas` — the authority for submission, approval
 * snapshots and the curator's desktop (the browser computes the same for display only).
 */
export function calculateDocument(doc: Y.Doc, parameters: PeriodParameters): DocumentCalculation {
  const inputs = projectDocument(doc, lookup);
  return calculateProjection(inputs, parameters);
}

/** The same from already projected inputs (e.g. an approved snapshot's). */
export function calculateProjection(inputs: DocumentProjection, parameters: PeriodParameters): DocumentCalculation {
  const engine = createDocumentEngine({
    sheets: inputs.sheets.map((sheet) => ({
      sheetId: sheet.sheetId,
      templateId: sheet.templateId,
      rows: sheet.rows.map((row) => row.rowId),
      cells: sheet.cells,
    })),
    parameters,
  });
  try {
    return { inputs, computed: engine.snapshot(), controls: engine.evaluateControls() };
  } finally {
    engine.destroy();
  }
}

/** Counts of failed controls by severity. */
export function countControls(controls: readonly ControlResult[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const control of controls) if (control.severity === 'error') errors += 1;
  return { errors, warnings: controls.length - errors };
}
