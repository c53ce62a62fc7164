/**
 * Grid markers of open threads: a small triangle in the top-right corner of each commented cell,
 * drawn as a Univer canvas popup attached to the cell (the same DOM-overlay mechanism as the
 * presence labels, so it follows scrolling, zoom and frozen panes). Anchors are stable addresses
 * `{sheetId,rowId,colId}` mapped to grid positions through the binding's layout, so markers move
 * with their rows when rows are inserted, deleted elsewhere or reordered; markers are redrawn when
 * the threads, the active sheet or the layout change.
 */
import type { IDisposable } from '@univerjs/presets';
import { createElement } from 'react';
import type { ReactNode } from 'react';
import type { ThreadView } from '@zhospar/collab';
import { positionOf } from '../univer/binding/SheetLayout';
import type { EditorController } from '../univer/EditorController';
import { CommentMarker } from './CommentMarker';

/** Threads grouped by the cell they sit on (`sheetId/rowId/colId`). */
export function groupByCell(threads: readonly ThreadView[]): Map<string, ThreadView[]> {
  const cells = new Map<string, ThreadView[]>();
  for (const thread of threads) {
    const key = `${thread.anchor.sheetId}/${thread.anchor.rowId}/${thread.anchor.colId}`;
    const list = cells.get(key);
    if (list === undefined) cells.set(key, [thread]);
    else list.push(thread);
  }
  return cells;
}

export class CommentMarkers {
  private readonly controller: EditorController;
  private readonly onOpen: (threadId: string) => void;
  private readonly disposables: IDisposable[] = [];
  private markers: IDisposable[] = [];
  private threads: readonly ThreadView[] = [];
  private label: (count: number) => string;
  private scheduled = false;
  private disposed = false;

  constructor(controller: EditorController, onOpen: (threadId: string) => void, label: (count: number) => string) {
    this.controller = controller;
    this.onOpen = onOpen;
    this.label = label;
    const api = controller.univerAPI;
    this.disposables.push(api.addEvent(api.Event.ActiveSheetChanged, () => this.schedule()));
    const offLayout = controller.binding.onLayoutChange(() => this.schedule());
    this.disposables.push({ dispose: offLayout });
  }

  /** The threads to mark (the caller filters: open ones, plus resolved when shown). */
  setThreads(threads: readonly ThreadView[], label: (count: number) => string): void {
    this.threads = threads;
    this.label = label;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.disposed) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      if (!this.disposed) this.redraw();
    });
  }

  private redraw(): void {
    for (const m of this.markers) m.dispose();
    this.markers = [];
    const workbook = this.controller.univerAPI.getWorkbook(this.controller.binding.unitId);
    if (workbook === null) return;
    const sheet = workbook.getActiveSheet();
    const sheetId = sheet.getSheetId();
    const layout = this.controller.binding.layoutOf(sheetId);
    if (layout === undefined) return;
    for (const [key, threads] of groupByCell(this.threads.filter((t) => t.anchor.sheetId === sheetId))) {
      const first = threads[0];
      if (first === undefined) continue;
      const pos = positionOf(layout, first.anchor.rowId, first.anchor.colId);
      if (pos === null) continue;
      const resolved = threads.every((t) => t.status === 'resolved');
      const title = this.label(threads.length);
      const open = (): void => this.onOpen(first.threadId);
      const component = (): ReactNode => createElement(CommentMarker, { cellKey: key, count: threads.length, resolved, title, onOpen: open });
      try {
        const popup = sheet.getRange(pos.row, pos.col).attachPopup({ componentKey: component, direction: 'right', offset: [-10, 0], showOnSelectionMoving: true });
        if (popup) this.markers.push(popup);
      } catch {
        // The sheet is not rendered yet; the next change redraws.
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const m of this.markers) m.dispose();
    for (const d of this.disposables) d.dispose();
    this.markers = [];
  }
}
