/**
 * Test fixture: a budget request as a school would fill it — four vehicles on form 01-144 (one with
 * a manual plan-year-2 figure), four positions on 01-111, facts and estimates on the summary.
 */
import { initDocument, insertRow, setCell } from '@zhospar/collab';
import { defaultSheetsFor } from '@zhospar/sheets';
import * as Y from 'yjs';

/** A budget request as a school would fill it. */
export function sampleBudgetRequest(): Y.Doc {
  const doc = new Y.Doc();
  initDocument(doc, { kind: 'budget-request', sheets: defaultSheetsFor('budget-request') });
  const row = (sheetId: string, rowId: string, values: Record<string, string | number>): void => {
    insertRow(doc, sheetId, rowId);
    for (const [colId, v] of Object.entries(values)) setCell(doc, { sheetId, rowId, colId }, v);
  };
  row('f144', 'v1', { vehicle: '123 ABA 01', model: 'Toyota Camry 2.5', fuel_kind: '95', fuel_norm: 11.2, mileage: 36_000, months: 12, winter_months: 5, winter_pct: 10, price: 272 });
  row('f144', 'v2', { vehicle: '456 BBA 01', model: 'ГАЗель NEXT', fuel_kind: '92', fuel_norm: 14.5, mileage: 24_000, months: 12, winter_months: 5, winter_pct: 10, price: 255 });
  row('f144', 'v3', { vehicle: '789 BCA 01', model: 'ПАЗ 32053 (школьный автобус)', fuel_kind: '92', fuel_norm: 31.5, mileage: 18_000, months: 10, winter_months: 4, winter_pct: 12, price: 255, y2_manual: 3_900_000 });
  row('f144', 'v4', { vehicle: '012 BDA 01', model: 'Lada Largus', fuel_kind: '92', fuel_norm: 9.6, mileage: 15_000, months: 12, price: 255 });
  row('f111', 'p1', { position: 'Директор', category: '1', experience: '25', staff_units: 1, salary_factor: 4.62, allowance_pct: 10, months: 12 });
  row('f111', 'p2', { position: 'Заместитель директора по учебной работе', category: '2', experience: '14', staff_units: 2, salary_factor: 4.1, allowance_pct: 10, months: 12 });
  row('f111', 'p3', { position: 'Учитель', category: '3', experience: '9', staff_units: 38.5, salary_factor: 3.52, allowance_pct: 15, allowance_amount: 8_500, months: 12 });
  row('f111', 'p4', { position: 'Бухгалтер', category: '4', experience: '6', staff_units: 1, salary_factor: 2.98, months: 12 });
  const fact: Record<string, [number, number]> = { s111: [152_400_000, 168_900_000], s144: [7_950_000, 8_610_000], s151: [12_300_000, 13_050_000] };
  for (const [rowId, [f, e]] of Object.entries(fact)) {
    setCell(doc, { sheetId: 'summary', rowId, colId: 'fact' }, f);
    setCell(doc, { sheetId: 'summary', rowId, colId: 'estimate' }, e);
  }
  return doc;
}

