// bench:collab — N simulated editors (real Node HocuspocusProviders) on one budget request, each
// typing into its own row and into shared cells at a human-like rate. For every edit it measures
// the time from the change to the moment EVERY other editor has it (by Yjs state vectors, so an
// overwritten shared value still counts as delivered). Prints p50/p95/p99 and edits/s per N; the
// last line is one JSON object for the largest N.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { formatDocumentName, insertRow, listSheets, setCell } from '@zhospar/collab';
import { getTemplate } from '@zhospar/sheets';
import WebSocket from 'ws';
import * as Y from 'yjs';

const here = dirname(fileURLToPath(import.meta.url));
const editorCounts = (process.env.BENCH_EDITORS ?? '10,50,200').split(',').map(Number);
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 20_000);
/** Mean pause between one person's edits: typing a number and moving on takes about two seconds. */
const meanPauseMs = Number(process.env.BENCH_PAUSE_MS ?? 2000);

interface Edit {
  sentAt: number;
  clock: number;
  received: number;
  lastReceivedAt: number;
}

interface Editor {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function startServer(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, [join(here, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(here, 'benchServer.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  const lines = createInterface({ input: child.stdout! });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const match = /^READY (\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, baseUrl };
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

async function runRound(baseUrl: string, token: string, documentName: string, editors: number): Promise<Record<string, number>> {
  const socket = (): HocuspocusProviderWebsocket =>
    new HocuspocusProviderWebsocket({ url: `${baseUrl.replace(/^http/, 'ws')}/collab?protocol=1`, WebSocketPolyfill: WebSocket });
  const people: Editor[] = [];
  for (let i = 0; i < editors; i += 1) {
    const doc = new Y.Doc();
    const ws = socket();
    const provider = new HocuspocusProvider({ websocketProvider: ws, name: documentName, token, document: doc });
    provider.attach();
    people.push({ doc, provider, socket: ws });
  }
  const syncDeadline = Date.now() + 60_000;
  while (people.some((p) => !p.provider.isSynced)) {
    if (Date.now() > syncDeadline) throw new Error('editors did not sync within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  const first = people[0]!.doc;
  const sheet = listSheets(first).find((s) => getTemplate(s.templateId)?.rows.some((r) => r.kind === 'dynamic'));
  if (!sheet) throw new Error('no sheet with rows');
  const template = getTemplate(sheet.templateId)!;
  const numeric = template.columns.filter((c) => c.kind === 'input' && (c.valueType === 'quantity' || c.valueType === 'amount'));
  const sharedRow = `bench-shared-${editors}`;
  insertRow(first, sheet.sheetId, sharedRow, {});
  for (let i = 0; i < editors; i += 1) insertRow(people[i]!.doc, sheet.sheetId, `bench-${editors}-${i}`, {});
  await new Promise((resolve) => setTimeout(resolve, 1500));

  // edits per sender client id, in clock order; receivers advance a pointer per sender.
  const edits = new Map<number, Edit[]>();
  const pointers = people.map(() => new Map<number, number>());
  const latencies: number[] = [];
  people.forEach((person, receiverIndex) => {
    person.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.local) return;
      const now = performance.now();
      for (const [client, after] of transaction.afterState) {
        if ((transaction.beforeState.get(client) ?? 0) === after) continue;
        const list = edits.get(client);
        if (!list) continue;
        let index = pointers[receiverIndex]!.get(client) ?? 0;
        while (index < list.length && list[index]!.clock < after) {
          const edit = list[index]!;
          edit.received += 1;
          edit.lastReceivedAt = now;
          if (edit.received === editors - 1) latencies.push(edit.lastReceivedAt - edit.sentAt);
          index += 1;
        }
        pointers[receiverIndex]!.set(client, index);
      }
    });
  });

  let sent = 0;
  const started = performance.now();
  const timers: NodeJS.Timeout[] = [];
  let running = true;
  people.forEach((person, i) => {
    const type = (): void => {
      if (!running) return;
      const column = numeric[sent % numeric.length]!;
      const shared = Math.random() < 0.3;
      const clock = Y.getState(person.doc.store, person.doc.clientID);
      const list = edits.get(person.doc.clientID) ?? [];
      edits.set(person.doc.clientID, list);
      list.push({ sentAt: performance.now(), clock, received: 0, lastReceivedAt: 0 });
      setCell(person.doc, { sheetId: sheet.sheetId, rowId: shared ? sharedRow : `bench-${editors}-${i}`, colId: column.id }, (i * 1000 + sent) % 100000);
      sent += 1;
      timers.push(setTimeout(type, meanPauseMs * (0.5 + Math.random())));
    };
    timers.push(setTimeout(type, Math.random() * meanPauseMs));
  });
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  running = false;
  for (const timer of timers) clearTimeout(timer);
  const elapsed = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const undelivered = [...edits.values()].flat().filter((e) => e.received < editors - 1).length;
  for (const person of people) {
    person.provider.destroy();
    person.socket.destroy();
  }
  latencies.sort((a, b) => a - b);
  return {
    editors,
    edits: sent,
    undelivered,
    p50_ms: Number(percentile(latencies, 50).toFixed(1)),
    p95_ms: Number(percentile(latencies, 95).toFixed(1)),
    p99_ms: Number(percentile(latencies, 99).toFixed(1)),
    edits_per_s: Number((sent / elapsed).toFixed(1)),
  };
}

const { child, baseUrl } = await startServer();
const { demoLogins } = await import('@zhospar/prisma');
const economist = demoLogins.find((l) => l.role === 'ECONOMIST');
if (!economist) throw new Error('no demo economist');
const token = await login(baseUrl, economist.iin, economist.password);
const documents = (await (await fetch(`${baseUrl}/api/documents`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
  documents: Array<{ id: string; kind: 'budget-request' }>;
};
const document = documents.documents[0];
if (!document) throw new Error('no document');
const name = formatDocumentName(document.kind, document.id);
let last: Record<string, number> = {};
try {
  for (const editors of editorCounts) {
    last = await runRound(baseUrl, token, name, editors);
    console.log(
      `editors=${last.editors} edits=${last.edits} edits/s=${last.edits_per_s} p50=${last.p50_ms} ms p95=${last.p95_ms} ms p99=${last.p99_ms} ms undelivered=${last.undelivered}`,
    );
  }
} finally {
  child.kill('SIGTERM');
}
console.log(JSON.stringify(last));
process.exit(0);
