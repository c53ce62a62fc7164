/**
 * Keeps the formula engine (in a Web Worker) in step with the Y.Doc and hands calculated values to
 * the grid. Every change of inputs or rows — local or from peers — is forwarded once per event turn:
 * row removals and insertions first (diffed against the engine's row order), then input values.
 * Calculated values are never written to the Y.Doc (ARCHITECTURE.md: only inputs are synced).
 */
import type * as Y from 'yjs';
import type { ChangedCell, ControlResult, EngineRequest, EngineResponse, InputChange, SheetInputs } from '@zhospar/formulas';
import type { PeriodParameters } from '@zhospar/sheets';
import { SHEETS_ROOT, cellsRootName, listRows, listSheets, parseCellKey, parseRootName, readSheet } from '@zhospar/collab';
import { diffRowOrder } from '../univer/binding/rowDiff';

export interface FormulaSyncOptions {
  doc: Y.Doc;
  parameters: PeriodParameters;
  /** All values of all sheets (after the engine is built). */
  onReady: (sheets: Extract<EngineResponse, { type: 'ready' }>['sheets']) => void;
  /** Calculated cells whose values changed. */
  onChanged: (cells: ChangedCell[]) => void;
  /** Every failing control, after the engine is built and after every change. */
  onControls?: (controls: ControlResult[]) => void;
  onError?: (message: string) => void;
  /** Creates the worker; injectable for tests. */
  createWorker?: () => Worker;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'zhospar-formulas' });
}

export class FormulaSync {
  private readonly opts: FormulaSyncOptions;
  private readonly worker: Worker;
  private seq = 0;
  /** Row order per sheet as the engine knows it. */
  private readonly engineRows = new Map<string, string[]>();
  private readonly dirtyCells = new Map<string, Set<string>>();
  private readonly dirtyRows = new Set<string>();
  private sheetsChanged = false;
  private scheduled = false;
  private readonly onTransaction = (tr: Y.Transaction): void => this.collect(tr);

  constructor(opts: FormulaSyncOptions) {
    this.opts = opts;
    this.worker = (opts.createWorker ?? defaultWorker)();
    this.worker.onmessage = (event: MessageEvent<EngineResponse>) => this.onResponse(event.data);
    this.worker.onerror = (event) => opts.onError?.(event.message);
    const sheets: SheetInputs[] = listSheets(opts.doc).map((s) => this.sheetInputs(s.sheetId, s.templateId));
    this.send({ type: 'init', seq: 0, sheets, parameters: opts.parameters });
    opts.doc.on('afterTransaction', this.onTransaction);
  }

  /** A sheet's inputs as the engine takes them; remembers its row order. */
  private sheetInputs(sheetId: string, templateId: string): SheetInputs {
    const content = readSheet(this.opts.doc, sheetId);
    const rows = content.rows.map((r) => r.rowId);
    this.engineRows.set(sheetId, rows);
    return { sheetId, templateId, rows, cells: Object.fromEntries(content.cells) };
  }

  private send(request: EngineRequest): void {
    this.worker.postMessage({ ...request, seq: ++this.seq });
  }

  private onResponse(response: EngineResponse): void {
    if (response.type === 'ready') {
      this.opts.onReady(response.sheets);
      this.opts.onControls?.(response.controls);
    } else if (response.type === 'changed') {
      if (response.cells.length > 0) this.opts.onChanged(response.cells);
      this.opts.onControls?.(response.controls);
    } else if (response.type === 'controls') this.opts.onControls?.(response.controls);
    else if (response.type === 'error') this.opts.onError?.(response.message);
  }

  /** Notes which cells and row lists a transaction touched. */
  private collect(tr: Y.Transaction): void {
    let touched = false;
    for (const [type, keys] of tr.changed) {
      const name = this.rootNameOf(type);
      if (name === SHEETS_ROOT) {
        this.sheetsChanged = true;
        touched = true;
        continue;
      }
      const root = name === null ? null : parseRootName(name);
      if (root === null) continue;
      if (root.type === 'cells') {
        let set = this.dirtyCells.get(root.sheetId);
        if (set === undefined) {
          set = new Set();
          this.dirtyCells.set(root.sheetId, set);
        }
        for (const k of keys) if (k !== null) set.add(k);
        touched = true;
      } else if (root.type === 'rows') {
        this.dirtyRows.add(root.sheetId);
        touched = true;
      }
    }
    if (touched && !this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  private rootNameOf(type: Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>): string | null {
    if (type._item !== null) return null;
    for (const [name, shared] of this.opts.doc.share) if ((shared as unknown) === type) return name;
    return null;
  }

  private flush(): void {
    this.scheduled = false;
    if (this.sheetsChanged) {
      this.sheetsChanged = false;
      // A form added (by this user or a peer): the engine builds it with its current inputs.
      for (const s of listSheets(this.opts.doc)) {
        if (this.engineRows.has(s.sheetId)) continue;
        this.send({ type: 'addSheet', seq: 0, sheet: this.sheetInputs(s.sheetId, s.templateId) });
        this.dirtyRows.delete(s.sheetId);
        this.dirtyCells.delete(s.sheetId);
      }
    }
    for (const sheetId of this.dirtyRows) {
      const before = this.engineRows.get(sheetId) ?? [];
      const after = listRows(this.opts.doc, sheetId).map((r) => r.rowId);
      const diff = diffRowOrder(before, after);
      for (const i of diff.removals) this.send({ type: 'removeRow', seq: 0, sheetId, rowId: before[i] as string });
      for (const { index, rowId } of diff.insertions) this.send({ type: 'insertRow', seq: 0, sheetId, rowId, index });
      this.engineRows.set(sheetId, after);
    }
    this.dirtyRows.clear();
    const changes: InputChange[] = [];
    for (const [sheetId, keys] of this.dirtyCells) {
      const cells = this.opts.doc.getMap<unknown>(cellsRootName(sheetId));
      for (const key of keys) {
        const parsed = parseCellKey(key);
        if (parsed === null) continue;
        const v = cells.get(key);
        const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
        changes.push({ sheetId, rowId: parsed.rowId, colId: parsed.colId, value });
      }
    }
    this.dirtyCells.clear();
    if (changes.length > 0) this.send({ type: 'setInputs', seq: 0, changes });
  }

  dispose(): void {
    this.opts.doc.off('afterTransaction', this.onTransaction);
    this.worker.terminate();
  }
}
