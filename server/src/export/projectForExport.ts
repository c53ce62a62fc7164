/**
 * The document's inputs as the export and import see them: collab's canonical projection with the
 * template schemas, so values outside input cells (stale, or of deleted rows) never reach a file.
 */
import { projectDocument } from '@zhospar/collab';
import type { DocumentProjection, SheetSchema } from '@zhospar/collab';
import { getTemplate, inputSchemaOf } from '@zhospar/sheets';
import type { SheetTemplate } from '@zhospar/sheets';
import type * as Y from 'yjs';

/** Input schema of a template id, or undefined when the catalogue does not know it. */
export function schemaLookup(lookup: (id: string) => SheetTemplate | undefined = getTemplate): (id: string) => SheetSchema | undefined {
  const cache = new Map<string, SheetSchema | undefined>();
  return (id) => {
    if (!cache.has(id)) {
      const t = lookup(id);
      cache.set(id, t ? inputSchemaOf(t) : undefined);
    }
    return cache.get(id);
  };
}

/** Canonical inputs of a Y.Doc, filtered by the template schemas (collab [D9]). */
export function projectForExport(doc: Y.Doc, lookup?: (id: string) => SheetTemplate | undefined): DocumentProjection {
  return projectDocument(doc, schemaLookup(lookup));
}
