import { describe, expect, it } from 'vitest';
import { getTemplate } from '@zhospar/sheets';
import { buildSheetLayout } from './SheetLayout';
import { sheetName } from './workbookData';

describe('sheetName', () => {
  it('keeps the form code and the distinctive part of a calculation form title, short', () => {
    const template = getTemplate('budget-request/144@2025-04');
    if (template === undefined) throw new Error('template missing');
    const layout = buildSheetLayout('f144', template, []);
    const ru = sheetName(layout, 'ru');
    expect(ru.startsWith('01-144 «Приобретение топлива')).toBe(true);
    expect(ru.length).toBeLessThanOrEqual(44);
    expect(sheetName(layout, 'kk').startsWith('01-144 отын')).toBe(true);
  });
});
