import type { DocumentProjection } from '@zhospar/collab';
import type { CellValue as ComputedValue, EngineSnapshot } from '@zhospar/formulas';

/** One cell that differs between two versions. */
export interface CellDiff {
  sheetId: string;
  rowId: string;
  colId: string;
  /** `input` for a value typed by people, `calculated` for a value computed by formulas. */
  kind: 'input' | 'calculated';
  /** Value in the first version; null when empty or absent. */
  old: ComputedValue;
  /** Value in the second version; null when empty or absent. */
  new: ComputedValue;
}

/** Inputs and computed values of one version. */
export interface VersionValues {
  inputs: DocumentProjection;
  computed: EngineSnapshot;
}

/**
 * Cells that differ between two versions (сравнение версий), old → new, inputs and computed values,
 * sorted by sheet, row, column and kind. Inputs of deleted rows are not part of a version's inputs,
 * so a deleted row shows as its cells going to null.
 */
export function diffDocuments(from: VersionValues, to: VersionValues): CellDiff[] {
  const diffs: CellDiff[] = [];
  const compare = (kind: CellDiff['kind'], a: Map<string, ComputedValue>, b: Map<string, ComputedValue>): void => {
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const old = a.get(key) ?? null;
      const next = b.get(key) ?? null;
      if (sameValue(old, next)) continue;
      const [sheetId, rowId, colId] = key.split('\u0000') as [string, string, string];
      diffs.push({ sheetId, rowId, colId, kind, old, new: next });
    }
  };
  compare('input', inputCells(from.inputs), inputCells(to.inputs));
  compare('calculated', computedCells(from.computed), computedCells(to.computed));
  return diffs.sort((x, y) => cmp(x.sheetId, y.sheetId) || cmp(x.rowId, y.rowId) || cmp(x.colId, y.colId) || cmp(x.kind, y.kind));
}

function inputCells(inputs: DocumentProjection): Map<string, ComputedValue> {
  const cells = new Map<string, ComputedValue>();
  for (const sheet of inputs.sheets) {
    for (const [key, value] of Object.entries(sheet.cells)) {
      const slash = key.indexOf('/');
      cells.set(`${sheet.sheetId}\u0000${key.slice(0, slash)}\u0000${key.slice(slash + 1)}`, value);
    }
  }
  return cells;
}

function computedCells(computed: EngineSnapshot): Map<string, ComputedValue> {
  const cells = new Map<string, ComputedValue>();
  for (const sheet of computed.sheets) {
    for (const [rowId, values] of Object.entries(sheet.calculated)) {
      for (const [colId, value] of Object.entries(values)) cells.set(`${sheet.sheetId}\u0000${rowId}\u0000${colId}`, value);
    }
  }
  return cells;
}

function sameValue(a: ComputedValue, b: ComputedValue): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return a.error === b.error;
  return false;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
