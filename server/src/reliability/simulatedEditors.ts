import { getCell, insertRow, listSheets, setCell } from '@zhospar/collab';
import { getTemplate } from '@zhospar/sheets';
import * as Y from 'yjs';
import { connectClient, waitFor, type TestClient } from '../test/collabClient.ts';
import { seededRandom } from './seededRandom.ts';

/** One simulated editor: a real HocuspocusProvider and its own record of what it typed (rowId → value). */
export interface Editor {
  index: number;
  client: TestClient;
  typed: Map<string, number>;
}

/** A cell that a client typed and the checked document lacks or holds differently. */
export interface MissingEdit {
  editor: number;
  rowId: string;
  expected: number;
  found: unknown;
}

/** Where editors type: a sheet with dynamic rows and one numeric input column of it. */
export interface EditTarget {
  sheetId: string;
  colId: string;
}

/** The first sheet of `doc` with dynamic rows, and its first numeric input column. */
export function editTarget(doc: Y.Doc): EditTarget {
  for (const sheet of listSheets(doc)) {
    const template = getTemplate(sheet.templateId);
    if (!template?.rows.some((r) => r.kind === 'dynamic')) continue;
    const input = template.columns.find((c) => c.kind === 'input' && (c.valueType === 'quantity' || c.valueType === 'amount'));
    if (input) return { sheetId: sheet.sheetId, colId: input.id };
  }
  throw new Error('no sheet with dynamic rows and a numeric input column');
}

/**
 * N editors typing into one document, each adding its own rows (`e<editor>-<n>`) with a value, at
 * seeded random intervals. They keep typing while the server is away (a provider keeps its Y.Doc
 * and sends what the server lacks when it reconnects), so every typed value must end up stored.
 */
export class EditorCrowd {
  readonly editors: Editor[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private typing = false;
  private destroyed = false;
  private readonly random: () => number;

  constructor(
    wsUrl: string,
    readonly documentName: string,
    token: string,
    count: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
    for (let index = 0; index < count; index += 1) {
      const client = connectClient(wsUrl, documentName, token);
      sendLikeTheProductClient(client);
      this.editors.push({ index, client, typed: new Map() });
    }
  }

  /** Resolves once every editor has synced with the server. */
  async synced(timeoutMs = 20_000): Promise<void> {
    await waitFor(() => this.editors.every((e) => e.client.provider.isSynced), 'every editor synced', timeoutMs);
  }

  /** Every editor starts typing, one edit every 30–150 ms. */
  start(): void {
    const first = this.editors[0];
    if (!first) return;
    const target = editTarget(first.client.doc);
    this.typing = true;
    for (const editor of this.editors) this.schedule(editor, target);
  }

  /** Stops typing (edits already made stay in each editor's record). */
  stop(): void {
    this.typing = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Total edits made so far. */
  get editCount(): number {
    return this.editors.reduce((sum, e) => sum + e.typed.size, 0);
  }

  /** Resolves once every editor is connected, synced and has nothing unacknowledged. */
  async settled(timeoutMs = 30_000): Promise<void> {
    await waitFor(
      () => this.editors.every((e) => e.client.provider.isSynced && !e.client.provider.hasUnsyncedChanges),
      'every editor synced with no unacknowledged change',
      timeoutMs,
    );
  }

  /** Edits some editor typed that `doc` does not hold. */
  missingIn(doc: Y.Doc): MissingEdit[] {
    const first = this.editors[0];
    if (!first) return [];
    const target = editTarget(first.client.doc);
    const missing: MissingEdit[] = [];
    for (const editor of this.editors) {
      for (const [rowId, expected] of editor.typed) {
        const found = getCell(doc, { sheetId: target.sheetId, rowId, colId: target.colId });
        if (found !== expected) missing.push({ editor: editor.index, rowId, expected, found });
      }
    }
    return missing;
  }

  /** Disconnects every editor (safe to call twice). */
  destroy(): void {
    this.stop();
    if (this.destroyed) return;
    this.destroyed = true;
    for (const editor of this.editors) editor.client.destroy();
  }

  private schedule(editor: Editor, target: EditTarget): void {
    if (!this.typing) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.typing) return;
      const n = editor.typed.size;
      const rowId = `e${editor.index}-${n}`;
      const value = editor.index * 10_000 + n + 1;
      const doc = editor.client.doc;
      doc.transact(() => {
        insertRow(doc, target.sheetId, rowId, {});
        setCell(doc, { sheetId: target.sheetId, rowId, colId: target.colId }, value);
      });
      editor.typed.set(rowId, value);
      this.schedule(editor, target);
    }, 30 + Math.floor(this.random() * 120));
    this.timers.add(timer);
  }
}

/**
 * The product client's sending rule (client/src/collab/DocumentConnection.ts): local updates go
 * out only while synced; on every (re)sync the whole local state goes out as ONE update first. A
 * server that crashed lost the last acknowledged-but-unstored updates, so an incremental update
 * sent before that full state would start past the server's clock for this client and be refused
 * as `unresolvable` ([V3]); the full state has no gap, and what the server knows in it is ignored.
 */
function sendLikeTheProductClient(client: TestClient): void {
  const provider = client.provider;
  client.doc.off('update', provider.boundDocumentUpdateHandler);
  client.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === provider) return; // from the server
    if (provider.isSynced) provider.documentUpdateHandler(update, origin);
  });
  provider.on('synced', ({ state }: { state: boolean }) => {
    if (state) provider.documentUpdateHandler(Y.encodeStateAsUpdate(client.doc), null);
  });
}

/** A Y.Doc from stored bytes. */
export function docFromState(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc;
}
