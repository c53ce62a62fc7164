import type { FastifyInstance } from 'fastify';
import { ApiError, apiErrorSchema } from '../../http/ApiError.ts';
import { currentUser, requireUser } from '../../http/authenticate.ts';
import type { TransitionAction } from '../../workflow/StatusMachine.ts';
import { documentInclude, documentSchema, presentDocument } from '../documents/documentRoutes.ts';
import {
  actorSchema,
  controlSchema,
  documentIdParams,
  readableDocument,
  snapshotRefSchema,
  transitionSchema,
  type WorkflowRouteDeps,
} from './workflowDeps.ts';

const transitionResponse = {
  type: 'object',
  required: ['document', 'transition', 'snapshot', 'controls'],
  properties: {
    document: documentSchema,
    transition: transitionSchema,
    snapshot: snapshotRefSchema,
    controls: { type: 'array', items: controlSchema, description: 'Failed controls at the transition (only warnings after a submit).' },
  },
} as const;

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema, 422: apiErrorSchema };

/** Status changes, their history, controls and the approval snapshot. */
export async function workflowRoutes(app: FastifyInstance, deps: WorkflowRouteDeps): Promise<void> {
  const auth = requireUser(deps.tokens, deps.access);

  const transitionRoute = (action: TransitionAction, summary: string, withReason: boolean): void => {
    app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>(
      `/api/documents/:id/${action}`,
      {
        preHandler: auth,
        schema: {
          tags: ['workflow'],
          summary,
          security: [{ bearer: [] }],
          params: documentIdParams,
          ...(withReason
            ? {
                body: {
                  type: 'object',
                  required: ['reason'],
                  additionalProperties: false,
                  properties: { reason: { type: 'string', minLength: 1, maxLength: 4000, description: 'Причина возврата на доработку' } },
                },
              }
            : {}),
          response: { 200: transitionResponse, ...errors },
        },
      },
      async (request) => {
        const user = currentUser(request);
        // Only «return» takes a (schema-checked) reason; whatever else a client sends is ignored.
        const reason = withReason ? request.body?.reason : undefined;
        const result = await deps.workflow.transition(user, request.params.id, action, reason);
        const access = await readableDocument(deps.access, user, request.params.id);
        const row = await deps.prisma.document.findUniqueOrThrow({ where: { id: request.params.id }, include: documentInclude });
        return { document: presentDocument(row, [...access.actions]), transition: result.transition, snapshot: result.snapshot, controls: result.controls };
      },
    );
  };
  transitionRoute(
    'submit',
    'Submit for review («отправить на проверку»): IN_WORK/RETURNED → SUBMITTED. Refused with 422 controls-failed (error.data.controls) while error-level controls fail; open editors become read-only at once.',
    false,
  );
  transitionRoute('return', 'Return for rework («вернуть на доработку») with a reason: SUBMITTED → RETURNED.', true);
  transitionRoute(
    'approve',
    'Approve («утвердить»): SUBMITTED → APPROVED, storing the immutable snapshot (canonical JSON, SHA-256, Yjs state). Concurrent approvals: one wins, the other gets 409 status-conflict.',
    false,
  );

  app.get<{ Params: { id: string } }>(
    '/api/documents/:id/transitions',
    {
      preHandler: auth,
      schema: {
        tags: ['workflow'],
        summary: 'Status history of the document, oldest first.',
        security: [{ bearer: [] }],
        params: documentIdParams,
        response: { 200: { type: 'object', required: ['transitions'], properties: { transitions: { type: 'array', items: transitionSchema } } }, ...errors },
      },
    },
    async (request) => {
      await readableDocument(deps.access, currentUser(request), request.params.id);
      return { transitions: await deps.workflow.history(request.params.id) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/documents/:id/controls',
    {
      preHandler: auth,
      schema: {
        tags: ['workflow'],
        summary: 'Failed controls of the stored document state, computed by formulas on the server, and the period parameters used.',
        security: [{ bearer: [] }],
        params: documentIdParams,
        response: {
          200: {
            type: 'object',
            required: ['stateVersion', 'errors', 'warnings', 'controls', 'parameters'],
            properties: {
              stateVersion: { type: 'integer' },
              errors: { type: 'integer' },
              warnings: { type: 'integer' },
              controls: { type: 'array', items: controlSchema },
              parameters: { type: 'object', additionalProperties: { type: 'number' } },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      await readableDocument(deps.access, currentUser(request), request.params.id);
      return deps.workflow.controls(request.params.id);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/documents/:id/snapshot',
    {
      preHandler: auth,
      schema: {
        tags: ['workflow'],
        summary: 'The approval snapshot of an approved document and the statement a signature must sign (add `iat`).',
        security: [{ bearer: [] }],
        params: documentIdParams,
        response: {
          200: {
            type: 'object',
            required: ['id', 'documentId', 'sha256', 'stateVersion', 'createdAt', 'approvedBy', 'statement', 'openThreadIds'],
            properties: {
              id: { type: 'string' },
              documentId: { type: 'string' },
              sha256: { type: 'string', description: 'hex SHA-256 of the canonical JSON (GET …/snapshot/content)' },
              stateVersion: { type: 'integer' },
              createdAt: { type: 'string', format: 'date-time' },
              approvedBy: actorSchema,
              openThreadIds: { type: 'array', items: { type: 'string' }, description: 'Remark threads open at approval (not part of the signed content).' },
              statement: {
                type: 'object',
                required: ['snapshotId', 'sha256', 'documentId', 'iin'],
                properties: { snapshotId: { type: 'string' }, sha256: { type: 'string' }, documentId: { type: 'string' }, iin: { type: 'string' } },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      await readableDocument(deps.access, user, request.params.id);
      const snapshot = await deps.prisma.documentSnapshot.findUnique({
        where: { documentId: request.params.id },
        select: { id: true, documentId: true, sha256: true, stateVersion: true, createdAt: true, openThreadIds: true, approvedBy: { select: { id: true, iin: true, fullName: true } } },
      });
      if (!snapshot) throw new ApiError('no-snapshot');
      return {
        ...snapshot,
        createdAt: snapshot.createdAt.toISOString(),
        statement: { snapshotId: snapshot.id, sha256: snapshot.sha256, documentId: snapshot.documentId, iin: user.iin },
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/documents/:id/snapshot/content',
    {
      preHandler: auth,
      schema: {
        tags: ['workflow'],
        summary: 'The snapshot’s canonical JSON exactly as hashed (SHA-256 of these bytes = snapshot.sha256).',
        security: [{ bearer: [] }],
        params: documentIdParams,
        response: { ...errors },
      },
    },
    async (request, reply) => {
      await readableDocument(deps.access, currentUser(request), request.params.id);
      const snapshot = await deps.prisma.documentSnapshot.findUnique({ where: { documentId: request.params.id }, select: { canonicalJson: true } });
      if (!snapshot) throw new ApiError('no-snapshot');
      return reply.type('application/json; charset=utf-8').send(snapshot.canonicalJson);
    },
  );
}
