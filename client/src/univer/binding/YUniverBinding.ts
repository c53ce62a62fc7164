/**
 * The binding between one document Y.Doc and one Univer workbook (ARCHITECTURE.md,
 * "Collaboration in the browser"; KNOWHOW.md §4.1, checked against @univerjs 0.25.1).
 *
 * - Snapshot: after the provider's first sync the workbook is created from the doc (one worksheet
 *   per document sheet, laid out by `SheetLayout`). The client never seeds content.
 * - Outbound: `ICommandService.onMutationExecutedForCollab` — mutations only. Mutations flagged
 *   `fromCollab` (ours, applying peers' changes), `onlyLocal` (computed values), `fromChangeset` or
 *   `syncOnly` are skipped, and so is anything executed while the binding applies changes itself.
 *   Only `sheet.mutation.set-range-values` is translated (positional → `<rowId>/<colId>`, coerced
 *   to the column type) and written in `doc.transact(fn, LOCAL_ORIGIN)`. Writes to read-only or
 *   invalid cells are reverted in the grid. Structural mutations are blocked by `EditGuard`; if one
 *   slips through, the workbook is rebuilt from the doc.
 * - Inbound: `observeDeep` on `sheets`, `rows:<id>` and `cells:<id>`; transactions with
 *   `LOCAL_ORIGIN` are skipped (the grid already shows them). Changes are collected and applied once
 *   per event turn (microtask) as set-range-values / insert-row / remove-rows mutations executed
 *   with `{ fromCollab: true }`, so they never echo back. Row changes re-layout the sheet by
 *   diffing the old and new row order (`diffRowOrder`).
 * - Undo: Univer's undo/redo is replaced by a `Y.UndoManager` tracking `LOCAL_ORIGIN` (per user);
 *   its transactions come back through the inbound path.
 */
import type { FUniver, ICommandInfo, IExecutionOptions, IWorkbookData } from '@univerjs/presets';
import { ICommandService } from '@univerjs/presets';
import type { Univer } from '@univerjs/presets';
import type { IInsertRowMutationParams, IRemoveRowsMutationParams, ISetRangeValuesMutationParams, ISetWorksheetNameMutationParams } from '@univerjs/preset-sheets-core';
import { InsertRowMutation, RemoveRowMutation, SetRangeValuesMutation, SetWorksheetNameMutation } from '@univerjs/preset-sheets-core';
import * as Y from 'yjs';
import { addSheet as collabAddSheet, parseCellKey } from '@zhospar/collab';
import type { CellValue as ComputedValue } from '@zhospar/formulas';
import type { Lang, TemplateLike } from '../../model/templateTypes';
import { LOCAL_ORIGIN, SHEETS_ROOT, cellsRootName, deleteRow, insertRowAfter, newRowId, readCell, readDocSheets, readRows, rowsRootName, writeCells } from '../../collab/docModel';
import type { SheetLayout } from './SheetLayout';
import { buildSheetLayout, columnCount, isInputCell, rowAt } from './SheetLayout';
import type { RenderedCell, ValueLookup } from './renderSheet';
import { renderBodyRow, renderHeader, renderSheet } from './renderSheet';
import { diffRowOrder } from './rowDiff';
import type { GridPosition, RejectionReason } from './translateChanges';
import { translateOutbound } from './translateChanges';
import { buildWorkbookData, sheetName } from './workbookData';

/** Mutations that change the grid's structure; the binding cannot map them and rebuilds. */
const STRUCTURAL_MUTATIONS: ReadonlySet<string> = new Set([
  'sheet.mutation.insert-row',
  'sheet.mutation.remove-rows',
  'sheet.mutation.insert-col',
  'sheet.mutation.remove-col',
  'sheet.mutation.move-rows',
  'sheet.mutation.move-cols',
  'sheet.mutation.move-range',
  'sheet.mutation.reorder-range',
  'sheet.mutation.insert-sheet',
  'sheet.mutation.remove-sheet',
]);

/** Kazakhstan formats numbers like Russia (1 234,50) in both languages. */
const NUMFMT_LOCALE = 'ru';

export interface BindingOptions {
  univer: Univer;
  univerAPI: FUniver;
  doc: Y.Doc;
  /** Univer unit id; the Hocuspocus document name. */
  unitId: string;
  title: string;
  lang: Lang;
  resolveTemplate: (templateId: string) => TemplateLike | undefined;
  /** Called when the user's edit was refused (read-only cell, bad number …). */
  onRejected?: (reason: RejectionReason) => void;
  /** Called when a sheet references a template the client does not know. */
  onUnknownTemplate?: (templateId: string) => void;
}

interface SheetState {
  layout: SheetLayout;
  templateId: string;
  /** Calculated values from the formula engine, keyed `<rowId>/<colId>`. */
  computed: Map<string, ComputedValue>;
}

interface Pending {
  sheets: boolean;
  rows: Set<string>;
  cells: Map<string, Set<string>>;
}

type Listener = () => void;

export class YUniverBinding {
  private readonly opts: BindingOptions;
  private readonly commandService: ICommandService;
  private readonly sheets = new Map<string, SheetState>();
  private readonly disposers: Array<() => void> = [];
  private readonly layoutListeners = new Set<Listener>();
  private pending: Pending = { sheets: false, rows: new Set(), cells: new Map() };
  private flushScheduled = false;
  /** > 0 while the binding executes mutations itself. */
  private applying = 0;
  private lang: Lang;
  private disposed = false;
  readonly undoManager: Y.UndoManager;

  constructor(opts: BindingOptions) {
    this.opts = opts;
    this.lang = opts.lang;
    this.commandService = opts.univer.__getInjector().get(ICommandService);
    this.undoManager = new Y.UndoManager([], { doc: opts.doc, trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 500 });
  }

  get unitId(): string {
    return this.opts.unitId;
  }

  /** Creates the workbook from the doc's current state and starts syncing both ways. */
  start(): void {
    this.loadLayouts();
    this.createWorkbook();
    const collab = this.commandService.onMutationExecutedForCollab((info, options) => this.onLocalMutation(info, options));
    this.disposers.push(() => collab.dispose());
    const sheetsMap = this.opts.doc.getMap<unknown>(SHEETS_ROOT);
    const onSheets = (_events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction): void => {
      if (tr.origin === LOCAL_ORIGIN) return;
      this.pending.sheets = true;
      this.schedule();
    };
    sheetsMap.observeDeep(onSheets);
    this.disposers.push(() => sheetsMap.unobserveDeep(onSheets));
    for (const sheetId of this.sheets.keys()) this.observeSheet(sheetId);
  }

  /** Creates the Univer workbook from the doc; numbers are formatted the Russian/Kazakh way (1 234,50). */
  private createWorkbook(): void {
    this.opts.univerAPI.createWorkbook(this.snapshot()).setNumfmtLocal(NUMFMT_LOCALE);
  }

  private loadLayouts(): void {
    this.sheets.clear();
    for (const ref of readDocSheets(this.opts.doc)) {
      const template = this.opts.resolveTemplate(ref.templateId);
      if (template === undefined) {
        this.opts.onUnknownTemplate?.(ref.templateId);
        continue;
      }
      const layout = buildSheetLayout(ref.sheetId, template, readRows(this.opts.doc, ref.sheetId));
      this.sheets.set(ref.sheetId, { layout, templateId: ref.templateId, computed: this.sheets.get(ref.sheetId)?.computed ?? new Map() });
    }
  }

  private lookupFor(state: SheetState): ValueLookup {
    return (rowId, colId) => {
      if (isInputCell(state.layout, rowId, colId)) return readCell(this.opts.doc, state.layout.sheetId, rowId, colId);
      const v = state.computed.get(`${rowId}/${colId}`);
      if (v === undefined || v === null) return undefined;
      return typeof v === 'object' ? `#${v.error}` : v;
    };
  }

  private snapshot(): IWorkbookData {
    const inputs = [...this.sheets.values()].map((state) => ({ layout: state.layout, rendered: renderSheet(state.layout, this.lookupFor(state), this.lang) }));
    return buildWorkbookData(this.opts.unitId, this.opts.title, inputs, this.lang);
  }

  private observeSheet(sheetId: string): void {
    const rows = this.opts.doc.getMap<unknown>(rowsRootName(sheetId));
    const cells = this.opts.doc.getMap<unknown>(cellsRootName(sheetId));
    const onRows = (_events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction): void => {
      if (tr.origin === LOCAL_ORIGIN) return;
      this.pending.rows.add(sheetId);
      this.schedule();
    };
    const onCells = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction): void => {
      if (tr.origin === LOCAL_ORIGIN) return;
      let keys = this.pending.cells.get(sheetId);
      if (keys === undefined) {
        keys = new Set();
        this.pending.cells.set(sheetId, keys);
      }
      for (const event of events) if (event instanceof Y.YMapEvent) for (const key of event.keysChanged) keys.add(key);
      this.schedule();
    };
    rows.observeDeep(onRows);
    cells.observeDeep(onCells);
    this.undoManager.addToScope([rows, cells]);
    this.disposers.push(() => {
      rows.unobserveDeep(onRows);
      cells.unobserveDeep(onCells);
    });
  }

  // ---------------------------------------------------------------- outbound

  private onLocalMutation(info: Readonly<ICommandInfo>, options: IExecutionOptions | undefined): void {
    if (this.disposed || this.applying > 0) return;
    if (options?.fromCollab || options?.onlyLocal || options?.fromChangeset || options?.syncOnly) return;
    if (info.id === SetRangeValuesMutation.id) {
      const params = info.params as ISetRangeValuesMutationParams | undefined;
      if (params === undefined || params.unitId !== this.opts.unitId) return;
      const state = this.sheets.get(params.subUnitId);
      if (state === undefined) return;
      const translation = translateOutbound(state.layout, params.cellValue ?? {});
      writeCells(this.opts.doc, params.subUnitId, translation.writes);
      // One grid edit (a typed cell, a paste, a fill) is one undo step.
      this.undoManager.stopCapturing();
      const fix = [...translation.rejected, ...translation.normalize];
      if (fix.length > 0) queueMicrotask(() => this.rerenderCells(params.subUnitId, fix));
      const first = translation.rejected[0];
      if (first !== undefined) this.opts.onRejected?.(first.reason);
      return;
    }
    if (STRUCTURAL_MUTATIONS.has(info.id)) {
      const params = info.params as { unitId?: string } | undefined;
      if (params?.unitId === this.opts.unitId) queueMicrotask(() => this.rebuild());
    }
  }

  /** Re-renders grid cells from the model (reverting refused edits, normalizing accepted ones). */
  private rerenderCells(sheetId: string, positions: readonly GridPosition[]): void {
    const state = this.sheets.get(sheetId);
    if (state === undefined) return;
    const header = positions.some((p) => p.row < state.layout.headerRowCount) ? renderHeader(state.layout, this.lang) : {};
    const matrix: Record<number, Record<number, RenderedCell>> = {};
    const rowCache = new Map<number, Record<number, RenderedCell>>();
    for (const { row, col } of positions) {
      let rendered: Record<number, RenderedCell> | undefined;
      if (row < state.layout.headerRowCount) rendered = header[row];
      else {
        rendered = rowCache.get(row);
        const layoutRow = rowAt(state.layout, row);
        if (rendered === undefined && layoutRow !== undefined) {
          rendered = renderBodyRow(state.layout, layoutRow, this.lookupFor(state), this.lang);
          rowCache.set(row, rendered);
        }
      }
      const cell = rendered?.[col];
      if (cell === undefined) continue;
      (matrix[row] ??= {})[col] = cell;
    }
    this.applyCells(sheetId, matrix, { fromCollab: true }, true);
  }

  // ---------------------------------------------------------------- inbound

  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.disposed) return;
    const pending = this.pending;
    this.pending = { sheets: false, rows: new Set(), cells: new Map() };
    if (pending.sheets) {
      this.rebuild();
      return;
    }
    for (const sheetId of pending.rows) this.relayout(sheetId);
    for (const [sheetId, keys] of pending.cells) this.applyStoredCells(sheetId, keys);
  }

  private applyStoredCells(sheetId: string, keys: Iterable<string>): void {
    const state = this.sheets.get(sheetId);
    if (state === undefined) return;
    const matrix: Record<number, Record<number, RenderedCell>> = {};
    const lookup = this.lookupFor(state);
    for (const key of keys) {
      const parsed = parseCellKey(key);
      if (parsed === null || !isInputCell(state.layout, parsed.rowId, parsed.colId)) continue;
      const row = state.layout.rowById.get(parsed.rowId);
      if (row === undefined) continue;
      const rendered = renderBodyRow(state.layout, row, (r, c) => (r === parsed.rowId && c === parsed.colId ? lookup(r, c) : undefined), this.lang);
      const col = state.layout.columnById.get(parsed.colId);
      const cell = col === undefined ? undefined : rendered[col.index];
      if (col === undefined || cell === undefined) continue;
      (matrix[row.index] ??= {})[col.index] = { v: cell.v ?? null, s: cell.s };
    }
    this.applyCells(sheetId, matrix, { fromCollab: true }, false);
  }

  /** Executes one set-range-values mutation; `withStyle` also (re)sets the style ids. */
  private applyCells(sheetId: string, matrix: Record<number, Record<number, RenderedCell>>, options: IExecutionOptions, withStyle: boolean): void {
    if (Object.keys(matrix).length === 0) return;
    const cellValue: ISetRangeValuesMutationParams['cellValue'] = {};
    for (const [r, row] of Object.entries(matrix)) {
      const out: Record<number, { v: string | number | null; s?: string; f: null; si: null; p: null }> = {};
      for (const [c, cell] of Object.entries(row)) {
        const data: { v: string | number | null; s?: string; f: null; si: null; p: null } = { v: cell.v ?? null, f: null, si: null, p: null };
        if (withStyle) data.s = cell.s;
        out[Number(c)] = data;
      }
      cellValue[Number(r)] = out;
    }
    this.execute<ISetRangeValuesMutationParams>(SetRangeValuesMutation.id, { unitId: this.opts.unitId, subUnitId: sheetId, cellValue }, options);
  }

  private execute<P extends object>(id: string, params: P, options: IExecutionOptions): void {
    this.applying++;
    try {
      this.commandService.syncExecuteCommand(id, params, options);
    } finally {
      this.applying--;
    }
  }

  /** Rebuilds a sheet's body after its rows changed: removes and inserts grid rows, renders them. */
  relayout(sheetId: string): void {
    const state = this.sheets.get(sheetId);
    if (state === undefined) return;
    const old = state.layout;
    const next = buildSheetLayout(sheetId, old.template, readRows(this.opts.doc, sheetId));
    if (old.dynamicSlot < 0) return;
    const oldIds = old.rows.filter((r) => r.kind === 'dynamic').map((r) => r.rowId);
    const newIds = next.rows.filter((r) => r.kind === 'dynamic').map((r) => r.rowId);
    const diff = diffRowOrder(oldIds, newIds);
    if (diff.removals.length === 0 && diff.insertions.length === 0) return;
    const base = old.headerRowCount + old.dynamicSlot;
    const lastColumn = columnCount(old) - 1;
    const options: IExecutionOptions = { fromCollab: true };
    for (const i of diff.removals) {
      const range = { startRow: base + i, endRow: base + i, startColumn: 0, endColumn: lastColumn };
      this.execute<IRemoveRowsMutationParams>(RemoveRowMutation.id, { unitId: this.opts.unitId, subUnitId: sheetId, range }, options);
    }
    for (const { index } of diff.insertions) {
      const range = { startRow: base + index, endRow: base + index, startColumn: 0, endColumn: lastColumn };
      this.execute<IInsertRowMutationParams>(InsertRowMutation.id, { unitId: this.opts.unitId, subUnitId: sheetId, range }, options);
    }
    state.layout = next;
    // Render inserted rows fully; every dynamic row's ordinal may have changed.
    const inserted = new Set(diff.insertions.map((d) => d.rowId));
    const lookup = this.lookupFor(state);
    const matrix: Record<number, Record<number, RenderedCell>> = {};
    for (const row of next.rows) {
      if (row.kind !== 'dynamic') continue;
      const rendered = renderBodyRow(next, row, lookup, this.lang);
      if (inserted.has(row.rowId)) matrix[row.index] = rendered;
      else {
        const numberCol = next.leadColumns.indexOf('number');
        const lead = rendered[numberCol];
        if (lead !== undefined) matrix[row.index] = { [numberCol]: lead };
      }
    }
    this.applyCells(sheetId, matrix, options, true);
    this.emitLayout();
  }

  /** Disposes the workbook and creates it again from the doc (structure changed unexpectedly). */
  rebuild(): void {
    if (this.disposed) return;
    const workbook = this.opts.univerAPI.getWorkbook(this.opts.unitId);
    const activeSheet = workbook?.getActiveSheet().getSheetId();
    if (workbook !== null) this.opts.univerAPI.disposeUnit(this.opts.unitId);
    const known = new Set(this.sheets.keys());
    this.loadLayouts();
    this.createWorkbook();
    for (const sheetId of this.sheets.keys()) if (!known.has(sheetId)) this.observeSheet(sheetId);
    if (activeSheet !== undefined) this.opts.univerAPI.getWorkbook(this.opts.unitId)?.getSheetBySheetId(activeSheet)?.activate();
    this.emitLayout();
  }

  /** Switches the language of headers, titles and sheet names. */
  setLang(lang: Lang): void {
    if (lang === this.lang) return;
    this.lang = lang;
    for (const [sheetId, state] of this.sheets) {
      this.applyCells(sheetId, renderSheet(state.layout, this.lookupFor(state), lang), { fromCollab: true }, true);
      this.execute<ISetWorksheetNameMutationParams>(SetWorksheetNameMutation.id, { unitId: this.opts.unitId, subUnitId: sheetId, name: sheetName(state.layout, lang) }, { fromCollab: true });
    }
  }

  /**
   * Shows calculated values (from the formula engine) in calculated cells. Applied as `onlyLocal`
   * mutations: every client computes them itself; they are never synced.
   */
  setComputedValues(sheetId: string, values: ReadonlyMap<string, ComputedValue>): void {
    const state = this.sheets.get(sheetId);
    if (state === undefined) return;
    state.computed = new Map(values);
    this.renderComputed(state, () => true);
  }

  /** Applies changed calculated cells of any sheets. */
  updateComputed(changes: ReadonlyArray<{ sheetId: string; rowId: string; colId: string; value: ComputedValue }>): void {
    const bySheet = new Map<string, Set<string>>();
    for (const c of changes) {
      const state = this.sheets.get(c.sheetId);
      if (state === undefined) continue;
      const key = `${c.rowId}/${c.colId}`;
      state.computed.set(key, c.value);
      let keys = bySheet.get(c.sheetId);
      if (keys === undefined) bySheet.set(c.sheetId, (keys = new Set()));
      keys.add(key);
    }
    for (const [sheetId, keys] of bySheet) {
      const state = this.sheets.get(sheetId);
      if (state !== undefined) this.renderComputed(state, (rowId, colId) => keys.has(`${rowId}/${colId}`));
    }
  }

  private renderComputed(state: SheetState, include: (rowId: string, colId: string) => boolean): void {
    const { layout } = state;
    const lookup = this.lookupFor(state);
    const matrix: Record<number, Record<number, RenderedCell>> = {};
    for (const row of layout.rows) {
      if (row.kind === 'heading') continue;
      let rendered: Record<number, RenderedCell> | undefined;
      for (const col of layout.columns) {
        if (isInputCell(layout, row.rowId, col.colId) || !include(row.rowId, col.colId)) continue;
        // The title of a total row sits in the first column when there is no title column.
        if (layout.titlesInFirstColumn && row.kind === 'total' && col.index === layout.leadColumns.length) continue;
        rendered ??= renderBodyRow(layout, row, lookup, this.lang);
        const cell = rendered[col.index];
        if (cell !== undefined) (matrix[row.index] ??= {})[col.index] = cell;
      }
    }
    this.applyCells(layout.sheetId, matrix, { onlyLocal: true }, false);
  }

  // ---------------------------------------------------------------- structure and undo

  /**
   * Adds a sheet (a calculation form) to the document and shows it: one local transaction on
   * `sheets` (peers see it live), then the workbook is rebuilt with the new worksheet active.
   * Not part of undo: sheet entries are immutable ([D4]).
   */
  addSheet(sheetId: string, templateId: string): void {
    collabAddSheet(this.opts.doc, { sheetId, templateId }, LOCAL_ORIGIN);
    this.rebuild();
    this.opts.univerAPI.getWorkbook(this.opts.unitId)?.getSheetBySheetId(sheetId)?.activate();
  }

  /** Sheet ids of the document (including sheets whose template this client does not know). */
  docSheetIds(): string[] {
    return readDocSheets(this.opts.doc).map((s) => s.sheetId);
  }

  /** Inserts a document row below the given grid row (in the dynamic section). */
  insertRowBelow(sheetId: string, gridRow: number): { ok: true; rowId: string } | { ok: false; reason: 'no-dynamic' | 'not-dynamic' } {
    const state = this.sheets.get(sheetId);
    if (state === undefined || state.layout.dynamicSlot < 0) return { ok: false, reason: 'no-dynamic' };
    const layout = state.layout;
    const row = rowAt(layout, gridRow);
    const slotStart = layout.headerRowCount + layout.dynamicSlot;
    const hasDynamicRows = layout.rows.some((r) => r.kind === 'dynamic');
    let after: string | null;
    if (row?.kind === 'dynamic') after = row.rowId;
    // An empty section fills from anywhere; the row just above the section inserts at its top.
    else if (!hasDynamicRows || gridRow === slotStart - 1) after = null;
    else return { ok: false, reason: 'not-dynamic' };
    const rowId = newRowId();
    this.undoManager.stopCapturing();
    insertRowAfter(this.opts.doc, sheetId, after, rowId);
    this.undoManager.stopCapturing();
    this.relayout(sheetId);
    return { ok: true, rowId };
  }

  /** Deletes the document row at the given grid row. */
  deleteRowAt(sheetId: string, gridRow: number): { ok: true; rowId: string } | { ok: false; reason: 'not-dynamic' } {
    const state = this.sheets.get(sheetId);
    const row = state === undefined ? undefined : rowAt(state.layout, gridRow);
    if (row === undefined || row.kind !== 'dynamic') return { ok: false, reason: 'not-dynamic' };
    this.undoManager.stopCapturing();
    deleteRow(this.opts.doc, sheetId, row.rowId);
    this.undoManager.stopCapturing();
    this.relayout(sheetId);
    return { ok: true, rowId: row.rowId };
  }

  undo(): void {
    this.undoManager.undo();
  }

  redo(): void {
    this.undoManager.redo();
  }

  // ---------------------------------------------------------------- queries

  layoutOf(sheetId: string): SheetLayout | undefined {
    return this.sheets.get(sheetId)?.layout;
  }

  sheetIds(): string[] {
    return [...this.sheets.keys()];
  }

  /** Subscribes to layout changes (rows inserted or removed, workbook rebuilt). */
  onLayoutChange(listener: Listener): () => void {
    this.layoutListeners.add(listener);
    return () => this.layoutListeners.delete(listener);
  }

  private emitLayout(): void {
    for (const l of this.layoutListeners) l();
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposers.splice(0)) d();
    this.layoutListeners.clear();
    this.undoManager.destroy();
  }
}
