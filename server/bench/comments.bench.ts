// bench:comments — remarks and cell edits on one budget request at once: EDITORS economists type
// into cells (about every 2 s each) while COMMENTERS curators write remarks in the discussion doc
// `comments.<id>` (about every 10 s each: new threads, replies, some with an @mention, some
// resolutions). Everyone has both docs open, as in the browser (one websocket, two providers).
// Delivery latency of an edit = time until EVERY other person's doc has it (Yjs state vectors);
// for mentions, also the time until the live `notification:new` arrives over socket.io. The server
// runs in its own process (bench/benchServer.ts). Last line: one JSON object.
import { randomUUID } from 'node:crypto';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import {
  createThread,
  formatDiscussionName,
  formatDocumentName,
  insertRow,
  listSheets,
  plainCommentBody,
  readThreads,
  replyToThread,
  setCell,
  setThreadResolved,
  type CommentBody,
} from '@zhospar/collab';
import { getTemplate } from '@zhospar/sheets';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { benchLogin, percentile, startBenchServer } from './benchSupport.ts';
import * as Y from 'yjs';

const editorCount = Number(process.env.BENCH_EDITORS ?? 50);
const commenterCount = Number(process.env.BENCH_COMMENTERS ?? 50);
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 20_000);
const editPauseMs = Number(process.env.BENCH_PAUSE_MS ?? 2000);
const commentPauseMs = Number(process.env.BENCH_COMMENT_PAUSE_MS ?? 10_000);

interface Sent {
  sentAt: number;
  clock: number;
  received: number;
}

interface Person {
  socket: HocuspocusProviderWebsocket;
  cells: { doc: Y.Doc; provider: HocuspocusProvider };
  remarks: { doc: Y.Doc; provider: HocuspocusProvider };
}




/** Tracks deliveries of one doc kind: sender clock positions → how many other people have them. */
function tracker(receivers: number): {
  record(doc: Y.Doc): void;
  observe(doc: Y.Doc): void;
  latencies: number[];
  undelivered(): number;
} {
  const sent = new Map<number, Sent[]>();
  const latencies: number[] = [];
  return {
    latencies,
    record(doc) {
      const list = sent.get(doc.clientID) ?? [];
      sent.set(doc.clientID, list);
      list.push({ sentAt: performance.now(), clock: Y.getState(doc.store, doc.clientID), received: 0 });
    },
    observe(doc) {
      const pointers = new Map<number, number>();
      doc.on('afterTransaction', (transaction: Y.Transaction) => {
        if (transaction.local) return;
        const now = performance.now();
        for (const [client, after] of transaction.afterState) {
          if ((transaction.beforeState.get(client) ?? 0) === after) continue;
          const list = sent.get(client);
          if (!list) continue;
          let index = pointers.get(client) ?? 0;
          while (index < list.length && list[index]!.clock < after) {
            const edit = list[index]!;
            edit.received += 1;
            if (edit.received === receivers) latencies.push(now - edit.sentAt);
            index += 1;
          }
          pointers.set(client, index);
        }
      });
    },
    undelivered() {
      return [...sent.values()].flat().filter((e) => e.received < receivers).length;
    },
  };
}

async function main(): Promise<void> {
  const { child, baseUrl } = await startBenchServer();
  try {
    const { demoLogins } = await import('@zhospar/prisma');
    // The first school's economist and the curator of its АБП (education).
    const economistLogin = demoLogins.find((l) => l.iin === '850315400124')!;
    const curatorLogin = demoLogins.find((l) => l.iin === '831204450562')!;
    const economist = await benchLogin(baseUrl, economistLogin.iin, economistLogin.password);
    const curator = await benchLogin(baseUrl, curatorLogin.iin, curatorLogin.password);
    const listed = (await (await fetch(`${baseUrl}/api/documents`, { headers: { authorization: `Bearer ${economist.token}` } })).json()) as {
      documents: Array<{ id: string; kind: 'budget-request' }>;
    };
    const document = listed.documents[0]!;
    const cellsName = formatDocumentName(document.kind, document.id);
    const remarksName = formatDiscussionName(document.id);
    const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/collab?protocol=1`;

    const people: Person[] = [];
    const total = editorCount + commenterCount;
    for (let i = 0; i < total; i += 1) {
      const token = i < editorCount ? economist.token : curator.token;
      const socket = new HocuspocusProviderWebsocket({ url: wsUrl, WebSocketPolyfill: WebSocket });
      const cells = { doc: new Y.Doc(), provider: undefined as unknown as HocuspocusProvider };
      cells.provider = new HocuspocusProvider({ websocketProvider: socket, name: cellsName, token, document: cells.doc });
      const remarks = { doc: new Y.Doc(), provider: undefined as unknown as HocuspocusProvider };
      remarks.provider = new HocuspocusProvider({ websocketProvider: socket, name: remarksName, token, document: remarks.doc });
      cells.provider.attach();
      remarks.provider.attach();
      people.push({ socket, cells, remarks });
    }
    const deadline = Date.now() + 60_000;
    while (people.some((p) => !p.cells.provider.isSynced || !p.remarks.provider.isSynced)) {
      if (Date.now() > deadline) throw new Error('people did not sync within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    // Live notifications of the mentioned economist.
    const mentionSentAt = new Map<string, number>();
    const notificationLatencies: number[] = [];
    const inbox = io(baseUrl, { path: '/socket.io', auth: { token: economist.token }, transports: ['websocket'], reconnection: false });
    inbox.on('notification:new', (event: { messageId: string; kind: string }) => {
      const sentAt = mentionSentAt.get(event.messageId);
      if (sentAt !== undefined && event.kind === 'mention') notificationLatencies.push(performance.now() - sentAt);
    });
    await new Promise<void>((resolve, reject) => {
      inbox.once('ready', () => resolve());
      inbox.once('connect_error', reject);
    });

    const first = people[0]!.cells.doc;
    const sheet = listSheets(first).find((s) => getTemplate(s.templateId)?.rows.some((r) => r.kind === 'dynamic'));
    if (!sheet) throw new Error('no sheet with rows');
    const template = getTemplate(sheet.templateId)!;
    const numeric = template.columns.filter((c) => c.kind === 'input' && (c.valueType === 'quantity' || c.valueType === 'amount'));
    const rowOf = (i: number): string => `bench-c-${i}`;
    for (let i = 0; i < editorCount; i += 1) insertRow(people[i]!.cells.doc, sheet.sheetId, rowOf(i), {});
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const cellTracker = tracker(total - 1);
    const commentTracker = tracker(total - 1);
    for (const person of people) {
      cellTracker.observe(person.cells.doc);
      commentTracker.observe(person.remarks.doc);
    }

    let edits = 0;
    let comments = 0;
    let mentions = 0;
    let running = true;
    const timers: NodeJS.Timeout[] = [];
    const started = performance.now();
    const mentionBody = (text: string): CommentBody => ({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'mention', attrs: { id: economist.id, label: economistLogin.fullName } }, { type: 'text', text }] }],
    });
    people.forEach((person, i) => {
      if (i < editorCount) {
        const type = (): void => {
          if (!running) return;
          const column = numeric[edits % numeric.length]!;
          cellTracker.record(person.cells.doc);
          setCell(person.cells.doc, { sheetId: sheet.sheetId, rowId: rowOf(i), colId: column.id }, (i * 1000 + edits) % 100_000);
          edits += 1;
          timers.push(setTimeout(type, editPauseMs * (0.5 + Math.random())));
        };
        timers.push(setTimeout(type, Math.random() * editPauseMs));
        return;
      }
      const write = (): void => {
        if (!running) return;
        const doc = person.remarks.doc;
        const threads = readThreads(doc);
        const roll = Math.random();
        const now = Date.now();
        const messageId = randomUUID();
        const mention = Math.random() < 0.3;
        const text = `Замечание ${comments}: уточните норму расхода и цену`;
        const body = mention ? mentionBody(`, ${text}`) : plainCommentBody(text);
        commentTracker.record(doc);
        if (threads.length === 0 || roll < 0.4) {
          const rowId = rowOf(Math.floor(Math.random() * editorCount));
          const colId = numeric[Math.floor(Math.random() * numeric.length)]!.id;
          createThread(doc, { threadId: randomUUID(), messageId, anchor: { sheetId: sheet.sheetId, rowId, colId }, authorId: curator.id, body, now });
        } else if (roll < 0.9) {
          const thread = threads[Math.floor(Math.random() * threads.length)]!;
          replyToThread(doc, { threadId: thread.threadId, messageId, authorId: curator.id, body, now });
        } else {
          const thread = threads[Math.floor(Math.random() * threads.length)]!;
          setThreadResolved(doc, { threadId: thread.threadId, resolved: thread.status === 'open', by: curator.id, now });
        }
        if (mention && roll < 0.9) {
          mentionSentAt.set(messageId, performance.now());
          mentions += 1;
        }
        comments += 1;
        timers.push(setTimeout(write, commentPauseMs * (0.5 + Math.random())));
      };
      timers.push(setTimeout(write, Math.random() * commentPauseMs));
    });
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    running = false;
    for (const timer of timers) clearTimeout(timer);
    const elapsed = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    inbox.disconnect();
    for (const person of people) {
      person.cells.provider.destroy();
      person.remarks.provider.destroy();
      person.socket.destroy();
    }
    const cells = [...cellTracker.latencies].sort((a, b) => a - b);
    const remarks = [...commentTracker.latencies].sort((a, b) => a - b);
    const notes = [...notificationLatencies].sort((a, b) => a - b);
    const result = {
      editors: editorCount,
      commenters: commenterCount,
      seconds: Number(elapsed.toFixed(1)),
      cell_edits: edits,
      cell_edits_per_s: Number((edits / elapsed).toFixed(1)),
      comment_writes: comments,
      comment_writes_per_s: Number((comments / elapsed).toFixed(2)),
      cell_p50_ms: Number(percentile(cells, 50).toFixed(1)),
      cell_p95_ms: Number(percentile(cells, 95).toFixed(1)),
      cell_p99_ms: Number(percentile(cells, 99).toFixed(1)),
      comment_p50_ms: Number(percentile(remarks, 50).toFixed(1)),
      comment_p95_ms: Number(percentile(remarks, 95).toFixed(1)),
      comment_p99_ms: Number(percentile(remarks, 99).toFixed(1)),
      mentions,
      notification_p50_ms: Number(percentile(notes, 50).toFixed(1)),
      notification_p99_ms: Number(percentile(notes, 99).toFixed(1)),
      notifications_received: notes.length,
      undelivered_cell_edits: cellTracker.undelivered(),
      undelivered_comment_writes: commentTracker.undelivered(),
    };
    console.log(
      `editors=${result.editors} commenters=${result.commenters}: cell edits ${result.cell_edits} (${result.cell_edits_per_s}/s) p50=${result.cell_p50_ms} p95=${result.cell_p95_ms} p99=${result.cell_p99_ms} ms; ` +
        `comment writes ${result.comment_writes} (${result.comment_writes_per_s}/s) p50=${result.comment_p50_ms} p95=${result.comment_p95_ms} p99=${result.comment_p99_ms} ms; ` +
        `mention notifications ${result.notifications_received}/${result.mentions} p50=${result.notification_p50_ms} p99=${result.notification_p99_ms} ms; ` +
        `undelivered ${result.undelivered_cell_edits}/${result.undelivered_comment_writes}`,
    );
    console.log(JSON.stringify(result));
  } finally {
    child.kill('SIGTERM');
  }
}

await main();
process.exit(0);
