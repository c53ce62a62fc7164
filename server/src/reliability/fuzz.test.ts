// Hostile input, seeded and time-bounded: random and mutated websocket frames (malformed sync
// messages, huge updates, updates to foreign documents, awareness floods, garbage tokens) and HTTP
// requests (bad JSON, wrong types, oversized bodies, path tricks, SQL-looking strings everywhere,
// unknown methods) against a server in its own process. Throughout: it answers /api/health, no
// stored document changes, no response leaks a stack trace or an internal path, memory stays bounded.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrismaClient, type PrismaClient } from '@zhospar/prisma';
import { formatDocumentName, initDocument, setCell, insertRow } from '@zhospar/collab';
import { defaultSheetsFor } from '@zhospar/sheets';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../test/startTestServer.ts';
import { createDocument, demoOrganisations } from '../test/workflowFixtures.ts';
import { DatabaseProcess, ServerProcess } from './processHarness.ts';
import { faultSeed, seededRandom } from './seededRandom.ts';
import { editTarget } from './simulatedEditors.ts';

/** Wall-clock budget of each fuzz phase, ms (bounded loops; nothing about speed is asserted). */
const PHASE_MS = 25_000;
const WS_FRAMES = 4000;
const HTTP_REQUESTS = 3000;
/** Nothing a response may show: stack frames, source paths, internals. */
const LEAK = /\bat [\w.<>]+ \(|\.ts:\d+|\/work\/|node_modules|\/home\/|\/root\/|Prisma|stack|ECONN|SELECT |INSERT |syntax error/i;

/** The leaking part of a response with some context, or '' (keeps failure messages short). */
function leakIn(text: string): string {
  const match = LEAK.exec(text);
  return match ? text.slice(Math.max(0, match.index - 80), match.index + 120) : '';
}

const seed = faultSeed();
const random = seededRandom(seed);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (max: number): number => Math.floor(random() * max);

let root: string;
let database: DatabaseProcess;
let server: ServerProcess;
let prisma: PrismaClient;
let token: string;
let ownDocument: string;
let foreignDocuments: string[];
const rss: number[] = [];

async function fingerprint(): Promise<Map<string, string>> {
  const rows = await prisma.document.findMany({ select: { id: true, stateVersion: true, status: true, yjsState: true } });
  return new Map(
    rows
      .filter((row) => row.id !== ownDocument)
      .map((row) => [row.id, `${row.status}/${row.stateVersion}/${createHash('sha256').update(row.yjsState ?? new Uint8Array()).digest('hex')}`]),
  );
}

async function healthy(): Promise<void> {
  const response = await fetch(`${server.baseUrl}/api/health`);
  expect(response.status, `health during the fuzz (seed ${seed})`).toBe(200);
  rss.push(server.process.rssBytes());
}

function message(documentName: string, build: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  build(encoder);
  return encoding.toUint8Array(encoder);
}

const auth = (documentName: string, value: string): Uint8Array =>
  message(documentName, (e) => {
    encoding.writeVarUint(e, 2); // Auth
    encoding.writeVarUint(e, 0); // Token
    encoding.writeVarString(e, value);
  });

const sync = (documentName: string, step: number, payload: Uint8Array): Uint8Array =>
  message(documentName, (e) => {
    encoding.writeVarUint(e, 0); // Sync
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });

const awareness = (documentName: string, clients: number, bytes: number): Uint8Array =>
  message(documentName, (e) => {
    encoding.writeVarUint(e, 1); // Awareness
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, clients);
    for (let i = 0; i < clients; i += 1) {
      encoding.writeVarUint(inner, int(2 ** 31));
      encoding.writeVarUint(inner, int(1000));
      encoding.writeVarString(inner, JSON.stringify({ user: { id: 'x', name: 'y'.repeat(bytes) }, cursor: { sheetId: "'; DROP TABLE \"Document\"; --" } }));
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  });

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) bytes[i] = int(256);
  return bytes;
}

function mutate(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  const flips = 1 + int(8);
  for (let i = 0; i < flips && copy.length > 0; i += 1) copy[int(copy.length)] = int(256);
  return random() < 0.2 ? copy.slice(0, int(copy.length)) : copy;
}

/** Valid-looking updates from a replica of the document's layout (then mutated). */
function sampleUpdates(): Uint8Array[] {
  const doc = new Y.Doc();
  initDocument(doc, { kind: 'budget-request', sheets: defaultSheetsFor('budget-request') });
  const target = editTarget(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 20; i += 1) {
    insertRow(doc, target.sheetId, `fuzz-${i}`, {});
    setCell(doc, { sheetId: target.sheetId, rowId: `fuzz-${i}`, colId: target.colId }, i);
  }
  doc.getMap('hostile').set("' OR 1=1 --", 'x'.repeat(1000));
  return [Y.encodeStateAsUpdate(doc), ...updates];
}

/** One raw websocket session sending `frames`, then closing; resolves when closed (or after 2 s). */
function session(frames: Uint8Array[]): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(server.wsUrl, { maxPayload: 1024 * 1024 * 8 });
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      socket.terminate();
      done();
    }, 2000);
    socket.on('error', () => undefined);
    socket.on('message', (data: Buffer) => {
      expect(leakIn(data.toString('latin1')), `a websocket reply (seed ${seed})`).toBe('');
    });
    socket.on('close', done);
    socket.on('open', () => {
      for (const frame of frames) if (socket.readyState === WebSocket.OPEN) socket.send(frame);
      setTimeout(() => socket.close(), 50);
    });
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zhospar-fuzz-'));
  database = await DatabaseProcess.start(join(root, 'postgres'));
  prisma = createPrismaClient(database.url);
  const { school2 } = await demoOrganisations(prisma);
  server = await ServerProcess.start({ databaseUrl: database.url, dataDir: root });
  token = await login(server.baseUrl, '900722450234'); // economist of school 2: the attacker
  ownDocument = await createDocument(prisma, school2, 'Fuzz: the attacker’s own document');
  foreignDocuments = (await prisma.document.findMany({ where: { organisationId: { not: school2 } }, select: { id: true } })).map((d) => d.id);
}, 180_000);

afterAll(async () => {
  await server?.process.kill('SIGKILL');
  await prisma?.$disconnect();
  await database?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe(`hostile input (seed ${seed}; replay with ZHOSPAR_FAULT_SEED)`, () => {
  it('thousands of random and mutated websocket frames: server up, no document changed, nothing leaked, memory bounded', async () => {
    const before = await fingerprint();
    rss.push(server.process.rssBytes());
    const samples = sampleUpdates();
    const own = formatDocumentName('budget-request', ownDocument);
    const names = [own, ...foreignDocuments.map((id) => formatDocumentName('budget-request', id)), `budget-request.${randomUUID()}`, 'budget-request.../../etc', '', 'x'.repeat(300)];
    const started = Date.now();
    let sent = 0;
    while (sent < WS_FRAMES && Date.now() - started < PHASE_MS) {
      const name = pick(names);
      const frames: Uint8Array[] = [];
      const kind = int(8);
      if (kind === 0) frames.push(randomBytes(1 + int(3000)));
      else if (kind === 1) frames.push(auth(name, pick(['', 'garbage', 'a.b.c', 'eyJhbGciOiJub25lIn0.e30.', "' OR '1'='1", 'x'.repeat(5000)])));
      else if (kind === 2) frames.push(auth(name, token), sync(name, pick([0, 1, 2, 7]), mutate(pick(samples))));
      else if (kind === 3) frames.push(auth(own, token), sync(own, 2, mutate(pick(samples))), sync(own, 1, randomBytes(int(500))));
      else if (kind === 4) frames.push(auth(pick(names.slice(1)), token), sync(pick(names.slice(1)), 2, pick(samples))); // foreign documents
      else if (kind === 5) frames.push(auth(own, token), ...Array.from({ length: 50 }, () => awareness(own, 1 + int(20), int(4000))));
      else if (kind === 6) frames.push(auth(own, token), sync(own, 2, randomBytes(2 * 1024 * 1024 + int(1024 * 1024)))); // huge
      else frames.push(mutate(auth(name, token)), mutate(sync(name, 0, new Uint8Array([0]))));
      sent += frames.length;
      await Promise.all([session(frames), ...(int(4) === 0 ? [session([randomBytes(64)])] : [])]);
      if (int(20) === 0) await healthy();
    }
    expect(sent).toBeGreaterThan(500);
    console.log(`[fuzz] websocket: ${sent} frames in ${Date.now() - started} ms, seed ${seed}, peak RSS ${Math.round(Math.max(...rss) / 2 ** 20)} MiB`);
    await healthy();
    await new Promise((resolve) => setTimeout(resolve, 6000)); // longer than the store debounce
    expect(await fingerprint()).toEqual(before);
  }, 120_000);

  it('thousands of hostile HTTP requests: server up, no 5xx, no leaks, nothing changed, memory returns under a bound', async () => {
    const before = await fingerprint();
    const ids = [ownDocument, ...foreignDocuments.slice(0, 3), randomUUID(), '..%2f..%2fetc%2fpasswd', "1' OR '1'='1", '%00', '..\\..\\windows', 'a'.repeat(3000), '-1', '😀', '%252e%252e%252f'];
    const paths = [
      '/api/documents/:id', '/api/documents/:id/submit', '/api/documents/:id/approve', '/api/documents/:id/return', '/api/documents/:id/audit',
      '/api/documents/:id/versions', '/api/documents/:id/snapshot', '/api/documents/:id/controls', '/api/documents/:id/threads',
      '/api/documents', '/api/auth/login', '/api/me', '/api/desktop', '/api/notifications/read-all', '/api/../../etc/passwd',
      '/..%2f..%2fpackage.json', '/api/%2e%2e/%2e%2e/server/src/main.ts', '/static/../../.env', '/api/openapi.json',
    ];
    const sql = ["' OR 1=1 --", '"; DROP TABLE "Document"; --', "1; SELECT pg_sleep(10)", "admin'--", '$where: 1', '{"$gt": ""}'];
    const bodies = (): string => {
      switch (int(7)) {
        case 0: return '{"iin": "850315400124", "password": ';
        case 1: return JSON.stringify({ iin: pick(sql), password: pick(sql), reason: pick(sql), title: pick(sql) });
        case 2: return JSON.stringify({ iin: 850315400124, password: ['x'], reason: { a: 1 }, extra: true });
        case 3: return JSON.stringify(JSON.parse('['.repeat(500) + ']'.repeat(500)));
        case 4: return 'x'.repeat(1024 * 1024 + 10 + int(1024 * 1024));
        case 5: return String.fromCharCode(...Array.from({ length: 200 }, () => int(65536)));
        default: return JSON.stringify({ reason: pick(sql).repeat(1 + int(100)) });
      }
    };
    const started = Date.now();
    let sent = 0;
    while (sent < HTTP_REQUESTS && Date.now() - started < PHASE_MS) {
      const batch = Array.from({ length: 8 }, async () => {
        const method = pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'POST', 'POST']);
        const path = pick(paths).replace(':id', encodeURI(pick(ids)).slice(0, 4000)) + (random() < 0.3 ? `?q=${encodeURIComponent(pick(sql))}&limit=${pick(['-1', 'NaN', '1e309', "1'"])}` : '');
        const headers: Record<string, string> = {};
        if (random() < 0.6) headers['authorization'] = random() < 0.8 ? `Bearer ${token}` : pick(['Bearer ', 'Basic YTpi', `Bearer ${'x'.repeat(5000)}`, 'Bearer a.b.c']);
        if (random() < 0.7) headers['content-type'] = pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-7']);
        const hasBody = method !== 'GET' && method !== 'HEAD' && random() < 0.8;
        let response: Response;
        try {
          response = await fetch(`${server.baseUrl}${path}`, { method, headers, ...(hasBody ? { body: bodies() } : {}) });
        } catch {
          return; // an oversized request may be cut off by the server: allowed
        }
        const text = await response.text();
        const serverSaid = response.status >= 500 ? `\nserver log:\n${server.process.lines.slice(-30).join('\n')}` : '';
        expect(response.status, `${method} ${path.slice(0, 200)} (seed ${seed})${serverSaid}`).toBeLessThan(500);
        // The OpenAPI document is public documentation, not a leak.
        if (!path.startsWith('/api/openapi.json')) expect(leakIn(text), `${method} ${path.slice(0, 200)} (seed ${seed})`).toBe('');
      });
      // Unknown methods go over a raw socket (fetch refuses some names).
      if (int(10) === 0) batch.push(rawRequest(`${pick(['PROPFIND', 'TRACE', 'FOO', 'CONNECT', 'M-SEARCH'])} ${pick(paths).replace(':id', ownDocument)} HTTP/1.1`));
      await Promise.all(batch);
      sent += batch.length;
      if (int(10) === 0) await healthy();
    }
    expect(sent).toBeGreaterThan(500);
    console.log(`[fuzz] http: ${sent} requests in ${Date.now() - started} ms, seed ${seed}, peak RSS ${Math.round(Math.max(...rss) / 2 ** 20)} MiB`);
    await healthy();
    expect(await fingerprint()).toEqual(before);

    // Memory: sampled throughout; after the run it must come back under a generous bound.
    const baseline = rss[0] ?? 0;
    const bound = Math.max(baseline * 3, baseline + 400 * 1024 * 1024);
    const deadline = Date.now() + 20_000;
    while (server.process.rssBytes() > bound && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.process.rssBytes(), `RSS after the fuzz (baseline ${baseline}, peak ${Math.max(...rss)}, seed ${seed})`).toBeLessThan(bound);
  }, 120_000);
});

/** Sends one raw HTTP/1.1 request line with headers; the reply must be a 4xx without leaks. */
async function rawRequest(requestLine: string): Promise<void> {
  const { connect } = await import('node:net');
  const url = new URL(server.baseUrl);
  const reply = await new Promise<string>((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`${requestLine}\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('error', () => resolve(data));
    socket.on('close', () => resolve(data));
    socket.setTimeout(3000, () => socket.destroy());
  });
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);
  if (status !== 0) expect(status, `${requestLine} (seed ${seed})`).toBeLessThan(500);
  expect(leakIn(reply), `${requestLine} (seed ${seed})`).toBe('');
}
