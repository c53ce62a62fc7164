import type { DocumentProjection } from '@zhospar/collab';
import type { ControlResult, EngineSnapshot } from '@zhospar/formulas';
import { parsePlanningRoundParameters } from '@zhospar/prisma';
import type { PeriodParameters } from '@zhospar/sheets';
import * as Y from 'yjs';
import { calculateDocument as calculate } from '../calculation/calculateDocument.ts';
import { periodParametersOf } from '../calculation/periodParameters.ts';

/** Inputs, every calculated value and the failed controls of one document state. */
export interface DocumentValues {
  /** Canonical inputs (collab [D9]). */
  inputs: DocumentProjection;
  /** Every calculated value, in the engine's canonical order. */
  computed: EngineSnapshot;
  /** Failed controls; `severity: 'error'` blocks submission. */
  controls: ControlResult[];
}

/** A Y.Doc from stored bytes (an empty doc for null). */
export function docFromState(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state && state.byteLength > 0) Y.applyUpdate(doc, state);
  return doc;
}

/**
 * Computes a document on the server with `formulas` (calculation/calculateDocument.ts, the same
 * parameters the document API gives the browser) — the authority for submission, approval
 * snapshots, version diffs and the curator's desktop.
 */
export function calculateDocument(doc: Y.Doc, parameters: PeriodParameters): DocumentValues {
  const calculation = calculate(doc, parameters);
  try {
    return { inputs: calculation.projection, computed: calculation.engine.snapshot(), controls: calculation.controls };
  } finally {
    calculation.engine.destroy();
  }
}

/** Period parameters from a round's stored JSON (PlanningRound.parameters). */
export function roundParameters(round: { parameters: unknown; firstPlanYear: number }): PeriodParameters {
  return periodParametersOf(parsePlanningRoundParameters(round.parameters), round.firstPlanYear);
}

/** Counts of failed controls by severity. */
export function countControls(controls: readonly ControlResult[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const control of controls) if (control.severity === 'error') errors += 1;
  return { errors, warnings: controls.length - errors };
}
