/**
 * Everything one open document needs around the grid: Univer, the Y.Doc binding, the edit guard
 * and presence. `BudgetGrid` mounts it; the editor toolbar and the browser-test API call it.
 */
import type { FUniver, IDisposable, Univer } from '@univerjs/presets';
import type { ISetRangeValuesCommandParams } from '@univerjs/preset-sheets-core';
import { SetRangeValuesCommand } from '@univerjs/preset-sheets-core';
import type * as Y from 'yjs';
import type { CellValue as ComputedValue } from '@zhospar/formulas';
import { DEMO_PARAMETERS } from '@zhospar/sheets';
import { FormulaSync } from '../formulas/FormulaSync';
import type { Lang, StoredValue, TemplateLike } from '../model/templateTypes';
import { readCell } from '../collab/docModel';
import { positionOf } from './binding/SheetLayout';
import type { RejectionReason } from './binding/translateChanges';
import { YUniverBinding } from './binding/YUniverBinding';
import { createSheetsUniver } from './createSheetsUniver';
import type { GuardRefusal } from './guard/EditGuard';
import { installEditGuard } from './guard/EditGuard';
import type { AwarenessLike, PresenceUser } from './presence/PresenceController';
import { PresenceController } from './presence/PresenceController';

export type EditorNotice = RejectionReason | GuardRefusal | 'rows-not-allowed' | 'select-dynamic-row' | { unknownTemplate: string };

export interface EditorControllerOptions {
  container: HTMLElement;
  doc: Y.Doc;
  documentName: string;
  title: string;
  lang: Lang;
  isReadOnly: () => boolean;
  resolveTemplate: (templateId: string) => TemplateLike | undefined;
  awareness: AwarenessLike | null;
  user: PresenceUser;
  onNotice: (notice: EditorNotice) => void;
}

export class EditorController {
  readonly univer: Univer;
  readonly univerAPI: FUniver;
  readonly binding: YUniverBinding;
  readonly presence: PresenceController | null;
  private readonly formulas: FormulaSync;
  private readonly guard: IDisposable;
  private readonly opts: EditorControllerOptions;

  constructor(opts: EditorControllerOptions) {
    this.opts = opts;
    const { univer, univerAPI } = createSheetsUniver(opts.container);
    this.univer = univer;
    this.univerAPI = univerAPI;
    this.binding = new YUniverBinding({
      univer,
      univerAPI,
      doc: opts.doc,
      unitId: opts.documentName,
      title: opts.title,
      lang: opts.lang,
      resolveTemplate: opts.resolveTemplate,
      onRejected: (reason) => opts.onNotice(reason),
      onUnknownTemplate: (id) => opts.onNotice({ unknownTemplate: id }),
    });
    this.binding.start();
    // Calculated cells: the formula engine runs in a worker and follows the Y.Doc.
    // TODO(server): period parameters of the document's planning round instead of the demo set.
    this.formulas = new FormulaSync({
      doc: opts.doc,
      parameters: DEMO_PARAMETERS,
      onReady: (sheets) => {
        for (const sheet of sheets) {
          const values = new Map<string, ComputedValue>();
          for (const row of sheet.rows) for (const [colId, value] of Object.entries(row.values)) values.set(`${row.rowId}/${colId}`, value);
          this.binding.setComputedValues(sheet.sheetId, values);
        }
      },
      onChanged: (cells) => this.binding.updateComputed(cells),
      onError: (message) => console.warn('[formulas]', message),
    });
    this.guard = installEditGuard({ univerAPI, binding: this.binding, isReadOnly: opts.isReadOnly, onRefused: (r) => opts.onNotice(r) });
    this.presence = opts.awareness === null ? null : new PresenceController(univerAPI, this.binding, opts.awareness, opts.user);
  }

  /** The active sheet id and the grid row of the active cell. */
  private activeCell(): { sheetId: string; row: number; col: number } | null {
    const sheet = this.univerAPI.getWorkbook(this.binding.unitId)?.getActiveSheet();
    const range = sheet?.getSelection()?.getActiveRange()?.getRange();
    if (sheet === undefined || range === undefined) return null;
    return { sheetId: sheet.getSheetId(), row: range.startRow, col: range.startColumn };
  }

  /** Inserts a row below the selection (dynamic sections only). */
  insertRowBelowSelection(): void {
    if (this.opts.isReadOnly()) return this.opts.onNotice('read-only-document');
    const cell = this.activeCell();
    if (cell === null) return this.opts.onNotice('select-dynamic-row');
    const result = this.binding.insertRowBelow(cell.sheetId, cell.row);
    if (!result.ok) return this.opts.onNotice(result.reason === 'no-dynamic' ? 'rows-not-allowed' : 'select-dynamic-row');
    const layout = this.binding.layoutOf(cell.sheetId);
    const pos = layout === undefined ? null : positionOf(layout, result.rowId, layout.columns[0]?.colId ?? '');
    if (pos !== null) this.univerAPI.getWorkbook(this.binding.unitId)?.getActiveSheet().getRange(pos.row, Math.max(pos.col, cell.col)).activate();
  }

  /** Deletes the selected row (dynamic sections only). */
  deleteSelectedRow(): void {
    if (this.opts.isReadOnly()) return this.opts.onNotice('read-only-document');
    const cell = this.activeCell();
    if (cell === null) return this.opts.onNotice('select-dynamic-row');
    const result = this.binding.deleteRowAt(cell.sheetId, cell.row);
    if (!result.ok) this.opts.onNotice('rows-not-allowed');
  }

  setLang(lang: Lang): void {
    this.binding.setLang(lang);
  }

  // ------------------------------------------------------------ stable-address helpers (tests)

  cellPosition(sheetId: string, rowId: string, colId: string): { row: number; col: number } | null {
    const layout = this.binding.layoutOf(sheetId);
    return layout === undefined ? null : positionOf(layout, rowId, colId);
  }

  /** Activates the sheet and selects the cell, as a click would. */
  selectCell(sheetId: string, rowId: string, colId: string): boolean {
    const pos = this.cellPosition(sheetId, rowId, colId);
    const sheet = this.univerAPI.getWorkbook(this.binding.unitId)?.getSheetBySheetId(sheetId);
    if (pos === null || sheet === null || sheet === undefined) return false;
    sheet.activate();
    sheet.getRange(pos.row, pos.col).activate();
    return true;
  }

  /** Sets a cell through Univer's set-range-values command (the path typing takes). */
  async setCellByAddress(sheetId: string, rowId: string, colId: string, value: string | number | null): Promise<boolean> {
    const pos = this.cellPosition(sheetId, rowId, colId);
    if (pos === null) return false;
    this.univerAPI.getWorkbook(this.binding.unitId)?.getSheetBySheetId(sheetId)?.activate();
    const params: ISetRangeValuesCommandParams = {
      unitId: this.binding.unitId,
      subUnitId: sheetId,
      range: { startRow: pos.row, endRow: pos.row, startColumn: pos.col, endColumn: pos.col },
      value: { v: value },
    };
    return this.univerAPI.executeCommand(SetRangeValuesCommand.id, params);
  }

  /** The text the grid shows for a cell, or null if the address is not on the grid. */
  getCellDisplay(sheetId: string, rowId: string, colId: string): string | null {
    const pos = this.cellPosition(sheetId, rowId, colId);
    const sheet = this.univerAPI.getWorkbook(this.binding.unitId)?.getSheetBySheetId(sheetId);
    if (pos === null || sheet === null || sheet === undefined) return null;
    return sheet.getRange(pos.row, pos.col).getDisplayValue();
  }

  /** The value stored in the Y.Doc for a cell. */
  getStoredValue(sheetId: string, rowId: string, colId: string): StoredValue | undefined {
    return readCell(this.opts.doc, sheetId, rowId, colId);
  }

  dispose(): void {
    this.presence?.dispose();
    this.formulas.dispose();
    this.guard.dispose();
    this.binding.dispose();
    this.univer.dispose();
  }
}
