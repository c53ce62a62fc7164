/**
 * @zhospar/sheets — form templates versioned by legal edition, stable cell addressing, the
 * stable-reference formula syntax and the schema check. Pure: imports nothing.
 */
export type {
  CellValueType,
  ColumnDef,
  DocumentKind,
  DocumentSheetRef,
  Edition,
  FixedRowSpec,
  FormHeader,
  HeaderFieldId,
  LocalizedText,
  PeriodParameterDef,
  PeriodParameters,
  RowSpec,
  SheetSchema,
  SheetTemplate,
  Unit,
  YearSlot,
} from './types.ts';
export { getTemplate, listTemplates, templateFor, sheetIdFor, defaultSheetsFor } from './registry.ts';
export { inputSchemaOf } from './inputSchemaOf.ts';
export { PERIOD_PARAMETERS, INFLATION_SUBCLASSES, DEMO_PARAMETERS, getPeriodParameter } from './parameters.ts';
export { summaryRowId } from './templates/budgetRequest.ts';
export { MONTH_COLUMNS } from './templates/financingPlan.ts';
export { HEADER_FIELDS } from './headerFields.ts';
export {
  parseFormula,
  printFormula,
  walkFormula,
  FORMULA_FUNCTIONS,
  AGGREGATE_FUNCTIONS,
} from './formula/parseFormula.ts';
export type { BinaryOp, CellRef, FormulaNode, FormulaPrinter, ParseResult, RowRef } from './formula/parseFormula.ts';
export { checkTemplate, checkDocumentTemplates, formulaSites } from './formula/checkTemplates.ts';
export type { FormulaSite, TemplateIssue, TemplateIssueCode } from './formula/checkTemplates.ts';
