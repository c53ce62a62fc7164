import type { PrismaClient } from '@zhospar/prisma';
import type { AccessService, AuthenticatedUser } from '../access/AccessService.ts';
import { allowedActions, grantsWithWorkspaceAction, type DocumentStatus } from '../access/Policy.ts';
import { ApiError } from '../http/ApiError.ts';
import { documentInclude, type DocumentRow } from '../routes/documents/documentRoutes.ts';
import type { WorkflowService } from './WorkflowService.ts';

/**
 * Counts open remarks (замечания) per document. The default counts 0; createApp passes the
 * comments projection (server/src/comments/CommentsProjection.ts: open, non-deleted threads).
 */
export interface RemarksCounter {
  openRemarks(documentIds: readonly string[]): Promise<Map<string, number>>;
}

/** The seam until comments exist: no remarks anywhere. */
export const noRemarks: RemarksCounter = {
  async openRemarks(): Promise<Map<string, number>> {
    return new Map();
  },
};

/** One row of the curator's desktop. */
export interface DesktopEntry {
  row: DocumentRow & { versionNumber: number; parentVersionId: string | null };
  actions: string[];
  failingControls: { errors: number; warnings: number };
  openRemarks: number;
}

/**
 * The curator's desktop (рабочий стол куратора): every document of every organisation subordinate
 * to one where the user is a curator or approver, with its status, failed controls (computed on
 * the server from the stored state, cached per stateVersion) and open remarks.
 */
export class DesktopService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
    private readonly workflow: WorkflowService,
    private readonly remarks: RemarksCounter = noRemarks,
  ) {}

  async entries(user: AuthenticatedUser): Promise<DesktopEntry[]> {
    const roots = grantsWithWorkspaceAction(user.grants, 'view-desktop');
    if (roots.length === 0) throw new ApiError('forbidden');
    const relations = await this.access.organisationRelations();
    const organisations = await this.prisma.organisation.findMany({ select: { id: true } });
    const subordinate = organisations.map((o) => o.id).filter((id) => roots.some((root) => relations.relation(root, id) === 'subordinate'));
    const rows = await this.prisma.document.findMany({
      where: { organisationId: { in: subordinate } },
      include: documentInclude,
      orderBy: [{ organisationId: 'asc' }, { updatedAt: 'desc' }, { id: 'asc' }],
    });
    const remarks = await this.remarks.openRemarks(rows.map((r) => r.id));
    const entries: DesktopEntry[] = [];
    for (const row of rows) {
      const actions = allowedActions(user.grants, relations, { organisationId: row.organisationId, status: row.status as DocumentStatus });
      if (!actions.has('read')) continue;
      const controls = await this.workflow.controls(row.id);
      entries.push({
        row,
        actions: [...actions],
        failingControls: { errors: controls.errors, warnings: controls.warnings },
        openRemarks: remarks.get(row.id) ?? 0,
      });
    }
    return entries;
  }
}
