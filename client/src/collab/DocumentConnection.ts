/**
 * One collaboration connection: a Y.Doc synced through a HocuspocusProvider at
 * `/collab?protocol=1`, with an observable status for the UI. Fatal close codes (unauthorized,
 * forbidden, not found, protocol mismatch) stop reconnecting; others show "reconnecting".
 */
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
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
  readOnly: boolean;
  unsyncedChanges: number;
  lastCloseCode: number | null;
}

type Listener = () => void;

export class DocumentConnection {
  readonly doc: Y.Doc;
  readonly provider: HocuspocusProvider;
  private state: ConnectionState = { status: 'connecting', everSynced: false, readOnly: false, unsyncedChanges: 0, lastCloseCode: null };
  private readonly listeners = new Set<Listener>();
  private readonly rejectionListeners = new Set<(m: UpdateRejectedMessage) => void>();
  private readonly syncedWaiters: Array<() => void> = [];

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
        else if (status === 'connecting') this.set({ status: this.state.everSynced ? 'reconnecting' : 'connecting' });
        else this.set({ status: this.state.everSynced ? 'reconnecting' : 'connecting' });
      },
      onSynced: ({ state }) => {
        if (!state || this.isFatal()) return;
        const first = !this.state.everSynced;
        this.set({ status: 'synced', everSynced: true });
        if (first) for (const w of this.syncedWaiters.splice(0)) w();
      },
      onAuthenticated: ({ scope }) => this.set({ readOnly: scope === 'readonly' }),
      onAuthenticationFailed: ({ reason }) => this.fail(/forbidden|403/i.test(reason) ? 'forbidden' : 'unauthorized'),
      onClose: ({ event }) => this.handleClose(event.code),
      onDisconnect: ({ event }) => this.handleClose(event.code),
      onUnsyncedChanges: ({ number }) => this.set({ unsyncedChanges: number }),
      onStateless: ({ payload }) => {
        const msg = decodeUpdateRejected(payload);
        if (msg !== null) for (const l of this.rejectionListeners) l(msg);
      },
    });
  }

  private isFatal(): boolean {
    return ['protocol-mismatch', 'unauthorized', 'forbidden', 'not-found'].includes(this.state.status);
  }

  private handleClose(code: number): void {
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
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  getState = (): ConnectionState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called with every `update-rejected` message of the server. */
  onUpdateRejected(listener: (m: UpdateRejectedMessage) => void): () => void {
    this.rejectionListeners.add(listener);
    return () => this.rejectionListeners.delete(listener);
  }

  /** Resolves after the first sync with the server. */
  whenSynced(): Promise<void> {
    if (this.state.everSynced) return Promise.resolve();
    return new Promise((resolve) => this.syncedWaiters.push(resolve));
  }

  destroy(): void {
    this.listeners.clear();
    this.rejectionListeners.clear();
    this.provider.destroy();
    this.doc.destroy();
  }
}
