import { describe, expect, it } from 'vitest';
import type { ControlResult } from '@zhospar/formulas';
import { groupControls } from './ControlsPanel';

const negative = (rowId: string, colId: string): ControlResult => ({
  id: 'value.negative',
  key: `value.negative:f144/${rowId}/${colId}`,
  severity: 'error',
  message: { ru: 'Отрицательное значение недопустимо', kk: 'Теріс мән жол берілмейді' },
  cells: [{ sheetId: 'f144', rowId, colId }],
});

describe('groupControls', () => {
  it('makes one entry per rule, message and row; errors before warnings', () => {
    const warning: ControlResult = {
      id: 'form.required',
      key: 'form.required:f144/r0/mileage',
      severity: 'warning',
      message: { ru: 'Не заполнены обязательные графы: Лимит пробега', kk: 'Міндетті бағандар толтырылмаған: Жүріс лимиті' },
      cells: [{ sheetId: 'f144', rowId: 'r0', colId: 'mileage' }],
    };
    const groups = groupControls([warning, negative('r1', 'mileage'), negative('r1', 'litres'), negative('r1', 'amount'), negative('r2', 'amount')]);
    expect(groups.map((g) => [g.id, g.cells.map((c) => `${c.rowId}/${c.colId}`)])).toEqual([
      ['value.negative', ['r1/mileage', 'r1/litres', 'r1/amount']],
      ['value.negative', ['r2/amount']],
      ['form.required', ['r0/mileage']],
    ]);
  });
});
