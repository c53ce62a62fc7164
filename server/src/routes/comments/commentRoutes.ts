import type { FastifyInstance } from 'fastify';
import { formatDiscussionName } from '@zhospar/collab';
import type { AccessService } from '../../access/AccessService.ts';
import type { TokenService } from '../../auth/TokenService.ts';
import type { NotificationService } from '../../comments/NotificationService.ts';
import type { ThreadQueries } from '../../comments/ThreadQueries.ts';
import { apiErrorSchema } from '../../http/ApiError.ts';
import { currentUser, requireUser } from '../../http/authenticate.ts';
import { documentIdParams, readableDocument } from '../workflow/workflowDeps.ts';

/** What the comment and notification routes use. */
export interface CommentRouteDeps {
  tokens: TokenService;
  access: AccessService;
  threads: ThreadQueries;
  notifications: NotificationService;
}

const person = { type: 'object', required: ['id', 'fullName'], properties: { id: { type: 'string' }, fullName: { type: 'string' } } } as const;
const anchor = {
  type: 'object',
  required: ['sheetId', 'rowId', 'colId'],
  properties: { sheetId: { type: 'string' }, rowId: { type: 'string' }, colId: { type: 'string' } },
} as const;

const threadSchema = {
  type: 'object',
  required: ['threadId', 'anchor', 'status', 'detached', 'author', 'createdAt', 'resolvedBy', 'resolvedAt', 'lastActivityAt', 'messageCount', 'participantIds', 'mentionedIds', 'messages'],
  properties: {
    threadId: { type: 'string' },
    anchor,
    status: { type: 'string', enum: ['open', 'resolved'] },
    detached: { type: 'boolean', description: 'The anchor row was deleted; the thread is kept (collab [C3]).' },
    author: person,
    createdAt: { type: 'string', format: 'date-time' },
    resolvedBy: { anyOf: [person, { type: 'null' }] },
    resolvedAt: { type: ['string', 'null'], format: 'date-time' },
    lastActivityAt: { type: 'string', format: 'date-time' },
    messageCount: { type: 'integer' },
    participantIds: { type: 'array', items: { type: 'string' } },
    mentionedIds: { type: 'array', items: { type: 'string' } },
    messages: {
      type: 'array',
      items: {
        type: 'object',
        required: ['messageId', 'author', 'text', 'body', 'createdAt', 'editedAt', 'deleted'],
        properties: {
          messageId: { type: 'string' },
          author: person,
          text: { type: 'string', description: 'Plain text (search, previews).' },
          body: { description: 'tiptap JSON (collab [C11]); null when deleted.' },
          createdAt: { type: 'string', format: 'date-time' },
          editedAt: { type: ['string', 'null'], format: 'date-time' },
          deleted: { type: 'boolean' },
        },
      },
    },
  },
} as const;

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 404: apiErrorSchema };

/** Query booleans arrive as text (no type coercion in this API). */
export type BooleanParam = 'true' | 'false';
export const booleanParam = { type: 'string', enum: ['true', 'false'] } as const;

/** Remark threads of a document (from the projection) and the people one may @mention there. */
export async function commentRoutes(app: FastifyInstance, deps: CommentRouteDeps): Promise<void> {
  const auth = requireUser(deps.tokens, deps.access);

  app.get<{
    Params: { id: string };
    Querystring: { status?: 'open' | 'resolved' | 'all'; mine?: BooleanParam; mentions?: BooleanParam; detached?: BooleanParam; q?: string };
  }>(
    '/api/documents/:id/threads',
    {
      preHandler: auth,
      schema: {
        tags: ['comments'],
        summary:
          'Remark threads (замечания) of a document from the PostgreSQL projection, newest activity first, with messages; deleted threads never. ' +
          'Live editing goes through the discussion doc `comments.<id>` on the collaboration websocket (collab/SPEC.md [C1]–[C14]).',
        security: [{ bearer: [] }],
        params: documentIdParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['open', 'resolved', 'all'], default: 'all' },
            mine: { ...booleanParam, description: 'threads I opened or wrote in' },
            mentions: { ...booleanParam, description: 'threads that mention me' },
            detached: { ...booleanParam, description: 'only detached (true) or only anchored (false) threads' },
            q: { type: 'string', maxLength: 200, description: 'text some message contains (case-insensitive)' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['discussionName', 'threads', 'counts'],
            properties: {
              discussionName: { type: 'string', description: 'Hocuspocus name of the discussion doc, `comments.<id>`' },
              threads: { type: 'array', items: threadSchema },
              counts: {
                type: 'object',
                required: ['open', 'resolved', 'detached'],
                properties: { open: { type: 'integer' }, resolved: { type: 'integer' }, detached: { type: 'integer' } },
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
      const { status = 'all', mine, mentions, detached, q } = request.query;
      const result = await deps.threads.threads(request.params.id, user.id, {
        status,
        mine: mine === 'true',
        mentions: mentions === 'true',
        ...(detached !== undefined ? { detached: detached === 'true' } : {}),
        ...(q?.trim() ? { q: q.trim() } : {}),
      });
      return { discussionName: formatDiscussionName(request.params.id), ...result };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { q?: string; limit?: string } }>(
    '/api/documents/:id/mentionable-users',
    {
      preHandler: auth,
      schema: {
        tags: ['comments'],
        summary: 'People who may read the document, for @mentions in comments (by name part or ИИН prefix).',
        security: [{ bearer: [] }],
        params: documentIdParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { q: { type: 'string', maxLength: 100 }, limit: { type: 'string', pattern: '^[0-9]{1,2}$', description: '1–50, default 20' } },
        },
        response: {
          200: {
            type: 'object',
            required: ['users'],
            properties: {
              users: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'fullName', 'organisation', 'roles'],
                  properties: {
                    id: { type: 'string' },
                    fullName: { type: 'string' },
                    organisation: {
                      type: 'object',
                      required: ['id', 'nameRu', 'nameKk'],
                      properties: { id: { type: 'string' }, nameRu: { type: 'string' }, nameKk: { type: 'string' } },
                    },
                    roles: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      await readableDocument(deps.access, currentUser(request), request.params.id);
      const limit = Math.min(50, Math.max(1, Number(request.query.limit ?? 20)));
      return { users: await deps.notifications.mentionableUsers(request.params.id, request.query.q ?? '', limit) };
    },
  );
}
