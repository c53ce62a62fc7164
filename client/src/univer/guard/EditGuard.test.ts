import { describe, expect, it } from 'vitest';
import { isBlockedCommand } from './EditGuard';

describe('isBlockedCommand', () => {
  it.each([
    'sheet.command.insert-row-after',
    'sheet.command.insert-multi-rows-above',
    'sheet.command.remove-row-by-range',
    'sheet.command.remove-col-confirm',
    'sheet.command.move-rows',
    'sheet.command.add-worksheet-merge-all',
    'sheet.command.insert-sheet',
    'sheet.command.set-worksheet-name',
    'sheet.command.set-range-bold',
    'sheet.command.set-background-color',
    'sheet.command.clear-selection-all',
    'sheet.command.numfmt.set.numfmt',
  ])('blocks %s', (id) => expect(isBlockedCommand(id)).toBe(true));

  it.each([
    'sheet.command.set-range-values',
    'sheet.command.clear-selection-content',
    'sheet.command.auto-fill',
    'sheet.command.set-worksheet-activate',
    'sheet.command.move-selection',
    'sheet.command.set-selection-frozen',
    'sheet.command.set-worksheet-col-width',
    'sheet.command.change-zoom-ratio',
  ])('allows %s', (id) => expect(isBlockedCommand(id)).toBe(false));
});
