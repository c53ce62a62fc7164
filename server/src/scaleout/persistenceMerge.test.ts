// Two server instances on one database WITHOUT Redis, each with its own editor of one document:
// their live documents never sync, so every store has to merge what the other stored, or the last
// store would drop the other's rows (what a Redis delay or outage looks like between processes).
import { formatDocumentName, getCell, insertRow, setCell } from '@zhospar/collab';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ZhosparApp } from '../createApp.ts';
import { connectClient, synced, waitFor, type TestClient } from '../test/collabClient.ts';
import { login, startTestServer, type TestServer } from '../test/startTestServer.ts';
import { createDocument, demoOrganisations } from '../test/workflowFixtures.ts';

const SHEET = 'f144';
let first: TestServer;
let second: ZhosparApp;
let secondWsUrl: string;
let economist: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  first = await startTestServer();
  second = await createApp({ prisma: first.prisma, tokenSecret: first.tokenSecret, storeDebounceMs: 50, storeMaxDebounceMs: 200 });
  secondWsUrl = `${(await second.listen(0, '127.0.0.1')).replace(/^http/, 'ws')}/collab?protocol=1`;
  economist = await login(first.baseUrl, '850315400124');
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await second?.close();
  await first?.close();
});

function connect(wsUrl: string, documentId: string): TestClient {
  const client = connectClient(wsUrl, formatDocumentName('budget-request', documentId), economist);
  clients.push(client);
  return client;
}

async function stored(documentId: string): Promise<Y.Doc> {
  const row = await first.prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { yjsState: true } });
  const doc = new Y.Doc();
  if (row.yjsState) Y.applyUpdate(doc, new Uint8Array(row.yjsState));
  return doc;
}

async function untilStored(documentId: string, predicate: (doc: Y.Doc) => boolean, what: string): Promise<Y.Doc> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const doc = await stored(documentId);
    if (predicate(doc)) return doc;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} to be stored`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('stores of one document from two processes', () => {
  it('never drop each other’s edits: each store merges what the other stored, and both live documents end up holding it', async () => {
    const documentId = await createDocument(first.prisma, (await demoOrganisations(first.prisma)).school1);
    const a = connect(first.wsUrl, documentId);
    await synced(a);
    const b = connect(secondWsUrl, documentId);
    await synced(b);

    const vehicle = (rowId: string) => ({ sheetId: SHEET, rowId, colId: 'vehicle' });
    const has = (rowId: string, value: string) => (doc: Y.Doc): boolean => getCell(doc, vehicle(rowId)) === value;

    // A stores first; B, which never heard of A's row, stores after it.
    insertRow(a.doc, SHEET, 'a1', {});
    setCell(a.doc, vehicle('a1'), 'ГАЗель');
    await untilStored(documentId, has('a1', 'ГАЗель'), 'A’s row');
    insertRow(b.doc, SHEET, 'b1', {});
    setCell(b.doc, vehicle('b1'), 'УАЗ');
    const afterB = await untilStored(documentId, has('b1', 'УАЗ'), 'B’s row');
    expect(getCell(afterB, vehicle('a1'))).toBe('ГАЗель'); // not clobbered by B's full-state store
    // B's store took A's row into B's live document, so B's editor has it now.
    await waitFor(() => has('a1', 'ГАЗель')(b.doc), 'B’s editor to receive A’s row from the merge');

    // And the other way round: A's next store merges B's row.
    setCell(a.doc, vehicle('a1'), 'КамАЗ');
    const afterA = await untilStored(documentId, has('a1', 'КамАЗ'), 'A’s second edit');
    expect(getCell(afterA, vehicle('b1'))).toBe('УАЗ');
    await waitFor(() => has('b1', 'УАЗ')(a.doc), 'A’s editor to receive B’s row from the merge');

    // Concurrent edits on both sides, stores interleaving as they may: nothing is dropped.
    for (let round = 0; round < 5; round += 1) {
      insertRow(a.doc, SHEET, `a${round + 2}`, {});
      setCell(a.doc, vehicle(`a${round + 2}`), `a ${round}`);
      insertRow(b.doc, SHEET, `b${round + 2}`, {});
      setCell(b.doc, vehicle(`b${round + 2}`), `b ${round}`);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const all = (doc: Y.Doc): boolean => [0, 1, 2, 3, 4].every((round) => has(`a${round + 2}`, `a ${round}`)(doc) && has(`b${round + 2}`, `b ${round}`)(doc));
    const final = await untilStored(documentId, all, 'every row of both editors');
    expect(getCell(final, vehicle('a1'))).toBe('КамАЗ');
    expect(getCell(final, vehicle('b1'))).toBe('УАЗ');
  });
});
