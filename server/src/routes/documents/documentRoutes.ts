import type { FastifyInstance } from 'fastify';
import { formatDocumentName, type DocumentKind } from '@zhospar/collab';
import type { PrismaClient } from '@zhospar/prisma';
import type { AccessService } from '../../access/AccessService.ts';
import { ALL_ACTIONS } from '../../access/Policy.ts';
import type { TokenService } from '../../auth/TokenService.ts';
import { createDocumentRoute } from './createDocumentRoute.ts';
import { loadPeriodParameters } from '../../calculation/calculateDocument.ts';
import { ApiError, apiErrorSchema } from '../../http/ApiError.ts';
import { currentUser, requireUser } from '../../http/authenticate.ts';

/** JSON schema of a document as the API shows it (shared by workflow and version routes). */
export const documentSchema = {
  type: 'object',
  required: ['id', 'kind', 'title', 'status', 'versionKind', 'programCode', 'organisation', 'round', 'collabName', 'actions', 'updatedAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: ['budget-request', 'financing-plan', 'pkfo'] },
    title: { type: 'string' },
    status: { type: 'string', enum: ['IN_WORK', 'SUBMITTED', 'RETURNED', 'APPROVED'] },
    versionKind: { type: 'string' },
    programCode: { type: 'string' },
    subprogramCode: { type: ['string', 'null'] },
    organisation: {
      type: 'object',
      required: ['id', 'nameRu', 'nameKk'],
      properties: { id: { type: 'string' }, nameRu: { type: 'string' }, nameKk: { type: 'string' } },
    },
    round: {
      type: 'object',
      required: ['id', 'name', 'firstPlanYear', 'lastPlanYear'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        firstPlanYear: { type: 'integer' },
        lastPlanYear: { type: 'integer' },
      },
    },
    collabName: { type: 'string', description: 'Hocuspocus document name, `<kind>.<id>`' },
    actions: { type: 'array', items: { type: 'string', enum: [...ALL_ACTIONS] } },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** Relations `presentDocument` needs. */
export const documentInclude = {
  organisation: { select: { id: true, nameRu: true, nameKk: true } },
  round: { select: { id: true, name: true, firstPlanYear: true, lastPlanYear: true } },
} as const;

/** Hocuspocus kind of a database document kind. */
export function kindFromDb(kind: string): DocumentKind {
  return kind.toLowerCase().replace(/_/g, '-') as DocumentKind;
}

/** Documents the user may read. */
export async function documentRoutes(
  app: FastifyInstance,
  deps: { prisma: PrismaClient; tokens: TokenService; access: AccessService },
): Promise<void> {
  const auth = requireUser(deps.tokens, deps.access);

  await createDocumentRoute(app, deps, async (id, actions) =>
    present(await deps.prisma.document.findUniqueOrThrow({ where: { id }, include: documentInclude }), actions),
  );

  app.get(
    '/api/documents',
    {
      preHandler: auth,
      schema: {
        tags: ['documents'],
        summary: 'Documents of the organisations the user may read, newest first.',
        security: [{ bearer: [] }],
        response: {
          200: { type: 'object', required: ['documents'], properties: { documents: { type: 'array', items: documentSchema } } },
          401: apiErrorSchema,
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const organisationIds = await deps.access.readableOrganisationIds(user);
      const rows = await deps.prisma.document.findMany({
        where: { organisationId: { in: organisationIds } },
        include: documentInclude,
        orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
      });
      const documents = [];
      for (const row of rows) {
        const access = await deps.access.documentAccess(user, row.id);
        if (!access?.actions.has('read')) continue;
        documents.push(present(row, [...access.actions]));
      }
      return { documents };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/documents/:id',
    {
      preHandler: auth,
      schema: {
        tags: ['documents'],
        summary: 'One document: metadata, what the user may do, and its collaboration name.',
        security: [{ bearer: [] }],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
        response: {
          200: {
            ...documentSchema,
            required: [...documentSchema.required, 'parameters'],
            properties: {
              ...documentSchema.properties,
              parameters: {
                type: 'object',
                description: 'Period parameters of the planning round, by the ids templates reference (`$param`).',
                additionalProperties: { type: 'number' },
              },
            },
          },
          400: apiErrorSchema,
          401: apiErrorSchema,
          404: apiErrorSchema,
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const access = await deps.access.documentAccess(user, request.params.id);
      // Unknown and foreign documents answer alike, so ids of other institutions cannot be probed.
      if (!access?.actions.has('read')) throw new ApiError('not-found');
      const row = await deps.prisma.document.findUniqueOrThrow({ where: { id: request.params.id }, include: documentInclude });
      return { ...present(row, [...access.actions]), parameters: await loadPeriodParameters(deps.prisma, row.round.id) };
    },
  );
}

/** A document row with `documentInclude`. */
export interface DocumentRow {
  id: string;
  kind: string;
  title: string;
  status: string;
  versionKind: string;
  programCode: string;
  subprogramCode: string | null;
  updatedAt: Date;
  organisation: { id: string; nameRu: string; nameKk: string };
  round: { id: string; name: string; firstPlanYear: number; lastPlanYear: number };
}

/** A document as the API shows it. */
export function presentDocument(row: DocumentRow, actions: string[]): Record<string, unknown> {
  return present(row, actions);
}

function present(row: DocumentRow, actions: string[]): Record<string, unknown> {
  const kind = kindFromDb(row.kind);
  return {
    id: row.id,
    kind,
    title: row.title,
    status: row.status,
    versionKind: row.versionKind,
    programCode: row.programCode,
    subprogramCode: row.subprogramCode,
    organisation: row.organisation,
    round: row.round,
    collabName: formatDocumentName(kind, row.id),
    actions,
    updatedAt: row.updatedAt.toISOString(),
  };
}
