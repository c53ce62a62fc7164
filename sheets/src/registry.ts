/**
 * Template catalogue (каталог форм). Templates are versioned by legal edition: an id ends with
 * `@<edition>`, and `templateFor(formCode, date)` picks the edition in force on a date.
 *
 * Sheet id convention inside a document (cross-sheet formula references rely on it; each template
 * carries it as `defaultSheetId`):
 * - budget request: `summary`, and `f<specific>` per calculation form (`f111`, `f144`, …);
 * - financing plan: `payments`, `obligations`;
 * - PKFO: `pkfo1` … `pkfo4`, `pkfo_t4` (Table 4, amortization).
 */
import type { DocumentKind, DocumentSheetRef, SheetTemplate } from './types.ts';
import { calculationForms, summary } from './templates/budgetRequest.ts';
import { financingPlanObligations, financingPlanPayments } from './templates/financingPlan.ts';
import { pkfoTemplates } from './templates/pkfo.ts';

const ALL: readonly SheetTemplate[] = [
  summary,
  ...calculationForms,
  financingPlanPayments,
  financingPlanObligations,
  ...pkfoTemplates,
];
const BY_ID = new Map(ALL.map((tpl) => [tpl.id, tpl]));

/** Template by id, e.g. `budget-request/144@2025-04`. */
export function getTemplate(templateId: string): SheetTemplate | undefined {
  return BY_ID.get(templateId);
}

/** Every template of every edition, in catalogue order. */
export function listTemplates(): SheetTemplate[] {
  return [...ALL];
}

/** The edition of a form (by form code, e.g. `01-144`) in force on an ISO date. */
export function templateFor(formCode: string, isoDate: string): SheetTemplate | undefined {
  return ALL.find(
    (tpl) =>
      tpl.formCode === formCode &&
      tpl.edition.validFrom <= isoDate &&
      (tpl.edition.validTo === undefined || isoDate <= tpl.edition.validTo),
  );
}

/** Conventional sheet id of a template in a document (`summary`, `f144`, `payments`, `pkfo1`, …). */
export function sheetIdFor(template: SheetTemplate): string {
  return template.defaultSheetId ?? template.formCode.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * Sheets a new document starts with. A budget request starts with the summary and — for the demo —
 * the forms for 111 and 144; other forms are added as `{ sheetId: 'f<specific>', templateId }`.
 */
export function defaultSheetsFor(kind: DocumentKind): DocumentSheetRef[] {
  const pick = (tpls: SheetTemplate[]): DocumentSheetRef[] =>
    tpls.map((tpl) => ({ sheetId: sheetIdFor(tpl), templateId: tpl.id }));
  switch (kind) {
    case 'budget-request':
      return pick(ALL.filter((tpl) => tpl === summary || tpl.specific === '111' || tpl.specific === '144'));
    case 'financing-plan':
      return pick([financingPlanPayments, financingPlanObligations]);
    case 'pkfo':
      return pick([...pkfoTemplates]);
  }
}
