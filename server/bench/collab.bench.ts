// bench:collab — N simulated editors (real Node HocuspocusProviders) on one budget request, each
// typing into its own row and into shared cells at a human-like rate, spread over worker threads. For every edit it measures
// the time from the change to the moment EVERY other editor has it (by Yjs state vectors, so an
// overwritten shared value still counts as delivered). Prints p50/p95/p99 and edits/s per N; the
// last line is one JSON object for the largest N.
import { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { formatDocumentName, insertRow, listSheets } from '@zhospar/collab';
import { getTemplate } from '@zhospar/sheets';
import WebSocket from 'ws';
import { benchLogin, percentile, startBenchServer } from './benchSupport.ts';
import * as Y from 'yjs';
import type { Advance, EditorsWorkerData, SentEdit } from './collabEditors.worker.ts';

const here = dirname(fileURLToPath(import.meta.url));
const editorCounts = (process.env.BENCH_EDITORS ?? '10,50,200').split(',').map(Number);
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 20_000);
/** Mean pause between one person's edits: typing a number and moving on takes about two seconds. */
const meanPauseMs = Number(process.env.BENCH_PAUSE_MS ?? 2000);




/**
 * Editors per worker thread. The simulated browsers, not the server, are the bottleneck (200 Y.Docs
 * applying every update); on 2 cores one editor thread beside the server process measured best.
 */
const editorsPerWorker = Number(process.env.BENCH_EDITORS_PER_WORKER ?? 200);

async function runRound(baseUrl: string, token: string, documentName: string, editors: number): Promise<Record<string, number>> {
  const probe = new Y.Doc();
  const probeSocket = new HocuspocusProviderWebsocket({ url: `${baseUrl.replace(/^http/, 'ws')}/collab?protocol=1`, WebSocketPolyfill: WebSocket });
  const probeProvider = new HocuspocusProvider({ websocketProvider: probeSocket, name: documentName, token, document: probe });
  probeProvider.attach();
  while (!probeProvider.isSynced) await new Promise((resolve) => setTimeout(resolve, 20));
  const sheet = listSheets(probe).find((s) => getTemplate(s.templateId)?.rows.some((r) => r.kind === 'dynamic'));
  if (!sheet) throw new Error('no sheet with rows');
  const template = getTemplate(sheet.templateId)!;
  const columns = template.columns.filter((c) => c.kind === 'input' && (c.valueType === 'quantity' || c.valueType === 'amount')).map((c) => c.id);
  const sharedRow = `bench-shared-${editors}`;
  insertRow(probe, sheet.sheetId, sharedRow, {});
  await new Promise((resolve) => setTimeout(resolve, 500));
  probeProvider.destroy();
  probeSocket.destroy();

  const workers: Worker[] = [];
  for (let first = 0; first < editors; first += editorsPerWorker) {
    const workerData: EditorsWorkerData = {
      wsUrl: `${baseUrl.replace(/^http/, 'ws')}/collab?protocol=1`,
      token,
      documentName,
      sheetId: sheet.sheetId,
      columns,
      sharedRow,
      firstEditor: first,
      editorCount: Math.min(editorsPerWorker, editors - first),
      meanPauseMs,
    };
    workers.push(new Worker(join(here, 'collabEditors.worker.ts'), { workerData, execArgv: ['--import', 'tsx'] }));
  }
  const next = (worker: Worker, type: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>): void => {
        if (message['type'] !== type) return;
        worker.off('message', onMessage);
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  await Promise.all(workers.map((w) => next(w, 'ready')));
  await Promise.all(workers.map((w) => { const done = next(w, 'rows-done'); w.postMessage({ type: 'rows' }); return done; }));
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const started = performance.now();
  for (const worker of workers) worker.postMessage({ type: 'start' });
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  for (const worker of workers) worker.postMessage({ type: 'stop' });
  const elapsed = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const results = await Promise.all(workers.map((w) => { const done = next(w, 'results'); w.postMessage({ type: 'close' }); return done; }));
  await Promise.all(workers.map((w) => w.terminate()));

  const sent = results.flatMap((r) => r['sent'] as SentEdit[]);
  const receivers = results.flatMap((r) => r['clientIds'] as number[]);
  // advances[receiver][sender] = [state, at][] in time order
  const advances = new Map<number, Map<number, Array<[number, number]>>>();
  for (const [receiver, sender, state, at] of results.flatMap((r) => r['advances'] as Advance[])) {
    const bySender = advances.get(receiver) ?? new Map<number, Array<[number, number]>>();
    advances.set(receiver, bySender);
    const list = bySender.get(sender) ?? [];
    bySender.set(sender, list);
    list.push([state, at]);
  }
  const latencies: number[] = [];
  let undelivered = 0;
  for (const [sender, clock, sentAt] of sent) {
    let last = 0;
    let complete = true;
    for (const receiver of receivers) {
      if (receiver === sender) continue;
      const list = advances.get(receiver)?.get(sender) ?? [];
      // first advance whose state passes this edit's clock (states only grow)
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]![0] > clock) hi = mid;
        else lo = mid + 1;
      }
      const hit = list[lo];
      if (!hit) {
        complete = false;
        break;
      }
      last = Math.max(last, hit[1]);
    }
    if (complete) latencies.push(last - sentAt);
    else undelivered += 1;
  }
  latencies.sort((a, b) => a - b);
  return {
    editors,
    edits: sent.length,
    undelivered,
    p50_ms: Number(percentile(latencies, 50).toFixed(1)),
    p95_ms: Number(percentile(latencies, 95).toFixed(1)),
    p99_ms: Number(percentile(latencies, 99).toFixed(1)),
    edits_per_s: Number((sent.length / elapsed).toFixed(1)),
  };
}

const { child, baseUrl } = await startBenchServer();
const { demoLogins } = await import('@zhospar/prisma');
const economist = demoLogins.find((l) => l.role === 'ECONOMIST');
if (!economist) throw new Error('no demo economist');
const { token } = await benchLogin(baseUrl, economist.iin, economist.password);
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
