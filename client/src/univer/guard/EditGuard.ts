/**
 * Keeps the user's edits inside what the template allows, before Univer executes them:
 * - `BeforeSheetEditStart`: no cell editor on read-only cells (calculated columns, headings,
 *   totals, headers, lead columns) or on a read-only connection;
 * - `BeforeCommandExecute`: refuses commands that change the form's structure (insert/remove/move
 *   rows and columns, merges, sheets) or local formatting, which would not be synced;
 * - `BeforeUndo` / `BeforeRedo`: replaced by the binding's per-user `Y.UndoManager`.
 * Client-side only (UX); the server validates every update (ARCHITECTURE.md).
 */
import type { FUniver, IDisposable } from '@univerjs/presets';
import { isEditableAt } from '../binding/SheetLayout';
import type { YUniverBinding } from '../binding/YUniverBinding';

export type GuardRefusal = 'read-only-cell' | 'read-only-document' | 'structure';

const BLOCKED_COMMANDS: readonly RegExp[] = [
  /^sheet\.command\.(insert|remove)-(row|col|multi|range|sheet)/,
  /^sheet\.command\.(delete|insert)-range-move/,
  /^sheet\.command\.move-(rows|cols|range)/,
  /^sheet\.command\.(add|remove)-worksheet-merge/,
  /^sheet\.command\.(copy|remove|insert)-sheet/,
  /^sheet\.command\.set-worksheet-(name|order|hidden|show|row-count|column-count|right-to-left)/,
  /^sheet\.command\.(set-tab-color|split-text-to-columns|sort|reorder)/,
  /^sheet\.command\.(set-(range-)?(bold|italic|underline|stroke|font|fontsize|text-color|background-color|border|style|text-wrap|text-rotation|horizontal-text-align|vertical-text-align|subscript|superscript|overline))/,
  /^sheet\.command\.(clear-selection-format|clear-selection-all|reset-|apply-format-painter|paste-format|set-once-format-painter|set-infinite-format-painter)/,
  /^sheet\.command\.(set-col-hidden|set-rows-hidden|hide-|set-selected-(rows|cols)-visible|set-specific-rows-visible)/,
  /^sheet\.command\.numfmt/,
  /^sheet\.command\.(add|set|delete)-(range|worksheet)-protection/,
  /^sheet\.command\.(insert|set|remove)-defined-name/,
];

/** Whether Univer may run a command on a form (pure; exported for tests). */
export function isBlockedCommand(id: string): boolean {
  return BLOCKED_COMMANDS.some((re) => re.test(id));
}

export interface EditGuardOptions {
  univerAPI: FUniver;
  binding: YUniverBinding;
  isReadOnly: () => boolean;
  onRefused: (reason: GuardRefusal) => void;
}

/** Installs the guard; dispose to remove it. */
export function installEditGuard({ univerAPI, binding, isReadOnly, onRefused }: EditGuardOptions): IDisposable {
  const disposables: IDisposable[] = [];
  disposables.push(
    univerAPI.addEvent(univerAPI.Event.BeforeSheetEditStart, (params) => {
      if (params.workbook.getId() !== binding.unitId) return;
      if (isReadOnly()) {
        params.cancel = true;
        onRefused('read-only-document');
        return;
      }
      const layout = binding.layoutOf(params.worksheet.getSheetId());
      if (layout !== undefined && !isEditableAt(layout, params.row, params.column)) {
        params.cancel = true;
        onRefused('read-only-cell');
      }
    }),
  );
  disposables.push(
    univerAPI.addEvent(univerAPI.Event.BeforeCommandExecute, (event) => {
      if (event.options?.fromCollab || event.options?.onlyLocal) return;
      if (isBlockedCommand(event.id)) {
        event.cancel = true;
        onRefused('structure');
        return;
      }
      if (isReadOnly() && /^sheet\.command\.(set-range-values|clear-selection-content|auto-fill|paste|copy-down|copy-right)/.test(event.id)) {
        event.cancel = true;
        onRefused('read-only-document');
      }
    }),
  );
  disposables.push(
    univerAPI.addEvent(univerAPI.Event.BeforeUndo, (event) => {
      event.cancel = true;
      binding.undo();
    }),
  );
  disposables.push(
    univerAPI.addEvent(univerAPI.Event.BeforeRedo, (event) => {
      event.cancel = true;
      binding.redo();
    }),
  );
  return { dispose: () => disposables.forEach((d) => d.dispose()) };
}
