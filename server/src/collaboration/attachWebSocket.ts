import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer, type RawData } from 'ws';

/** Path of the collaboration endpoint (CONTRACTS.md). */
export const COLLAB_PATH = '/collab';

/**
 * Serves Hocuspocus on `COLLAB_PATH` of the HTTP server the API already listens on, so one port
 * carries the API, the client and the websocket. Frames over `maxPayloadBytes` close the socket
 * with 1009 before any of them is buffered or decoded.
 */
export function attachWebSocket(
  server: Server,
  hocuspocus: Hocuspocus,
  maxPayloadBytes: number,
): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxPayloadBytes });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== COLLAB_PATH) return; // socket.io and others handle their own paths
    wss.handleUpgrade(request, socket, head, (ws) => {
      const headers = new Headers();
      for (const [key, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers.set(key, value);
        else if (Array.isArray(value)) headers.set(key, value.join(', '));
      }
      const webRequest = new Request(`http://localhost${url.pathname}${url.search}`, { headers });
      const connection = hocuspocus.handleConnection(ws, webRequest);
      ws.on('message', (data: RawData) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        connection.handleMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      });
      ws.on('close', (code: number, reason: Buffer) => {
        connection.handleClose({ code, reason: reason.toString() });
      });
      ws.on('error', (error) => {
        console.warn('[collab] websocket error', error.message);
      });
    });
  };
  server.on('upgrade', onUpgrade);

  return {
    close: async () => {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
