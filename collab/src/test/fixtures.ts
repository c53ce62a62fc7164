/** Test templates, schemas and doc builders shared by the collab tests. */
import * as Y from 'yjs';
import type { SchemaLookup, SheetSchema } from '../SheetSchema.ts';
import { initDocument } from '../SheetModel.ts';
import type { DocumentKind } from '../DocumentName.ts';

/** A budget-request style sheet: dynamic rows, input and calculated columns. */
export const dynamicSchema: SheetSchema = {
  templateId: 'budget-request/144@2025-04',
  inputColumns: new Map([
    ['name', 'text'],
    ['code', 'code'],
    ['qty', 'quantity'],
    ['price', 'amount'],
    ['rate', 'percent'],
    ['due', 'date'],
  ]),
  calculatedColumns: new Set(['total']),
  fixedRows: new Set(['header', 'sum']),
  calculatedRows: new Set(['sum']),
  dynamicRows: true,
};

/** A PKFO style sheet: fixed line codes only. */
export const fixedSchema: SheetSchema = {
  templateId: 'pkfo/lines@2025-01',
  inputColumns: new Map([
    ['plan', 'amount'],
    ['note', 'text'],
  ]),
  calculatedColumns: new Set(['delta']),
  fixedRows: new Set(['L010', 'L020', 'L900']),
  calculatedRows: new Set(['L900']),
  dynamicRows: false,
};

export const schemas = new Map<string, SheetSchema>([
  [dynamicSchema.templateId, dynamicSchema],
  [fixedSchema.templateId, fixedSchema],
]);

export const lookup: SchemaLookup = (templateId) => schemas.get(templateId);

export const SERVER_ORIGIN = 'server';

/** A doc as the server creates it: meta + one dynamic sheet `s1` + one fixed sheet `p1`. */
export function buildDocument(
  overrides: { clientID?: number; kind?: DocumentKind; sheets?: Array<{ sheetId: string; templateId: string }> } = {},
): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = overrides.clientID ?? 1;
  initDocument(
    doc,
    {
      kind: overrides.kind ?? 'budget-request',
      sheets: overrides.sheets ?? [
        { sheetId: 's1', templateId: dynamicSchema.templateId },
        { sheetId: 'p1', templateId: fixedSchema.templateId },
      ],
    },
    SERVER_ORIGIN,
  );
  return doc;
}

/** A peer (client) doc synced from `source`, with its own client id. */
export function forkDocument(source: Y.Doc, clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
}

/** Runs `edit` on `doc` and returns the incremental update it produced (one per transaction, merged). */
export function captureUpdate(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const handler = (update: Uint8Array): void => {
    updates.push(update);
  };
  doc.on('update', handler);
  try {
    edit(doc);
  } finally {
    doc.off('update', handler);
  }
  return updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
}

/** Full state of a doc (content and root type names), to prove a validate call left it untouched. */
export function stateOf(doc: Y.Doc): string {
  return `${[...doc.share.keys()].sort().join(',')}|${Y.encodeStateAsUpdate(doc).join(',')}`;
}
