import { describe, expect, it } from 'vitest';
import { buildTemplate } from '../../test/buildTemplate';
import { buildSheetLayout } from './SheetLayout';
import { cellKey, inboundCellData, parseCellKey, translateOutbound } from './translateChanges';
import { renderSheet } from './renderSheet';

const layout = buildSheetLayout('s1', buildTemplate(), [
  { rowId: 'r1', order: 'a0' },
  { rowId: 'r2', order: 'a1' },
]);

describe('translateOutbound', () => {
  it('writes typed values to stable addresses, coerced to the column type', () => {
    const out = translateOutbound(layout, { 2: { 1: { v: 'Toyota' }, 4: { v: '1 234,5' } }, 3: { 2: { v: 15000 } } });
    expect(out.writes).toEqual([
      { rowId: 'r1', colId: 'name', value: 'Toyota' },
      { rowId: 'r1', colId: 'price', value: 1234.5 },
      { rowId: 'r2', colId: 'km', value: 15000 },
    ]);
    expect(out.normalize).toEqual([{ row: 2, col: 4 }]);
    expect(out.rejected).toEqual([]);
  });

  it('clears cells set to null or emptied', () => {
    const out = translateOutbound(layout, { 2: { 1: null, 2: { v: null } } });
    expect(out.writes).toEqual([
      { rowId: 'r1', colId: 'name', value: null },
      { rowId: 'r1', colId: 'km', value: null },
    ]);
  });

  it('reads rich text input', () => {
    const out = translateOutbound(layout, { 2: { 1: { p: { body: { dataStream: 'Камаз\r\n' } } } } });
    expect(out.writes).toEqual([{ rowId: 'r1', colId: 'name', value: 'Камаз' }]);
  });

  it('ignores style-only changes', () => {
    expect(translateOutbound(layout, { 2: { 1: { s: 'bold' } as never } })).toEqual({ writes: [], rejected: [], normalize: [] });
  });

  it('rejects writes to calculated columns, totals, headers, lead columns, bad numbers and formulas', () => {
    const out = translateOutbound(layout, {
      2: { 5: { v: 1 }, 0: { v: 9 }, 2: { v: 'abc' }, 3: { f: '=1+1', v: 2 } },
      4: { 2: { v: 5 } },
      0: { 1: { v: 'x' } },
    });
    expect(out.writes).toEqual([]);
    expect(out.rejected).toEqual([
      { row: 0, col: 1, reason: 'read-only' },
      { row: 2, col: 0, reason: 'read-only' },
      { row: 2, col: 2, reason: 'number' },
      { row: 2, col: 3, reason: 'formula' },
      { row: 2, col: 5, reason: 'read-only' },
      { row: 4, col: 2, reason: 'read-only' },
    ]);
  });
});

describe('inbound', () => {
  it('locates stored values in the grid', () => {
    expect(inboundCellData(layout, 'r2', 'km', 300)).toEqual({ row: 3, col: 2, v: 300 });
    expect(inboundCellData(layout, 'r2', 'km', null)).toEqual({ row: 3, col: 2, v: null });
    expect(inboundCellData(layout, 'deleted', 'km', 1)).toBeNull();
  });

  it('round-trips cell keys', () => {
    expect(parseCellKey(cellKey('r1', 'km'))).toEqual({ rowId: 'r1', colId: 'km' });
    expect(parseCellKey('broken')).toBeNull();
  });

  it('renders the sheet with ordinals, totals title and styles', () => {
    const rendered = renderSheet(layout, (rowId, colId) => (rowId === 'r1' && colId === 'km' ? 100 : undefined), 'ru');
    expect(rendered[2]?.[0]).toEqual({ v: 1, s: 'zh-lead' });
    expect(rendered[3]?.[0]).toEqual({ v: 2, s: 'zh-lead' });
    expect(rendered[2]?.[2]).toEqual({ v: 100, s: 'zh-in-quantity' });
    expect(rendered[2]?.[5]).toEqual({ v: null, s: 'zh-ro-amount-1' });
    expect(rendered[4]?.[1]).toEqual({ v: 'Итого', s: 'zh-total-title' });
    expect(rendered[4]?.[2]?.s).toBe('zh-total-quantity');
  });
});
