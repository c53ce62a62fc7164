import type { FastifyInstance } from 'fastify';
import { apiErrorSchema } from '../../http/ApiError.ts';
import { currentUser, requireUser } from '../../http/authenticate.ts';
import { documentSchema, presentDocument } from '../documents/documentRoutes.ts';
import type { WorkflowRouteDeps } from '../workflow/workflowDeps.ts';

/** The curator's desktop (рабочий стол куратора); live updates come over socket.io (`document:*` events). */
export async function desktopRoutes(app: FastifyInstance, deps: WorkflowRouteDeps): Promise<void> {
  app.get(
    '/api/desktop',
    {
      preHandler: requireUser(deps.tokens, deps.access),
      schema: {
        tags: ['desktop'],
        summary:
          'Every document of every organisation subordinate to one where the user is a curator or approver: status, failed controls (computed on the server from the stored state) and open remarks (open, non-deleted comment threads; live changes arrive as `document:remarks-changed`).',
        security: [{ bearer: [] }],
        response: {
          200: {
            type: 'object',
            required: ['documents'],
            properties: {
              documents: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['document', 'versionNumber', 'parentVersionId', 'failingControls', 'openRemarks'],
                  properties: {
                    document: documentSchema,
                    versionNumber: { type: 'integer' },
                    parentVersionId: { type: ['string', 'null'] },
                    failingControls: {
                      type: 'object',
                      required: ['errors', 'warnings'],
                      properties: { errors: { type: 'integer' }, warnings: { type: 'integer' } },
                    },
                    openRemarks: { type: 'integer' },
                  },
                },
              },
            },
          },
          401: apiErrorSchema,
          403: apiErrorSchema,
        },
      },
    },
    async (request) => {
      const entries = await deps.desktop.entries(currentUser(request));
      return {
        documents: entries.map((entry) => ({
          document: presentDocument(entry.row, entry.actions),
          versionNumber: entry.row.versionNumber,
          parentVersionId: entry.row.parentVersionId,
          failingControls: entry.failingControls,
          openRemarks: entry.openRemarks,
        })),
      };
    },
  );
}
