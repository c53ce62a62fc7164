/**
 * The server side of «загрузка из Excel»: a preview of an uploaded file against the document as it
 * is now (kept per user for {@link PREVIEW_TTL_MS}), then, once the user confirms, the apply — ONE
 * Yjs update to the live Hocuspocus document, so every connected editor receives it at once.
 *
 * Apply goes through what a websocket update goes through: the policy (`edit`, i.e. an editable
 * status), the workflow freeze (no change while a status change is decided — LiveDocuments),
 * `validateUpdate` with the templates' schemas, and the audit log (every changed cell and added
 * row, old → new, with the importing user; `details.source = 'import'`). The update is applied
 * with a Hocuspocus `local` origin whose context names the user, so the store hooks persist it.
 * A preview whose cells changed since (a colleague typed meanwhile) is refused as `import-stale`.
 */
import { randomUUID } from 'node:crypto';
import type { Hocuspocus } from '@hocuspocus/server';
import { cellKey, cellsRootName, formatDocumentName, rowsRootName, validateUpdate, type Change, type SchemaLookup } from '@zhospar/collab';
import type { PrismaClient } from '@zhospar/prisma';
import * as Y from 'yjs';
import type { AccessService, AuthenticatedUser } from '../access/AccessService.ts';
import type { AuditEventInput, AuditLog, AuditValue } from '../audit/AuditLog.ts';
import { DocumentNotFoundError, loadDocument } from '../cli/loadDocument.ts';
import type { CollaborationContext } from '../collaboration/CollaborationContext.ts';
import { projectForExport } from '../export/projectForExport.ts';
import { ApiError, type LocalizedMessage } from '../http/ApiError.ts';
import { kindFromDb } from '../routes/documents/documentRoutes.ts';
import type { LiveDocuments } from '../workflow/LiveDocuments.ts';
import { findImportConflicts, importUpdate, type ImportConflict } from './applyImport.ts';
import type { ImportErrorCode } from './importMessages.ts';
import { previewImport, type ImportCellChange, type ImportPreview } from './previewImport.ts';

/** How long a preview can be applied, ms. */
export const PREVIEW_TTL_MS = 30 * 60_000;
/** Previews kept per user (the oldest goes first). */
const PREVIEWS_PER_USER = 5;
/** Cell changes listed in a preview response (all are applied; the count is exact). */
export const PREVIEW_LISTED_CHANGES = 10_000;
/** The import's update may be far larger than a keystroke's: up to every cell of a 20 MiB file. */
const MAX_IMPORT_UPDATE_BYTES = 256 * 1024 * 1024;

/** A file refused as a whole (nothing stored, nothing changed). */
export class ImportRefusedError extends Error {
  constructor(
    readonly reason: ImportErrorCode,
    readonly localized: LocalizedMessage,
  ) {
    super(localized.ru);
  }
}

/** What the preview route returns. */
export interface ImportPreviewView {
  previewId: string;
  expiresAt: string;
  changes: ImportCellChange[];
  changeCount: number;
  newRows: ImportPreview['newRows'];
  warnings: ImportPreview['warnings'];
  sheets: ImportPreview['sheets'];
}

interface StoredPreview {
  id: string;
  userId: string;
  documentId: string;
  preview: ImportPreview;
  /** State vector of the document the preview was computed against (base64), for diagnostics. */
  stateVector: string;
  expiresAt: number;
}

/** Dependencies of {@link ImportService}. */
export interface ImportServiceDeps {
  prisma: PrismaClient;
  access: AccessService;
  hocuspocus: Hocuspocus<CollaborationContext>;
  live: LiveDocuments;
  audit: AuditLog;
  /** The validation extension's template schemas. */
  lookup: SchemaLookup;
}

/** Previews and applies imports. */
export class ImportService {
  private readonly previews = new Map<string, StoredPreview>();

  constructor(private readonly deps: ImportServiceDeps) {}

  /** Reads `bytes` against the document now; refuses with {@link ImportRefusedError} or ApiError. */
  async preview(user: AuthenticatedUser, documentId: string, bytes: Uint8Array): Promise<ImportPreviewView> {
    const access = await this.editable(user, documentId);
    const name = formatDocumentName(kindFromDb(access.kind), documentId);
    const loadedDoc = this.deps.hocuspocus.documents.get(name);
    const live = loadedDoc && !loadedDoc.isLoading ? Y.encodeStateAsUpdate(loadedDoc) : null;
    let loaded;
    try {
      loaded = await loadDocument(this.deps.prisma, documentId, { state: live });
    } catch (error) {
      if (error instanceof DocumentNotFoundError) throw new ApiError('not-found');
      throw error;
    }
    try {
      const result = await previewImport(bytes, projectForExport(loaded.doc), { documentId });
      if (!result.ok) throw new ImportRefusedError(result.error.code, result.error.message);
      this.sweep();
      const stored: StoredPreview = {
        id: randomUUID(),
        userId: user.id,
        documentId,
        preview: result.preview,
        stateVector: Buffer.from(Y.encodeStateVector(loaded.doc)).toString('base64'),
        expiresAt: Date.now() + PREVIEW_TTL_MS,
      };
      const mine = [...this.previews.values()].filter((p) => p.userId === user.id).sort((a, b) => a.expiresAt - b.expiresAt);
      for (const old of mine.slice(0, Math.max(0, mine.length - PREVIEWS_PER_USER + 1))) this.previews.delete(old.id);
      this.previews.set(stored.id, stored);
      const p = result.preview;
      return {
        previewId: stored.id,
        expiresAt: new Date(stored.expiresAt).toISOString(),
        changes: p.changes.slice(0, PREVIEW_LISTED_CHANGES),
        changeCount: p.changes.length,
        newRows: p.newRows,
        warnings: p.warnings,
        sheets: p.sheets,
      };
    } finally {
      loaded.doc.destroy();
    }
  }

  /**
   * Applies a stored preview to the live document as one validated, audited Yjs update. Returns
   * what changed; refuses with `import-stale` (and the conflicts) when the cells moved on.
   */
  async apply(user: AuthenticatedUser, documentId: string, previewId: string): Promise<{ changedCells: number; addedRows: number }> {
    const stored = this.previews.get(previewId);
    if (!stored || stored.userId !== user.id || stored.documentId !== documentId || stored.expiresAt <= Date.now()) {
      throw new ApiError('import-preview-not-found');
    }
    const { live, hocuspocus } = this.deps;
    const epoch = live.epoch(documentId);
    const access = await this.editable(user, documentId);
    const kind = kindFromDb(access.kind);
    const context: CollaborationContext = { user, documentId, kind, actions: access.actions, workflowEpoch: epoch };
    const connection = await hocuspocus.openDirectConnection(formatDocumentName(kind, documentId), context);
    try {
      const document = connection.document;
      if (!document) throw new ApiError('internal');
      // From here to the apply nothing awaits: a status change either came before (epoch, frozen) or comes after.
      if (live.isFrozen(documentId) || live.epoch(documentId) !== epoch) throw new ApiError('status-conflict');
      const update = importUpdate(document, stored.preview);
      if (!update) throw new ApiError('import-stale', undefined, { conflicts: findImportConflicts(document, stored.preview).slice(0, 100) satisfies ImportConflict[] });
      const validation = validateUpdate(document, update, this.deps.lookup, { maxUpdateBytes: MAX_IMPORT_UPDATE_BYTES });
      if (!validation.ok) {
        console.warn(`[import] update of ${document.name} from ${user.iin} rejected: ${validation.reason} (${validation.detail})`);
        throw new ApiError('import-rejected', validation.reason);
      }
      const events = auditEvents(document, user, documentId, validation.changes, previewId);
      Y.applyUpdate(document, update, { source: 'local', context });
      const occurredAt = new Date();
      for (const event of events) {
        event.occurredAt = occurredAt;
        this.deps.audit.record(event);
      }
      this.previews.delete(previewId);
      return { changedCells: stored.preview.changes.length, addedRows: stored.preview.newRows.length };
    } finally {
      // Stores the document now; unloads it when nobody else has it open.
      await connection.disconnect();
    }
  }

  /** The document's kind when the user may edit it; not-found when unreadable, not-editable otherwise. */
  private async editable(user: AuthenticatedUser, documentId: string): Promise<{ kind: string; actions: CollaborationContext['actions'] }> {
    const access = await this.deps.access.documentAccess(user, documentId);
    if (!access?.actions.has('read')) throw new ApiError('not-found');
    if (!access.actions.has('edit')) throw new ApiError('document-not-editable');
    return { kind: access.document.kind, actions: access.actions };
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, p] of this.previews) if (p.expiresAt <= now) this.previews.delete(id);
  }
}

/** Audit events of the import's changes, old values read from `doc` before the update applies. */
function auditEvents(doc: Y.Doc, user: AuthenticatedUser, documentId: string, changes: readonly Change[], previewId: string): AuditEventInput[] {
  const base = { documentId, userId: user.id, iin: user.iin, occurredAt: new Date(0), details: { source: 'import', previewId } };
  const events: AuditEventInput[] = [];
  for (const change of changes) {
    if (change.type === 'cell') {
      const old = doc.getMap(cellsRootName(change.sheetId)).get(cellKey(change.rowId, change.colId)) as AuditValue | undefined;
      events.push({ ...base, kind: 'CELL', sheetId: change.sheetId, rowId: change.rowId, colId: change.colId, oldValue: old ?? null, newValue: change.value });
    } else if (change.type === 'row-insert') {
      const old = doc.getMap(rowsRootName(change.sheetId)).get(change.rowId) as string | undefined;
      events.push({ ...base, kind: 'ROW_INSERT', sheetId: change.sheetId, rowId: change.rowId, oldValue: old ?? null, newValue: change.order });
    }
  }
  return events;
}
