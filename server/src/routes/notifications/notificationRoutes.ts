import type { FastifyInstance } from 'fastify';
import { apiErrorSchema } from '../../http/ApiError.ts';
import { currentUser, requireUser } from '../../http/authenticate.ts';
import { booleanParam, type BooleanParam, type CommentRouteDeps } from '../comments/commentRoutes.ts';

const notificationSchema = {
  type: 'object',
  required: ['id', 'kind', 'documentId', 'documentTitle', 'threadId', 'messageId', 'anchor', 'actor', 'excerpt', 'createdAt', 'read'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['mention', 'reply'] },
    documentId: { type: 'string' },
    documentTitle: { type: 'string' },
    threadId: { type: 'string' },
    messageId: { type: 'string' },
    anchor: {
      type: 'object',
      required: ['sheetId', 'rowId', 'colId'],
      properties: { sheetId: { type: 'string' }, rowId: { type: 'string' }, colId: { type: 'string' } },
    },
    actor: { type: 'object', required: ['id', 'fullName'], properties: { id: { type: 'string' }, fullName: { type: 'string' } } },
    excerpt: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    read: { type: 'boolean' },
  },
} as const;

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 404: apiErrorSchema };

/**
 * The inbox (входящие): mentions and replies, read/unread. The same objects arrive live as the
 * socket.io event `notification:new`.
 */
export async function notificationRoutes(app: FastifyInstance, deps: CommentRouteDeps): Promise<void> {
  const auth = requireUser(deps.tokens, deps.access);

  app.get<{ Querystring: { unread?: BooleanParam; limit?: string; before?: string } }>(
    '/api/notifications',
    {
      preHandler: auth,
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first (page with `before` = createdAt of the last one), and the unread count.',
        security: [{ bearer: [] }],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            unread: { ...booleanParam, description: 'only unread ones' },
            limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: '1–200, default 50' },
            before: { type: 'string', format: 'date-time' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['notifications', 'unreadCount'],
            properties: { notifications: { type: 'array', items: notificationSchema }, unreadCount: { type: 'integer' } },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const { unread, limit, before } = request.query;
      return deps.notifications.list(currentUser(request), {
        unreadOnly: unread === 'true',
        limit: Math.min(200, Math.max(1, Number(limit ?? 50))),
        ...(before ? { before: new Date(before) } : {}),
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/notifications/:id/read',
    {
      preHandler: auth,
      schema: {
        tags: ['notifications'],
        summary: 'Marks one of my notifications read (404 for anyone else’s).',
        security: [{ bearer: [] }],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
        response: { 200: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } }, ...errors },
      },
    },
    async (request) => {
      await deps.notifications.markRead(currentUser(request), request.params.id);
      return { ok: true };
    },
  );

  app.post(
    '/api/notifications/read-all',
    {
      preHandler: auth,
      schema: {
        tags: ['notifications'],
        summary: 'Marks all my notifications read.',
        security: [{ bearer: [] }],
        response: { 200: { type: 'object', required: ['marked'], properties: { marked: { type: 'integer' } } }, ...errors },
      },
    },
    async (request) => ({ marked: await deps.notifications.markAllRead(currentUser(request)) }),
  );
}
