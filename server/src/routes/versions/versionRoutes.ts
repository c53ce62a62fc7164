import type { FastifyInstance } from 'fastify';
import { apiErrorSchema } from '../../http/ApiError.ts';
import { currentUser, requireUser } from '../../http/authenticate.ts';
import { documentInclude, documentSchema, presentDocument } from '../documents/documentRoutes.ts';
import { documentIdParams, readableDocument, snapshotRefSchema, type WorkflowRouteDeps } from '../workflow/workflowDeps.ts';

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };

const cellValueSchema = {
  description: 'number | string | boolean | null | { error: string }',
  anyOf: [
    { type: 'number' },
    { type: 'string' },
    { type: 'boolean' },
    { type: 'null' },
    { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
  ],
} as const;

const versionRefSchema = {
  type: 'object',
  required: ['id', 'versionNumber', 'versionKind', 'source'],
  properties: {
    id: { type: 'string' },
    versionNumber: { type: 'integer' },
    versionKind: { type: 'string' },
    source: { type: 'string', enum: ['snapshot', 'current'], description: 'approved snapshot, or the current stored state' },
  },
} as const;

/** Versions (план → уточнение → корректировка): create the next one, list the chain, compare two. */
export async function versionRoutes(app: FastifyInstance, deps: WorkflowRouteDeps): Promise<void> {
  const auth = requireUser(deps.tokens, deps.access);

  app.post<{ Params: { id: string } }>(
    '/api/documents/:id/versions',
    {
      preHandler: auth,
      schema: {
        tags: ['versions'],
        summary:
          'Create the next version of an approved document from its snapshot: a new document (IN_WORK, versionNumber + 1, next version kind, parentVersionId) whose Y.Doc is built fresh from the snapshot’s inputs. 409 version-exists if already created.',
        security: [{ bearer: [] }],
        params: documentIdParams,
        response: { 201: documentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const id = await deps.versions.createNext(user, request.params.id);
      const access = await readableDocument(deps.access, user, id);
      const row = await deps.prisma.document.findUniqueOrThrow({ where: { id }, include: documentInclude });
      return reply.status(201).send(presentDocument(row, [...access.actions]));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/documents/:id/versions',
    {
      preHandler: auth,
      schema: {
        tags: ['versions'],
        summary: 'The version chain the document belongs to, oldest first (only versions the user may read).',
        security: [{ bearer: [] }],
        params: documentIdParams,
        response: {
          200: {
            type: 'object',
            required: ['versions'],
            properties: {
              versions: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'versionNumber', 'versionKind', 'status', 'parentVersionId', 'title', 'createdAt', 'snapshot'],
                  properties: {
                    id: { type: 'string' },
                    versionNumber: { type: 'integer' },
                    versionKind: { type: 'string' },
                    status: { type: 'string' },
                    parentVersionId: { type: ['string', 'null'] },
                    title: { type: 'string' },
                    createdAt: { type: 'string', format: 'date-time' },
                    snapshot: snapshotRefSchema,
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
      const user = currentUser(request);
      await readableDocument(deps.access, user, request.params.id);
      const versions = [];
      for (const version of await deps.versions.chain(request.params.id)) {
        const access = await deps.access.documentAccess(user, version.id);
        if (access?.actions.has('read')) versions.push(version);
      }
      return { versions };
    },
  );

  app.get<{ Querystring: { from: string; to: string } }>(
    '/api/versions/diff',
    {
      preHandler: auth,
      schema: {
        tags: ['versions'],
        summary:
          'Cells that differ between two versions, old (from) → new (to), inputs and computed values. Approved versions are read from their snapshots, others from their stored state.',
        security: [{ bearer: [] }],
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: { from: { type: 'string', format: 'uuid' }, to: { type: 'string', format: 'uuid' } },
        },
        response: {
          200: {
            type: 'object',
            required: ['from', 'to', 'changes'],
            properties: {
              from: versionRefSchema,
              to: versionRefSchema,
              changes: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['sheetId', 'rowId', 'colId', 'kind', 'old', 'new'],
                  properties: {
                    sheetId: { type: 'string' },
                    rowId: { type: 'string' },
                    colId: { type: 'string' },
                    kind: { type: 'string', enum: ['input', 'calculated'] },
                    old: cellValueSchema,
                    new: cellValueSchema,
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
      const user = currentUser(request);
      await readableDocument(deps.access, user, request.query.from);
      await readableDocument(deps.access, user, request.query.to);
      return deps.versions.diff(request.query.from, request.query.to);
    },
  );
}
