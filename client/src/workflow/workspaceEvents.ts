/**
 * Workspace events over socket.io (CONTRACTS.md: same origin, path `/socket.io`, JWT in
 * `auth.token`): `ready` once the socket has joined its rooms, then `document:status-changed`,
 * `document:created`, `document:signed` for documents the user may read.
 */
import { io } from 'socket.io-client';

export interface WorkspaceActor {
  id: string;
  fullName: string;
}

export interface StatusChangedEvent {
  documentId: string;
  organisationId: string;
  kind: string;
  title: string;
  versionNumber: number;
  from: string;
  to: string;
  reason: string | null;
  at: string;
  by: WorkspaceActor;
  failingControls: { errors: number; warnings: number } | null;
}

export interface DocumentCreatedEvent {
  documentId: string;
  organisationId: string;
  title: string;
  versionNumber: number;
  versionKind: string;
  status: string;
  at: string;
  by: WorkspaceActor;
}

export interface DocumentSignedEvent {
  documentId: string;
  organisationId: string;
  signatureId: string;
  snapshotId: string;
  at: string;
  by: WorkspaceActor;
}

export interface WorkspaceHandlers {
  /** Connected and subscribed (also after every reconnect: refetch, events may have been missed). */
  onReady?: () => void;
  /** The connection dropped (the socket reconnects by itself). */
  onDisconnect?: () => void;
  onStatusChanged?: (e: StatusChangedEvent) => void;
  onCreated?: (e: DocumentCreatedEvent) => void;
  onSigned?: (e: DocumentSignedEvent) => void;
}

/** Opens a socket for the session; returns the function that closes it. */
export function connectWorkspaceEvents(token: string, handlers: WorkspaceHandlers): () => void {
  const socket = io({ path: '/socket.io', auth: { token } });
  socket.on('ready', () => handlers.onReady?.());
  socket.on('disconnect', () => handlers.onDisconnect?.());
  socket.on('connect_error', () => handlers.onDisconnect?.());
  socket.on('document:status-changed', (e: StatusChangedEvent) => handlers.onStatusChanged?.(e));
  socket.on('document:created', (e: DocumentCreatedEvent) => handlers.onCreated?.(e));
  socket.on('document:signed', (e: DocumentSignedEvent) => handlers.onSigned?.(e));
  return () => {
    socket.removeAllListeners();
    socket.disconnect();
  };
}
