/**
 * The discussion doc of one document (`comments.<documentId>`, collab SPEC.md [C1]–[C14]) over its
 * own HocuspocusProvider at `/collab?protocol=1`, with the same token as the cell doc. It is
 * writable for users with the `comment` action — also when the cell doc is read-only (a curator on
 * a submitted request) — and read-only otherwise.
 *
 * The state for the UI is one immutable snapshot (`getSnapshot`, for `useSyncExternalStore`):
 * status, read-only, and the threads as `readThreads` gives them after every change. If the server
 * refuses an update ([C13]: `update-rejected`, then close), the local doc is discarded and the
 * connection starts over from the server's state, keeping the message to show.
 */
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import type { ThreadView } from '@zhospar/collab';
import { formatDiscussionName, readThreads } from '@zhospar/collab';
import { CloseCode, FATAL_CLOSE_CODES, collabUrl, decodeUpdateRejected } from '../collab/protocol';
import type { LocalizedText } from '../model/templateTypes';

export type DiscussionStatus = 'connecting' | 'synced' | 'offline' | 'forbidden' | 'failed';

export interface DiscussionSnapshot {
  status: DiscussionStatus;
  /** Whether the first sync has happened (threads are the server's). */
  everSynced: boolean;
  /** The server gave a read-only connection (no `comment` action). */
  readOnly: boolean;
  threads: readonly ThreadView[];
  /** The message of the last refused update, until `clearRejection`. */
  rejected: LocalizedText | null;
}

/** Origin of this client's writes to the discussion doc. */
export const DISCUSSION_ORIGIN: unique symbol = Symbol('zhospar-discussion-local');

type Listener = () => void;

export class DiscussionConnection {
  readonly documentId: string;
  private readonly token: string;
  private doc: Y.Doc;
  private provider: HocuspocusProvider;
  private snapshot: DiscussionSnapshot = { status: 'connecting', everSynced: false, readOnly: false, threads: [], rejected: null };
  private readonly listeners = new Set<Listener>();
  private destroyed = false;
  private restarting = false;
  /** `Date.now()` when the server last acknowledged all local changes (browser tests measure delivery). */
  lastAckAt = 0;

  constructor(documentId: string, token: string) {
    this.documentId = documentId;
    this.token = token;
    this.doc = new Y.Doc();
    this.provider = this.connect(this.doc);
  }

  private connect(doc: Y.Doc): HocuspocusProvider {
    const onUpdate = (): void => this.set({ threads: readThreads(doc) });
    doc.on('update', onUpdate);
    const provider = new HocuspocusProvider({
      url: collabUrl(window.location),
      name: formatDiscussionName(this.documentId),
      document: doc,
      token: this.token,
      onStatus: ({ status }) => {
        if (this.isFatal()) return;
        if (status !== 'connected') this.set({ status: this.snapshot.everSynced ? 'offline' : 'connecting' });
      },
      onSynced: ({ state }) => {
        if (state && !this.isFatal()) this.set({ status: 'synced', everSynced: true, threads: readThreads(doc) });
      },
      onAuthenticated: ({ scope }) => this.set({ readOnly: scope === 'readonly' }),
      onAuthenticationFailed: () => this.fail('forbidden'),
      onUnsyncedChanges: ({ number }) => {
        if (number === 0) this.lastAckAt = Date.now();
      },
      onClose: ({ event }) => this.handleClose(event.code),
      onStateless: ({ payload }) => {
        const rejected = decodeUpdateRejected(payload);
        if (rejected !== null) {
          this.set({ rejected: rejected.message });
          this.restart();
        }
      },
    });
    return provider;
  }

  private handleClose(code: number): void {
    if (code === CloseCode.UpdateRejected || code === CloseCode.TooLarge) return this.restart();
    if (FATAL_CLOSE_CODES.has(code)) return this.fail(code === CloseCode.Forbidden || code === CloseCode.Unauthorized || code === CloseCode.NotFound ? 'forbidden' : 'failed');
    if (!this.isFatal()) this.set({ status: this.snapshot.everSynced ? 'offline' : 'connecting' });
  }

  /** [C13] The server refused local state: drop the local doc, start over from the server's. */
  private restart(): void {
    if (this.restarting || this.destroyed) return;
    this.restarting = true;
    queueMicrotask(() => {
      this.provider.destroy();
      this.doc.destroy();
      this.doc = new Y.Doc();
      this.snapshot = { ...this.snapshot, status: 'connecting', everSynced: false, threads: [] };
      this.provider = this.connect(this.doc);
      this.restarting = false;
      this.emit();
    });
  }

  private isFatal(): boolean {
    return this.snapshot.status === 'forbidden' || this.snapshot.status === 'failed';
  }

  private fail(status: DiscussionStatus): void {
    this.set({ status });
    this.provider.disconnect();
  }

  private set(patch: Partial<DiscussionSnapshot>): void {
    if (this.destroyed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  /** The Y.Doc to write to (changes after a restart; take it at write time). */
  getDoc(): Y.Doc {
    return this.doc;
  }

  getSnapshot = (): DiscussionSnapshot => this.snapshot;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  clearRejection(): void {
    this.set({ rejected: null });
  }

  destroy(): void {
    this.destroyed = true;
    this.listeners.clear();
    this.provider.destroy();
    this.doc.destroy();
  }
}
