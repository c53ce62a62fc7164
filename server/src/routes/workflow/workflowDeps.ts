import type { PrismaClient } from '@zhospar/prisma';
import type { AccessService, AuthenticatedUser, DocumentAccess } from '../../access/AccessService.ts';
import type { AuditQueries } from '../../audit/AuditQueries.ts';
import type { TokenService } from '../../auth/TokenService.ts';
import { ApiError } from '../../http/ApiError.ts';
import type { SignatureService } from '../../signatures/SignatureService.ts';
import type { DesktopService } from '../../workflow/DesktopService.ts';
import type { VersionService } from '../../workflow/VersionService.ts';
import type { WorkflowService } from '../../workflow/WorkflowService.ts';

/** What the workflow, version, signature, audit and desktop routes use. */
export interface WorkflowRouteDeps {
  prisma: PrismaClient;
  tokens: TokenService;
  access: AccessService;
  workflow: WorkflowService;
  versions: VersionService;
  signatures: SignatureService;
  auditQueries: AuditQueries;
  desktop: DesktopService;
}

/** `:id` of a document route. */
export const documentIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

/** The document with the user's actions; unknown and unreadable documents are alike 404 (ids cannot be probed). */
export async function readableDocument(access: AccessService, user: AuthenticatedUser, documentId: string): Promise<DocumentAccess> {
  const found = await access.documentAccess(user, documentId);
  if (!found?.actions.has('read')) throw new ApiError('not-found');
  return found;
}

/** JSON schema of a failed control (formulas ControlResult). */
export const controlSchema = {
  type: 'object',
  required: ['id', 'key', 'severity', 'message', 'cells'],
  properties: {
    id: { type: 'string' },
    key: { type: 'string' },
    severity: { type: 'string', enum: ['error', 'warning'] },
    message: { type: 'object', required: ['ru', 'kk'], properties: { ru: { type: 'string' }, kk: { type: 'string' } } },
    cells: {
      type: 'array',
      items: {
        type: 'object',
        required: ['sheetId', 'rowId', 'colId'],
        properties: { sheetId: { type: 'string' }, rowId: { type: 'string' }, colId: { type: 'string' } },
      },
    },
  },
} as const;

/** JSON schema of a person as workflow responses show them. */
export const actorSchema = {
  type: 'object',
  required: ['id', 'iin', 'fullName'],
  properties: { id: { type: 'string' }, iin: { type: 'string' }, fullName: { type: 'string' } },
} as const;

export const transitionSchema = {
  type: 'object',
  required: ['id', 'from', 'to', 'reason', 'at', 'by'],
  properties: {
    id: { type: 'string' },
    from: { type: 'string', enum: ['IN_WORK', 'SUBMITTED', 'RETURNED', 'APPROVED'] },
    to: { type: 'string', enum: ['IN_WORK', 'SUBMITTED', 'RETURNED', 'APPROVED'] },
    reason: { type: ['string', 'null'] },
    at: { type: 'string', format: 'date-time' },
    by: actorSchema,
  },
} as const;

export const snapshotRefSchema = {
  type: ['object', 'null'],
  required: ['id', 'sha256', 'createdAt'],
  properties: { id: { type: 'string' }, sha256: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } },
} as const;
