import type { FastifyError, FastifyInstance } from 'fastify';
import type { AccessService } from '../../access/AccessService.ts';
import type { TokenService } from '../../auth/TokenService.ts';
import { ApiError, apiErrorSchema } from '../../http/ApiError.ts';
import { currentUser, requireUser } from '../../http/authenticate.ts';
import { importMessage } from '../../import/importMessages.ts';
import { ImportRefusedError, PREVIEW_LISTED_CHANGES, type ImportService } from '../../import/ImportService.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../import/inspectXlsx.ts';

/** What the import routes use. */
export interface ImportRouteDeps {
  tokens: TokenService;
  access: AccessService;
  imports: ImportService;
}

/** Largest upload (the import's own limit). */
export const MAX_IMPORT_BYTES = DEFAULT_IMPORT_LIMITS.maxBytes;
const XLSX_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema, 413: apiErrorSchema, 415: apiErrorSchema, 422: apiErrorSchema };
const localized = { type: 'object', required: ['ru', 'kk'], properties: { ru: { type: 'string' }, kk: { type: 'string' } } } as const;
const cellValue = { anyOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }, { type: 'null' }] } as const;

const previewSchema = {
  type: 'object',
  required: ['previewId', 'expiresAt', 'changes', 'changeCount', 'newRows', 'warnings', 'sheets'],
  properties: {
    previewId: { type: 'string', format: 'uuid' },
    expiresAt: { type: 'string', format: 'date-time' },
    changes: {
      type: 'array',
      description: `Cell changes, old → new (the first ${PREVIEW_LISTED_CHANGES}; changeCount is exact and all are applied)`,
      items: {
        type: 'object',
        required: ['sheetId', 'rowId', 'colId', 'old', 'new', 'cell', 'dynamicRow'],
        properties: {
          sheetId: { type: 'string' },
          rowId: { type: 'string' },
          colId: { type: 'string' },
          old: cellValue,
          new: cellValue,
          cell: { type: 'string', description: "Where in the file, e.g. '01-144'!F19" },
          dynamicRow: { type: 'boolean' },
        },
      },
    },
    changeCount: { type: 'integer' },
    newRows: {
      type: 'array',
      items: {
        type: 'object',
        required: ['sheetId', 'rowId', 'after', 'fileRow'],
        properties: { sheetId: { type: 'string' }, rowId: { type: 'string' }, after: { type: ['string', 'null'] }, fileRow: { type: 'integer' } },
      },
    },
    warnings: {
      type: 'array',
      description: 'What was ignored or converted (calculated cells typed over, invalid values, unknown rows or sheets…)',
      items: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string' }, message: localized, sheetId: { type: 'string' }, cell: { type: 'string' } },
      },
    },
    sheets: {
      type: 'array',
      items: {
        type: 'object',
        required: ['sheetId', 'worksheet', 'matchedBy'],
        properties: { sheetId: { type: 'string' }, worksheet: { type: 'string' }, matchedBy: { type: 'string', enum: ['ids', 'titles'] } },
      },
    },
  },
} as const;

/** The body of a refused file: code `import-refused`, the import's precise ru/kk message, `data.reason`. */
function refusedBody(reason: string, message: { ru: string; kk: string }): { error: { code: string; message: { ru: string; kk: string }; data: { reason: string } } } {
  return { error: { code: 'import-refused', message, data: { reason } } };
}

/**
 * Excel import (загрузка из Excel): upload → preview (kept for the user) → apply as one
 * collaborative change. The .xlsx content-type parser exists only inside this scope.
 */
export async function importRoutes(app: FastifyInstance, deps: ImportRouteDeps): Promise<void> {
  const auth = requireUser(deps.tokens, deps.access);

  await app.register(async (scope) => {
    scope.addContentTypeParser(XLSX_TYPES, { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error instanceof ImportRefusedError) {
        return reply.status(error.reason === 'too-large' ? 413 : 422).send(refusedBody(error.reason, error.localized));
      }
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return reply.status(413).send(refusedBody('too-large', importMessage('too-large', { limit: `${Math.round(MAX_IMPORT_BYTES / 1024 / 1024)} МБ` })));
      }
      throw error; // the application's handler
    });

    scope.post<{ Params: { id: string }; Body: Buffer }>(
      '/api/documents/:id/imports',
      {
        // Checked before the body is read: nobody uploads 20 MiB without a session.
        onRequest: auth,
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags: ['imports'],
          summary:
            'Upload an .xlsx (raw body, Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or application/octet-stream, ≤ 20 MiB) and get the preview of what it would change, cell by cell, plus warnings. Nothing changes yet. A malformed, oversized, password-protected or foreign-template file answers 413/422 `import-refused` with a precise ru/kk message and `data.reason` (too-large, too-many-cells, not-xlsx, encrypted, unsupported-version, wrong-template, unit-mismatch). Requires `edit`.',
          security: [{ bearer: [] }],
          consumes: XLSX_TYPES,
          params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
          response: { 200: previewSchema, ...errors },
        },
      },
      async (request) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new ApiError('unsupported-media-type', `expected ${XLSX_TYPES.join(' or ')}`);
        return deps.imports.preview(currentUser(request), request.params.id, body);
      },
    );

    scope.post<{ Params: { id: string; previewId: string } }>(
      '/api/documents/:id/imports/:previewId/apply',
      {
        preHandler: auth,
        schema: {
          tags: ['imports'],
          summary:
            'Apply a preview as ONE Yjs update to the live document (validated like a websocket update; connected editors see it at once; every cell audited with the importing user). 409 import-stale (data.conflicts) when the cells changed since the preview, 409 document-not-editable when the status forbids editing, 404 import-preview-not-found when expired (30 min).',
          security: [{ bearer: [] }],
          params: {
            type: 'object',
            required: ['id', 'previewId'],
            properties: { id: { type: 'string', format: 'uuid' }, previewId: { type: 'string', format: 'uuid' } },
          },
          response: {
            200: {
              type: 'object',
              required: ['changedCells', 'addedRows'],
              properties: { changedCells: { type: 'integer' }, addedRows: { type: 'integer' } },
            },
            ...errors,
          },
        },
      },
      async (request) => deps.imports.apply(currentUser(request), request.params.id, request.params.previewId),
    );
  });
}
