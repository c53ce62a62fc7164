import type { PrismaClient, VersionKind } from '@zhospar/prisma';
import { toBytes } from '@zhospar/prisma';
import type { AccessService, AuthenticatedUser } from '../access/AccessService.ts';
import type { DocumentStatus } from '../access/Policy.ts';
import { toRow } from '../audit/AuditLog.ts';
import type { WorkspaceEvents } from '../events/WorkspaceEvents.ts';
import { ApiError } from '../http/ApiError.ts';
import { kindFromDb } from '../routes/documents/documentRoutes.ts';
import { buildDocumentFromInputs } from './buildDocumentFromInputs.ts';
import { calculateDocument, docFromState, roundParameters } from './calculateDocument.ts';
import { diffDocuments, type CellDiff, type VersionValues } from './diffDocuments.ts';
import type { KeyedMutex } from './KeyedMutex.ts';
import { parseSnapshotContent } from './snapshots.ts';
import { initialState, lockDocument } from './WorkflowService.ts';

/** The kind of the version that follows an approved one: план → уточнение → корректировка (→ корректировка). */
export const NEXT_VERSION_KIND: Readonly<Record<VersionKind, VersionKind>> = {
  PLAN: 'CLARIFICATION',
  CLARIFICATION: 'CORRECTION',
  CORRECTION: 'CORRECTION',
  FORECAST: 'CORRECTION',
  REPORT: 'CORRECTION',
};

/** One version in a chain. */
export interface VersionView {
  id: string;
  versionNumber: number;
  versionKind: string;
  status: DocumentStatus;
  parentVersionId: string | null;
  title: string;
  createdAt: string;
  snapshot: { id: string; sha256: string; createdAt: string } | null;
}

/** Differences between two versions. */
export interface VersionDiff {
  from: { id: string; versionNumber: number; versionKind: string; source: 'snapshot' | 'current' };
  to: { id: string; versionNumber: number; versionKind: string; source: 'snapshot' | 'current' };
  changes: CellDiff[];
}

/**
 * Versions of a document (версии: план, уточнение, корректировка): the next version starts from
 * the approved snapshot's inputs as a new Document row, and any two versions can be compared cell
 * by cell (inputs and computed values).
 */
export class VersionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
    private readonly locks: KeyedMutex,
    private readonly events: WorkspaceEvents,
  ) {}

  /** Creates the next version of an approved document; at most one per approved version. */
  async createNext(user: AuthenticatedUser, documentId: string): Promise<string> {
    return this.locks.run(documentId, async () => {
      const access = await this.access.documentAccess(user, documentId);
      if (!access?.actions.has('read')) throw new ApiError('not-found');
      if (!access.actions.has('create-version')) {
        throw new ApiError(access.document.status === 'APPROVED' ? 'forbidden' : 'status-conflict', `status ${access.document.status}`);
      }
      const created = await this.prisma.$transaction(async (tx) => {
        const parent = await lockDocument(tx, documentId);
        if (parent.status !== 'APPROVED') throw new ApiError('status-conflict', `status ${parent.status}`);
        const existing = await tx.document.findFirst({ where: { parentVersionId: documentId }, select: { id: true } });
        if (existing) throw new ApiError('version-exists', existing.id);
        const snapshot = await tx.documentSnapshot.findUnique({ where: { documentId } });
        if (!snapshot) throw new ApiError('no-snapshot');
        const content = parseSnapshotContent(snapshot.canonicalJson);
        const kind = kindFromDb(parent.kind);
        const state = buildDocumentFromInputs(kind, content.inputs);
        const now = new Date();
        const child = await tx.document.create({
          data: {
            kind: parent.kind,
            organisationId: parent.organisationId,
            roundId: parent.roundId,
            programCode: parent.programCode,
            subprogramCode: parent.subprogramCode,
            versionKind: NEXT_VERSION_KIND[parent.versionKind],
            versionNumber: parent.versionNumber + 1,
            parentVersionId: parent.id,
            status: 'IN_WORK',
            title: parent.title,
            yjsState: toBytes(state),
            stateVersion: 1,
          },
        });
        await tx.auditEvent.create({
          data: toRow({
            kind: 'VERSION_CREATED',
            documentId: child.id,
            userId: user.id,
            iin: user.iin,
            details: { parentVersionId: parent.id, snapshotId: snapshot.id, sha256: snapshot.sha256, versionNumber: child.versionNumber, versionKind: child.versionKind },
            occurredAt: now,
          }),
        });
        return child;
      });
      void this.events.documentCreated({
        documentId: created.id,
        organisationId: created.organisationId,
        kind: kindFromDb(created.kind),
        title: created.title,
        versionNumber: created.versionNumber,
        versionKind: created.versionKind,
        parentVersionId: created.parentVersionId,
        status: 'IN_WORK',
        at: created.createdAt.toISOString(),
        by: { id: user.id, fullName: user.fullName },
      });
      return created.id;
    });
  }

  /** Every version in the document's chain (from the first plan on), oldest first. */
  async chain(documentId: string): Promise<VersionView[]> {
    let rootId = documentId;
    for (let guard = 0; guard < 1000; guard += 1) {
      const row = await this.prisma.document.findUnique({ where: { id: rootId }, select: { parentVersionId: true } });
      if (!row?.parentVersionId) break;
      rootId = row.parentVersionId;
    }
    const versions: VersionView[] = [];
    let frontier = [rootId];
    while (frontier.length > 0) {
      const rows = await this.prisma.document.findMany({
        where: { id: { in: frontier } },
        include: { snapshot: { select: { id: true, sha256: true, createdAt: true } } },
      });
      for (const row of rows) {
        versions.push({
          id: row.id,
          versionNumber: row.versionNumber,
          versionKind: row.versionKind,
          status: row.status as DocumentStatus,
          parentVersionId: row.parentVersionId,
          title: row.title,
          createdAt: row.createdAt.toISOString(),
          snapshot: row.snapshot ? { ...row.snapshot, createdAt: row.snapshot.createdAt.toISOString() } : null,
        });
      }
      const children = await this.prisma.document.findMany({ where: { parentVersionId: { in: frontier } }, select: { id: true } });
      frontier = children.map((c) => c.id).filter((id) => !versions.some((v) => v.id === id));
    }
    return versions.sort((a, b) => a.versionNumber - b.versionNumber || (a.createdAt < b.createdAt ? -1 : 1));
  }

  /** Cells that differ from version `fromId` to version `toId`. */
  async diff(fromId: string, toId: string): Promise<VersionDiff> {
    const [from, to] = await Promise.all([this.values(fromId), this.values(toId)]);
    return { from: from.header, to: to.header, changes: diffDocuments(from.values, to.values) };
  }

  /** An approved version's values from its snapshot; any other version's from its stored state. */
  private async values(documentId: string): Promise<{ header: VersionDiff['from']; values: VersionValues }> {
    const row = await this.prisma.document.findUniqueOrThrow({
      where: { id: documentId },
      include: { snapshot: true, round: { select: { parameters: true, firstPlanYear: true } } },
    });
    const header = { id: row.id, versionNumber: row.versionNumber, versionKind: row.versionKind };
    if (row.snapshot) {
      const content = parseSnapshotContent(row.snapshot.canonicalJson);
      return { header: { ...header, source: 'snapshot' }, values: { inputs: content.inputs, computed: content.computed } };
    }
    const state = row.yjsState ? new Uint8Array(row.yjsState) : initialState(kindFromDb(row.kind));
    const doc = docFromState(state);
    try {
      const calculation = calculateDocument(doc, roundParameters(row.round));
      return { header: { ...header, source: 'current' }, values: { inputs: calculation.inputs, computed: calculation.computed } };
    } finally {
      doc.destroy();
    }
  }
}
