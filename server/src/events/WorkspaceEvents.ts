import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { AccessService, AuthenticatedUser } from '../access/AccessService.ts';
import { allowedActions, type DocumentStatus } from '../access/Policy.ts';
import type { TokenService } from '../auth/TokenService.ts';

/** Path of the workspace events endpoint (socket.io) on the API's HTTP server. */
export const EVENTS_PATH = '/socket.io';

/** Who did something, as events show it. */
export interface EventActor {
  id: string;
  fullName: string;
}

/** `document:status-changed` — a status change anywhere the user may read. */
export interface StatusChangedEvent {
  documentId: string;
  organisationId: string;
  kind: string;
  title: string;
  versionNumber: number;
  from: DocumentStatus;
  to: DocumentStatus;
  /** Return reason; null otherwise. */
  reason: string | null;
  /** ISO time of the transition. */
  at: string;
  by: EventActor;
  /** Failed controls at the transition, when computed (submit, approve); null otherwise. */
  failingControls: { errors: number; warnings: number } | null;
}

/** `document:created` — a new version was created from an approved one. */
export interface DocumentCreatedEvent {
  documentId: string;
  organisationId: string;
  kind: string;
  title: string;
  versionNumber: number;
  versionKind: string;
  parentVersionId: string | null;
  status: DocumentStatus;
  at: string;
  by: EventActor;
}

/** `document:signed` — an approved version was signed. */
export interface DocumentSignedEvent {
  documentId: string;
  organisationId: string;
  signatureId: string;
  snapshotId: string;
  at: string;
  by: EventActor;
}

/**
 * `notification:new` — an inbox entry for this user (a mention, or a reply in a thread they wrote
 * in); the same object `GET /api/notifications` lists.
 */
export interface NotificationEvent {
  id: string;
  kind: 'mention' | 'reply';
  documentId: string;
  documentTitle: string;
  threadId: string;
  messageId: string;
  /** The anchor cell of the thread (stable ids, collab [C3]). */
  anchor: { sheetId: string; rowId: string; colId: string };
  actor: EventActor;
  /** Start of the message as plain text. */
  excerpt: string;
  createdAt: string;
  read: boolean;
}

/** `document:remarks-changed` — the open remarks of a document changed (curator's desktop counter). */
export interface RemarksChangedEvent {
  documentId: string;
  organisationId: string;
  /** Open, non-deleted threads now. */
  openRemarks: number;
}

/** Events the server sends; the client sends none. */
export interface ServerToClientEvents {
  /** Sent once the socket has joined its rooms: from then on no event is missed. */
  ready: (payload: { organisationIds: string[] }) => void;
  'document:status-changed': (payload: StatusChangedEvent) => void;
  'document:created': (payload: DocumentCreatedEvent) => void;
  'document:signed': (payload: DocumentSignedEvent) => void;
  'document:remarks-changed': (payload: RemarksChangedEvent) => void;
  'notification:new': (payload: NotificationEvent) => void;
}

interface SocketData {
  user: AuthenticatedUser;
}

type WorkspaceSocket = Socket<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Workspace events over socket.io (рабочий стол куратора, status badges, notifications), on the same
 * HTTP server as the API at `/socket.io`. The handshake carries the session JWT in `auth.token`; each
 * socket joins one room per organisation whose documents its user may read (`org:<id>`) and its
 * user's own room (`user:<id>`, notifications), and every document event
 * is re-checked against the policy per socket before it is sent, so nobody receives events of
 * documents they may not read.
 */
export class WorkspaceEvents {
  private io: Server<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData> | undefined;

  constructor(
    private readonly tokens: TokenService,
    private readonly access: AccessService,
  ) {}

  /** Mounts socket.io on `server`; `adapter` shares rooms across processes (scaleout/, Redis). */
  attach(server: HttpServer, adapter?: ServerOptions['adapter']): void {
    const io = new Server<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>(server, {
      path: EVENTS_PATH,
      serveClient: false,
      // Other upgrade paths (/collab) belong to Hocuspocus; never destroy them.
      destroyUpgrade: false,
      maxHttpBufferSize: 16 * 1024,
      ...(adapter ? { adapter } : {}),
    });
    io.use((socket, next) => {
      const auth: unknown = socket.handshake.auth;
      const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
      if (typeof token !== 'string' || token.length > 4096) return next(new Error('unauthorized'));
      void (async (): Promise<void> => {
        const claims = await this.tokens.verify(token);
        const user = claims ? await this.access.userFromClaims(claims) : null;
        if (!user) return next(new Error('unauthorized'));
        socket.data.user = user;
        next();
      })().catch(() => next(new Error('unavailable')));
    });
    io.on('connection', (socket: WorkspaceSocket) => {
      void (async (): Promise<void> => {
        const organisationIds = await this.access.readableOrganisationIds(socket.data.user);
        await socket.join([...organisationIds.map(roomOf), userRoomOf(socket.data.user.id)]);
        socket.emit('ready', { organisationIds });
      })().catch((error: unknown) => {
        console.error('[events] joining rooms failed', error);
        socket.disconnect(true);
      });
    });
    this.io = io;
  }

  /** A status change, to everyone who may read the document in its new status. */
  async statusChanged(payload: StatusChangedEvent): Promise<void> {
    await this.emit({ organisationId: payload.organisationId, status: payload.to }, 'document:status-changed', payload);
  }

  /** A new version, to everyone who may read it. */
  async documentCreated(payload: DocumentCreatedEvent): Promise<void> {
    await this.emit({ organisationId: payload.organisationId, status: payload.status }, 'document:created', payload);
  }

  /** A signature, to everyone who may read the approved document. */
  async documentSigned(payload: DocumentSignedEvent): Promise<void> {
    await this.emit({ organisationId: payload.organisationId, status: 'APPROVED' }, 'document:signed', payload);
  }

  /** A document's open remarks changed, to everyone who may read it. */
  async remarksChanged(payload: RemarksChangedEvent, status: DocumentStatus): Promise<void> {
    await this.emit({ organisationId: payload.organisationId, status }, 'document:remarks-changed', payload);
  }

  /** An inbox entry, to the sockets of its user only (room `user:<id>`); the caller checked read access. */
  notify(userId: string, payload: NotificationEvent): void {
    this.io?.to(userRoomOf(userId)).emit('notification:new', payload);
  }

  /** Disconnects every socket and stops accepting new ones. */
  async close(): Promise<void> {
    const io = this.io;
    if (!io) return;
    this.io = undefined;
    io.disconnectSockets(true);
    // `io.close()` would also close the shared HTTP server; Fastify does that.
    io.engine.close();
  }

  private async emit<E extends 'document:status-changed' | 'document:created' | 'document:signed' | 'document:remarks-changed'>(
    document: { organisationId: string; status: DocumentStatus },
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): Promise<void> {
    const io = this.io;
    if (!io) return;
    try {
      const sockets = await io.in(roomOf(document.organisationId)).fetchSockets();
      if (sockets.length === 0) return;
      const relations = await this.access.organisationRelations();
      for (const socket of sockets) {
        if (!allowedActions(socket.data.user.grants, relations, document).has('read')) continue;
        (socket.emit as (event: E, payload: Parameters<ServerToClientEvents[E]>[0]) => boolean)(event, payload);
      }
    } catch (error) {
      console.error(`[events] sending ${event} failed`, error);
    }
  }
}

function roomOf(organisationId: string): string {
  return `org:${organisationId}`;
}

/** One room per user, for notifications meant for that person only. */
function userRoomOf(userId: string): string {
  return `user:${userId}`;
}
