/** Development only: an awareness with one simulated colleague, for the editor preview. */
import type { AwarenessLike } from '../univer/presence/PresenceController';

export class FakeAwareness implements AwarenessLike {
  readonly clientID = 1;
  private readonly states = new Map<number, Record<string, unknown>>();
  private readonly listeners = new Set<() => void>();

  constructor(peer: Record<string, unknown>) {
    this.states.set(2, peer);
  }

  getStates(): Map<number, Record<string, unknown>> {
    return this.states;
  }

  setLocalStateField(field: string, value: unknown): void {
    this.states.set(this.clientID, { ...(this.states.get(this.clientID) ?? {}), [field]: value });
    this.emit();
  }

  setPeerField(field: string, value: unknown): void {
    this.states.set(2, { ...(this.states.get(2) ?? {}), [field]: value });
    this.emit();
  }

  on(_event: 'change', cb: () => void): void {
    this.listeners.add(cb);
  }

  off(_event: 'change', cb: () => void): void {
    this.listeners.delete(cb);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
