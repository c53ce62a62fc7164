import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { PrismaClient } from '@zhospar/prisma';
import { AccessService } from './access/AccessService.ts';
import { TokenService } from './auth/TokenService.ts';
import { attachWebSocket } from './collaboration/attachWebSocket.ts';
import { createCollaboration, type Collaboration } from './collaboration/createCollaboration.ts';
import { cachedSchemaLookup, MAX_UPDATE_BYTES } from './collaboration/ValidationExtension.ts';
import { createComments, type Comments } from './comments/createComments.ts';
import { commentRoutes } from './routes/comments/commentRoutes.ts';
import { notificationRoutes } from './routes/notifications/notificationRoutes.ts';
import { ApiError, apiErrorBody } from './http/ApiError.ts';
import { authRoutes, LOGIN_ATTEMPTS_PER_MINUTE } from './routes/auth/authRoutes.ts';
import { documentRoutes } from './routes/documents/documentRoutes.ts';
import { systemRoutes } from './routes/system/systemRoutes.ts';
import { AuditLog } from './audit/AuditLog.ts';
import { AuditQueries } from './audit/AuditQueries.ts';
import { AuditExtension } from './collaboration/AuditExtension.ts';
import { WorkflowExtension } from './collaboration/WorkflowExtension.ts';
import { WorkspaceEvents } from './events/WorkspaceEvents.ts';
import { auditRoutes } from './routes/audit/auditRoutes.ts';
import { desktopRoutes } from './routes/desktop/desktopRoutes.ts';
import { signatureRoutes } from './routes/signatures/signatureRoutes.ts';
import { versionRoutes } from './routes/versions/versionRoutes.ts';
import { workflowRoutes } from './routes/workflow/workflowRoutes.ts';
import { ExportJobs } from './export/ExportJobs.ts';
import { ExportService } from './export/ExportService.ts';
import { ImportService } from './import/ImportService.ts';
import { exportRoutes } from './routes/exports/exportRoutes.ts';
import { importRoutes } from './routes/imports/importRoutes.ts';
import { KeyBinding } from './signatures/KeyBinding.ts';
import { SignatureService } from './signatures/SignatureService.ts';
import { DesktopService } from './workflow/DesktopService.ts';
import { LiveDocuments } from './workflow/LiveDocuments.ts';
import { VersionService } from './workflow/VersionService.ts';
import { WorkflowService } from './workflow/WorkflowService.ts';
import { createScaleout } from './scaleout/createScaleout.ts';

export interface AppOptions {
  prisma: PrismaClient;
  /** HS256 key for session tokens, ≥ 32 bytes. */
  tokenSecret: Uint8Array;
  /** Built client to serve (client/dist); the API works without it. */
  staticDir?: string;
  /** Store debounce for collaboration, ms. */
  storeDebounceMs?: number;
  storeMaxDebounceMs?: number;
  logger?: boolean;
  /**
   * Record cell changes in the audit log (default: on, unless `ZHOSPAR_AUDIT_CELLS=off`, which
   * exists only to measure the log's cost in bench:collab). Transitions are always recorded.
   */
  auditCells?: boolean;
  /** How often buffered audit events are written, ms (default 250). */
  auditFlushMs?: number;
  /** Login attempts per client address per minute (default 30). */
  loginAttemptsPerMinute?: number;
  /** Redis for running several processes (`REDIS_URL`, scaleout/); absent: one process, no Redis. */
  redisUrl?: string;
}

export interface ZhosparApp {
  fastify: FastifyInstance;
  collaboration: Collaboration;
  tokens: TokenService;
  /** The audit log writer (tests flush it). */
  audit: AuditLog;
  /** socket.io workspace events. */
  events: WorkspaceEvents;
  /** Comments: projection, notifications (tests flush them). */
  comments: Comments;
  /** Listens and resolves the base URL, e.g. `http://127.0.0.1:3000`. */
  listen(port: number, host: string): Promise<string>;
  /** Stores every open document, closes connections and the HTTP server. */
  close(): Promise<void>;
}

/** Largest JSON body the API accepts. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Builds the HTTP API, the static client and the collaboration endpoint on one server. */
export async function createApp(options: AppOptions): Promise<ZhosparApp> {
  const tokens = new TokenService(options.tokenSecret);
  const access = new AccessService(options.prisma);
  const live = new LiveDocuments(access);
  const scaleout = options.redisUrl ? createScaleout(options.redisUrl, live) : undefined;
  const audit = new AuditLog(options.prisma, options.auditFlushMs !== undefined ? { flushIntervalMs: options.auditFlushMs } : {});
  const auditCells = options.auditCells ?? process.env['ZHOSPAR_AUDIT_CELLS'] !== 'off';
  const auditExtension = auditCells ? new AuditExtension(audit) : undefined;
  const comments = createComments(options.prisma, access, cachedSchemaLookup());
  const collaboration = createCollaboration({
    prisma: options.prisma,
    tokens,
    access,
    extensions: [new WorkflowExtension(live), ...(auditExtension ? [auditExtension] : []), ...(scaleout ? [scaleout.extension] : [])],
    ...(auditExtension ? { onAcceptedUpdate: auditExtension.accepted } : {}),
    onAccessDenied: (denial) => audit.recordAccessDenied(denial),
    discussions: { listener: comments.listener, statusEpoch: (documentId) => live.epoch(documentId) },
    ...(options.storeDebounceMs !== undefined ? { debounceMs: options.storeDebounceMs } : {}),
    ...(options.storeMaxDebounceMs !== undefined ? { maxDebounceMs: options.storeMaxDebounceMs } : {}),
  });

  const fastify = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_BODY_BYTES,
    // Validation failures become our error body; coercion would hide wrong types.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });

  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      if (DENIAL_CODES.has(error.code)) {
        audit.recordAccessDenied({
          channel: 'http',
          code: error.code,
          userId: request.user?.id ?? null,
          iin: request.user?.iin ?? null,
          target: `${request.method} ${request.url.split('?')[0] ?? ''}`,
          address: request.ip,
        });
      }
      return reply.status(error.statusCode).send(apiErrorBody(error.code, error.details, error.data));
    }
    if (error.validation) {
      return reply.status(400).send(apiErrorBody('bad-request', `${error.validationContext ?? 'request'} ${error.validation[0]?.instancePath ?? ''} ${error.validation[0]?.message ?? ''}`.trim()));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.status(413).send(apiErrorBody('payload-too-large'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send(apiErrorBody('unsupported-media-type'));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.status(400).send(apiErrorBody('bad-request', 'The body is not valid JSON.'));
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(400).send(apiErrorBody('bad-request'));
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error(error);
      return reply.status(503).send(apiErrorBody('database-unavailable'));
    }
    console.error('[http] unexpected error', request.method, request.url, error);
    return reply.status(500).send(apiErrorBody('internal'));
  });

  await fastify.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });

  // CSRF: the API authenticates by a bearer token the page sends explicitly, never by a cookie, so a
  // foreign site cannot make a browser send credentials (classic CSRF does not apply). As a second
  // line, a state-changing request whose Origin is present and not this server is refused.
  fastify.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin === undefined || isOwnOrigin(origin, request.headers.host)) return;
    throw new ApiError('foreign-origin');
  });

  // Only routes that opt in (login) are limited; keyed by client address.
  await fastify.register(fastifyRateLimit, { global: false });

  await fastify.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Zhospar API',
        version: '0.1.0',
        description:
          'HTTP API of Zhospar. Collaboration runs over the Hocuspocus websocket at /collab?protocol=1 (collab/SPEC.md). ' +
          'Errors are `{ error: { code, message: { ru, kk } } }`.',
        license: { name: 'GPL-3.0-or-later' },
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });

  live.attach(collaboration.hocuspocus);
  const events = new WorkspaceEvents(tokens, access);
  comments.attach(collaboration.hocuspocus, events);
  const workflow = new WorkflowService(options.prisma, access, live, events, comments.projection);
  const workflowDeps = {
    prisma: options.prisma,
    tokens,
    access,
    workflow,
    versions: new VersionService(options.prisma, access, workflow.documentLocks, events),
    signatures: new SignatureService(options.prisma, access, new KeyBinding(options.tokenSecret), events),
    auditQueries: new AuditQueries(options.prisma, audit),
    desktop: new DesktopService(options.prisma, access, workflow, comments.projection),
  };

  const deps = { prisma: options.prisma, tokens, access };
  await fastify.register(async (api) => {
    await authRoutes(api, { ...deps, loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? LOGIN_ATTEMPTS_PER_MINUTE });
    await documentRoutes(api, deps);
    await systemRoutes(api, deps);
    await workflowRoutes(api, workflowDeps);
    await versionRoutes(api, workflowDeps);
    await signatureRoutes(api, workflowDeps);
    await auditRoutes(api, workflowDeps);
    await desktopRoutes(api, workflowDeps);
    await commentRoutes(api, { tokens, access, threads: comments.threads, notifications: comments.notifications });
    await notificationRoutes(api, { tokens, access, threads: comments.threads, notifications: comments.notifications });
    // Excel export and import (issue 6).
    const exports = new ExportService({ prisma: options.prisma, access, hocuspocus: collaboration.hocuspocus, signatures: workflowDeps.signatures });
    await exportRoutes(api, { tokens, access, exports, jobs: new ExportJobs() });
    const imports = new ImportService({ prisma: options.prisma, access, hocuspocus: collaboration.hocuspocus, live, audit, lookup: collaboration.validation.lookup });
    await importRoutes(api, { tokens, access, imports });
  });

  const staticDir = options.staticDir;
  if (staticDir && existsSync(staticDir)) {
    await fastify.register(fastifyStatic, { root: staticDir, prefix: '/', wildcard: true, index: ['index.html'] });
  }
  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/api/') || path === '/api' || request.method !== 'GET' || !staticDir || !existsSync(staticDir)) {
      return reply.status(404).send(apiErrorBody('not-found'));
    }
    // The client routes itself; every other GET gets its shell.
    return reply.type('text/html').sendFile('index.html');
  });

  await fastify.ready();
  const websocket = attachWebSocket(fastify.server, collaboration.hocuspocus, MAX_UPDATE_BYTES + 64 * 1024);
  events.attach(fastify.server, scaleout?.socketAdapter);
  await scaleout?.ready();

  return {
    fastify,
    collaboration,
    tokens,
    audit,
    events,
    comments,
    async listen(port: number, host: string): Promise<string> {
      await fastify.listen({ port, host });
      const address = fastify.server.address() as AddressInfo;
      return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    },
    async close(): Promise<void> {
      collaboration.hocuspocus.flushPendingStores();
      collaboration.hocuspocus.closeConnections();
      await waitForUnload(collaboration, 5000);
      await comments.close();
      // Every accepted edit is in the log before the process goes.
      await audit.close();
      await events.close();
      await websocket.close();
      await fastify.close();
      await scaleout?.close();
    },
  };
}

/** Error codes that mean "access refused": each is recorded in the audit log (ACCESS_DENIED). */
const DENIAL_CODES: ReadonlySet<string> = new Set(['unauthorized', 'forbidden', 'not-found', 'foreign-origin']);

/** Methods that change nothing (no Origin check). */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when `origin` names the host the request was sent to (scheme aside: TLS may end at a proxy). */
function isOwnOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.toLowerCase();
  } catch {
    return false; // "null" and other opaque origins
  }
}

async function waitForUnload(collaboration: Collaboration, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (collaboration.hocuspocus.getDocumentsCount() > 0 && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function isDatabaseUnavailable(error: unknown): boolean {
  const text = String((error as { message?: unknown })?.message ?? '');
  return /ECONNREFUSED|Can't reach database|Connection terminated|connect ECONN|the database system is (starting|shutting) down/i.test(text);
}
