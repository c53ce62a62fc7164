// bench:soak — 100 editors (real Node HocuspocusProviders) on 20 budget requests for 10 minutes
// (SOAK_MINUTES, SOAK_EDITORS, SOAK_DOCUMENTS to change), with the churn a working day has: every
// editor types about every two seconds and moves its cursor (awareness), people leave and come
// back with a fresh tab (new Y.Doc, new socket.io connection), and every minute one document is
// left by everybody for a while, so the server unloads it and loads it again.
//
// Per minute: p99 edit latency (until every peer of the document that was synced when the edit
// was made has it, by Yjs state vectors) and the server's RSS (its own process, /proc/<pid>/status).
// At the end: stored bytes per document (PostgreSQL). The last line is one JSON object.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { createPrismaClient, demoLogins } from '@zhospar/prisma';
import { formatDocumentName, insertRow, rowsRootName, setCell } from '@zhospar/collab';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import * as Y from 'yjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const editorCount = Number(process.env.SOAK_EDITORS ?? 100);
const documentCount = Number(process.env.SOAK_DOCUMENTS ?? 20);
/** Mean pause between one person's edits. */
const meanPauseMs = Number(process.env.SOAK_PAUSE_MS ?? 2000);
/** Mean time a person stays before closing the tab (and coming back 5–15 s later). */
const meanSessionMs = Number(process.env.SOAK_SESSION_MS ?? 180_000);
/** An edit not delivered within this long counts as undelivered. */
const deliveryTimeoutMs = 30_000;
const SHEET = 'f144';
const NUMERIC_COLUMNS = ['fuel_norm', 'mileage', 'months', 'price'];

interface PendingEdit {
  sentAt: number;
  minute: number;
  clock: number;
  waiting: Set<Editor>;
}

interface Editor {
  index: number;
  documentIndex: number;
  rowId: string;
  doc: Y.Doc | null;
  provider: HocuspocusProvider | null;
  socket: HocuspocusProviderWebsocket | null;
  events: Socket | null;
  online: boolean;
  timer: NodeJS.Timeout | null;
  /** Per sender client id: how far this editor has matched that sender's pending edits. */
  seen: Map<number, number>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

function rssMbOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

async function startServer(): Promise<{ child: ChildProcess; baseUrl: string; databaseUrl: string; stats: () => Record<string, number> }> {
  const loader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, join(here, 'soakServer.ts')], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  const lines = createInterface({ input: child.stdout! });
  let stats: Record<string, number> = {};
  const ready = await new Promise<{ baseUrl: string; databaseUrl: string }>((resolve, reject) => {
    lines.on('line', (line) => {
      const readyMatch = /^READY (\S+) (\S+)/.exec(line);
      if (readyMatch?.[1] && readyMatch[2]) resolve({ baseUrl: readyMatch[1], databaseUrl: readyMatch[2] });
      const statsMatch = /^STATS (.+)$/.exec(line);
      if (statsMatch?.[1]) stats = JSON.parse(statsMatch[1]) as Record<string, number>;
    });
    child.once('exit', (code) => reject(new Error(`soak server exited with ${code}`)));
  });
  return { child, ...ready, stats: () => stats };
}

async function login(baseUrl: string, iin: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ iin, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

const server = await startServer();
const prisma = createPrismaClient(server.databaseUrl);
const economist = demoLogins.find((l) => l.iin === '850315400124') ?? demoLogins.find((l) => l.role === 'ECONOMIST');
if (!economist) throw new Error('no demo economist');
const token = await login(server.baseUrl, economist.iin, economist.password);
const organisation = await prisma.user.findUniqueOrThrow({ where: { iin: economist.iin }, select: { organisationId: true } });
const round = await prisma.planningRound.findFirstOrThrow({ select: { id: true } });
const documentIds: string[] = [];
for (let i = 0; i < documentCount; i += 1) {
  const document = await prisma.document.create({
    data: { kind: 'BUDGET_REQUEST', organisationId: organisation.organisationId, roundId: round.id, programCode: '003', versionKind: 'PLAN', title: `Soak ${i + 1}` },
  });
  documentIds.push(document.id);
}
const names = documentIds.map((id) => formatDocumentName('budget-request', id));
const wsUrl = `${server.baseUrl.replace(/^http/, 'ws')}/collab?protocol=1`;

const started = performance.now();
const minuteOf = (at: number): number => Math.min(minutes - 1, Math.floor((at - started) / 60_000));
const latencies: number[][] = Array.from({ length: minutes }, () => []);
const undeliveredByMinute: number[] = Array.from({ length: minutes }, () => 0);
const editsByMinute: number[] = Array.from({ length: minutes }, () => 0);
/** Pending edits per sender client id, in clock order. */
const pending = new Map<number, PendingEdit[]>();
const editors: Editor[] = Array.from({ length: editorCount }, (_, index) => ({
  index,
  documentIndex: index % documentCount,
  rowId: `soak-${index}`,
  doc: null,
  provider: null,
  socket: null,
  events: null,
  online: false,
  timer: null,
  seen: new Map(),
}));
const peersOf = (editor: Editor): Editor[] => editors.filter((e) => e !== editor && e.documentIndex === editor.documentIndex);
let running = true;

function delivered(edit: PendingEdit, now: number): void {
  latencies[edit.minute]!.push(now - edit.sentAt);
}

function settle(list: PendingEdit[]): void {
  while (list.length > 0 && list[0]!.waiting.size === 0) list.shift();
}

function onRemoteTransaction(receiver: Editor, transaction: Y.Transaction): void {
  const now = performance.now();
  for (const [client, after] of transaction.afterState) {
    if ((transaction.beforeState.get(client) ?? 0) === after) continue;
    const list = pending.get(client);
    if (!list) continue;
    for (const edit of list) {
      if (edit.clock >= after) break;
      if (edit.waiting.delete(receiver) && edit.waiting.size === 0) delivered(edit, now);
    }
    settle(list);
  }
}

function arrive(editor: Editor): void {
  if (!running) return;
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: wsUrl, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: names[editor.documentIndex]!, token, document: doc });
  provider.attach();
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (!transaction.local) onRemoteTransaction(editor, transaction);
  });
  provider.on('synced', ({ state }: { state: boolean }) => {
    if (!state || editor.online || editor.provider !== provider) return;
    editor.online = true;
    if (!doc.getMap(rowsRootName(SHEET)).has(editor.rowId)) insertRow(doc, SHEET, editor.rowId, {});
    editor.timer = setTimeout(() => type(editor), Math.random() * meanPauseMs);
  });
  const events = io(server.baseUrl, { path: '/socket.io', auth: { token }, transports: ['websocket'] });
  Object.assign(editor, { doc, provider, socket, events, online: false });
}

function leave(editor: Editor): void {
  if (editor.timer) clearTimeout(editor.timer);
  editor.timer = null;
  editor.online = false;
  editor.provider?.destroy();
  editor.socket?.destroy();
  editor.events?.disconnect();
  editor.doc?.destroy();
  Object.assign(editor, { doc: null, provider: null, socket: null, events: null });
  // Nobody waits for a person who left.
  for (const list of pending.values()) {
    for (const edit of list) if (edit.waiting.delete(editor) && edit.waiting.size === 0) delivered(edit, performance.now());
    settle(list);
  }
}

function type(editor: Editor): void {
  const doc = editor.doc;
  if (!running || !editor.online || !doc) return;
  const now = performance.now();
  const waiting = new Set(peersOf(editor).filter((peer) => peer.online));
  const clock = Y.getState(doc.store, doc.clientID);
  if (waiting.size > 0) {
    const list = pending.get(doc.clientID) ?? [];
    pending.set(doc.clientID, list);
    list.push({ sentAt: now, minute: minuteOf(now), clock, waiting });
  }
  editsByMinute[minuteOf(now)]! += 1;
  // 30 % of edits go into a colleague's row (shared cells), when that row exists yet.
  const rows = doc.getMap(rowsRootName(SHEET));
  const colleague = peersOf(editor)[Math.floor(Math.random() * (editorCount / documentCount - 1))];
  const rowId = Math.random() < 0.3 && colleague && rows.has(colleague.rowId) ? colleague.rowId : editor.rowId;
  const colId = NUMERIC_COLUMNS[Math.floor(Math.random() * NUMERIC_COLUMNS.length)]!;
  setCell(doc, { sheetId: SHEET, rowId, colId }, Math.floor(Math.random() * 100_000));
  editor.provider?.setAwarenessField('cursor', { sheetId: SHEET, rowId: editor.rowId, colId });
  if (Math.random() < meanPauseMs / meanSessionMs) {
    leave(editor);
    setTimeout(() => arrive(editor), 5000 + Math.random() * 10_000);
    return;
  }
  editor.timer = setTimeout(() => type(editor), meanPauseMs * (0.5 + Math.random()));
}

/** Edits still waiting after the timeout are undelivered; drop them so nothing here grows. */
const sweeper = setInterval(() => {
  const now = performance.now();
  for (const [client, list] of pending) {
    while (list.length > 0 && (list[0]!.waiting.size === 0 || now - list[0]!.sentAt > deliveryTimeoutMs)) {
      const edit = list.shift()!;
      if (edit.waiting.size > 0) undeliveredByMinute[edit.minute]! += 1;
    }
    if (list.length === 0) pending.delete(client);
  }
}, 1000);

// Every minute one document is left by everybody for 20 s: the server must unload and reload it.
const idler = setInterval(() => {
  const documentIndex = Math.floor(Math.random() * documentCount);
  const group = editors.filter((e) => e.documentIndex === documentIndex && e.provider);
  for (const editor of group) leave(editor);
  setTimeout(() => group.forEach(arrive), 20_000);
}, 60_000);

editors.forEach((editor, i) => setTimeout(() => arrive(editor), i * 50));

const rssByMinute: number[] = [];
const statsByMinute: Array<Record<string, number>> = [];
for (let minute = 0; minute < minutes; minute += 1) {
  await new Promise((resolve) => setTimeout(resolve, started + (minute + 1) * 60_000 - performance.now()));
  rssByMinute.push(rssMbOf(server.child.pid!));
  statsByMinute.push(server.stats());
  const sorted = [...latencies[minute]!].sort((a, b) => a - b);
  console.log(
    `minute ${minute + 1}: edits=${editsByMinute[minute]} p50=${percentile(sorted, 50).toFixed(1)} ms p99=${percentile(sorted, 99).toFixed(1)} ms ` +
      `rss=${rssByMinute[minute]} MB server=${JSON.stringify(statsByMinute[minute])} online=${editors.filter((e) => e.online).length}`,
  );
}
running = false;
clearInterval(idler);
for (const editor of editors) leave(editor);
await new Promise((resolve) => setTimeout(resolve, deliveryTimeoutMs / 6));
clearInterval(sweeper);
// Everybody has left: give the server its store debounce and unload, then count stored bytes.
await new Promise((resolve) => setTimeout(resolve, 8000));
const rssAfterMb = rssMbOf(server.child.pid!);
const after = server.stats();
const rows = await prisma.$queryRaw<Array<{ bytes: number }>>`SELECT octet_length("yjsState")::int AS bytes FROM "Document" WHERE id = ANY(${documentIds})`;
const sizes = rows.map((row) => row.bytes ?? 0).sort((a, b) => a - b);
await prisma.$disconnect();
server.child.kill('SIGTERM');

const p99ByMinute = latencies.map((list) => Number(percentile([...list].sort((a, b) => a - b), 99).toFixed(1)));
const p50ByMinute = latencies.map((list) => Number(percentile([...list].sort((a, b) => a - b), 50).toFixed(1)));
console.log(`after everybody left: rss=${rssAfterMb} MB server=${JSON.stringify(after)}`);
console.log(
  JSON.stringify({
    editors: editorCount,
    documents: documentCount,
    minutes,
    edits_by_minute: editsByMinute,
    p50_ms_by_minute: p50ByMinute,
    p99_ms_by_minute: p99ByMinute,
    undelivered_by_minute: undeliveredByMinute,
    rss_mb_by_minute: rssByMinute,
    heap_used_mb_by_minute: statsByMinute.map((s) => s['heapUsedMb'] ?? NaN),
    rss_mb_after_all_left: rssAfterMb,
    documents_loaded_after_all_left: after['documents'] ?? NaN,
    stored_bytes_per_doc: { min: sizes[0] ?? 0, median: percentile(sizes, 50), max: sizes[sizes.length - 1] ?? 0 },
  }),
);
process.exit(0);
