import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import WebSocket from 'ws';

/** A real Hocuspocus provider in Node, as a second browser would be, with what it hears. */
export interface TestClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  authFailure: string | null;
  stateless: string[];
  closes: Array<{ code: number; reason: string }>;
  destroy(): void;
}

export function connectClient(wsUrl: string, name: string, token: string, doc: Y.Doc = new Y.Doc()): TestClient {
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
    WebSocketPolyfill: WebSocket,
    delay: 50,
    minDelay: 50,
    maxDelay: 500,
  });
  const client: TestClient = {
    doc,
    socket,
    provider: undefined as unknown as HocuspocusProvider,
    authFailure: null,
    stateless: [],
    closes: [],
    destroy() {
      client.provider.destroy();
      socket.destroy();
    },
  };
  client.provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    token,
    document: doc,
    onAuthenticationFailed: ({ reason }) => {
      client.authFailure = reason;
    },
    onStateless: ({ payload }) => {
      client.stateless.push(payload);
    },
    onClose: ({ event }) => {
      client.closes.push({ code: event.code, reason: event.reason });
    },
  });
  client.provider.attach();
  return client;
}

/** Resolves when `predicate` holds, polling; rejects after `timeoutMs` with `what`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves once the provider has synced with the server. */
export async function synced(client: TestClient, timeoutMs = 5000): Promise<void> {
  await waitFor(() => client.provider.isSynced, 'the first sync', timeoutMs);
}
