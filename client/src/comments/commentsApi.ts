/**
 * HTTP and socket.io side of comments (server/src/comments/README.md): people who may be
 * mentioned, the notification inbox, and `notification:new` pushed to the user's own room.
 */
import { io } from 'socket.io-client';
import { apiRequest } from '../api/apiClient';

const enc = encodeURIComponent;

export interface MentionableUser {
  id: string;
  fullName: string;
  organisation: { id: string; nameRu: string; nameKk: string } | null;
}

/** People who may read the document, matching `q` (part of the name or the start of the ИИН). */
export async function fetchMentionableUsers(documentId: string, q: string, limit = 20): Promise<MentionableUser[]> {
  const body = (await apiRequest(`/api/documents/${enc(documentId)}/mentionable-users?q=${enc(q)}&limit=${limit}`)) as { users?: MentionableUser[] };
  return Array.isArray(body.users) ? body.users : [];
}

export interface NotificationEvent {
  id: string;
  kind: 'mention' | 'reply';
  documentId: string;
  documentTitle: string;
  threadId: string;
  messageId: string;
  anchor: { sheetId: string; rowId: string; colId: string };
  actor: { id: string; fullName: string };
  excerpt: string;
  createdAt: string;
  read: boolean;
}

export interface Inbox {
  notifications: NotificationEvent[];
  unreadCount: number;
}

/** The inbox, newest first. */
export async function fetchNotifications(unreadOnly = false, limit = 50): Promise<Inbox> {
  const body = (await apiRequest(`/api/notifications?limit=${limit}${unreadOnly ? '&unread=true' : ''}`)) as Partial<Inbox>;
  return { notifications: Array.isArray(body.notifications) ? body.notifications : [], unreadCount: typeof body.unreadCount === 'number' ? body.unreadCount : 0 };
}

export async function markNotificationRead(id: string): Promise<void> {
  await apiRequest(`/api/notifications/${enc(id)}/read`, { method: 'POST' });
}

export async function markAllNotificationsRead(): Promise<void> {
  await apiRequest('/api/notifications/read-all', { method: 'POST' });
}

/** Subscribes to `notification:new` (and reconnect readiness); returns the function that closes the socket. */
export function connectNotifications(token: string, handlers: { onNotification: (e: NotificationEvent) => void; onReady: () => void }): () => void {
  const socket = io({ path: '/socket.io', auth: { token } });
  socket.on('ready', () => handlers.onReady());
  socket.on('notification:new', (e: NotificationEvent) => handlers.onNotification(e));
  return () => {
    socket.removeAllListeners();
    socket.disconnect();
  };
}

/** The hash of a document with a thread to open (`#/documents/<id>?thread=<threadId>`). */
export function threadHref(documentId: string, threadId: string): string {
  return `#/documents/${enc(documentId)}?thread=${enc(threadId)}`;
}
