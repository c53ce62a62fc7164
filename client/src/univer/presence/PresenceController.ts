/**
 * Presence through Yjs awareness (ARCHITECTURE.md): every client publishes its user (id, name,
 * colour) and its selected cell as a stable address `{sheetId,rowId,colId}`. Other people's
 * cells are outlined in their colour on the grid with Univer's own selection shapes
 * (`FRange.highlight`, which follow scrolling and zoom); shapes are redrawn when awareness,
 * the active sheet or the layout changes.
 */
import type { FUniver, IDisposable } from '@univerjs/presets';
import { LifecycleStages } from '@univerjs/presets';
import { createElement } from 'react';
import type { ReactNode } from 'react';
import { cellAt, positionOf } from '../binding/SheetLayout';
import type { YUniverBinding } from '../binding/YUniverBinding';
import { isSafeColor, withAlpha } from './colorFor';
import { PresenceLabel } from './PresenceLabel';

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

export interface CellAddressRef {
  sheetId: string;
  rowId: string;
  colId: string;
}

export interface Peer {
  clientId: number;
  user: PresenceUser;
  cursor: CellAddressRef | null;
  isSelf: boolean;
}

/** The part of y-protocols' Awareness the controller uses. */
export interface AwarenessLike {
  clientID: number;
  getStates(): Map<number, Record<string, unknown>>;
  setLocalStateField(field: string, value: unknown): void;
  on(event: 'change', cb: () => void): void;
  off(event: 'change', cb: () => void): void;
}

function parseUser(v: unknown): PresenceUser | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string' || typeof o.name !== 'string' || typeof o.color !== 'string') return null;
  if (!isSafeColor(o.color)) return null;
  return { id: o.id, name: o.name.slice(0, 120), color: o.color };
}

function parseCursor(v: unknown): CellAddressRef | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  return typeof o.sheetId === 'string' && typeof o.rowId === 'string' && typeof o.colId === 'string' ? { sheetId: o.sheetId, rowId: o.rowId, colId: o.colId } : null;
}

/** A short form of a person's name for the label over their cell: «Сапарова Айгерим» → «Сапарова А.». */
export function shortName(name: string): string {
  const parts = name.replace(/\s*\(.*?\)\s*/g, ' ').trim().split(/\s+/).filter((p) => p !== '');
  if (parts.length === 0) return name.trim();
  const [first, ...rest] = parts;
  return [first, ...rest.map((p) => `${p.charAt(0)}.`)].join(' ');
}

/** Reads the peers of an awareness instance (pure over the states map; exported for tests). */
export function readPeers(states: Map<number, Record<string, unknown>>, selfId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of states) {
    const user = parseUser(state.user);
    if (user === null) continue;
    peers.push({ clientId, user, cursor: parseCursor(state.cursor), isSelf: clientId === selfId });
  }
  return peers.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

type Listener = () => void;

export class PresenceController {
  private readonly univerAPI: FUniver;
  private readonly binding: YUniverBinding;
  private readonly awareness: AwarenessLike;
  private readonly listeners = new Set<Listener>();
  private readonly disposables: IDisposable[] = [];
  private highlights: IDisposable[] = [];
  private peers: Peer[] = [];
  private redrawScheduled = false;
  private readonly onAwarenessChange = (): void => {
    this.peers = readPeers(this.awareness.getStates(), this.awareness.clientID);
    for (const l of this.listeners) l();
    this.scheduleRedraw();
  };

  constructor(univerAPI: FUniver, binding: YUniverBinding, awareness: AwarenessLike, user: PresenceUser) {
    this.univerAPI = univerAPI;
    this.binding = binding;
    this.awareness = awareness;
    awareness.setLocalStateField('user', user);
    awareness.setLocalStateField('cursor', null);
    awareness.on('change', this.onAwarenessChange);
    // Every selection change — a click, the keyboard, or `range.activate()` — runs the
    // set-selections operation; the published cursor follows the active cell.
    this.disposables.push(
      univerAPI.addEvent(univerAPI.Event.CommandExecuted, (event) => {
        if (event.id === 'sheet.operation.set-selections') this.publishCursor();
      }),
    );
    this.disposables.push(univerAPI.addEvent(univerAPI.Event.ActiveSheetChanged, () => this.scheduleRedraw()));
    // Name labels are canvas popups: they need the rendered grid (its engine's container).
    this.disposables.push(univerAPI.addEvent(univerAPI.Event.LifeCycleChanged, () => this.scheduleRedraw()));
    const offLayout = binding.onLayoutChange(() => this.scheduleRedraw());
    this.disposables.push({ dispose: offLayout });
    this.onAwarenessChange();
  }

  /** Publishes the active cell of the active sheet as this user's cursor (a stable address). */
  private publishCursor(): void {
    const sheet = this.univerAPI.getWorkbook(this.binding.unitId)?.getActiveSheet();
    const selection = sheet?.getSelection();
    const current = selection?.getCurrentCell();
    const range = selection?.getActiveRange()?.getRange();
    const at = current ? { row: current.actualRow, col: current.actualColumn } : range ? { row: range.startRow, col: range.startColumn } : null;
    const layout = sheet === undefined ? undefined : this.binding.layoutOf(sheet.getSheetId());
    const cell = at === null || layout === undefined ? null : cellAt(layout, at.row, at.col);
    const next = cell === null || sheet === undefined ? null : { sheetId: sheet.getSheetId(), ...cell };
    const published = parseCursor(this.awareness.getStates().get(this.awareness.clientID)?.cursor);
    if (next?.sheetId === published?.sheetId && next?.rowId === published?.rowId && next?.colId === published?.colId) return;
    this.awareness.setLocalStateField('cursor', next);
  }

  getPeers = (): Peer[] => this.peers;

  /** Raw awareness states (client id → state), for diagnostics and tests. */
  rawStates(): Array<[number, Record<string, unknown>]> {
    return [...this.awareness.getStates()];
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private scheduleRedraw(): void {
    if (this.redrawScheduled) return;
    this.redrawScheduled = true;
    requestAnimationFrame(() => {
      this.redrawScheduled = false;
      this.redraw();
    });
  }

  /** Outlines every other person's cell on the active sheet. */
  private redraw(): void {
    for (const h of this.highlights) h.dispose();
    this.highlights = [];
    const workbook = this.univerAPI.getWorkbook(this.binding.unitId);
    if (workbook === null) return;
    const sheet = workbook.getActiveSheet();
    const sheetId = sheet.getSheetId();
    const layout = this.binding.layoutOf(sheetId);
    if (layout === undefined) return;
    for (const peer of this.peers) {
      if (peer.isSelf || peer.cursor === null || peer.cursor.sheetId !== sheetId) continue;
      const pos = positionOf(layout, peer.cursor.rowId, peer.cursor.colId);
      if (pos === null) continue;
      try {
        const range = sheet.getRange(pos.row, pos.col);
        this.highlights.push(range.highlight({ stroke: peer.user.color, fill: withAlpha(peer.user.color, 0.13), strokeWidth: 2 }));
        if (this.univerAPI.getCurrentLifecycleStage() >= LifecycleStages.Rendered) {
          const { name, color } = peer.user;
          const label = (): ReactNode => createElement(PresenceLabel, { name: shortName(name), color });
          const popup = range.attachPopup({ componentKey: label, direction: 'top', offset: [0, 0], showOnSelectionMoving: true });
          if (popup) this.highlights.push(popup);
        }
      } catch {
        // The sheet is not rendered yet; the next change redraws.
      }
    }
  }

  dispose(): void {
    this.awareness.off('change', this.onAwarenessChange);
    for (const h of this.highlights) h.dispose();
    for (const d of this.disposables) d.dispose();
    this.listeners.clear();
  }
}
