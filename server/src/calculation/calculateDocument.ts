import { projectDocument, type DocumentProjection } from '@zhospar/collab';
import { createDocumentEngine, type ControlResult, type DocumentEngine, type ExternalValues, type SheetInputs } from '@zhospar/formulas';
import { parsePlanningRoundParameters, type PrismaClient } from '@zhospar/prisma';
import type { PeriodParameters } from '@zhospar/sheets';
import type * as Y from 'yjs';
import { cachedSchemaLookup } from '../collaboration/ValidationExtension.ts';
import { periodParametersOf } from './periodParameters.ts';

/** Engine inputs from the document's projection (rows in display order, input cells only). */
export function engineSheetsOf(projection: DocumentProjection): SheetInputs[] {
  return projection.sheets.map((sheet) => ({
    sheetId: sheet.sheetId,
    templateId: sheet.templateId,
    rows: sheet.rows.map((row) => row.rowId),
    cells: sheet.cells,
  }));
}

const lookup = cachedSchemaLookup();

/** The authoritative calculation of a document on the server: values and controls. */
export interface DocumentCalculation {
  projection: DocumentProjection;
  engine: DocumentEngine;
  controls: ControlResult[];
}

/**
 * Calculates a document from its Y.Doc, its round's parameters and external values (limits).
 * Call `engine.destroy()` when done; HyperFormula instances are not small.
 */
export function calculateDocument(doc: Y.Doc, parameters: PeriodParameters, externals: ExternalValues = {}): DocumentCalculation {
  const projection = projectDocument(doc, lookup);
  const engine = createDocumentEngine({ sheets: engineSheetsOf(projection), parameters, externals });
  return { projection, engine, controls: engine.evaluateControls() };
}

/** Parameters of a planning round, as templates reference them. */
export async function loadPeriodParameters(prisma: PrismaClient, roundId: string): Promise<PeriodParameters> {
  const round = await prisma.planningRound.findUniqueOrThrow({
    where: { id: roundId },
    select: { parameters: true, firstPlanYear: true },
  });
  return periodParametersOf(parsePlanningRoundParameters(round.parameters), round.firstPlanYear);
}
