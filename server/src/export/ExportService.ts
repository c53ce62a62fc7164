/**
 * What the HTTP export routes write, and from which state: a document as it is now (the live
 * in-memory Hocuspocus document when it is loaded — newer than the database by up to the store
 * debounce — else the stored state), an approved version from its immutable snapshot (state and
 * the parameters it was computed with, plus the approval sheet: SHA-256 and signatures verified
 * now), and an АБП's consolidated workbook of its subordinates' requests.
 *
 * Access is the one policy (`AccessService`, action `read`); unknown and unreadable things are
 * alike `not-found`, so ids of other institutions cannot be probed.
 */
import type { Writable } from 'node:stream';
import type { Hocuspocus } from '@hocuspocus/server';
import { formatDocumentName } from '@zhospar/collab';
import type { PrismaClient } from '@zhospar/prisma';
import * as Y from 'yjs';
import type { AccessService, AuthenticatedUser } from '../access/AccessService.ts';
import { organisationRelationsFromTree } from '../access/Policy.ts';
import { DocumentNotFoundError, loadDocument, type LoadedDocument } from '../cli/loadDocument.ts';
import type { CollaborationContext } from '../collaboration/CollaborationContext.ts';
import { ApiError } from '../http/ApiError.ts';
import { kindFromDb } from '../routes/documents/documentRoutes.ts';
import type { SignatureService } from '../signatures/SignatureService.ts';
import { parseSnapshotContent } from '../workflow/snapshots.ts';
import { writeWorkbook } from './buildWorkbook.ts';
import { writeConsolidated, type ConsolidatedInstitution } from './buildConsolidated.ts';
import type { ExportApproval, ExportInput, ExportProgress } from './exportTypes.ts';
import type { AmountUnit, ExportLanguage } from './labels.ts';
import { projectForExport } from './projectForExport.ts';

/** Language and unit of an export. */
export interface ExportRequest {
  lang: ExportLanguage;
  unit: AmountUnit;
}

/** An export ready to write: its file name and the writing itself (ends `output`). */
export interface PreparedExport {
  /** File name for Content-Disposition, without path (UTF-8, may contain Cyrillic). */
  fileName: string;
  write(output: Writable, onProgress?: (progress: ExportProgress) => void): Promise<{ cells: number }>;
}

/** Dependencies of {@link ExportService}. */
export interface ExportServiceDeps {
  prisma: PrismaClient;
  access: AccessService;
  hocuspocus: Hocuspocus<CollaborationContext>;
  signatures: SignatureService;
}

/** Consolidated workbook kinds (only budget requests have a summary by specific). */
export type ConsolidatedKind = 'budget-request';

const DB_KINDS: Readonly<Record<ConsolidatedKind, 'BUDGET_REQUEST'>> = { 'budget-request': 'BUDGET_REQUEST' };

/** Prepares exports for HTTP routes and export jobs. */
export class ExportService {
  constructor(private readonly deps: ExportServiceDeps) {}

  /** The document as it is now; `read` required. */
  async document(user: AuthenticatedUser, documentId: string, request: ExportRequest): Promise<PreparedExport> {
    const access = await this.deps.access.documentAccess(user, documentId);
    if (!access?.actions.has('read')) throw new ApiError('not-found');
    const loaded = await this.load(documentId, this.liveState(access.document.kind, documentId));
    // An approved document cannot change any more: its export carries the approval too.
    const approval = access.document.status === 'APPROVED' ? await this.approvalOf(documentId) : undefined;
    const input = this.input(loaded, request, approval ?? undefined);
    return this.prepared(input, fileNameOf(loaded.meta.title, loaded.meta.versionNumber));
  }

  /** An approved version from its immutable snapshot; `read` on its document required. */
  async snapshot(user: AuthenticatedUser, snapshotId: string, request: ExportRequest): Promise<PreparedExport> {
    const snapshot = await this.deps.prisma.documentSnapshot.findUnique({
      where: { id: snapshotId },
      select: { documentId: true, yjsState: true, canonicalJson: true },
    });
    if (!snapshot) throw new ApiError('not-found');
    const access = await this.deps.access.documentAccess(user, snapshot.documentId);
    if (!access?.actions.has('read')) throw new ApiError('not-found');
    const loaded = await this.load(snapshot.documentId, snapshot.yjsState);
    // The values of an approved version are those computed with the parameters of its approval.
    loaded.parameters = parseSnapshotContent(snapshot.canonicalJson).parameters;
    loaded.meta.status = 'APPROVED';
    const approval = await this.approvalOf(snapshot.documentId);
    const input = this.input(loaded, request, approval ?? undefined);
    return this.prepared(input, fileNameOf(loaded.meta.title, loaded.meta.versionNumber, true));
  }

  /**
   * An АБП's consolidated workbook: the latest version of every subordinate institution's document
   * of `kind` in the round that the user may read, one sheet each, and a «Свод» of live sums.
   * Unknown organisations and organisations the user cannot read are `not-found`.
   */
  async consolidated(
    user: AuthenticatedUser,
    organisationId: string,
    roundId: string | undefined,
    kind: ConsolidatedKind,
    request: ExportRequest,
  ): Promise<PreparedExport> {
    const { prisma, access } = this.deps;
    const organisations = await prisma.organisation.findMany({ select: { id: true, parentId: true, code: true, bin: true, nameRu: true, nameKk: true } });
    const organisation = organisations.find((o) => o.id === organisationId);
    if (!organisation || !(await access.readableOrganisationIds(user)).includes(organisationId)) throw new ApiError('not-found');
    const round = roundId
      ? await prisma.planningRound.findUnique({ where: { id: roundId }, select: { id: true, currentYear: true, firstPlanYear: true, lastPlanYear: true } })
      : await prisma.planningRound.findFirst({ orderBy: [{ firstPlanYear: 'desc' }], select: { id: true, currentYear: true, firstPlanYear: true, lastPlanYear: true } });
    if (!round) throw new ApiError('not-found');
    const relations = organisationRelationsFromTree(new Map(organisations.map((o) => [o.id, o.parentId])));
    const subordinates = organisations.filter((o) => relations.relation(organisationId, o.id) === 'subordinate');
    const documents = await prisma.document.findMany({
      where: { organisationId: { in: subordinates.map((o) => o.id) }, roundId: round.id, kind: DB_KINDS[kind] },
      select: { id: true, organisationId: true, programCode: true, subprogramCode: true, versionNumber: true, status: true, title: true },
      orderBy: [{ versionNumber: 'desc' }, { createdAt: 'desc' }],
    });
    // The latest version of each institution's request per program (versions share the program).
    const latest = new Map<string, (typeof documents)[number]>();
    for (const d of documents) {
      const key = `${d.organisationId}/${d.programCode}/${d.subprogramCode ?? ''}`;
      if (!latest.has(key)) latest.set(key, d);
    }
    const byOrganisation = new Map(subordinates.map((o) => [o.id, o]));
    const chosen = [...latest.values()].sort((a, b) => {
      const ca = byOrganisation.get(a.organisationId)?.code ?? '';
      const cb = byOrganisation.get(b.organisationId)?.code ?? '';
      return ca === cb ? a.programCode.localeCompare(b.programCode) : ca.localeCompare(cb);
    });
    const institutions: ConsolidatedInstitution[] = [];
    for (const d of chosen) {
      const found = await access.documentAccess(user, d.id);
      if (!found?.actions.has('read')) continue; // the policy decides, document by document
      const org = byOrganisation.get(d.organisationId);
      if (!org) continue;
      const loaded = await this.load(d.id, this.liveState(found.document.kind, d.id));
      institutions.push({
        documentId: d.id,
        code: org.code,
        bin: org.bin,
        name: { ru: org.nameRu, kk: org.nameKk },
        documentTitle: d.title,
        programCode: d.programCode,
        subprogramCode: d.subprogramCode,
        status: d.status,
        versionNumber: d.versionNumber,
        projection: projectForExport(loaded.doc),
        parameters: loaded.parameters,
      });
      loaded.doc.destroy();
    }
    return {
      fileName: safeFileName(`${request.lang === 'kk' ? 'Жиынтық' : 'Свод'} ${organisation.code} ${round.firstPlanYear}-${round.lastPlanYear}.xlsx`),
      write: async (output, onProgress) => {
        const summary = await writeConsolidated(
          {
            administrator: { code: organisation.code, bin: organisation.bin, name: { ru: organisation.nameRu, kk: organisation.nameKk } },
            round,
            institutions,
            lang: request.lang,
            unit: request.unit,
            exportedAt: new Date(),
          },
          output,
          onProgress,
        );
        return { cells: summary.cells };
      },
    };
  }

  /** Encoded state of the loaded Hocuspocus document, or null when it is not in memory. */
  liveState(dbKind: string, documentId: string): Uint8Array | null {
    const document = this.deps.hocuspocus.documents.get(formatDocumentName(kindFromDb(dbKind), documentId));
    return document && !document.isLoading ? Y.encodeStateAsUpdate(document) : null;
  }

  private async load(documentId: string, state: Uint8Array | null): Promise<LoadedDocument> {
    try {
      return await loadDocument(this.deps.prisma, documentId, { state });
    } catch (error) {
      if (error instanceof DocumentNotFoundError) throw new ApiError('not-found');
      throw error;
    }
  }

  private input(loaded: LoadedDocument, request: ExportRequest, approval: ExportApproval | undefined): ExportInput {
    return {
      meta: loaded.meta,
      projection: projectForExport(loaded.doc),
      parameters: loaded.parameters,
      lang: request.lang,
      unit: request.unit,
      exportedAt: new Date(),
      ...(approval ? { approval } : {}),
    };
  }

  private prepared(input: ExportInput, fileName: string): PreparedExport {
    return {
      fileName,
      write: async (output, onProgress) => {
        const summary = await writeWorkbook(input, output, onProgress ? { onProgress } : {});
        return { cells: summary.cells };
      },
    };
  }

  /** Hash, approver and signatures (each verified now by the signature service) of the snapshot. */
  private async approvalOf(documentId: string): Promise<ExportApproval | null> {
    const snapshot = await this.deps.prisma.documentSnapshot.findUnique({
      where: { documentId },
      select: { id: true, sha256: true, createdAt: true, approvedBy: { select: { fullName: true } } },
    });
    if (!snapshot) return null;
    const verifications = (await this.deps.signatures.listFor(documentId)).filter((v) => v.snapshotId === snapshot.id);
    const values = new Map(
      (await this.deps.prisma.signature.findMany({ where: { snapshotId: snapshot.id }, select: { id: true, value: true } })).map((s) => [s.id, s.value]),
    );
    return {
      snapshotHash: snapshot.sha256,
      approvedAt: snapshot.createdAt.toISOString(),
      approvedBy: snapshot.approvedBy.fullName,
      signatures: verifications.map((v) => ({
        signer: v.signer.fullName,
        iin: v.signer.iin,
        signedAt: v.signedAt,
        algorithm: v.scheme,
        signature: values.get(v.signatureId) ?? '',
        valid: v.valid,
      })),
    };
  }
}

/** A file name for a download: no path separators or characters Windows refuses, ≤ 150 chars. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/\s+/g, ' ').trim();
  if (cleaned.length <= 150) return cleaned || 'export.xlsx';
  const ext = cleaned.endsWith('.xlsx') ? '.xlsx' : '';
  return `${cleaned.slice(0, 150 - ext.length).trim()}${ext}`;
}

function fileNameOf(title: string, versionNumber: number | undefined, approved = false): string {
  const version = versionNumber !== undefined && versionNumber > 1 ? ` v${versionNumber}` : '';
  return safeFileName(`${title}${version}${approved ? ' (утвержден)' : ''}.xlsx`);
}

/** `Content-Disposition` for a download: an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
