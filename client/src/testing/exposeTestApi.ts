/**
 * `window.__zhospar`: a handle for browser tests. Tests type through the keyboard too; this API
 * locates cells by stable address and reads what the grid shows. Registered while an editor is
 * open; `connectionStatus` reflects the collaboration connection.
 */
import type { FUniver } from '@univerjs/presets';
import type { StoredValue } from '../model/templateTypes';
import type { EditorController } from '../univer/EditorController';
import type { Peer } from '../univer/presence/PresenceController';

export interface ZhosparTestApi {
  univerAPI: FUniver;
  /** 'connecting' | 'connected' | 'synced' | 'reconnecting' | 'protocol-mismatch' | … | 'local' (dev preview). */
  readonly connectionStatus: string;
  documentName: string;
  sheetIds(): string[];
  /** Body row ids of a sheet in grid order (fixed and dynamic rows). */
  rowIds(sheetId: string): string[];
  cellPosition(sheetId: string, rowId: string, colId: string): { row: number; col: number } | null;
  selectCell(sheetId: string, rowId: string, colId: string): boolean;
  /** The stable address of the selected cell. */
  activeCell(): { sheetId: string; rowId: string; colId: string } | null;
  setCellByAddress(sheetId: string, rowId: string, colId: string, value: string | number | null): Promise<boolean>;
  getCellDisplay(sheetId: string, rowId: string, colId: string): string | null;
  getStoredValue(sheetId: string, rowId: string, colId: string): StoredValue | undefined;
  insertRowBelowSelection(): void;
  deleteSelectedRow(): void;
  peers(): Peer[];
  /** `Date.now()` of the user's last change committed to the local Y.Doc (0 before any). */
  lastLocalCommitAt(): number;
  /**
   * Writes a value straight into the local Y.Doc, bypassing the grid and its checks — what a faulty
   * or hostile client could send; tests use it to provoke the server's `update-rejected`.
   */
  rawSetCell(sheetId: string, rowId: string, colId: string, value: string | number): void;
  /** Raw Yjs awareness states, for diagnosing presence. */
  awarenessStates(): Array<[number, Record<string, unknown>]>;
}

declare global {
  interface Window {
    __zhospar?: ZhosparTestApi;
  }
}

/** Exposes the test API for an open editor; returns the function that removes it. */
export function exposeTestApi(controller: EditorController, documentName: string, connectionStatus: () => string): () => void {
  const api: ZhosparTestApi = {
    univerAPI: controller.univerAPI,
    get connectionStatus() {
      return connectionStatus();
    },
    documentName,
    sheetIds: () => controller.binding.sheetIds(),
    rowIds: (sheetId) => controller.binding.layoutOf(sheetId)?.rows.map((r) => r.rowId) ?? [],
    cellPosition: (s, r, c) => controller.cellPosition(s, r, c),
    // As a click would: the cell is selected and the grid has the keyboard.
    selectCell: (s, r, c) => {
      const ok = controller.selectCell(s, r, c);
      if (ok) controller.focusGrid();
      return ok;
    },
    activeCell: () => controller.activeAddress(),
    setCellByAddress: (s, r, c, v) => controller.setCellByAddress(s, r, c, v),
    getCellDisplay: (s, r, c) => controller.getCellDisplay(s, r, c),
    getStoredValue: (s, r, c) => controller.getStoredValue(s, r, c),
    insertRowBelowSelection: () => controller.insertRowBelowSelection(),
    deleteSelectedRow: () => controller.deleteSelectedRow(),
    peers: () => controller.presence?.getPeers() ?? [],
    lastLocalCommitAt: () => controller.lastLocalCommitAt,
    rawSetCell: (s, r, c, v) => controller.rawSetCell(s, r, c, v),
    awarenessStates: () => controller.presence?.rawStates() ?? [],
  };
  window.__zhospar = api;
  return () => {
    if (window.__zhospar === api) delete window.__zhospar;
  };
}
