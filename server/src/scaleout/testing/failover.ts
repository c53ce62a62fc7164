import type { HocuspocusProviderWebsocket } from '@hocuspocus/provider';

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
