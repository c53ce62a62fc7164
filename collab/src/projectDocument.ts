import type * as Y from 'yjs';
import type { CellValue } from './DocumentSchema.ts';
import type { SchemaLookup } from './SheetSchema.ts';
import { listSheets, readMeta, readSheet } from './SheetModel.ts';
import type { RowRef } from './SheetModel.ts';

/** Canonical plain-JSON view of one sheet's inputs. */
export interface SheetProjection {
  sheetId: string;
  templateId: string;
  order: string;
  /** Live dynamic rows in display order. */
  rows: RowRef[];
  /** `rowId/colId` → value, keys sorted; cells of deleted rows left out. */
  cells: Record<string, CellValue>;
}

/** Canonical plain-JSON view of a document's inputs (исходные данные документа). */
export interface DocumentProjection {
  schemaVersion: number | null;
  kind: string | null;
  /** Sheets in tab order (order, sheetId). */
  sheets: SheetProjection[];
}

/**
 * Projects all inputs of a doc to plain JSON with a stable order, independent of edit history and
 * of which replica computes it: feed it to `canonicalJson` for snapshot hashes (SHA-256 on the
 * server) and compare replicas in tests. With `lookup`, values outside the template's input cells
 * are dropped; a sheet whose template is unknown keeps its raw inputs.
 */
export function projectDocument(doc: Y.Doc, lookup?: SchemaLookup): DocumentProjection {
  const meta = readMeta(doc);
  const sheets = listSheets(doc).map((sheet): SheetProjection => {
    const schema = lookup?.(sheet.templateId);
    const content = readSheet(doc, sheet.sheetId, schema);
    const cells: Record<string, CellValue> = {};
    for (const [key, value] of content.cells) cells[key] = value;
    return { sheetId: sheet.sheetId, templateId: sheet.templateId, order: sheet.order, rows: content.rows, cells };
  });
  return { schemaVersion: meta.schemaVersion ?? null, kind: meta.kind ?? null, sheets };
}
