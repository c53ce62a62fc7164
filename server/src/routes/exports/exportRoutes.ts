import { createReadStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessService } from '../../access/AccessService.ts';
import type { TokenService } from '../../auth/TokenService.ts';
import type { ExportJobs } from '../../export/ExportJobs.ts';
import { contentDisposition, type ExportRequest, type ExportService, type PreparedExport } from '../../export/ExportService.ts';
import { apiErrorSchema } from '../../http/ApiError.ts';
import { currentUser, requireUser } from '../../http/authenticate.ts';

/** What the export routes use. */
export interface ExportRouteDeps {
  tokens: TokenService;
  access: AccessService;
  exports: ExportService;
  jobs: ExportJobs;
}

/** MIME type of .xlsx. */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema, 429: apiErrorSchema };

const exportQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    lang: { type: 'string', enum: ['ru', 'kk'], default: 'ru', description: 'Language of titles and labels' },
    unit: { type: 'string', enum: ['tenge', 'thousand-tenge'], default: 'tenge', description: 'тенге or тыс. тенге (labels and number formats)' },
  },
} as const;

const fileResponse = {
  200: { description: 'The workbook (.xlsx), streamed; Content-Disposition carries the UTF-8 file name.', type: 'string', format: 'binary' },
  ...errors,
} as const;

const jobSchema = {
  type: 'object',
  required: ['jobId', 'status', 'cellsWritten', 'totalCells', 'fileName', 'bytes', 'createdAt', 'expiresAt'],
  properties: {
    jobId: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['queued', 'running', 'done', 'failed'] },
    cellsWritten: { type: 'integer', description: 'Body cells written so far (updated every 10 000 cells)' },
    totalCells: { type: 'integer', description: 'Body cells of the document (0 until the job runs); progress = cellsWritten / totalCells' },
    fileName: { type: 'string' },
    bytes: { type: ['integer', 'null'], description: 'Size of the finished file' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time', description: 'The job and its file are deleted after this' },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'object', required: ['ru', 'kk'], properties: { ru: { type: 'string' }, kk: { type: 'string' } } } },
    },
  },
} as const;

const uuidParams = (name: string): Record<string, unknown> => ({
  type: 'object',
  required: [name],
  properties: { [name]: { type: 'string', format: 'uuid' } },
});

function exportRequest(query: { lang?: 'ru' | 'kk'; unit?: 'tenge' | 'thousand-tenge' }): ExportRequest {
  return { lang: query.lang ?? 'ru', unit: query.unit ?? 'tenge' };
}

/** Streams a prepared export as the response; a failure after the first byte aborts the download. */
function streamDownload(request: FastifyRequest, reply: FastifyReply, prepared: PreparedExport): FastifyReply {
  const body = new PassThrough();
  prepared.write(body).catch((error: unknown) => {
    request.log.error(error);
    console.error('[export] streamed export failed', request.url, error);
    body.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', contentDisposition(prepared.fileName))
    .header('cache-control', 'no-store')
    .send(body);
}

/**
 * Excel exports (выгрузка в Excel): a document now, an approved version from its snapshot, an
 * АБП's consolidated workbook, and background jobs with progress for large documents.
 */
export async function exportRoutes(app: FastifyInstance, deps: ExportRouteDeps): Promise<void> {
  const auth = requireUser(deps.tokens, deps.access);
  type Query = { lang?: 'ru' | 'kk'; unit?: 'tenge' | 'thousand-tenge' };

  app.get<{ Params: { id: string }; Querystring: Query }>(
    '/api/documents/:id/export.xlsx',
    {
      preHandler: auth,
      schema: {
        tags: ['exports'],
        summary:
          'Download the document as .xlsx (forms with header block, merged headers, number formats, live formulas with cached values, protected calculated cells, controls sheet; approved documents add the approval sheet). Reads the live collaborative document when it is open. Use export jobs for very large documents.',
        security: [{ bearer: [] }],
        params: uuidParams('id'),
        querystring: exportQuery,
        produces: [XLSX_MIME],
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const prepared = await deps.exports.document(currentUser(request), request.params.id, exportRequest(request.query));
      return streamDownload(request, reply, prepared);
    },
  );

  app.get<{ Params: { snapshotId: string }; Querystring: Query }>(
    '/api/snapshots/:snapshotId/export.xlsx',
    {
      preHandler: auth,
      schema: {
        tags: ['exports'],
        summary:
          'Download an approved version from its immutable snapshot (its Yjs state and the parameters of its approval), with the «Утверждение» sheet: SHA-256, approver, and every signature (signer, ИИН, time, validity verified now). The snapshot id is `snapshot.id` of GET /api/documents/:id/snapshot.',
        security: [{ bearer: [] }],
        params: uuidParams('snapshotId'),
        querystring: exportQuery,
        produces: [XLSX_MIME],
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const prepared = await deps.exports.snapshot(currentUser(request), request.params.snapshotId, exportRequest(request.query));
      return streamDownload(request, reply, prepared);
    },
  );

  app.get<{ Params: { orgId: string }; Querystring: Query & { roundId?: string; kind?: 'budget-request' } }>(
    '/api/organisations/:orgId/consolidated.xlsx',
    {
      preHandler: auth,
      schema: {
        tags: ['exports'],
        summary:
          'An administrator’s (АБП) consolidated workbook: the latest version of each subordinate institution’s request of the round that the user may read, one sheet each (summary by specific, institution name and БИН in the header), and first a «Свод» sheet whose every cell is a live formula summing the institution sheets.',
        security: [{ bearer: [] }],
        params: uuidParams('orgId'),
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...exportQuery.properties,
            roundId: { type: 'string', format: 'uuid', description: 'Planning round (default: the latest)' },
            kind: { type: 'string', enum: ['budget-request'], default: 'budget-request' },
          },
        },
        produces: [XLSX_MIME],
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const prepared = await deps.exports.consolidated(
        currentUser(request),
        request.params.orgId,
        request.query.roundId,
        request.query.kind ?? 'budget-request',
        exportRequest(request.query),
      );
      return streamDownload(request, reply, prepared);
    },
  );

  app.post<{ Params: { id: string }; Body: Query | undefined }>(
    '/api/documents/:id/exports',
    {
      preHandler: auth,
      schema: {
        tags: ['exports'],
        summary:
          'Start a background export of the document (for large documents): 202 with the job. Poll GET /api/exports/:jobId for progress (cellsWritten / totalCells), then download GET /api/exports/:jobId/file. At most 2 jobs run at once per server, the rest queue; 3 unfinished jobs per user; finished jobs are kept 15 minutes.',
        security: [{ bearer: [] }],
        params: uuidParams('id'),
        body: { ...exportQuery },
        response: { 202: jobSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const prepared = await deps.exports.document(user, request.params.id, exportRequest(request.body ?? {}));
      return reply.status(202).send(deps.jobs.start(user.id, prepared));
    },
  );

  app.get<{ Params: { jobId: string } }>(
    '/api/exports/:jobId',
    {
      preHandler: auth,
      schema: {
        tags: ['exports'],
        summary: 'Progress of an export job of the user (other users’ jobs are 404).',
        security: [{ bearer: [] }],
        params: uuidParams('jobId'),
        response: { 200: jobSchema, ...errors },
      },
    },
    async (request) => deps.jobs.get(currentUser(request).id, request.params.jobId),
  );

  app.get<{ Params: { jobId: string } }>(
    '/api/exports/:jobId/file',
    {
      preHandler: auth,
      schema: {
        tags: ['exports'],
        summary: 'The finished file of an export job; 409 export-not-ready while it runs, export-failed when it failed.',
        security: [{ bearer: [] }],
        params: uuidParams('jobId'),
        produces: [XLSX_MIME],
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const file = deps.jobs.file(currentUser(request).id, request.params.jobId);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-length', String(file.bytes))
        .header('content-disposition', contentDisposition(file.fileName))
        .header('cache-control', 'no-store')
        .send(createReadStream(file.path));
    },
  );

  app.addHook('onClose', async () => {
    await deps.jobs.close();
  });
}
