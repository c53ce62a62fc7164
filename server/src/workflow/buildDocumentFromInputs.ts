import { addSheet, cellsRootName, initDocument, rowsRootName, type DocumentKind, type DocumentProjection } from '@zhospar/collab';
import * as Y from 'yjs';

/**
 * A fresh Y.Doc holding exactly `inputs` (collab [D1]–[D9]): the next version starts from the
 * approved snapshot's inputs with a new history, not from a byte copy of the old document (whose
 * tombstones and client ids belong to the old version). Sheet and row order keys are kept, so
 * the projection of the new doc equals `inputs`.
 */
export function buildDocumentFromInputs(kind: DocumentKind, inputs: DocumentProjection): Uint8Array {
  const doc = new Y.Doc();
  try {
    initDocument(doc, { kind, sheets: [] });
    for (const sheet of inputs.sheets) {
      addSheet(doc, { sheetId: sheet.sheetId, templateId: sheet.templateId, order: sheet.order });
      doc.transact(() => {
        const rows = doc.getMap<string>(rowsRootName(sheet.sheetId));
        for (const row of sheet.rows) rows.set(row.rowId, row.order);
        const cells = doc.getMap<string | number | boolean>(cellsRootName(sheet.sheetId));
        for (const [key, value] of Object.entries(sheet.cells)) cells.set(key, value);
      });
    }
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
