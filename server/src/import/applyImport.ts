/**
 * Import step 2: applying a confirmed preview to the document as ONE Yjs transaction (collab's
 * `insertRow` and `setCell` nested in one `doc.transact`, so collaborators receive one update and
 * one undo step). A preview is computed against the inputs of a moment; if any cell it changes or
 * row it anchors to changed since, nothing is applied and the conflicts are returned, so the user
 * previews again rather than overwriting a colleague's edit.
 *
 * For the server's validation path, {@link importUpdate} produces the same change as a Yjs update
 * without touching the live document: validate it with `validateUpdate` and apply it like any
 * client update.
 */
import { getCell, insertRow, listRows, setCell } from '@zhospar/collab';
import type { CellValue } from '@zhospar/collab';
import * as Y from 'yjs';
import type { ImportCellChange, ImportNewRow, ImportPreview } from './previewImport.ts';

/** A change that no longer applies because the document moved on since the preview. */
export interface ImportConflict {
  sheetId: string;
  rowId: string;
  colId?: string;
  /** What the preview expected and what the document holds now. */
  expected: CellValue | null;
  actual: CellValue | null;
  reason: 'cell-changed' | 'row-deleted' | 'row-exists';
}

/** Result of {@link applyImport}. */
export type ApplyImportResult =
  | { ok: true; changedCells: number; addedRows: number }
  | { ok: false; conflicts: ImportConflict[] };

function normalizeText(v: CellValue | null): CellValue | null {
  return typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v;
}

/** Changes of the preview that the document no longer matches (empty = safe to apply). */
export function findImportConflicts(doc: Y.Doc, preview: ImportPreview): ImportConflict[] {
  const conflicts: ImportConflict[] = [];
  const liveRows = new Map<string, Set<string>>();
  const live = (sheetId: string): Set<string> => {
    let s = liveRows.get(sheetId);
    if (!s) liveRows.set(sheetId, (s = new Set(listRows(doc, sheetId).map((r) => r.rowId))));
    return s;
  };
  const added = new Set(preview.newRows.map((r) => `${r.sheetId}/${r.rowId}`));
  for (const r of preview.newRows) {
    if (live(r.sheetId).has(r.rowId)) conflicts.push({ sheetId: r.sheetId, rowId: r.rowId, expected: null, actual: null, reason: 'row-exists' });
    if (r.after !== null && !live(r.sheetId).has(r.after) && !added.has(`${r.sheetId}/${r.after}`)) {
      conflicts.push({ sheetId: r.sheetId, rowId: r.after, expected: null, actual: null, reason: 'row-deleted' });
    }
  }
  for (const c of preview.changes) {
    if (added.has(`${c.sheetId}/${c.rowId}`)) continue;
    // A dynamic row deleted since: its cells would be written into a row nobody sees.
    if (c.dynamicRow && !live(c.sheetId).has(c.rowId)) {
      conflicts.push({ sheetId: c.sheetId, rowId: c.rowId, colId: c.colId, expected: c.old, actual: null, reason: 'row-deleted' });
      continue;
    }
    const actual = getCell(doc, c) ?? null;
    if (normalizeText(actual) !== normalizeText(c.old)) {
      conflicts.push({ sheetId: c.sheetId, rowId: c.rowId, colId: c.colId, expected: c.old, actual, reason: 'cell-changed' });
    }
  }
  return conflicts;
}

function write(doc: Y.Doc, newRows: readonly ImportNewRow[], changes: readonly ImportCellChange[], origin: unknown): void {
  doc.transact(() => {
    for (const r of newRows) insertRow(doc, r.sheetId, r.rowId, { after: r.after }, origin);
    for (const c of changes) setCell(doc, { sheetId: c.sheetId, rowId: c.rowId, colId: c.colId }, c.new, origin);
  }, origin);
}

/**
 * Applies a preview as one Yjs transaction with `origin`. Refuses (applies nothing) when the
 * document changed under the preview; see {@link findImportConflicts}.
 */
export function applyImport(doc: Y.Doc, preview: ImportPreview, origin?: unknown): ApplyImportResult {
  const conflicts = findImportConflicts(doc, preview);
  if (conflicts.length > 0) return { ok: false, conflicts };
  write(doc, preview.newRows, preview.changes, origin);
  return { ok: true, changedCells: preview.changes.length, addedRows: preview.newRows.length };
}

/**
 * The import as a Yjs update (V1) against `doc`'s current state, computed on a scratch copy; `doc`
 * is not touched. Null when the preview conflicts with the document.
 */
export function importUpdate(doc: Y.Doc, preview: ImportPreview): Uint8Array | null {
  if (findImportConflicts(doc, preview).length > 0) return null;
  const scratch = new Y.Doc();
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(scratch);
    write(scratch, preview.newRows, preview.changes, null);
    return Y.encodeStateAsUpdate(scratch, before);
  } finally {
    scratch.destroy();
  }
}
