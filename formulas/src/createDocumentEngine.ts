/**
 * The document engine: one HyperFormula instance per document, behind our own types.
 *
 * Layout of the HyperFormula workbook (never visible to callers):
 * - one HF sheet per document sheet, named by its sheet id; HF column i = template column i;
 * - HF rows follow the template's rows; the dynamic block is laid out as
 *   [head sentinel, document rows…, tail sentinel], so `{*.col}` becomes the range
 *   head:tail and stays correct as HF grows or shrinks it on `addRows`/`removeRows`
 *   (every insert lands strictly after the head);
 * - sheets referenced by formulas but absent from the document (e.g. `f149` from the summary)
 *   exist as empty sheets of their template, so references read 0 and the sheet can be added later;
 * - the hidden sheet `__params` holds period parameters and external values, one per row.
 * Only numeric columns and text columns read by some formula are loaded into HF; every other input
 * is kept in the engine's own store.
 */
import { HyperFormula } from 'hyperformula';
import type { CellValue as HfCellValue, ExportedChange, RawCellContent } from 'hyperformula';
import { getTemplate as catalogueTemplate, listTemplates, parseFormula, printFormula, walkFormula } from '@zhospar/sheets';
import type { CellRef, ColumnDef, FixedRowSpec, PeriodParameters, SheetTemplate } from '@zhospar/sheets';
import type {
  CellAddress,
  CellInput,
  CellValue,
  ChangedCell,
  ControlResult,
  EngineInit,
  EngineSnapshot,
  ExternalValues,
  InputChange,
  SheetInputs,
  SheetValues,
} from './types.ts';
import { evaluateControls } from './controls.ts';

const PARAMS_SHEET = '__params';

type Slot = { kind: 'fixed'; id: string; spec: FixedRowSpec } | { kind: 'dyn'; id: string } | { kind: 'head' } | { kind: 'tail' };

/** Row and column maps of one HF sheet. */
class SheetLayout {
  slots: Slot[] = [];
  private index = new Map<string, number>();
  private dirty = true;
  readonly colIndex: Map<string, number>;
  readonly fixedIds: Set<string>;
  /** Columns whose values go into HF (numeric, or text read by a formula). */
  readonly hfColumns: Set<string>;
  hfSheet = -1;

  constructor(
    readonly sheetId: string,
    readonly template: SheetTemplate,
    public explicit: boolean,
    textColumnsUsed: ReadonlySet<string>,
  ) {
    this.colIndex = new Map(template.columns.map((c, i) => [c.id, i]));
    this.fixedIds = new Set(template.rows.flatMap((r) => (r.kind === 'fixed' ? [r.id] : [])));
    this.hfColumns = new Set(
      template.columns
        .filter((c) => c.kind === 'calculated' || c.valueType === 'amount' || c.valueType === 'quantity' || c.valueType === 'percent' || textColumnsUsed.has(c.id))
        .map((c) => c.id),
    );
  }

  layout(dynamicRows: readonly string[]): void {
    this.slots = [];
    for (const r of this.template.rows) {
      if (r.kind === 'fixed') this.slots.push({ kind: 'fixed', id: r.id, spec: r });
      else {
        this.slots.push({ kind: 'head' });
        for (const id of dynamicRows) this.slots.push({ kind: 'dyn', id });
        this.slots.push({ kind: 'tail' });
      }
    }
    this.dirty = true;
  }

  rowIndex(rowId: string): number | undefined {
    if (this.dirty) {
      this.index.clear();
      this.slots.forEach((s, i) => {
        if (s.kind === 'fixed' || s.kind === 'dyn') this.index.set(s.id, i);
      });
      this.dirty = false;
    }
    return this.index.get(rowId);
  }

  head(): number {
    return this.slots.findIndex((s) => s.kind === 'head');
  }

  tail(): number {
    return this.slots.findIndex((s) => s.kind === 'tail');
  }

  dynamicIds(): string[] {
    return this.slots.flatMap((s) => (s.kind === 'dyn' ? [s.id] : []));
  }

  insert(at: number, slot: Slot): void {
    this.slots.splice(at, 0, slot);
    this.dirty = true;
  }

  remove(at: number): void {
    this.slots.splice(at, 1);
    this.dirty = true;
  }

  /** Formula source of a cell, or undefined for input/empty cells. */
  formulaOf(slot: Slot, col: ColumnDef): string | undefined {
    if (slot.kind === 'dyn') return col.kind === 'calculated' ? col.formula : undefined;
    if (slot.kind !== 'fixed') return undefined;
    if (slot.spec.role === 'input') return col.kind === 'calculated' ? (slot.spec.formulas?.[col.id] ?? col.formula) : undefined;
    if (slot.spec.role === 'total') return slot.spec.formulas?.[col.id];
    return undefined;
  }

  /** Is the cell calculated (never an input)? */
  isCalculated(slot: Slot, col: ColumnDef): boolean {
    if (slot.kind === 'fixed' && slot.spec.role !== 'input') return true;
    return col.kind === 'calculated';
  }
}

function colLetters(i: number): string {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function toCellValue(v: HfCellValue): CellValue {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && 'type' in v) return { error: String(v.type) };
  return null;
}

/** Public interface of a document engine. */
export interface DocumentEngine {
  /** Value of any cell (input or calculated); `null` when empty or unknown. */
  getValue(addr: CellAddress): CellValue;
  /** Values of a sheet's rows in display order (inputs and calculated, non-empty cells only). */
  getSheetValues(sheetId: string): SheetValues;
  /** Dynamic row ids of a sheet in display order. */
  getRows(sheetId: string): string[];
  /** Writes inputs in one batch; returns the calculated cells whose values changed. */
  setInputs(changes: readonly InputChange[]): ChangedCell[];
  /** Inserts a document row at `index` among the sheet's dynamic rows (stored inputs of that row apply). */
  insertRow(sheetId: string, rowId: string, index: number): ChangedCell[];
  /** Removes a document row (its inputs stay stored, as in the Y.Doc). */
  removeRow(sheetId: string, rowId: string): ChangedCell[];
  /** Adds a sheet to the document (it may already exist implicitly as an empty referenced sheet). */
  addSheet(sheet: SheetInputs): ChangedCell[];
  /** Merges parameter values (changed ones recalculate). */
  setParameters(parameters: PeriodParameters): ChangedCell[];
  /** Merges external values. */
  setExternals(externals: ExternalValues): ChangedCell[];
  /** Failed controls (errors and warnings) of the whole document. */
  evaluateControls(): ControlResult[];
  /** Every calculated value, canonical order. */
  snapshot(): EngineSnapshot;
  /** Sheets of the document (explicit ones), in the order given. */
  listSheets(): Array<{ sheetId: string; templateId: string }>;
  /** Template of a sheet of the document. */
  templateOf(sheetId: string): SheetTemplate | undefined;
  /** Stored input of a cell. */
  getInput(addr: CellAddress): CellInput | undefined;
  /** Number of cells loaded into HyperFormula (values and formulas). */
  stats(): { hfCells: number; formulas: number };
  /**
   * The workbook as loaded into HyperFormula: sheet name → rows of raw contents (A1 formulas as
   * `=…`). For spreadsheet export, parity tests and the benchmark baseline; not an editing API.
   */
  toWorkbook(): Record<string, Array<Array<string | number | boolean | null>>>;
  /** Releases the HyperFormula instance. */
  destroy(): void;
}

/** Text columns of a template that some formula reads (these go into HF). */
function textColumnsRead(tpl: SheetTemplate): Set<string> {
  const out = new Set<string>();
  const sources = [
    ...tpl.columns.flatMap((c) => (c.formula ? [c.formula] : [])),
    ...tpl.rows.flatMap((r) => (r.kind === 'fixed' ? Object.values(r.formulas ?? {}) : [])),
  ];
  for (const src of sources) {
    const p = parseFormula(src);
    if (!p.ok) continue;
    walkFormula(p.node, (n) => {
      if (n.type === 'ref' && n.ref.sheet === undefined) out.add(n.ref.col);
    });
  }
  return out;
}

function referencedSheets(tpl: SheetTemplate): Set<string> {
  const out = new Set<string>();
  const sources = [
    ...tpl.columns.flatMap((c) => (c.formula ? [c.formula] : [])),
    ...tpl.rows.flatMap((r) => (r.kind === 'fixed' ? Object.values(r.formulas ?? {}) : [])),
  ];
  for (const src of sources) {
    const p = parseFormula(src);
    if (!p.ok) continue;
    walkFormula(p.node, (n) => {
      if (n.type === 'ref' && n.ref.sheet) out.add(n.ref.sheet);
      if (n.type === 'range' && n.from.sheet) out.add(n.from.sheet);
    });
  }
  return out;
}

/**
 * Builds the engine of one document from its templates, inputs, period parameters and external
 * values. Formulas with stable references are translated once to HF addresses; later structural
 * changes go through HF `addRows`/`removeRows`, which keeps every reference right.
 */
export function createDocumentEngine(init: EngineInit): DocumentEngine {
  const lookup = init.getTemplate ?? catalogueTemplate;
  const layouts = new Map<string, SheetLayout>();
  const order: string[] = [];
  const inputs = new Map<string, Map<string, CellInput>>();
  let parameters: PeriodParameters = { ...init.parameters };
  let externals: ExternalValues = { ...(init.externals ?? {}) };
  const paramRows = new Map<string, number>();
  const controlOptions = init.controls ?? {};

  const storeOf = (sheetId: string): Map<string, CellInput> => {
    let m = inputs.get(sheetId);
    if (!m) inputs.set(sheetId, (m = new Map()));
    return m;
  };

  // 1. Explicit sheets, then the closure of referenced conventional sheets.
  const addLayout = (sheetId: string, tpl: SheetTemplate, explicit: boolean, rows: readonly string[]): void => {
    const l = new SheetLayout(sheetId, tpl, explicit, textColumnsRead(tpl));
    l.layout(rows.filter((r) => !l.fixedIds.has(r)));
    layouts.set(sheetId, l);
  };
  for (const s of init.sheets) {
    const tpl = lookup(s.templateId);
    if (!tpl || layouts.has(s.sheetId)) continue;
    addLayout(s.sheetId, tpl, true, s.rows ?? []);
    order.push(s.sheetId);
    const store = storeOf(s.sheetId);
    for (const [k, v] of Object.entries(s.cells ?? {})) store.set(k, v);
  }
  const resolveImplicit = (sheetId: string, from: SheetTemplate): SheetTemplate | undefined => {
    const candidates = listTemplates().filter((t) => t.defaultSheetId === sheetId && t.documentKind === from.documentKind);
    return candidates.find((t) => t.edition.id === from.edition.id) ?? candidates[candidates.length - 1];
  };
  const queue = [...layouts.values()];
  while (queue.length > 0) {
    const l = queue.shift();
    if (!l) break;
    for (const ref of referencedSheets(l.template)) {
      if (layouts.has(ref)) continue;
      const tpl = resolveImplicit(ref, l.template);
      if (!tpl) continue;
      addLayout(ref, tpl, false, []);
      const added = layouts.get(ref);
      if (added) queue.push(added);
    }
  }

  // 2. Parameters sheet content.
  const paramKeys = (): string[] => [
    ...Object.keys(parameters).map((k) => `p:${k}`),
    ...Object.keys(externals).map((k) => `x:${k}`),
  ];
  const paramValue = (key: string): number | null =>
    (key.startsWith('p:') ? parameters[key.slice(2)] : externals[key.slice(2)]) ?? null;
  for (const k of paramKeys()) paramRows.set(k, paramRows.size);

  const built: { hf?: HyperFormula } = {};
  const paramRef = (key: string): string => {
    let r = paramRows.get(key);
    if (r === undefined) {
      r = paramRows.size;
      paramRows.set(key, r);
      if (built.hf) {
        const sid = built.hf.getSheetId(PARAMS_SHEET);
        if (sid !== undefined) built.hf.setCellContents({ sheet: sid, row: r, col: 0 }, [[null]]);
      }
    }
    return `'${PARAMS_SHEET}'!$A$${r + 1}`;
  };

  // 3. Formula translation for a cell at HF row `row` of layout `l`.
  const parsedCache = new Map<string, ReturnType<typeof parseFormula>>();
  const translate = (l: SheetLayout, row: number, source: string): string => {
    let parsed = parsedCache.get(source);
    if (!parsed) parsedCache.set(source, (parsed = parseFormula(source)));
    if (!parsed.ok) return '=NA()';
    const cellOf = (ref: CellRef): string | undefined => {
      const target = ref.sheet !== undefined ? layouts.get(ref.sheet) : l;
      if (!target) return undefined;
      const c = target.colIndex.get(ref.col);
      if (c === undefined) return undefined;
      const prefix = target === l ? '' : `'${target.sheetId}'!`;
      if (ref.row.kind === 'same') return `${prefix}${colLetters(c)}${row + 1}`;
      if (ref.row.kind === 'fixed') {
        const r = target.rowIndex(ref.row.id);
        return r === undefined ? undefined : `${prefix}${colLetters(c)}${r + 1}`;
      }
      const h = target.head();
      const t = target.tail();
      if (h < 0) return undefined;
      return `${prefix}${colLetters(c)}${h + 1}:${colLetters(c)}${t + 1}`;
    };
    const text = printFormula(parsed.node, {
      ref: (ref) => cellOf(ref) ?? '0',
      range: (a, b) => {
        const x = cellOf(a);
        const y = cellOf(b);
        if (!x || !y) return '0';
        return `${x}:${y.includes('!') ? y.slice(y.indexOf('!') + 1) : y}`;
      },
      param: (id) => paramRef(`p:${id}`),
      external: (name) => paramRef(`x:${name}`),
    });
    return `=${text}`;
  };

  const inputContent = (l: SheetLayout, col: ColumnDef, v: CellInput | undefined): RawCellContent => {
    if (v === undefined || !l.hfColumns.has(col.id)) return null;
    if (typeof v === 'number' || typeof v === 'boolean') return v;
    if (col.valueType === 'amount' || col.valueType === 'quantity' || col.valueType === 'percent') {
      const n = Number(v.replace(',', '.'));
      if (v.trim() !== '' && Number.isFinite(n)) return n;
    }
    return `'${v}`; // apostrophe: a literal string, never a formula or a number
  };

  const cellContent = (l: SheetLayout, slot: Slot, row: number, col: ColumnDef): RawCellContent => {
    const f = l.formulaOf(slot, col);
    if (f) return translate(l, row, f);
    if (l.isCalculated(slot, col)) return null;
    if (slot.kind === 'fixed' || slot.kind === 'dyn') return inputContent(l, col, storeOf(l.sheetId).get(`${slot.id}/${col.id}`));
    return null;
  };

  const rowContent = (l: SheetLayout, row: number): RawCellContent[] => {
    const slot = l.slots[row];
    if (!slot) return [];
    return l.template.columns.map((c) => cellContent(l, slot, row, c));
  };

  // 4. Build all sheets at once.
  const data: Record<string, RawCellContent[][]> = {};
  for (const l of layouts.values()) data[l.sheetId] = l.slots.map((_, i) => rowContent(l, i));
  data[PARAMS_SHEET] = [...paramRows.keys()].map((k) => [paramValue(k)]);
  const engine = HyperFormula.buildFromSheets(data, {
    licenseKey: 'gpl-v3',
    undoLimit: 0,
    evaluateNullToZero: true,
    useArrayArithmetic: false,
  });
  built.hf = engine;
  const bySheetNo = new Map<number, SheetLayout>();
  for (const l of layouts.values()) {
    l.hfSheet = engine.getSheetId(l.sheetId) ?? -1;
    bySheetNo.set(l.hfSheet, l);
  }
  const paramsSheet = engine.getSheetId(PARAMS_SHEET) ?? -1;

  // 5. Change translation.
  const translateChanges = (changes: ExportedChange[]): ChangedCell[] => {
    const out: ChangedCell[] = [];
    for (const ch of changes) {
      if (!('address' in ch)) continue;
      const { sheet, row, col } = ch.address;
      const l = bySheetNo.get(sheet);
      if (!l || !l.explicit) continue;
      const slot = l.slots[row];
      const c = l.template.columns[col];
      if (!slot || !c || (slot.kind !== 'fixed' && slot.kind !== 'dyn')) continue;
      if (!l.isCalculated(slot, c)) continue;
      out.push({ sheetId: l.sheetId, rowId: slot.id, colId: c.id, value: toCellValue(ch.newValue) });
    }
    return out;
  };

  /** Inserts a row without its own batch (callers batch). */
  const insertRowRaw = (sheetId: string, rowId: string, index: number): void => {
    const l = layouts.get(sheetId);
    if (!l || l.rowIndex(rowId) !== undefined || l.fixedIds.has(rowId)) return;
    const head = l.head();
    if (head < 0) return;
    const count = l.tail() - head - 1;
    const at = head + 1 + Math.max(0, Math.min(index, count));
    l.insert(at, { kind: 'dyn', id: rowId });
    engine.addRows(l.hfSheet, [at, 1]);
    engine.setCellContents({ sheet: l.hfSheet, row: at, col: 0 }, [rowContent(l, at)]);
  };

  const applyParams = (): ChangedCell[] => {
    for (const k of paramKeys()) paramRef(k);
    let changes: ExportedChange[] = [];
    const writes: Array<[number, number | null]> = [];
    for (const [k, r] of paramRows) {
      const v = paramValue(k);
      if (engine.getCellValue({ sheet: paramsSheet, row: r, col: 0 }) !== v) writes.push([r, v]);
    }
    if (writes.length > 0) {
      changes = engine.batch(() => {
        for (const [r, v] of writes) engine.setCellContents({ sheet: paramsSheet, row: r, col: 0 }, [[v]]);
      });
    }
    return translateChanges(changes);
  };

  const api: DocumentEngine = {
    getValue(addr) {
      const l = layouts.get(addr.sheetId);
      if (!l) return null;
      const row = l.rowIndex(addr.rowId);
      const col = l.colIndex.get(addr.colId);
      if (row === undefined || col === undefined) return null;
      const slot = l.slots[row];
      const c = l.template.columns[col];
      if (!slot || !c) return null;
      if (!l.isCalculated(slot, c) && !l.hfColumns.has(c.id)) return storeOf(l.sheetId).get(`${addr.rowId}/${addr.colId}`) ?? null;
      return toCellValue(engine.getCellValue({ sheet: l.hfSheet, row, col }));
    },

    getSheetValues(sheetId) {
      const l = layouts.get(sheetId);
      if (!l) return { sheetId, templateId: '', rows: [] };
      const sheetValues = engine.getSheetValues(l.hfSheet);
      const store = storeOf(sheetId);
      const rows: SheetValues['rows'] = [];
      l.slots.forEach((slot, i) => {
        if (slot.kind !== 'fixed' && slot.kind !== 'dyn') return;
        const values: Record<string, CellValue> = {};
        l.template.columns.forEach((c, j) => {
          let v: CellValue;
          if (!l.isCalculated(slot, c) && !l.hfColumns.has(c.id)) v = store.get(`${slot.id}/${c.id}`) ?? null;
          else v = toCellValue(sheetValues[i]?.[j] ?? null);
          if (v !== null && !(l.isCalculated(slot, c) && l.formulaOf(slot, c) === undefined)) values[c.id] = v;
        });
        rows.push({ rowId: slot.id, values });
      });
      return { sheetId, templateId: l.template.id, rows };
    },

    getRows(sheetId) {
      return layouts.get(sheetId)?.dynamicIds() ?? [];
    },

    setInputs(changes) {
      const writes: Array<{ l: SheetLayout; row: number; col: number; content: RawCellContent }> = [];
      for (const ch of changes) {
        const l = layouts.get(ch.sheetId);
        if (!l) continue;
        const col = l.colIndex.get(ch.colId);
        const c = col === undefined ? undefined : l.template.columns[col];
        if (!c || col === undefined || c.kind === 'calculated') continue;
        const key = `${ch.rowId}/${ch.colId}`;
        const store = storeOf(ch.sheetId);
        if (ch.value === null) store.delete(key);
        else store.set(key, ch.value);
        const row = l.rowIndex(ch.rowId);
        const slot = row === undefined ? undefined : l.slots[row];
        if (row === undefined || !slot || l.isCalculated(slot, c) || !l.hfColumns.has(c.id)) continue;
        writes.push({ l, row, col, content: inputContent(l, c, ch.value ?? undefined) });
      }
      if (writes.length === 0) return [];
      const changed = engine.batch(() => {
        for (const w of writes) engine.setCellContents({ sheet: w.l.hfSheet, row: w.row, col: w.col }, [[w.content]]);
      });
      return translateChanges(changed);
    },

    insertRow(sheetId, rowId, index) {
      return translateChanges(engine.batch(() => insertRowRaw(sheetId, rowId, index)));
    },

    removeRow(sheetId, rowId) {
      const l = layouts.get(sheetId);
      const at = l?.rowIndex(rowId);
      if (!l || at === undefined || l.slots[at]?.kind !== 'dyn') return [];
      l.remove(at);
      return translateChanges(engine.removeRows(l.hfSheet, [at, 1]));
    },

    addSheet(sheet) {
      const existing = layouts.get(sheet.sheetId);
      const tpl = lookup(sheet.templateId);
      if (!tpl) return [];
      if (existing && existing.template.id !== tpl.id) throw new Error(`sheet ${sheet.sheetId} already has template ${existing.template.id}`);
      if (!existing) {
        // A sheet nobody referenced: add an HF sheet and fill it (references to it are not possible yet).
        addLayout(sheet.sheetId, tpl, true, []);
        const l = layouts.get(sheet.sheetId);
        if (!l) return [];
        engine.addSheet(sheet.sheetId);
        l.hfSheet = engine.getSheetId(sheet.sheetId) ?? -1;
        bySheetNo.set(l.hfSheet, l);
        engine.setSheetContent(l.hfSheet, l.slots.map((_, i) => rowContent(l, i)));
      }
      const l = layouts.get(sheet.sheetId);
      if (!l) return [];
      if (!order.includes(sheet.sheetId)) order.push(sheet.sheetId);
      l.explicit = true;
      const store = storeOf(sheet.sheetId);
      for (const [k, v] of Object.entries(sheet.cells ?? {})) store.set(k, v);
      const changes = engine.batch(() => {
        (sheet.rows ?? []).forEach((r, i) => insertRowRaw(sheet.sheetId, r, i));
        for (const slot of l.slots) {
          if (slot.kind !== 'fixed') continue;
          const row = l.rowIndex(slot.id) ?? -1;
          engine.setCellContents({ sheet: l.hfSheet, row, col: 0 }, [rowContent(l, row)]);
        }
      });
      return translateChanges(changes);
    },

    setParameters(p) {
      parameters = { ...parameters, ...p };
      return applyParams();
    },

    setExternals(x) {
      externals = { ...externals, ...x };
      return applyParams();
    },

    evaluateControls() {
      return evaluateControls(api, externals, controlOptions);
    },

    snapshot() {
      const sheets: EngineSnapshot['sheets'] = [];
      for (const sheetId of order) {
        const l = layouts.get(sheetId);
        if (!l) continue;
        const calculated: Record<string, Record<string, CellValue>> = {};
        l.slots.forEach((slot, i) => {
          if (slot.kind !== 'fixed' && slot.kind !== 'dyn') return;
          const rowVals: Record<string, CellValue> = {};
          l.template.columns.forEach((c, j) => {
            if (!l.isCalculated(slot, c) || l.formulaOf(slot, c) === undefined) return;
            rowVals[c.id] = toCellValue(engine.getCellValue({ sheet: l.hfSheet, row: i, col: j }));
          });
          if (Object.keys(rowVals).length > 0) calculated[slot.id] = rowVals;
        });
        sheets.push({ sheetId, templateId: l.template.id, rows: l.dynamicIds(), calculated });
      }
      return { sheets };
    },

    listSheets() {
      return order.flatMap((sheetId) => {
        const l = layouts.get(sheetId);
        return l ? [{ sheetId, templateId: l.template.id }] : [];
      });
    },

    templateOf(sheetId) {
      return layouts.get(sheetId)?.template;
    },

    getInput(addr) {
      return inputs.get(addr.sheetId)?.get(`${addr.rowId}/${addr.colId}`);
    },

    stats() {
      let hfCells = 0;
      let formulas = 0;
      for (const l of layouts.values()) {
        const vals = engine.getSheetSerialized(l.hfSheet);
        for (const row of vals) {
          for (const v of row) {
            if (v === null || v === undefined || v === '') continue;
            hfCells++;
            if (typeof v === 'string' && v.startsWith('=')) formulas++;
          }
        }
      }
      return { hfCells, formulas };
    },

    toWorkbook() {
      const out: Record<string, Array<Array<string | number | boolean | null>>> = {};
      for (const name of engine.getSheetNames()) {
        const id = engine.getSheetId(name);
        if (id === undefined) continue;
        out[name] = engine.getSheetSerialized(id).map((row) =>
          row.map((c) => (c === undefined || c === null ? null : typeof c === 'string' || typeof c === 'number' || typeof c === 'boolean' ? c : String(c))),
        );
      }
      return out;
    },

    destroy() {
      engine.destroy();
    },
  };
  return api;
}
