import type { beforeHandleAwarenessPayload, Connection, Extension } from '@hocuspocus/server';
import type { CollaborationContext } from './CollaborationContext.ts';

/** Largest awareness state one client may publish, as JSON. */
const MAX_STATE_BYTES = 2048;

/**
 * Presence is advisory but must not lie or flood: each connection may publish the state of one
 * Yjs client id only, at most 2 KiB, and its `user` is replaced by the authenticated identity so
 * nobody can appear as someone else.
 */
export class AwarenessExtension implements Extension {
  extensionName = 'AwarenessExtension';

  private readonly clientIdOf = new WeakMap<Connection, number>();

  async beforeHandleAwareness({
    states,
    connection,
    context,
  }: beforeHandleAwarenessPayload<CollaborationContext>): Promise<void> {
    if (!connection || !context?.user) return;
    for (const [clientId, state] of states) {
      // Hocuspocus decodes into a scratch Awareness whose own empty state comes along; it is
      // nobody's presence, so drop it rather than bind the connection to it.
      if (state !== null && typeof state === 'object' && Object.keys(state).length === 0) {
        states.delete(clientId);
        continue;
      }
      const bound = this.clientIdOf.get(connection);
      if (bound === undefined) this.clientIdOf.set(connection, clientId);
      else if (bound !== clientId) {
        states.delete(clientId);
        continue;
      }
      if (JSON.stringify(state).length > MAX_STATE_BYTES) {
        states.delete(clientId);
        continue;
      }
      // A removed state (peer left) arrives as null; keep it.
      if (state === null || typeof state !== 'object') continue;
      state.user = { id: context.user.id, name: context.user.fullName, color: colourOf(context.user.id) };
    }
  }
}

/** A stable, readable colour per user id. */
export function colourOf(userId: string): string {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 70% 42%)`;
}
