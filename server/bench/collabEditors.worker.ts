// One worker thread of simulated editors for bench:collab. Each editor is a real
// HocuspocusProvider with its own Y.Doc. The worker records when each of its editors made an edit
// (sender clock) and when each of its editors' state for every other client advanced (receiver
// side); the main thread joins the two by Yjs state vectors. Times are absolute
// (performance.timeOrigin + now), comparable across threads.
import { parentPort, workerData } from 'node:worker_threads';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { insertRow, setCell } from '@zhospar/collab';
import WebSocket from 'ws';
import * as Y from 'yjs';

export interface EditorsWorkerData {
  wsUrl: string;
  token: string;
  documentName: string;
  sheetId: string;
  columns: string[];
  sharedRow: string;
  firstEditor: number;
  editorCount: number;
  meanPauseMs: number;
}

/** [senderClientId, clockBefore, sentAt] */
export type SentEdit = [number, number, number];
/** [receiverClientId, senderClientId, stateAfter, at] */
export type Advance = [number, number, number, number];

const data = workerData as EditorsWorkerData;
const port = parentPort!;
const now = (): number => performance.timeOrigin + performance.now();

const editors = Array.from({ length: data.editorCount }, (_, k) => {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: data.wsUrl, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: data.documentName, token: data.token, document: doc });
  provider.attach();
  return { index: data.firstEditor + k, doc, socket, provider };
});

const sent: SentEdit[] = [];
const advances: Advance[] = [];
let recording = false;
let running = false;
const timers: NodeJS.Timeout[] = [];

for (const editor of editors) {
  editor.doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (!recording || transaction.local) return;
    const at = now();
    for (const [client, after] of transaction.afterState) {
      if ((transaction.beforeState.get(client) ?? 0) !== after) advances.push([editor.doc.clientID, client, after, at]);
    }
  });
}

async function waitSynced(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (editors.some((e) => !e.provider.isSynced)) {
    if (Date.now() > deadline) throw new Error('editors did not sync within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

port.on('message', (message: { type: 'rows' | 'start' | 'stop' | 'close' }) => {
  if (message.type === 'rows') {
    for (const editor of editors) insertRow(editor.doc, data.sheetId, `bench-${data.editorCount}-${editor.index}`, {});
    port.postMessage({ type: 'rows-done' });
  } else if (message.type === 'start') {
    recording = true;
    running = true;
    let seq = 0;
    for (const editor of editors) {
      const type = (): void => {
        if (!running) return;
        const shared = Math.random() < 0.3;
        const colId = data.columns[seq % data.columns.length]!;
        sent.push([editor.doc.clientID, Y.getState(editor.doc.store, editor.doc.clientID), now()]);
        const rowId = shared ? data.sharedRow : `bench-${data.editorCount}-${editor.index}`;
        setCell(editor.doc, { sheetId: data.sheetId, rowId, colId }, (editor.index * 1000 + seq) % 100000);
        seq += 1;
        timers.push(setTimeout(type, data.meanPauseMs * (0.5 + Math.random())));
      };
      timers.push(setTimeout(type, Math.random() * data.meanPauseMs));
    }
  } else if (message.type === 'stop') {
    running = false;
    for (const timer of timers) clearTimeout(timer);
  } else if (message.type === 'close') {
    recording = false;
    for (const editor of editors) {
      editor.provider.destroy();
      editor.socket.destroy();
    }
    port.postMessage({ type: 'results', sent, advances, clientIds: editors.map((e) => e.doc.clientID) });
  }
});

await waitSynced();
port.postMessage({ type: 'ready' });
