import { describe, expect, it } from 'vitest';
import { handleEngineMessage, initialEngineState } from './handleEngineMessage.ts';
import { buildDocument, sheet, TEST_PARAMETERS } from './test/buildDocument.ts';

const FP_PAY = 'financing-plan/payments@2025-07';
const FP_OBL = 'financing-plan/obligations@2025-07';
const months = (values: number[]): Record<string, number> =>
  Object.fromEntries(values.map((x, i) => [`m${String(i + 1).padStart(2, '0')}`, x]));
const key = { program: '001', subprogram: '015', specific: '144' };

describe('controls', () => {
  it('[fp.annual-months] flags a row whose months do not add up to the annual amount', () => {
    const doc = buildDocument([sheet('payments', FP_PAY, { a: { ...key, annual: 1200000, ...months([100000, 100000]) } })]);
    const fails = doc.evaluateControls().filter((c) => c.id === 'fp.annual-months');
    // row a: 1 200 000 ≠ 200 000; the «Всего» row too
    expect(fails.map((f) => f.cells[0]?.rowId)).toEqual(['a', 'total']);
    expect(fails[0]).toMatchObject({ severity: 'error', message: { ru: expect.stringContaining('1200000'), kk: expect.stringContaining('1200000') } });
  });

  it('[fp.obligations-payments] and [fp.cumulative] compare the two plans per program/subprogram/specific', () => {
    const pay = months([0, 300000, 300000, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const obl = months([100000, 100000, 100000, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const doc = buildDocument([
      sheet('payments', FP_PAY, { p: { ...key, annual: 600000, ...pay } }),
      sheet('obligations', FP_OBL, { o: { ...key, annual: 300000, ...obl } }),
    ]);
    const ids = doc.evaluateControls().map((c) => c.id);
    expect(ids).toContain('fp.obligations-payments'); // 300 000 ≠ 600 000
    const cum = doc.evaluateControls().find((c) => c.id === 'fp.cumulative');
    // Jan: 100 000 ≥ 0; Feb: 200 000 < 300 000 → month 2
    expect(cum?.cells.map((c) => `${c.sheetId}/${c.rowId}/${c.colId}`)).toEqual(['obligations/o/m02', 'payments/p/m02']);
    doc.setInputs([
      { sheetId: 'obligations', rowId: 'o', colId: 'annual', value: 600000 },
      { sheetId: 'obligations', rowId: 'o', colId: 'm01', value: 600000 },
      { sheetId: 'obligations', rowId: 'o', colId: 'm02', value: 0 },
      { sheetId: 'obligations', rowId: 'o', colId: 'm03', value: 0 },
    ]);
    expect(doc.evaluateControls()).toEqual([]);
  });

  it('[value.negative] rejects negative amounts in a financing plan', () => {
    const doc = buildDocument([sheet('payments', FP_PAY, { a: { ...key, annual: -5, m01: -5 } })]);
    const neg = doc.evaluateControls().filter((c) => c.id === 'value.negative');
    expect(neg.map((c) => c.cells[0]?.colId)).toContain('annual');
    expect(neg.every((c) => c.severity === 'error')).toBe(true);
  });

  it('[br.limit] fails when the request exceeds its limit, per plan year', () => {
    const f144 = sheet('f144', 'budget-request/144@2025-04', { a: { vehicle: 'x', fuel_norm: 10, mileage: 12000, months: 12, price: 100 } });
    // plan1 = 120 000; plan2 = 126 000; plan3 = 131 040
    const doc = buildDocument([sheet('summary', 'budget-request/summary@2025-04'), f144], {
      externals: { 'limit.plan1': 120000, 'limit.plan2': 125000, 'limit.plan3': 200000 },
    });
    const limit = doc.evaluateControls().filter((c) => c.id === 'br.limit');
    expect(limit).toHaveLength(1);
    expect(limit[0]?.cells).toEqual([{ sheetId: 'summary', rowId: 'total', colId: 'plan2' }]);
    expect(limit[0]?.message.ru).toContain('1000'); // 126 000 − 125 000
    doc.setExternals({ 'limit.plan2': 126000 });
    expect(doc.evaluateControls().filter((c) => c.id === 'br.limit')).toEqual([]);
  });

  it('[form.required] warns about a populated row with a required input missing', () => {
    const doc = buildDocument([sheet('f144', 'budget-request/144@2025-04', { a: { vehicle: 'x', fuel_norm: 10 } })]);
    const req = doc.evaluateControls().find((c) => c.id === 'form.required');
    expect(req?.severity).toBe('warning');
    expect(req?.cells.map((c) => c.colId)).toEqual(['mileage', 'months', 'price']);
  });

  it('[pkfo.*] cross-form checks are on by default and configurable', () => {
    const sheets = [
      sheet('pkfo1', 'pkfo/1@2025', {}, { r010: { forecast1: 300 }, r410: { forecast1: 1460 } }),
      sheet('pkfo2', 'pkfo/2@2025', {}, { r011: { forecast1: 450 } }),
      sheet('pkfo3', 'pkfo/3@2025', {}, { r920: { forecast1: 300 } }),
      sheet('pkfo4', 'pkfo/4@2025', {}, { r020: { forecast1: 1000 }, r050: { forecast1: 460 } }),
    ];
    const doc = buildDocument(sheets);
    // 300 (ПКФО-2) ≠ 460 (ПКФО-4 050); net assets 1 000 + 460 = 1 460 = ПКФО-1 500; cash 300 = 300
    expect(doc.evaluateControls().map((c) => `${c.id}:${c.cells[0]?.colId}`)).toEqual(['pkfo.result:forecast1']);
    const off = buildDocument(sheets, { controls: { crossChecks: [] } });
    expect(off.evaluateControls()).toEqual([]);
  });

  it('[br.summary-form] passes when summary lines equal the forms (they are computed from them)', () => {
    const doc = buildDocument([
      sheet('summary', 'budget-request/summary@2025-04'),
      sheet('f144', 'budget-request/144@2025-04', { a: { vehicle: 'x', fuel_norm: 10, mileage: 12000, months: 12, price: 100 } }),
    ]);
    expect(doc.evaluateControls()).toEqual([]);
  });
});

describe('worker message handlers', () => {
  it('answers init, setInputs, controls and snapshot with plain data', () => {
    let state = initialEngineState();
    const r0 = handleEngineMessage(state, { type: 'setInputs', seq: 0, changes: [] });
    expect(r0.response.type).toBe('error');
    const r1 = handleEngineMessage(state, {
      type: 'init',
      seq: 1,
      parameters: TEST_PARAMETERS,
      sheets: [sheet('summary', 'budget-request/summary@2025-04'), sheet('f144', 'budget-request/144@2025-04', { a: { vehicle: 'x', fuel_norm: 10, mileage: 12000, months: 12, price: 100 } })],
    });
    state = r1.state;
    expect(r1.response).toMatchObject({ type: 'ready', seq: 1, controls: [] });
    const r2 = handleEngineMessage(state, { type: 'setInputs', seq: 2, changes: [{ sheetId: 'f144', rowId: 'a', colId: 'price', value: 200 }] });
    expect(r2.response.type).toBe('changed');
    if (r2.response.type === 'changed') {
      expect(r2.response.cells).toContainEqual({ sheetId: 'summary', rowId: 'total', colId: 'plan1', value: 240000 }); // 1 200 l × 200
    }
    const r3 = handleEngineMessage(state, { type: 'snapshot', seq: 3 });
    expect(JSON.parse(JSON.stringify(r3.response))).toEqual(r3.response);
    if (r3.response.type === 'snapshot') {
      expect(r3.response.snapshot.sheets.map((s) => s.sheetId)).toEqual(['summary', 'f144']);
      expect(r3.response.snapshot.sheets[1]?.calculated['a']?.['amount']).toBe(240000);
    }
    const r4 = handleEngineMessage(state, { type: 'dispose', seq: 4 });
    expect(r4.response.type).toBe('disposed');
  });
});
