/**
 * One collaboration connection: a Y.Doc synced through a HocuspocusProvider at
 * `/collab?protocol=1`, with an observable status for the UI. Fatal close codes (unauthorized,
 * forbidden, not found, protocol mismatch) stop reconnecting; others show "reconnecting".
 *
 * Offline editing (the point of the CRDT): while the connection is down the user keeps editing the
 * local Y.Doc. Those updates are NOT queued as individual messages (the provider's socket would
 * replay them right after the reconnect, before the sync handshake, and the server — which may
 * have lost its last seconds of state in a crash — would see a gap in the client's clocks and
 * reject them as `unresolvable`). Instead they are counted, and once the handshake completes
 * (`synced`) the whole local state is sent as one update: it has no gaps, and everything the
 * server already knows in it is ignored ([V3]).
 *
 * Read-only: the authentication scope and `status-changed` messages ([P9]) decide; a lost
 * connection never makes the document read-only.
 */
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import type { StatusChangedMessage } from '@zhospar/collab';
import { decodeStatusChanged } from '@zhospar/collab';
import type { UpdateRejectedMessage } from './protocol';
import { CloseCode, FATAL_CLOSE_CODES, collabUrl, decodeUpdateRejected } from './protocol';

export type ConnectionStatus =
  | 'connecting'
  | 'connected'
  | 'synced'
  | 'reconnecting'
  | 'protocol-mismatch'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'failed';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Whether the first sync has happened (the doc holds the server state). */
  everSynced: boolean;
  /** The server says this connection may only read (authentication scope or `status-changed`). */
  readOnly: boolean;
  /** Local changes the server has not acknowledged yet (including those made offline). */
  unsyncedChanges: number;
  lastCloseCode: number | null;
}

/** Statuses after which the connection is given up. */
export const FATAL_STATUSES: ReadonlySet<ConnectionStatus> = new Set<ConnectionStatus>(['protocol-mismatch', 'unauthorized', 'forbidden', 'not-found']);

type Listener = () => void;

export class DocumentConnection {
  readonly doc: Y.Doc;
  readonly provider: HocuspocusProvider;
  private state: ConnectionState = { status: 'connecting', everSynced: false, readOnly: false, unsyncedChanges: 0, lastCloseCode: null };
  private readonly listeners = new Set<Listener>();
  private readonly rejectionListeners = new Set<(m: UpdateRejectedMessage) => void>();
  private readonly statusListeners = new Set<(m: StatusChangedMessage) => void>();
  private readonly syncedWaiters: Array<() => void> = [];
  /** Local transactions made while the handshake was not complete (sent as one update after it). */
  private offlineChanges = 0;
  private providerUnsynced = 0;
  private destroyed = false;
  /** The server refused one of this doc's updates: it is dropped, never re-sent. */
  private refused = false;

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider || this.destroyed) return; // applied from the server
    if (this.provider.isSynced) this.provider.documentUpdateHandler(update, origin);
    else {
      this.offlineChanges++;
      this.publishUnsynced();
    }
  };

  constructor(documentName: string, token: string) {
    this.doc = new Y.Doc();
    this.provider = new HocuspocusProvider({
      url: collabUrl(window.location),
      name: documentName,
      document: this.doc,
      token,
      onStatus: ({ status }) => {
        if (this.isFatal()) return;
        if (status === 'connected') this.set({ status: this.state.everSynced && this.provider.isSynced ? 'synced' : 'connected' });
        else this.set({ status: this.state.everSynced ? 'reconnecting' : 'connecting' });
      },
      onSynced: ({ state }) => {
        if (!state || this.isFatal()) return;
        this.flushOffline();
        const first = !this.state.everSynced;
        this.set({ status: 'synced', everSynced: true });
        if (first) for (const w of this.syncedWaiters.splice(0)) w();
      },
      onAuthenticated: ({ scope }) => this.set({ readOnly: scope === 'readonly' }),
      onAuthenticationFailed: ({ reason }) => this.fail(/forbidden|403/i.test(reason) ? 'forbidden' : 'unauthorized'),
      onClose: ({ event }) => this.handleClose(event.code),
      onDisconnect: ({ event }) => this.handleClose(event.code),
      onUnsyncedChanges: ({ number }) => {
        this.providerUnsynced = number;
        this.publishUnsynced();
      },
      onStateless: ({ payload }) => {
        const rejected = decodeUpdateRejected(payload);
        if (rejected !== null) {
          this.refused = true;
          for (const l of this.rejectionListeners) l(rejected);
          return;
        }
        const status = decodeStatusChanged(payload);
        if (status !== null) {
          this.set({ readOnly: status.readOnly });
          for (const l of this.statusListeners) l(status);
        }
      },
    });
    // Local updates go through `onDocUpdate` (see the file comment), not straight to the socket.
    this.doc.off('update', this.provider.boundDocumentUpdateHandler);
    this.doc.on('update', this.onDocUpdate);
  }

  /**
   * After every handshake the whole local state goes to the server as one gap-free update — also
   * when nothing changed offline: a server that crashed lost the updates it had acknowledged but
   * not stored, so the next incremental update would start past its clock for this client and be
   * refused as `unresolvable` (and the local doc dropped) if it reached the server before this
   * client's sync step 2. What the server already knows in the full state is ignored ([V3]).
   */
  private flushOffline(): void {
    // A connection whose update was refused is about to be replaced by a fresh doc ([P8]);
    // re-sending its state would only send the refused change again.
    if (this.refused) return;
    this.offlineChanges = 0;
    this.provider.documentUpdateHandler(Y.encodeStateAsUpdate(this.doc), null);
    this.publishUnsynced();
  }

  private publishUnsynced(): void {
    // The provider counts 1 for its own handshake; only real local changes matter to the user.
    const pending = this.offlineChanges + (this.provider.isSynced ? this.providerUnsynced : 0);
    if (pending !== this.state.unsyncedChanges) this.set({ unsyncedChanges: pending });
  }

  private isFatal(): boolean {
    return FATAL_STATUSES.has(this.state.status);
  }

  private handleClose(code: number): void {
    if (code === CloseCode.UpdateRejected || code === CloseCode.TooLarge) this.refused = true;
    this.set({ lastCloseCode: code });
    if (FATAL_CLOSE_CODES.has(code)) {
      const status: ConnectionStatus =
        code === CloseCode.ProtocolMismatch ? 'protocol-mismatch' : code === CloseCode.Unauthorized ? 'unauthorized' : code === CloseCode.Forbidden ? 'forbidden' : 'not-found';
      this.fail(status);
      return;
    }
    if (!this.isFatal()) this.set({ status: this.state.everSynced ? 'reconnecting' : 'connecting' });
  }

  private fail(status: ConnectionStatus): void {
    this.set({ status });
    this.provider.disconnect();
  }

  private set(patch: Partial<ConnectionState>): void {
    if (this.destroyed) return;
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  getState = (): ConnectionState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called with every `update-rejected` message of the server ([P5]). */
  onUpdateRejected(listener: (m: UpdateRejectedMessage) => void): () => void {
    this.rejectionListeners.add(listener);
    return () => this.rejectionListeners.delete(listener);
  }

  /** Called with every `status-changed` message of the server ([P9]). */
  onStatusChanged(listener: (m: StatusChangedMessage) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Resolves after the first sync with the server. */
  whenSynced(): Promise<void> {
    if (this.state.everSynced) return Promise.resolve();
    return new Promise((resolve) => this.syncedWaiters.push(resolve));
  }

  destroy(): void {
    this.destroyed = true;
    this.listeners.clear();
    this.rejectionListeners.clear();
    this.statusListeners.clear();
    this.doc.off('update', this.onDocUpdate);
    this.provider.destroy();
    this.doc.destroy();
  }
}
