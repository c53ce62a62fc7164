/**
 * Everything one open document needs around the grid: Univer, the Y.Doc binding, the edit guard
 * and presence. `BudgetGrid` mounts it; the editor toolbar and the browser-test API call it.
 */
import type { FUniver, IDisposable, Univer } from '@univerjs/presets';
import type { ISetRangeValuesCommandParams } from '@univerjs/preset-sheets-core';
import { SetRangeValuesCommand } from '@univerjs/preset-sheets-core';
import type * as Y from 'yjs';
import type { CellValue as ComputedValue, ControlResult } from '@zhospar/formulas';
import type { PeriodParameters } from '@zhospar/sheets';
import { FormulaSync } from '../formulas/FormulaSync';
import type { Lang, LocalizedText, StoredValue, TemplateLike } from '../model/templateTypes';
import { setCell } from '@zhospar/collab';
import { LOCAL_ORIGIN, readCell } from '../collab/docModel';
import { cellAt, positionOf } from './binding/SheetLayout';
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
  /** Period parameters of the document's planning round (`$param` values of the formulas). */
  parameters: PeriodParameters;
  onNotice: (notice: EditorNotice) => void;
}

type Listener = () => void;

export class EditorController {
  readonly univer: Univer;
  readonly univerAPI: FUniver;
  readonly binding: YUniverBinding;
  readonly presence: PresenceController | null;
  private readonly formulas: FormulaSync;
  private readonly guard: IDisposable;
  private readonly opts: EditorControllerOptions;
  /** Null until the engine has evaluated the controls once. */
  private controls: readonly ControlResult[] | null = null;
  /** `Date.now()` of the user's last change committed to the local Y.Doc (browser tests measure delivery). */
  lastLocalCommitAt = 0;
  private readonly onTransaction = (tr: Y.Transaction): void => {
    if (tr.origin === LOCAL_ORIGIN && tr.changed.size > 0) this.lastLocalCommitAt = Date.now();
  };
  private readonly controlListeners = new Set<Listener>();

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
    opts.doc.on('afterTransaction', this.onTransaction);
    // Calculated cells and controls: the formula engine runs in a worker and follows the Y.Doc.
    this.formulas = new FormulaSync({
      doc: opts.doc,
      parameters: opts.parameters,
      onReady: (sheets) => {
        for (const sheet of sheets) {
          const values = new Map<string, ComputedValue>();
          for (const row of sheet.rows) for (const [colId, value] of Object.entries(row.values)) values.set(`${row.rowId}/${colId}`, value);
          this.binding.setComputedValues(sheet.sheetId, values);
        }
      },
      onChanged: (cells) => this.binding.updateComputed(cells),
      onControls: (controls) => {
        this.controls = controls;
        for (const l of this.controlListeners) l();
      },
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

  // ------------------------------------------------------------ controls and forms

  /** Failing controls (errors and warnings) of the current inputs; null before the first evaluation. */
  getControls = (): readonly ControlResult[] | null => this.controls;

  /** Where a cell is, in words: the sheet's form code, the row (number, code or title), the column. */
  describeCell(sheetId: string, rowId: string, colId: string): { formCode: string; row: { ordinal?: number; code?: string; title?: LocalizedText }; column: LocalizedText | null } | null {
    const layout = this.binding.layoutOf(sheetId);
    if (layout === undefined) return null;
    const row = layout.rowById.get(rowId);
    const column = layout.columnById.get(colId);
    const rowInfo: { ordinal?: number; code?: string; title?: LocalizedText } = {};
    if (row?.ordinal !== undefined) rowInfo.ordinal = row.ordinal;
    if (row?.code !== undefined) rowInfo.code = row.code;
    if (row?.title !== undefined) rowInfo.title = row.title;
    return { formCode: layout.template.formCode, row: rowInfo, column: column?.def.title ?? null };
  }

  subscribeControls = (listener: Listener): (() => void) => {
    this.controlListeners.add(listener);
    return () => this.controlListeners.delete(listener);
  };

  /** Adds a calculation form (sheet) to the document and shows it. */
  addSheet(sheetId: string, templateId: string): boolean {
    if (this.opts.isReadOnly()) {
      this.opts.onNotice('read-only-document');
      return false;
    }
    if (this.binding.docSheetIds().includes(sheetId)) return false;
    this.binding.addSheet(sheetId, templateId);
    return true;
  }

  setLang(lang: Lang): void {
    this.binding.setLang(lang);
  }

  // ------------------------------------------------------------ stable-address helpers (tests)

  cellPosition(sheetId: string, rowId: string, colId: string): { row: number; col: number } | null {
    const layout = this.binding.layoutOf(sheetId);
    return layout === undefined ? null : positionOf(layout, rowId, colId);
  }

  /** Gives the grid the keyboard focus (typing then edits the selected cell). */
  focusGrid(): void {
    this.opts.container.querySelector<HTMLElement>('[data-u-comp="workbench-layout"]')?.focus();
  }

  /** The stable address of the active cell, or null (headers, lead columns, nothing selected). */
  activeAddress(): { sheetId: string; rowId: string; colId: string } | null {
    const cell = this.activeCell();
    const layout = cell === null ? undefined : this.binding.layoutOf(cell.sheetId);
    if (cell === null || layout === undefined) return null;
    const at = cellAt(layout, cell.row, cell.col);
    return at === null ? null : { sheetId: cell.sheetId, ...at };
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

  /** Writes a cell of the Y.Doc directly, without the grid's checks (browser tests only). */
  rawSetCell(sheetId: string, rowId: string, colId: string, value: string | number): void {
    this.opts.doc.transact(() => setCell(this.opts.doc, { sheetId, rowId, colId }, value, LOCAL_ORIGIN), LOCAL_ORIGIN);
  }

  /** The value stored in the Y.Doc for a cell. */
  getStoredValue(sheetId: string, rowId: string, colId: string): StoredValue | undefined {
    return readCell(this.opts.doc, sheetId, rowId, colId);
  }

  dispose(): void {
    this.opts.doc.off('afterTransaction', this.onTransaction);
    this.controlListeners.clear();
    this.presence?.dispose();
    this.formulas.dispose();
    this.guard.dispose();
    this.binding.dispose();
    this.univer.dispose();
  }
}
