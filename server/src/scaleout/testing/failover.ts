import type { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';

/**
 * Client-side failover for tests and the bench: whenever the websocket closes, the next reconnect
 * goes to the next URL of the list (round robin). A browser behind a load balancer does not need
 * this; the balancer sends the reconnect to a live process (server/README.md "Several processes").
 */
export function failOverBetween(socket: HocuspocusProviderWebsocket, urls: readonly string[]): void {
  let index = Math.max(0, urls.indexOf(socket.configuration.url as string));
  socket.on('close', () => {
    index = (index + 1) % urls.length;
    const next = urls[index];
    if (next) socket.configuration.url = next;
  });
}

/**
 * Offline edits as the browser client sends them (client/src/collab/DocumentConnection.ts): not
 * queued as single updates (a process that died may have lost the ones before them, and the next
 * process would refuse the gap as `unresolvable`), but sent as the whole local state once the
 * sync handshake with the new process is done.
 */
export function sendOfflineEditsAfterSync(provider: HocuspocusProvider, doc: Y.Doc): void {
  let offline = 0;
  doc.off('update', provider.boundDocumentUpdateHandler);
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === provider) return;
    if (provider.isSynced) provider.documentUpdateHandler(update, origin);
    else offline += 1;
  });
  provider.on('synced', ({ state }: { state: boolean }) => {
    if (!state || offline === 0) return;
    offline = 0;
    provider.documentUpdateHandler(Y.encodeStateAsUpdate(doc), null);
  });
}
