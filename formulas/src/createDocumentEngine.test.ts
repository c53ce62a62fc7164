import { describe, expect, it } from 'vitest';
import { buildDocument, sheet } from './test/buildDocument.ts';

const F144 = 'budget-request/144@2025-04';
const SUMMARY = 'budget-request/summary@2025-04';

describe('document engine', () => {
  it('computes the fuel form and carries its total to the summary', () => {
    const doc = buildDocument([
      sheet('summary', SUMMARY),
      sheet('f144', F144, {
        car1: { vehicle: '123ABC02', fuel_norm: 10.5, mileage: 24000, months: 12, winter_months: 5, winter_pct: 10, price: 300 },
      }),
    ]);
    // litres = 10.5 / 100 × 24000 / 12 × (12 + 5 × 10 / 100) = 0.105 × 2000 × 12.5 = 2625
    expect(doc.getValue({ sheetId: 'f144', rowId: 'car1', colId: 'litres' })).toBe(2625);
    // amount = 2625 × 300 = 787 500
    expect(doc.getValue({ sheetId: 'f144', rowId: 'car1', colId: 'amount' })).toBe(787500);
    // year 2 = 787 500 × 1.05 = 826 875; year 3 = 826 875 × 1.04 = 859 950
    expect(doc.getValue({ sheetId: 'f144', rowId: 'car1', colId: 'amount_y2' })).toBe(826875);
    expect(doc.getValue({ sheetId: 'f144', rowId: 'car1', colId: 'amount_y3' })).toBe(859950);
    expect(doc.getValue({ sheetId: 'summary', rowId: 's144', colId: 'plan1' })).toBe(787500);
    expect(doc.getValue({ sheetId: 'summary', rowId: 'total', colId: 'plan3' })).toBe(859950);
    expect(doc.getValue({ sheetId: 'f144', rowId: 'car1', colId: 'vehicle' })).toBe('123ABC02');
  });

  it('returns exactly the dependants of an input change', () => {
    const doc = buildDocument([
      sheet('summary', SUMMARY),
      sheet('f144', F144, {
        car1: { fuel_norm: 10, mileage: 12000, months: 12, price: 300 },
        car2: { fuel_norm: 8, mileage: 12000, months: 12, price: 300 },
      }),
    ]);
    const changed = doc.setInputs([{ sheetId: 'f144', rowId: 'car1', colId: 'price', value: 310 }]);
    const ids = changed.map((c) => `${c.sheetId}/${c.rowId}/${c.colId}`).sort();
    expect(ids).toEqual(
      [
        'f144/car1/amount', 'f144/car1/amount_y2', 'f144/car1/amount_y3',
        'f144/total/amount', 'f144/total/amount_y2', 'f144/total/amount_y3',
        'summary/s144/plan1', 'summary/s144/plan2', 'summary/s144/plan3',
        'summary/total/plan1', 'summary/total/plan2', 'summary/total/plan3',
      ].sort(),
    );
    // car1: litres 10/100 × 12000 = 1200; amount = 1200 × 310 = 372 000
    expect(changed.find((c) => c.rowId === 'car1' && c.colId === 'amount')?.value).toBe(372000);
  });

  it('inserts and removes rows through HyperFormula and keeps totals right', () => {
    const doc = buildDocument([sheet('summary', SUMMARY), sheet('f144', F144, { a: { fuel_norm: 10, mileage: 12000, months: 12, price: 100 } })]);
    // a: 1200 l × 100 = 120 000
    expect(doc.getValue({ sheetId: 'f144', rowId: 'total', colId: 'amount' })).toBe(120000);
    doc.setInputs([
      { sheetId: 'f144', rowId: 'b', colId: 'fuel_norm', value: 5 },
      { sheetId: 'f144', rowId: 'b', colId: 'mileage', value: 12000 },
      { sheetId: 'f144', rowId: 'b', colId: 'months', value: 12 },
      { sheetId: 'f144', rowId: 'b', colId: 'price', value: 100 },
    ]);
    // inputs of a row not yet inserted are kept and apply on insert: b = 600 l × 100 = 60 000
    const ins = doc.insertRow('f144', 'b', 0);
    expect(ins.find((c) => c.rowId === 'total' && c.colId === 'amount')?.value).toBe(180000);
    expect(doc.getRows('f144')).toEqual(['b', 'a']);
    const ins2 = doc.insertRow('f144', 'c', 2);
    expect(doc.getRows('f144')).toEqual(['b', 'a', 'c']);
    expect(ins2.filter((c) => c.rowId === 'total')).toEqual([]);
    doc.setInputs([{ sheetId: 'f144', rowId: 'c', colId: 'amount', value: 5 }]); // calculated: ignored
    doc.setInputs([
      { sheetId: 'f144', rowId: 'c', colId: 'fuel_norm', value: 1 },
      { sheetId: 'f144', rowId: 'c', colId: 'mileage', value: 1200 },
      { sheetId: 'f144', rowId: 'c', colId: 'months', value: 12 },
      { sheetId: 'f144', rowId: 'c', colId: 'price', value: 100 },
    ]);
    // c = 12 l × 100 = 1 200 → total 181 200
    expect(doc.getValue({ sheetId: 'summary', rowId: 's144', colId: 'plan1' })).toBe(181200);
    const rem = doc.removeRow('f144', 'a');
    expect(rem.find((c) => c.sheetId === 'summary' && c.rowId === 's144' && c.colId === 'plan1')?.value).toBe(61200);
    expect(doc.getRows('f144')).toEqual(['b', 'c']);
    doc.removeRow('f144', 'b');
    doc.removeRow('f144', 'c');
    expect(doc.getValue({ sheetId: 'f144', rowId: 'total', colId: 'amount' })).toBe(0);
    doc.insertRow('f144', 'a', 0); // undo of a delete: the stored inputs come back
    expect(doc.getValue({ sheetId: 'f144', rowId: 'total', colId: 'amount' })).toBe(120000);
  });

  it('adds a referenced form later and the summary follows', () => {
    const doc = buildDocument([sheet('summary', SUMMARY)]);
    expect(doc.getValue({ sheetId: 'summary', rowId: 's149', colId: 'plan1' })).toBe(0);
    const changed = doc.addSheet(
      sheet('f149', 'budget-request/149@2025-04', { p: { item: 'Бумага A4', quantity: 10, price1: 2000, price2: 2200, price3: 2400 } }),
    );
    // price = (2000 + 2200 + 2400) / 3 = 2200; amount = 10 × 2200 = 22 000
    expect(changed.find((c) => c.sheetId === 'summary' && c.rowId === 's149' && c.colId === 'plan1')?.value).toBe(22000);
    expect(doc.listSheets().map((s) => s.sheetId)).toEqual(['summary', 'f149']);
  });

  it('recalculates on a parameter change', () => {
    const doc = buildDocument([sheet('f144', F144, { a: { fuel_norm: 10, mileage: 12000, months: 12, price: 100 } })]);
    const changed = doc.setParameters({ 'inflation.140.y2': 1.1, 'inflation.140.y3': 1 });
    // y2 = 120 000 × 1.1 = 132 000; y3 = 132 000 × 1 = 132 000
    expect(changed.find((c) => c.rowId === 'a' && c.colId === 'amount_y2')?.value).toBe(132000);
    expect(doc.getValue({ sheetId: 'f144', rowId: 'a', colId: 'amount_y3' })).toBe(132000);
  });

  it('uses a manual year-2 value instead of the inflation auto-fill', () => {
    const doc = buildDocument([sheet('f144', F144, { a: { fuel_norm: 10, mileage: 12000, months: 12, price: 100, y2_manual: 100000 } })]);
    expect(doc.getValue({ sheetId: 'f144', rowId: 'a', colId: 'amount_y2' })).toBe(100000);
    // y3 = ROUND(100 000 × 1.04) = 104 000
    expect(doc.getValue({ sheetId: 'f144', rowId: 'a', colId: 'amount_y3' })).toBe(104000);
    doc.setInputs([{ sheetId: 'f144', rowId: 'a', colId: 'y2_manual', value: null }]);
    // back to auto: 120 000 × 1.05 = 126 000
    expect(doc.getValue({ sheetId: 'f144', rowId: 'a', colId: 'amount_y2' })).toBe(126000);
  });

  it('keeps codes and numeric-looking text as text', () => {
    const doc = buildDocument([sheet('f144', F144, { a: { vehicle: '=1+1', fuel_kind: '0092', price: '300,5' } })]);
    expect(doc.getValue({ sheetId: 'f144', rowId: 'a', colId: 'vehicle' })).toBe('=1+1');
    expect(doc.getValue({ sheetId: 'f144', rowId: 'a', colId: 'fuel_kind' })).toBe('0092');
    expect(doc.getValue({ sheetId: 'f144', rowId: 'a', colId: 'price' })).toBe(300.5);
  });
});
