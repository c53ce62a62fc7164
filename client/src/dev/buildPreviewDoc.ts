/**
 * Development only: a local document for `#/dev/editor-preview`, built from the real templates of
 * `@zhospar/sheets` the way the server would (collab's `initDocument`), plus a "peer" Y.Doc wired
 * to it so remote edits, row inserts and presence can be tried without a server.
 */
import * as Y from 'yjs';
import { deleteRow, initDocument, insertRow, listRows, setCell } from '@zhospar/collab';
import { defaultSheetsFor, getTemplate } from '@zhospar/sheets';
import type { ColumnLike } from '../model/templateTypes';

const SEED = 'dev-seed';

function sampleValue(col: ColumnLike, i: number): string | number | null {
  switch (col.valueType) {
    case 'amount':
      return [125000, 98450.5, 1234567.25][i % 3] ?? 0;
    case 'quantity':
      return [12, 4, 30][i % 3] ?? 1;
    case 'percent':
      return [12.5, 20, 5][i % 3] ?? 0;
    case 'text':
      return ['Тойота Камри', 'Газель NEXT', 'Лада Ларгус'][i % 3] ?? '';
    case 'code':
      return ['0101', '0202', '0303'][i % 3] ?? '';
    case 'date':
      return '2025-04-01';
  }
}

export interface PreviewDocs {
  doc: Y.Doc;
  peer: Y.Doc;
  documentName: string;
}

/** A budget request with a few rows on every sheet that has a dynamic section. */
export function buildPreviewDocs(): PreviewDocs {
  const doc = new Y.Doc();
  const sheets = defaultSheetsFor('budget-request');
  initDocument(doc, { kind: 'budget-request', sheets }, SEED);
  for (const { sheetId, templateId } of sheets) {
    const template = getTemplate(templateId);
    if (template === undefined || !template.rows.some((r) => r.kind === 'dynamic')) continue;
    for (let i = 0; i < 3; i++) {
      const rowId = `p${i + 1}`;
      insertRow(doc, sheetId, rowId, {}, SEED);
      for (const col of template.columns) {
        if (col.kind !== 'input') continue;
        const v = sampleValue(col, i);
        if (v !== null) setCell(doc, { sheetId, rowId, colId: col.id }, v, SEED);
      }
    }
  }
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc), 'main');
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'peer') Y.applyUpdate(peer, update, 'main');
  });
  peer.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'main') Y.applyUpdate(doc, update, 'peer');
  });
  return { doc, peer, documentName: 'budget-request.00000000-0000-4000-8000-000000000000' };
}

/** Edits made "by another person" on the peer doc (for trying the inbound path by hand or in tests). */
export interface DevPeerApi {
  setCell(sheetId: string, rowId: string, colId: string, value: string | number | null): void;
  insertRowAfter(sheetId: string, afterRowId: string | null, rowId: string): void;
  deleteRow(sheetId: string, rowId: string): void;
  rows(sheetId: string): string[];
  moveCursor(sheetId: string, rowId: string, colId: string): void;
}

export function createDevPeerApi(peer: Y.Doc, moveCursor: DevPeerApi['moveCursor']): DevPeerApi {
  return {
    setCell: (sheetId, rowId, colId, value) => setCell(peer, { sheetId, rowId, colId }, value, 'peer-user'),
    insertRowAfter: (sheetId, afterRowId, rowId) => void insertRow(peer, sheetId, rowId, afterRowId === null ? { after: null } : { after: afterRowId }, 'peer-user'),
    deleteRow: (sheetId, rowId) => void deleteRow(peer, sheetId, rowId, 'peer-user'),
    rows: (sheetId) => listRows(peer, sheetId).map((r) => r.rowId),
    moveCursor,
  };
}
