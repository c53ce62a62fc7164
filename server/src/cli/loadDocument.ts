/**
 * Loads a document from PostgreSQL for export and import: its Yjs state (or, for a document never
 * opened, the content the collaboration server would create — `initDocument` with the kind's
 * default sheets, as PersistenceExtension does), the metadata printed in the form header, and the
 * round's period parameters.
 */
import { initDocument } from '@zhospar/collab';
import type { DocumentKind as CollabKind } from '@zhospar/collab';
import { parsePlanningRoundParameters } from '@zhospar/prisma';
import type { PrismaClient } from '@zhospar/prisma';
import { defaultSheetsFor } from '@zhospar/sheets';
import type { PeriodParameters } from '@zhospar/sheets';
import * as Y from 'yjs';
import type { ExportDocumentMeta } from '../export/exportTypes.ts';
import { periodParametersOf } from '../calculation/periodParameters.ts';

const KINDS: Readonly<Record<string, CollabKind>> = {
  BUDGET_REQUEST: 'budget-request',
  FINANCING_PLAN: 'financing-plan',
  PKFO: 'pkfo',
};

/** A document ready for export or import. */
export interface LoadedDocument {
  doc: Y.Doc;
  meta: ExportDocumentMeta;
  parameters: PeriodParameters;
  /** True when the document had no Yjs state and was built from the default sheets. */
  fresh: boolean;
}

/** Thrown for an unknown document id. */
export class DocumentNotFoundError extends Error {
  constructor(readonly documentId: string) {
    super(`Document ${documentId} not found`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the Yjs state comes from instead of `Document.yjsState`. */
export interface LoadDocumentOptions {
  /**
   * The state to export: the live in-memory document of the collaboration server (newer than the
   * database by up to the store debounce) or an approved snapshot's state.
   */
  state?: Uint8Array | null;
}

/** Reads document `documentId` with its organisation, administrator, round and program names. */
export async function loadDocument(prisma: PrismaClient, documentId: string, options: LoadDocumentOptions = {}): Promise<LoadedDocument> {
  if (!UUID.test(documentId)) throw new DocumentNotFoundError(documentId);
  const row = await prisma.document.findUnique({
    where: { id: documentId },
    include: { organisation: { include: { parent: true } }, round: true },
  });
  if (!row) throw new DocumentNotFoundError(documentId);
  const kind = KINDS[row.kind];
  if (!kind) throw new Error(`Unknown document kind ${row.kind}`);

  const doc = new Y.Doc();
  const state = options.state && options.state.byteLength > 0 ? options.state : row.yjsState;
  const fresh = !state || state.byteLength === 0;
  if (fresh) initDocument(doc, { kind, sheets: defaultSheetsFor(kind) });
  else Y.applyUpdate(doc, state as Uint8Array);

  const org = row.organisation;
  const administrator = org.kind === 'ABP' ? org : org.parent && org.parent.kind === 'ABP' ? org.parent : null;
  const programs = administrator
    ? await prisma.budgetProgram.findMany({ where: { administratorId: administrator.id, code: row.programCode } })
    : [];
  const program = programs.find((p) => p.subprogramCode === null) ?? programs[0];
  const subprogram = row.subprogramCode ? programs.find((p) => p.subprogramCode === row.subprogramCode) : undefined;

  // The server's one mapping of stored round parameters to template parameter ids.
  const parameters = periodParametersOf(parsePlanningRoundParameters(row.round.parameters), row.round.firstPlanYear);
  const meta: ExportDocumentMeta = {
    documentId: row.id,
    kind,
    title: row.title,
    institution: { code: org.code, name: { ru: org.nameRu, kk: org.nameKk } },
    ...(administrator ? { administrator: { code: administrator.code, name: { ru: administrator.nameRu, kk: administrator.nameKk } } } : {}),
    program: { code: row.programCode, ...(program ? { name: { ru: program.nameRu, kk: program.nameKk } } : {}) },
    ...(row.subprogramCode
      ? { subprogram: { code: row.subprogramCode, ...(subprogram ? { name: { ru: subprogram.nameRu, kk: subprogram.nameKk } } : {}) } }
      : {}),
    round: { currentYear: row.round.currentYear, firstPlanYear: row.round.firstPlanYear, lastPlanYear: row.round.lastPlanYear },
    versionKind: row.versionKind,
    versionNumber: row.versionNumber,
    status: row.status,
  };
  return { doc, meta, parameters, fresh };
}
