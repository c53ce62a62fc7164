import type { CellValueType, SheetSchema, SheetTemplate } from './types.ts';

/**
 * Validation view of a template, structurally equal to collab's `SheetSchema` (CONTRACTS.md):
 * which columns accept input and of what type, which rows are template rows, which rows are wholly
 * calculated (totals), and whether the document may add its own rows.
 */
export function inputSchemaOf(template: SheetTemplate): SheetSchema {
  const inputColumns = new Map<string, CellValueType>();
  const calculatedColumns = new Set<string>();
  for (const c of template.columns) {
    if (c.kind === 'input') inputColumns.set(c.id, c.valueType);
    else calculatedColumns.add(c.id);
  }
  const fixedRows = new Set<string>();
  const calculatedRows = new Set<string>();
  let dynamicRows = false;
  for (const r of template.rows) {
    if (r.kind === 'dynamic') {
      dynamicRows = true;
      continue;
    }
    fixedRows.add(r.id);
    // Headings hold no values; totals are wholly calculated. Both reject every write.
    if (r.role !== 'input') calculatedRows.add(r.id);
  }
  return { templateId: template.id, inputColumns, calculatedColumns, fixedRows, calculatedRows, dynamicRows };
}
