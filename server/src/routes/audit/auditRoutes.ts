import type { FastifyInstance } from 'fastify';
import type { AuditEventKind } from '@zhospar/prisma';
import { apiErrorSchema } from '../../http/ApiError.ts';
import { currentUser, requireUser } from '../../http/authenticate.ts';
import { documentIdParams, readableDocument, type WorkflowRouteDeps } from '../workflow/workflowDeps.ts';

const KINDS = ['CELL', 'ROW_INSERT', 'ROW_MOVE', 'ROW_DELETE', 'SHEET_ADD', 'TRANSITION', 'VERSION_CREATED', 'SIGNATURE', 'KEY_ENROLLED', 'KEY_BOUND', 'KEY_REVOKED'];
const ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

const eventSchema = {
  type: 'object',
  required: ['id', 'kind', 'at', 'user', 'sheetId', 'rowId', 'colId', 'old', 'new', 'reason', 'details'],
  properties: {
    id: { type: 'string', description: 'increasing event id (bigint as a decimal string)' },
    kind: { type: 'string', enum: KINDS },
    at: { type: 'string', format: 'date-time' },
    user: {
      type: ['object', 'null'],
      required: ['id', 'iin', 'fullName'],
      properties: { id: { type: 'string' }, iin: { type: ['string', 'null'] }, fullName: { type: ['string', 'null'] } },
    },
    sheetId: { type: ['string', 'null'] },
    rowId: { type: ['string', 'null'] },
    colId: { type: ['string', 'null'] },
    old: { description: 'previous value (cell value, row order key, status); null when empty' },
    new: { description: 'new value; null when cleared or deleted' },
    reason: { type: ['string', 'null'] },
    details: { description: 'event-specific data' },
  },
} as const;

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 404: apiErrorSchema };

/** The document's audit log (журнал аудита) and cell history; readable by whoever may read the document. */
export async function auditRoutes(app: FastifyInstance, deps: WorkflowRouteDeps): Promise<void> {
  const auth = requireUser(deps.tokens, deps.access);

  app.get<{ Params: { id: string }; Querystring: { limit?: string; before?: string; kind?: AuditEventKind } }>(
    '/api/documents/:id/audit',
    {
      preHandler: auth,
      schema: {
        tags: ['audit'],
        summary: 'Audit events of the document, newest first; page with `before` = the last id of the previous page (`nextBefore`).',
        security: [{ bearer: [] }],
        params: documentIdParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: '1–500, default 100' },
            before: { type: 'string', pattern: '^[0-9]{1,19}$' },
            kind: { type: 'string', enum: KINDS },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['events', 'nextBefore'],
            properties: { events: { type: 'array', items: eventSchema }, nextBefore: { type: ['string', 'null'] } },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      await readableDocument(deps.access, currentUser(request), request.params.id);
      return deps.auditQueries.forDocument(request.params.id, {
        limit: pageSize(request.query.limit),
        ...(request.query.before ? { before: BigInt(request.query.before) } : {}),
        ...(request.query.kind ? { kind: request.query.kind } : {}),
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { sheetId: string; rowId: string; colId: string; limit?: string } }>(
    '/api/documents/:id/cell-history',
    {
      preHandler: auth,
      schema: {
        tags: ['audit'],
        summary: 'History of one cell (история ячейки): who changed it when, old → new, newest first.',
        security: [{ bearer: [] }],
        params: documentIdParams,
        querystring: {
          type: 'object',
          required: ['sheetId', 'rowId', 'colId'],
          additionalProperties: false,
          properties: {
            sheetId: { type: 'string', pattern: ID_PATTERN },
            rowId: { type: 'string', pattern: ID_PATTERN },
            colId: { type: 'string', pattern: ID_PATTERN },
            limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: '1–500, default 100' },
          },
        },
        response: { 200: { type: 'object', required: ['events'], properties: { events: { type: 'array', items: eventSchema } } }, ...errors },
      },
    },
    async (request) => {
      await readableDocument(deps.access, currentUser(request), request.params.id);
      const { sheetId, rowId, colId, limit } = request.query;
      return { events: await deps.auditQueries.cellHistory(request.params.id, { sheetId, rowId, colId }, pageSize(limit)) };
    },
  );
}

/** Page size from the query (strings: the API does not coerce types), 1–500, default 100. */
function pageSize(limit: string | undefined): number {
  const parsed = limit === undefined ? 100 : Number(limit);
  return Math.min(500, Math.max(1, Number.isInteger(parsed) ? parsed : 100));
}
