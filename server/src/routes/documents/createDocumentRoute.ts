import type { FastifyInstance } from 'fastify';
import type { DocumentKind } from '@zhospar/collab';
import type { PrismaClient } from '@zhospar/prisma';
import type { AccessService } from '../../access/AccessService.ts';
import { grantsWithWorkspaceAction } from '../../access/Policy.ts';
import type { TokenService } from '../../auth/TokenService.ts';
import { ApiError, apiErrorSchema } from '../../http/ApiError.ts';
import { currentUser, requireUser } from '../../http/authenticate.ts';

interface CreateDocumentBody {
  kind: DocumentKind;
  /** Required for budget requests and financing plans; a PKFO package covers all programs (stored as `000`). */
  programCode?: string;
  subprogramCode?: string | null;
  roundId?: string;
}

/** Program code of a document that covers all of an administrator's programs (ПКФО). */
const ALL_PROGRAMS = '000';

/** Which organisation kinds prepare which documents (DOMAIN.md §3). */
const PREPARED_BY: Record<DocumentKind, readonly string[]> = {
  'budget-request': ['GU', 'GKKP'],
  'financing-plan': ['GU', 'GKKP'],
  pkfo: ['ABP', 'AUTHORIZED_BODY'],
};

/** Title of a new document, in Russian (the list shows it as is). */
function titleOf(kind: DocumentKind, round: { firstPlanYear: number; lastPlanYear: number }, programCode: string): string {
  switch (kind) {
    case 'budget-request':
      return `Бюджетная заявка на ${round.firstPlanYear}–${round.lastPlanYear} годы, программа ${programCode}`;
    case 'financing-plan':
      return `Индивидуальный план финансирования на ${round.firstPlanYear} год, программа ${programCode}`;
    case 'pkfo':
      return `ПКФО на ${round.firstPlanYear}–${round.lastPlanYear} годы`;
  }
}

/**
 * `POST /api/documents`: an economist or head creates a budget request, a financing plan or a PKFO
 * package of their own organisation. The content is created from templates on first open, on the
 * server (PersistenceExtension), never here and never by a client.
 */
export async function createDocumentRoute(
  app: FastifyInstance,
  deps: { prisma: PrismaClient; tokens: TokenService; access: AccessService },
  present: (id: string, userActions: string[]) => Promise<Record<string, unknown>>,
): Promise<void> {
  app.post<{ Body: CreateDocumentBody }>(
    '/api/documents',
    {
      preHandler: requireUser(deps.tokens, deps.access),
      schema: {
        tags: ['documents'],
        summary: 'Create a document (первая версия «план») of the user’s own organisation.',
        security: [{ bearer: [] }],
        body: {
          type: 'object',
          required: ['kind'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: ['budget-request', 'financing-plan', 'pkfo'] },
            programCode: { type: 'string', pattern: '^[0-9]{3}$' },
            subprogramCode: { type: ['string', 'null'], pattern: '^[0-9]{3}$' },
            roundId: { type: 'string', format: 'uuid' },
          },
        },
        response: { 201: { type: 'object', additionalProperties: true }, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 409: apiErrorSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { kind } = request.body;
      const programCode = kind === 'pkfo' ? ALL_PROGRAMS : request.body.programCode;
      if (!programCode) throw new ApiError('bad-request', 'programCode is required for this kind of document.');
      const subprogramCode = kind === 'pkfo' ? null : (request.body.subprogramCode ?? null);
      const organisationId = grantsWithWorkspaceAction(user.grants, 'create-document')[0];
      if (!organisationId) throw new ApiError('forbidden');
      const organisation = await deps.prisma.organisation.findUniqueOrThrow({ where: { id: organisationId } });
      if (!PREPARED_BY[kind].includes(organisation.kind)) {
        throw new ApiError('bad-request', `A ${organisation.kind} does not prepare ${kind} documents.`);
      }
      const round = request.body.roundId
        ? await deps.prisma.planningRound.findUnique({ where: { id: request.body.roundId } })
        : await deps.prisma.planningRound.findFirst({ orderBy: { firstPlanYear: 'desc' } });
      if (!round) throw new ApiError('not-found');
      // The program must belong to the administrator: the АБП itself, or the ГУ's parent.
      const administratorId = organisation.kind === 'GU' || organisation.kind === 'GKKP' ? organisation.parentId : organisation.id;
      const program =
        kind === 'pkfo' ||
        (await deps.prisma.budgetProgram.findFirst({
          where: { administratorId: administratorId ?? undefined, code: programCode, subprogramCode },
        }));
      if (!program) throw new ApiError('bad-request', `Program ${programCode} is not a program of this administrator.`);
      const identity = {
        kind: kind.toUpperCase().replace(/-/g, '_') as 'BUDGET_REQUEST' | 'FINANCING_PLAN' | 'PKFO',
        organisationId,
        roundId: round.id,
        programCode,
        subprogramCode,
        versionKind: 'PLAN' as const,
        versionNumber: 1,
      };
      const created = await deps.prisma.$transaction(async (tx) => {
        // Serialise creators of the same organisation so two clicks make one document.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`create-document:${organisationId}`}))`;
        if (await tx.document.findFirst({ where: identity, select: { id: true } })) return null;
        return tx.document.create({
          data: { ...identity, status: 'IN_WORK', title: titleOf(kind, round, programCode), yjsState: null },
        });
      });
      if (!created) throw new ApiError('document-exists');
      const actions = await deps.access.documentAccess(user, created.id);
      return reply.status(201).send(await present(created.id, [...(actions?.actions ?? [])]));
    },
  );
}
