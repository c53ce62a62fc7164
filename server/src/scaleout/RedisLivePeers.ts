import type { DocumentKind } from '@zhospar/collab';
import type { Redis } from 'ioredis';
import type { DocumentStatus } from '../access/Policy.ts';
import type { LiveDocuments, LivePeers, PeerHold } from '../workflow/LiveDocuments.ts';

/** Longest a status decision waits for the other processes to freeze and send their state. */
export const PEER_FREEZE_TIMEOUT_MS = 2000;
/** Longest a process keeps a document frozen for a peer that never says how its decision ended. */
export const PEER_HOLD_TIMEOUT_MS = 30_000;

type PeerMessage =
  | { t: 'freeze'; from: string; token: string; kind: DocumentKind; documentId: string }
  | { t: 'frozen'; from: string; token: string; state: string | null }
  | { t: 'thaw'; from: string; token: string }
  | {
      t: 'status';
      from: string;
      token: string | null;
      kind: DocumentKind;
      document: { id: string; organisationId: string };
      status: DocumentStatus;
      reason: string | null;
    };

interface PendingFreeze {
  expected: number;
  states: Uint8Array[];
  replies: number;
  done(): void;
}

/**
 * Workflow status changes across server processes over Redis pub/sub (channel `<prefix>:live`).
 *
 * The deciding process publishes `freeze`; every other process makes the document's connections
 * read-only and replies with its live Yjs state on the decider's reply channel, so edits it has
 * accepted but Redis has not yet delivered are part of the decision (controls, snapshot). After the
 * commit the decider publishes `status` and each process switches its connections exactly as
 * LiveDocuments does locally ([P9] `status-changed`); a failed decision publishes `thaw`. A process
 * that never hears back (the decider died) re-reads the status from the database after
 * `PEER_HOLD_TIMEOUT_MS`.
 */
export class RedisLivePeers implements LivePeers {
  private readonly channel: string;
  private readonly replyChannel: string;
  private counter = 0;
  private readonly pending = new Map<string, PendingFreeze>();
  private readonly holds = new Map<string, { hold: PeerHold; timer: NodeJS.Timeout }>();
  private readonly ready: Promise<unknown>;

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly live: LiveDocuments,
    private readonly identifier: string,
    prefix: string,
  ) {
    this.channel = `${prefix}:live`;
    this.replyChannel = `${prefix}:live:reply:${identifier}`;
    this.sub.on('message', (channel: string, text: string) => {
      if (channel !== this.channel && channel !== this.replyChannel) return;
      this.handle(text).catch((error: unknown) => console.error('[scaleout] handling a peer message failed', error));
    });
    this.ready = this.sub.subscribe(this.channel, this.replyChannel);
    this.ready.catch(() => undefined);
  }

  /** Resolves once this process hears its peers. */
  async start(): Promise<void> {
    await this.ready;
  }

  async freeze(kind: DocumentKind, documentId: string): Promise<{ token: string; states: Uint8Array[] }> {
    this.counter += 1;
    const token = `${this.identifier}:${this.counter}`;
    const peers = (await this.subscriberCount()) - 1;
    if (peers <= 0) return { token, states: [] };
    const states: Uint8Array[] = [];
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        console.warn(`[scaleout] ${this.pending.get(token)?.replies ?? 0} of ${peers} processes froze ${documentId} in time; deciding anyway`);
        this.pending.delete(token);
        resolve();
      }, PEER_FREEZE_TIMEOUT_MS);
      this.pending.set(token, {
        expected: peers,
        states,
        replies: 0,
        done: () => {
          clearTimeout(timer);
          this.pending.delete(token);
          resolve();
        },
      });
      void this.publish({ t: 'freeze', from: this.identifier, token, kind, documentId });
    });
    return { token, states };
  }

  thaw(token: string): void {
    void this.publish({ t: 'thaw', from: this.identifier, token });
  }

  publishStatus(
    token: string | null,
    kind: DocumentKind,
    document: { id: string; organisationId: string },
    status: DocumentStatus,
    reason: string | null,
  ): void {
    void this.publish({
      t: 'status',
      from: this.identifier,
      token,
      kind,
      document: { id: document.id, organisationId: document.organisationId },
      status,
      reason,
    });
  }

  /** Lets go of every hold (shutdown): connections re-read their rights. */
  close(): void {
    for (const [token, { hold, timer }] of this.holds) {
      clearTimeout(timer);
      hold.release('reread');
      this.holds.delete(token);
    }
    for (const pending of this.pending.values()) pending.done();
  }

  private async handle(text: string): Promise<void> {
    const message = JSON.parse(text) as PeerMessage;
    if (message.from === this.identifier) return;
    switch (message.t) {
      case 'freeze': {
        const hold = this.live.holdForPeer(message.kind, message.documentId);
        const timer = setTimeout(() => this.release(message.token, 'reread'), PEER_HOLD_TIMEOUT_MS);
        this.holds.set(message.token, { hold, timer });
        const state = hold.state ? Buffer.from(hold.state).toString('base64') : null;
        await this.pub.publish(`${this.channel}:reply:${message.from}`, JSON.stringify({
          t: 'frozen',
          from: this.identifier,
          token: message.token,
          state,
        } satisfies PeerMessage));
        return;
      }
      case 'frozen': {
        const pending = this.pending.get(message.token);
        if (!pending) return;
        if (message.state) pending.states.push(new Uint8Array(Buffer.from(message.state, 'base64')));
        pending.replies += 1;
        if (pending.replies >= pending.expected) pending.done();
        return;
      }
      case 'thaw':
        this.release(message.token, 'restore');
        return;
      case 'status':
        await this.live.applyStatus(message.kind, message.document, message.status, message.reason);
        if (message.token) this.release(message.token, 'applied');
        return;
    }
  }

  private release(token: string, how: 'restore' | 'applied' | 'reread'): void {
    const held = this.holds.get(token);
    if (!held) return;
    this.holds.delete(token);
    clearTimeout(held.timer);
    held.hold.release(how);
  }

  private async subscriberCount(): Promise<number> {
    const result = (await this.pub.pubsub('NUMSUB', this.channel)) as [string, number | string];
    return Number(result[1] ?? 0);
  }

  private async publish(message: PeerMessage): Promise<void> {
    try {
      await this.pub.publish(this.channel, JSON.stringify(message));
    } catch (error) {
      console.error(`[scaleout] publishing ${message.t} failed`, error);
    }
  }
}
