import { initDocument, type DocumentKind } from '@zhospar/collab';
import type { ControlResult } from '@zhospar/formulas';
import { Prisma, toBytes, type DocumentKind as DbDocumentKind, type PrismaClient, type VersionKind } from '@zhospar/prisma';
import { defaultSheetsFor, type PeriodParameters } from '@zhospar/sheets';
import * as Y from 'yjs';
import type { AccessService, AuthenticatedUser } from '../access/AccessService.ts';
import { ALL_STATUSES, allowedActions, type Action, type DocumentStatus } from '../access/Policy.ts';
import { toRow } from '../audit/AuditLog.ts';
import type { WorkspaceEvents } from '../events/WorkspaceEvents.ts';
import { ApiError } from '../http/ApiError.ts';
import { pauseMs, testPause } from '../reliability/testPause.ts';
import { kindFromDb } from '../routes/documents/documentRoutes.ts';
import { calculateDocument, countControls, docFromState, roundParameters } from './calculateDocument.ts';
import { KeyedMutex } from './KeyedMutex.ts';
import type { LiveDocuments } from './LiveDocuments.ts';
import { buildSnapshot, type SnapshotContent } from './snapshots.ts';
import type { OpenThreadsReader } from '../comments/CommentsProjection.ts';

/** Until a comments feature is wired in: no open threads to record at approval. */
const noOpenThreads: OpenThreadsReader = { openThreadIds: async () => [] };
import { nextStatus, type TransitionAction } from './StatusMachine.ts';

/** A transition as the API shows it. */
export interface TransitionView {
  id: string;
  from: DocumentStatus;
  to: DocumentStatus;
  reason: string | null;
  at: string;
  by: { id: string; iin: string; fullName: string };
}

/** Result of a status change. */
export interface TransitionResult {
  documentId: string;
  transition: TransitionView;
  /** The approval snapshot (approve only). */
  snapshot: { id: string; sha256: string; createdAt: string } | null;
  /** Failed controls at the transition (warnings only after a successful submit). */
  controls: ControlResult[];
}

/** Controls of a stored document state. */
export interface ControlsView {
  stateVersion: number;
  parameters: PeriodParameters;
  controls: ControlResult[];
  errors: number;
  warnings: number;
}

/** A document row read under its lock. */
export interface LockedDocument {
  id: string;
  kind: DbDocumentKind;
  organisationId: string;
  roundId: string;
  programCode: string;
  subprogramCode: string | null;
  versionKind: VersionKind;
  versionNumber: number;
  parentVersionId: string | null;
  title: string;
  status: DocumentStatus;
  yjsState: Uint8Array | null;
  stateVersion: number;
}

/**
 * The status machine in action (DOMAIN.md §4): submit («отправить на проверку»), return
 * («вернуть на доработку», reason required) and approve («утвердить»).
 *
 * Each change is decided with the document frozen (LiveDocuments: open connections read-only, the
 * live state in hand), inside one database transaction that locks the document row, re-checks the
 * status, computes controls with `formulas` (submission is refused while an error-level control
 * fails), stores the live state, writes the snapshot (approval), the transition and its audit
 * event. Only after the commit are open editors switched and workspace events sent.
 */
export class WorkflowService {
  private readonly locks = new KeyedMutex();
  private readonly controlsCache = new Map<string, { stateVersion: number; view: ControlsView }>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
    private readonly live: LiveDocuments,
    private readonly events: WorkspaceEvents,
    /** Open remark threads (замечания) recorded with the approval snapshot. */
    private readonly openThreads: OpenThreadsReader = noOpenThreads,
  ) {}

  /** The per-document lock, shared with version creation. */
  get documentLocks(): KeyedMutex {
    return this.locks;
  }

  /** Applies `action` to the document for `user`, or throws an ApiError saying why not. */
  async transition(user: AuthenticatedUser, documentId: string, action: TransitionAction, reason?: string): Promise<TransitionResult> {
    const trimmedReason = reason?.trim() ?? '';
    if (action === 'return' && trimmedReason === '') throw new ApiError('reason-required');
    return this.locks.run(documentId, async () => {
      const access = await this.access.documentAccess(user, documentId);
      if (!access?.actions.has('read')) throw new ApiError('not-found');
      await this.assertMay(user, access.document, action);
      const kind = kindFromDb(access.document.kind);
      const decided = await this.live.freeze(kind, documentId, (liveState) =>
        this.decide(user, documentId, action, action === 'return' ? trimmedReason : null, liveState),
      );
      await this.live.publishStatus(kind, decided.document, decided.result.transition.to, decided.result.transition.reason);
      const counts = decided.counted ? countControls(decided.result.controls) : null;
      void this.events.statusChanged({
        documentId,
        organisationId: decided.document.organisationId,
        kind,
        title: decided.document.title,
        versionNumber: decided.document.versionNumber,
        from: decided.result.transition.from,
        to: decided.result.transition.to,
        reason: decided.result.transition.reason,
        at: decided.result.transition.at,
        by: { id: user.id, fullName: user.fullName },
        failingControls: counts,
      });
      return decided.result;
    });
  }

  /** Failed controls of the stored state, computed once per `stateVersion`. */
  async controls(documentId: string): Promise<ControlsView> {
    const row = await this.prisma.document.findUniqueOrThrow({
      where: { id: documentId },
      select: { kind: true, stateVersion: true, yjsState: true, round: { select: { parameters: true, firstPlanYear: true } } },
    });
    const cached = this.controlsCache.get(documentId);
    if (cached && cached.stateVersion === row.stateVersion) return cached.view;
    const parameters = roundParameters(row.round);
    const state = row.yjsState ? new Uint8Array(row.yjsState) : initialState(kindFromDb(row.kind));
    const doc = docFromState(state);
    try {
      const { controls } = calculateDocument(doc, parameters);
      const view: ControlsView = { stateVersion: row.stateVersion, parameters, controls, ...countControls(controls) };
      this.controlsCache.set(documentId, { stateVersion: row.stateVersion, view });
      return view;
    } finally {
      doc.destroy();
    }
  }

  /** Transitions of a document, oldest first. */
  async history(documentId: string): Promise<TransitionView[]> {
    const rows = await this.prisma.documentTransition.findMany({
      where: { documentId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      include: { user: { select: { id: true, iin: true, fullName: true } } },
    });
    return rows.map((row) => ({
      id: row.id,
      from: row.fromStatus,
      to: row.toStatus,
      reason: row.reason,
      at: row.createdAt.toISOString(),
      by: row.user,
    }));
  }

  /** 403 when no status would let the user do `action`, 409 when only the current status stands in the way. */
  private async assertMay(
    user: AuthenticatedUser,
    document: { organisationId: string; status: DocumentStatus },
    action: Action,
  ): Promise<void> {
    const relations = await this.access.organisationRelations();
    if (allowedActions(user.grants, relations, document).has(action)) return;
    const somewhere = ALL_STATUSES.some((status) => allowedActions(user.grants, relations, { organisationId: document.organisationId, status }).has(action));
    throw new ApiError(somewhere ? 'status-conflict' : 'forbidden', `status ${document.status}`);
  }

  private async decide(
    user: AuthenticatedUser,
    documentId: string,
    action: TransitionAction,
    reason: string | null,
    liveState: Uint8Array | null,
  ): Promise<{ result: TransitionResult; document: LockedDocument; counted: boolean }> {
    try {
      return await this.prisma.$transaction(
        async (tx) => {
          const locked = await lockDocument(tx, documentId);
          const relations = await this.access.organisationRelations();
          if (!allowedActions(user.grants, relations, locked).has(action)) throw new ApiError('status-conflict', `status ${locked.status}`);
          const to = nextStatus(action, locked.status);
          if (!to) throw new ApiError('status-conflict', `status ${locked.status}`);

          const kind = kindFromDb(locked.kind);
          const stored = locked.yjsState ? new Uint8Array(locked.yjsState) : null;
          const state = liveState ?? stored ?? initialState(kind);
          const stateChanged = !stored || !sameBytes(state, stored);
          const round = await tx.planningRound.findUniqueOrThrow({
            where: { id: locked.roundId },
            select: { parameters: true, firstPlanYear: true },
          });
          const parameters = roundParameters(round);
          const now = new Date();
          const stateVersion = locked.stateVersion + (stateChanged ? 1 : 0);

          let controls: ControlResult[] = [];
          let snapshot: TransitionResult['snapshot'] = null;
          if (action === 'submit') {
            const doc = docFromState(state);
            try {
              controls = calculateDocument(doc, parameters).controls;
            } finally {
              doc.destroy();
            }
            const errors = controls.filter((c) => c.severity === 'error');
            if (errors.length > 0) throw new ApiError('controls-failed', `${errors.length} error-level controls fail`, { controls });
          }
          if (action === 'approve') {
            const built = buildSnapshot(snapshotHeader(locked), state, parameters);
            controls = built.controls;
            const openThreadIds = await this.openThreads.openThreadIds(documentId);
            const row = await tx.documentSnapshot.create({
              data: {
                documentId,
                canonicalJson: built.canonicalJson,
                sha256: built.sha256,
                yjsState: toBytes(state),
                stateVersion,
                approvedById: user.id,
                openThreadIds,
                createdAt: now,
              },
            });
            snapshot = { id: row.id, sha256: row.sha256, createdAt: row.createdAt.toISOString() };
          }

          await tx.document.update({
            where: { id: documentId },
            data: { status: to, ...(stateChanged ? { yjsState: toBytes(state), stateVersion } : {}) },
          });
          const transition = await tx.documentTransition.create({
            data: { documentId, fromStatus: locked.status, toStatus: to, userId: user.id, iin: user.iin, reason, createdAt: now },
          });
          await tx.auditEvent.create({
            data: toRow({
              kind: 'TRANSITION',
              documentId,
              userId: user.id,
              iin: user.iin,
              oldValue: locked.status,
              newValue: to,
              reason,
              details: { action, transitionId: transition.id, ...(snapshot ? { snapshotId: snapshot.id, sha256: snapshot.sha256 } : {}) },
              occurredAt: now,
            }),
          });
          await testPause('approval', documentId);
          return {
            document: { ...locked, status: to },
            counted: action !== 'return',
            result: {
              documentId,
              transition: {
                id: transition.id,
                from: locked.status,
                to,
                reason,
                at: now.toISOString(),
                by: { id: user.id, iin: user.iin, fullName: user.fullName },
              },
              snapshot,
              controls,
            },
          };
        },
        { timeout: pauseMs('approval') > 0 ? 10 * 60_000 : 30_000, maxWait: 10_000 },
      );
    } catch (error) {
      // Another process approved first: the snapshot is unique per document.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ApiError('status-conflict');
      throw error;
    }
  }
}

/** Locks the document row for the rest of the transaction and reads it. */
export async function lockDocument(tx: Prisma.TransactionClient, documentId: string): Promise<LockedDocument> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Document" WHERE "id" = ${documentId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new ApiError('not-found');
  const row = await tx.document.findUniqueOrThrow({ where: { id: documentId } });
  return { ...row, status: row.status as DocumentStatus, yjsState: row.yjsState ? new Uint8Array(row.yjsState) : null };
}

/** The header of a snapshot: what identifies the approved document. */
export function snapshotHeader(document: LockedDocument): SnapshotContent['document'] {
  return {
    id: document.id,
    kind: kindFromDb(document.kind),
    organisationId: document.organisationId,
    roundId: document.roundId,
    programCode: document.programCode,
    subprogramCode: document.subprogramCode,
    versionKind: document.versionKind,
    versionNumber: document.versionNumber,
    parentVersionId: document.parentVersionId,
    title: document.title,
  };
}

/** The content a document gets from its templates before anyone opened it (as PersistenceExtension makes it). */
export function initialState(kind: DocumentKind): Uint8Array {
  const doc = new Y.Doc();
  try {
    initDocument(doc, { kind, sheets: defaultSheetsFor(kind) });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
