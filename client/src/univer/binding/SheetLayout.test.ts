import { describe, expect, it } from 'vitest';
import { buildTemplate } from '../../test/buildTemplate';
import { buildSheetLayout, cellAt, headerCells, isEditableAt, positionOf, rowCount, columnCount, sortRowEntries } from './SheetLayout';

const rows = [
  { rowId: 'b', order: 'a1' },
  { rowId: 'a', order: 'a1' },
  { rowId: 'c', order: 'a0' },
];

describe('SheetLayout', () => {
  it('sorts document rows by (order, rowId)', () => {
    expect(sortRowEntries(rows).map((r) => r.rowId)).toEqual(['c', 'a', 'b']);
  });

  it('expands the dynamic slot in place and numbers dynamic rows', () => {
    const layout = buildSheetLayout('s1', buildTemplate(), rows);
    expect(layout.headerRowCount).toBe(2);
    expect(layout.rows.map((r) => [r.rowId, r.index, r.ordinal])).toEqual([
      ['c', 2, 1],
      ['a', 3, 2],
      ['b', 4, 3],
      ['total', 5, undefined],
    ]);
    expect(rowCount(layout)).toBe(6);
    expect(columnCount(layout)).toBe(6);
  });

  it('puts total titles into the first text column when there is no fixed input row', () => {
    const layout = buildSheetLayout('s1', buildTemplate(), []);
    expect(layout.leadColumns).toEqual(['number']);
    expect(layout.titlesInFirstColumn).toBe(true);
  });

  it('adds a title lead column for line-coded templates', () => {
    const template = buildTemplate({
      rows: [
        { kind: 'fixed', id: 'l010', code: '010', title: { ru: 'Доходы', kk: 'Кірістер' }, role: 'input' },
        { kind: 'fixed', id: 'l999', code: '999', title: { ru: 'Всего', kk: 'Барлығы' }, role: 'total' },
      ],
    });
    const layout = buildSheetLayout('s1', template, []);
    expect(layout.leadColumns).toEqual(['number', 'title']);
    expect(positionOf(layout, 'l010', 'name')).toEqual({ row: 2, col: 2 });
  });

  it('maps positions to stable addresses and back', () => {
    const layout = buildSheetLayout('s1', buildTemplate(), rows);
    expect(cellAt(layout, 3, 2)).toEqual({ rowId: 'a', colId: 'km' });
    expect(positionOf(layout, 'a', 'km')).toEqual({ row: 3, col: 2 });
    expect(cellAt(layout, 1, 2)).toBeNull(); // header
    expect(cellAt(layout, 3, 0)).toBeNull(); // lead column
    expect(positionOf(layout, 'gone', 'km')).toBeNull();
  });

  it('allows editing only input columns of input rows', () => {
    const layout = buildSheetLayout('s1', buildTemplate(), rows);
    expect(isEditableAt(layout, 2, 2)).toBe(true);
    expect(isEditableAt(layout, 2, 5)).toBe(false); // calculated column
    expect(isEditableAt(layout, 5, 2)).toBe(false); // total row
    expect(isEditableAt(layout, 0, 2)).toBe(false); // header
    expect(isEditableAt(layout, 2, 0)).toBe(false); // lead
  });

  it('merges header groups across equal neighbours and titles down to the last header row', () => {
    const layout = buildSheetLayout('s1', buildTemplate(), []);
    const { cells, merges } = headerCells(layout, 'ru');
    expect(cells).toContainEqual({ row: 0, col: 2, text: 'Норма' });
    expect(cells).toContainEqual({ row: 1, col: 2, text: 'Пробег, км' });
    expect(cells).toContainEqual({ row: 0, col: 5, text: 'Сумма, тыс. тенге' });
    expect(merges).toContainEqual({ startRow: 0, endRow: 0, startColumn: 2, endColumn: 3 });
    expect(merges).toContainEqual({ startRow: 0, endRow: 1, startColumn: 1, endColumn: 1 });
    expect(merges).toContainEqual({ startRow: 0, endRow: 1, startColumn: 0, endColumn: 0 });
    expect(headerCells(layout, 'kk').cells).toContainEqual({ row: 0, col: 5, text: 'Сомасы, мың теңге' });
    const titled = buildSheetLayout('s', buildTemplate({ columns: [{ id: 'n', title: { ru: 'Норма, л/100 км', kk: 'Норма, л/100 км' }, kind: 'input', valueType: 'quantity', unit: 'litre-per-100km' }] }), []);
    expect(headerCells(titled, 'ru').cells).toContainEqual({ row: 0, col: 2, text: 'Норма, л/100 км' });
  });
});
