import { describe, expect, it } from 'vitest';
import { defaultSheetsFor, getTemplate, listTemplates } from '../index.ts';
import type { SheetTemplate } from '../types.ts';
import { checkDocumentTemplates, checkTemplate } from './checkTemplates.ts';

const t = { ru: 'x', kk: 'x' };
function build(over: Partial<SheetTemplate> = {}): SheetTemplate {
  return {
    id: 'test/form@1',
    formCode: 'T',
    title: t,
    edition: { id: 'e', validFrom: '2025-01-01' },
    columns: [
      { id: 'qty', title: t, kind: 'input', valueType: 'quantity' },
      { id: 'price', title: t, kind: 'input', valueType: 'amount' },
      { id: 'amount', title: t, kind: 'calculated', valueType: 'amount', formula: '{qty} * {price}' },
    ],
    rows: [{ kind: 'dynamic' }, { kind: 'fixed', id: 'total', title: t, role: 'total', formulas: { amount: 'SUM({*.amount})' } }],
    ...over,
  };
}
const codes = (tpl: SheetTemplate): string[] => checkTemplate(tpl).map((i) => i.code);

describe('checkTemplate', () => {
  it('accepts every template of the catalogue', () => {
    for (const tpl of listTemplates()) expect(checkTemplate(tpl), tpl.id).toEqual([]);
  });

  it('accepts the default sheets of every document kind together', () => {
    for (const kind of ['budget-request', 'financing-plan', 'pkfo'] as const) {
      expect(checkDocumentTemplates(defaultSheetsFor(kind), getTemplate)).toEqual([]);
    }
    const all = listTemplates()
      .filter((x) => x.documentKind === 'budget-request')
      .map((x) => ({ sheetId: x.defaultSheetId ?? '', templateId: x.id }));
    expect(checkDocumentTemplates(all, getTemplate)).toEqual([]);
  });

  it('rejects unknown columns, rows, parameters, functions and sheets', () => {
    const cols = build().columns;
    const withFormula = (f: string): SheetTemplate =>
      build({ columns: [...cols.slice(0, 2), { ...cols[2]!, formula: f }] });
    expect(codes(withFormula('{qty} * {cost}'))).toEqual(['unknown-column']);
    expect(codes(withFormula('{qty} * {nope.price}'))).toEqual(['unknown-row']);
    expect(codes(withFormula('{qty} * $vat'))).toEqual(['unknown-parameter']);
    expect(codes(withFormula('VLOOKUP({qty})'))).toEqual(['unknown-function']);
    expect(codes(withFormula('{qty} * {ghost!total.amount}'))).toEqual(['unknown-sheet']);
    expect(codes(withFormula('{qty} * {*.price}'))).toEqual(['range-outside-aggregate']);
    expect(codes(withFormula('{qty} *'))).toEqual(['parse']);
    expect(codes(withFormula('{qty} * $mrp + $ext.anything'))).toEqual([]);
  });

  it('rejects calculated cells without formulas and formulas on inputs', () => {
    const cols = build().columns;
    const { formula: _f, ...noFormula } = cols[2]!;
    expect(codes(build({ columns: [...cols.slice(0, 2), noFormula] }))).toEqual(['missing-formula']);
    expect(
      codes(
        build({
          rows: [
            { kind: 'fixed', id: 'line', title: t, role: 'input', formulas: { qty: '1' } },
            { kind: 'fixed', id: 'total', title: t, role: 'total', formulas: { amount: '{line.amount}' } },
          ],
        }),
      ),
    ).toEqual(['formula-on-input']);
    expect(codes(build({ rows: [{ kind: 'dynamic' }, { kind: 'dynamic' }] }))).toContain('multiple-dynamic');
  });

  it('rejects cycles within a sheet', () => {
    const cols = build().columns;
    const cyclic = build({
      columns: [
        ...cols.slice(0, 2),
        { ...cols[2]!, formula: '{qty} * {price} + {tax}' },
        { id: 'tax', title: t, kind: 'calculated', valueType: 'amount', formula: '{amount} * 0.12' },
      ],
    });
    const issues = checkTemplate(cyclic);
    expect(issues.map((i) => i.code)).toEqual(['cycle']);
    expect(issues[0]?.message).toContain('amount');
    // A total summing a column it feeds is a cycle too.
    expect(
      codes(
        build({
          columns: [...cols.slice(0, 2), { ...cols[2]!, formula: '{qty} * {total.amount}' }],
        }),
      ),
    ).toEqual(['cycle']);
  });

  it('rejects cycles across the sheets of a document', () => {
    const a = build({ id: 'a@1', columns: [...build().columns.slice(0, 2), { ...build().columns[2]!, formula: '{qty} * {b!total.amount}' }] });
    const b = build({ id: 'b@1', columns: [...build().columns.slice(0, 2), { ...build().columns[2]!, formula: '{qty} * {a!total.amount}' }] });
    const lookup = (id: string): SheetTemplate | undefined => (id === 'a@1' ? a : id === 'b@1' ? b : undefined);
    const issues = checkDocumentTemplates(
      [
        { sheetId: 'a', templateId: 'a@1' },
        { sheetId: 'b', templateId: 'b@1' },
      ],
      lookup,
    );
    expect(issues.map((i) => i.code)).toEqual(['cycle']);
  });
});
