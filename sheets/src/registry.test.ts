import { describe, expect, it } from 'vitest';
import { defaultSheetsFor, getTemplate, inputSchemaOf, listTemplates, templateFor } from './index.ts';

describe('template registry', () => {
  it('finds templates by id and by form code and date', () => {
    const f144 = getTemplate('budget-request/144@2025-04');
    expect(f144?.formCode).toBe('01-144');
    expect(templateFor('01-144', '2026-01-01')?.id).toBe('budget-request/144@2025-04');
    expect(templateFor('01-144', '2024-01-01')).toBeUndefined();
  });

  it('has unique ids and ids matching the Y.Doc id pattern', () => {
    const ids = listTemplates().map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const tpl of listTemplates()) {
      for (const c of tpl.columns) expect(c.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      for (const r of tpl.rows) if (r.kind === 'fixed') expect(r.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(tpl.defaultSheetId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    }
  });

  it('starts a budget request with the summary and the forms 111 and 144', () => {
    expect(defaultSheetsFor('budget-request')).toEqual([
      { sheetId: 'summary', templateId: 'budget-request/summary@2025-04' },
      { sheetId: 'f111', templateId: 'budget-request/111@2025-04' },
      { sheetId: 'f144', templateId: 'budget-request/144@2025-04' },
    ]);
    expect(defaultSheetsFor('financing-plan').map((s) => s.sheetId)).toEqual(['payments', 'obligations']);
  });

  it('derives the input schema of the fuel form', () => {
    const schema = inputSchemaOf(getTemplate('budget-request/144@2025-04')!);
    expect(schema.inputColumns.get('fuel_norm')).toBe('quantity');
    expect(schema.inputColumns.get('price')).toBe('amount');
    expect(schema.calculatedColumns.has('litres')).toBe(true);
    expect(schema.calculatedColumns.has('amount')).toBe(true);
    expect([...schema.fixedRows]).toEqual(['total']);
    expect([...schema.calculatedRows]).toEqual(['total']);
    expect(schema.dynamicRows).toBe(true);
  });

  it('lets the summary hold fact and estimate inputs on its fixed lines', () => {
    const schema = inputSchemaOf(getTemplate('budget-request/summary@2025-04')!);
    expect([...schema.inputColumns.keys()]).toEqual(['fact', 'estimate']);
    expect([...schema.calculatedColumns]).toEqual(['plan1', 'plan2', 'plan3']);
    expect(schema.fixedRows.has('s144')).toBe(true);
    expect(schema.calculatedRows.has('s144')).toBe(false);
    expect(schema.calculatedRows.has('total')).toBe(true);
    expect(schema.dynamicRows).toBe(false);
  });
});
