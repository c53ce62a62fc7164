/**
 * Excel export and import over HTTP against the real server (PostgreSQL, Hocuspocus, providers):
 * issue 6 end to end — download, fill offline, preview, apply live and audited, hostile files,
 * the policy, export jobs, the approved version, and the АБП's consolidated workbook recalculated
 * by LibreOffice.
 */
import zlib from 'node:zlib';
import { getCell, initDocument, setCell } from '@zhospar/collab';
import { toBytes } from '@zhospar/prisma';
import { defaultSheetsFor } from '@zhospar/sheets';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readXlsx } from '../../export/ExcelJsReader.ts';
import { recalculateWithLibreOffice } from '../../export/libreOffice.ts';
import type { ReadSheet } from '../../export/SpreadsheetReader.ts';
import { readManifest } from '../../import/readManifest.ts';
import { connectClient, synced, waitFor, type TestClient } from '../../test/collabClient.ts';
import { login, startTestServer, type TestServer } from '../../test/startTestServer.ts';
import { api, createKeyPair, demoOrganisations, enrolAndBind, errorCode, signStatement } from '../../test/workflowFixtures.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ECONOMIST_1 = '850315400124'; // school 1
const ECONOMIST_1B = '881102350342'; // school 1, a colleague
const ECONOMIST_2 = '900722450234'; // school 2
const CURATOR = '831204450562'; // education (АБП 261)
const APPROVER = '910404300670'; // education
const ADMIN = '870626300896'; // finance

let server: TestServer;
let orgs: Awaited<ReturnType<typeof demoOrganisations>>;
let doc1: string;
let doc2: string;
const tokens: Record<string, string> = {};
const clients: TestClient[] = [];

async function download(path: string, token: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

async function upload(documentId: string, token: string, body: Uint8Array, type = XLSX): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.baseUrl}/api/documents/${documentId}/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The cell of (rowId, colId) in a worksheet of an exported file, found by the hidden ids. */
function locate(ws: ExcelJS.Worksheet, rowId: string, colId: string): ExcelJS.Cell {
  let col = 0;
  let idCol = 0;
  ws.getRow(1).eachCell((c, i) => {
    if (c.value === colId) col = i;
    if (c.value === '__rowId') idCol = i;
  });
  let row = 0;
  ws.eachRow((r, i) => {
    if (r.getCell(idCol).value === rowId) row = i;
  });
  if (!col || !row) throw new Error(`cell ${rowId}/${colId} not in ${ws.name}`);
  return ws.getCell(row, col);
}

/** Fills cells of an exported file as an accountant would in Excel, and saves it. */
async function fill(bytes: Buffer, sheet: string, values: ReadonlyArray<[string, string, number]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  for (const [rowId, colId, value] of values) locate(ws, rowId, colId).value = value;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The value read back from an exported file at (rowId, colId) of a worksheet. */
function readAt(sheet: ReadSheet, rowId: string, colId: string): unknown {
  let col = 0;
  let idCol = 0;
  for (const [i, c] of sheet.row(1)) {
    if (c.value === colId) col = i;
    if (c.value === '__rowId') idCol = i;
  }
  for (let r = 1; r <= sheet.rowCount; r++) if (sheet.cell(r, idCol)?.value === rowId) return sheet.cell(r, col)?.value;
  return undefined;
}

async function storedState(documentId: string): Promise<{ stateVersion: number; yjsState: Uint8Array | null }> {
  return server.prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { stateVersion: true, yjsState: true } });
}

async function connect(documentId: string, iin: string): Promise<TestClient> {
  const client = connectClient(server.wsUrl, `budget-request.${documentId}`, tokens[iin] as string);
  clients.push(client);
  await synced(client);
  await waitFor(() => client.doc.share.size > 0 && getCell(client.doc, { sheetId: 'summary', rowId: 's144', colId: 'fact' }) !== null, 'document content');
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  orgs = await demoOrganisations(server.prisma);
  for (const iin of [ECONOMIST_1, ECONOMIST_1B, ECONOMIST_2, CURATOR, APPROVER, ADMIN]) tokens[iin] = await login(server.baseUrl, iin);
  const docs = await server.prisma.document.findMany({ where: { kind: 'BUDGET_REQUEST' }, select: { id: true, organisationId: true } });
  doc1 = docs.find((d) => d.organisationId === orgs.school1)?.id as string;
  doc2 = docs.find((d) => d.organisationId === orgs.school2)?.id as string;
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

describe('export over HTTP', () => {
  it('downloads the live document (an edit not yet stored is in the file) with a UTF-8 file name', async () => {
    const a = await connect(doc1, ECONOMIST_1);
    setCell(a.doc, { sheetId: 'summary', rowId: 's111', colId: 'fact' }, 4_321_000);
    await waitFor(() => {
      const live = server.app.collaboration.hocuspocus.documents.get(`budget-request.${doc1}`);
      return !!live && getCell(live, { sheetId: 'summary', rowId: 's111', colId: 'fact' }) === 4_321_000;
    }, 'the edit on the server');
    const r = await download(`/api/documents/${doc1}/export.xlsx?lang=kk`, tokens[ECONOMIST_1] as string);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(XLSX);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+\.xlsx"; filename\*=UTF-8''%D0%91/);
    const wb = await readXlsx(r.bytes);
    expect(readManifest(wb)?.documentId).toBe(doc1);
    const summary = wb.sheets.find((s) => s.name === '01-свод') as ReadSheet;
    expect(readAt(summary, 's111', 'fact')).toBe(4_321_000);
    // Kazakh titles.
    const texts = wb.sheets.flatMap((s) => [...Array(s.rowCount).keys()].flatMap((i) => [...s.row(i + 1).values()].map((c) => String(c.value))));
    expect(texts).toContain('Барлық шығыстар');
  });

  it('refuses another institution’s user (404, like an unknown id) and bad parameters (400)', async () => {
    expect((await download(`/api/documents/${doc1}/export.xlsx`, tokens[ECONOMIST_2] as string)).status).toBe(404);
    expect((await download(`/api/documents/00000000-0000-4000-8000-000000000000/export.xlsx`, tokens[ECONOMIST_1] as string)).status).toBe(404);
    expect((await download(`/api/documents/${doc1}/export.xlsx?lang=en`, tokens[ECONOMIST_1] as string)).status).toBe(400);
    expect((await fetch(`${server.baseUrl}/api/documents/${doc1}/export.xlsx`)).status).toBe(401);
  });

  it('a job reports progress up to done, its file downloads, and it is the starter’s alone', async () => {
    const started = await api<{ jobId: string; status: string }>(server.baseUrl, `/api/documents/${doc1}/exports`, {
      method: 'POST',
      token: tokens[ECONOMIST_1],
      body: { lang: 'ru', unit: 'thousand-tenge' },
    });
    expect(started.status).toBe(202);
    expect(['queued', 'running', 'done']).toContain(started.body.status);
    let job = started.body as { jobId: string; status: string; cellsWritten: number; totalCells: number; bytes: number | null };
    for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await api<typeof job>(server.baseUrl, `/api/exports/${job.jobId}`, { token: tokens[ECONOMIST_1] })).body;
    }
    expect(job.status).toBe('done');
    expect(job.totalCells).toBeGreaterThan(0);
    expect(job.cellsWritten).toBe(job.totalCells);
    const file = await download(`/api/exports/${job.jobId}/file`, tokens[ECONOMIST_1] as string);
    expect(file.status).toBe(200);
    expect(file.bytes.length).toBe(job.bytes);
    expect(readManifest(await readXlsx(file.bytes))?.unit).toBe('thousand-tenge');
    // Another user — even a colleague of the same school — does not see it.
    expect((await api(server.baseUrl, `/api/exports/${job.jobId}`, { token: tokens[ECONOMIST_1B] })).status).toBe(404);
    expect((await download(`/api/exports/${job.jobId}/file`, tokens[ECONOMIST_2] as string)).status).toBe(404);
  });
});

describe('import over HTTP', () => {
  it('preview, then apply: one live change seen by a connected colleague, totals recalculated, every cell audited', async () => {
    const colleague = await connect(doc1, ECONOMIST_1B);
    const exported = await download(`/api/documents/${doc1}/export.xlsx`, tokens[ECONOMIST_1] as string);
    const filled = await fill(exported.bytes, '01-свод', [
      ['s144', 'fact', 500_000],
      ['s149', 'fact', 250_000],
    ]);
    const preview = await upload(doc1, tokens[ECONOMIST_1] as string, filled);
    expect(preview.status).toBe(200);
    const changes = preview.body['changes'] as Array<{ rowId: string; colId: string; old: unknown; new: unknown }>;
    expect(changes.map((c) => [c.rowId, c.colId, c.old, c.new]).sort()).toEqual([
      ['s144', 'fact', null, 500_000],
      ['s149', 'fact', null, 250_000],
    ]);
    expect(preview.body['changeCount']).toBe(2);

    let updates = 0;
    colleague.doc.on('update', () => updates++);
    const applied = await api<{ changedCells: number }>(server.baseUrl, `/api/documents/${doc1}/imports/${preview.body['previewId'] as string}/apply`, {
      method: 'POST',
      token: tokens[ECONOMIST_1],
    });
    expect(applied.status).toBe(200);
    expect(applied.body.changedCells).toBe(2);
    await waitFor(() => getCell(colleague.doc, { sheetId: 'summary', rowId: 's149', colId: 'fact' }) === 250_000, 'the import on the colleague’s screen');
    expect(getCell(colleague.doc, { sheetId: 'summary', rowId: 's144', colId: 'fact' })).toBe(500_000);
    expect(updates).toBe(1); // one Yjs update

    // The server recalculates: the total of the live document now includes the import (4 321 000 + 500 000 + 250 000).
    const after = await readXlsx((await download(`/api/documents/${doc1}/export.xlsx`, tokens[ECONOMIST_1] as string)).bytes);
    expect(readAt(after.sheets.find((s) => s.name === '01-свод') as ReadSheet, 'total', 'fact')).toBe(5_071_000);

    await server.app.audit.flush();
    const user = await server.prisma.user.findUniqueOrThrow({ where: { iin: ECONOMIST_1 } });
    const audited = await server.prisma.auditEvent.findMany({ where: { documentId: doc1, kind: 'CELL', userId: user.id, rowId: { in: ['s144', 's149'] } } });
    expect(audited.map((e) => [e.rowId, e.oldValue, e.newValue, (e.details as { source?: string } | null)?.source]).sort()).toEqual([
      ['s144', null, 500_000, 'import'],
      ['s149', null, 250_000, 'import'],
    ]);
    // Applied once: the preview is gone.
    const again = await api(server.baseUrl, `/api/documents/${doc1}/imports/${preview.body['previewId'] as string}/apply`, { method: 'POST', token: tokens[ECONOMIST_1] });
    expect(errorCode(again)).toBe('import-preview-not-found');
  });

  it('refuses a stale preview: a colleague changed the cell since', async () => {
    const colleague = await connect(doc1, ECONOMIST_1B);
    const exported = await download(`/api/documents/${doc1}/export.xlsx`, tokens[ECONOMIST_1] as string);
    const preview = await upload(doc1, tokens[ECONOMIST_1] as string, await fill(exported.bytes, '01-свод', [['s144', 'estimate', 777]]));
    expect(preview.status).toBe(200);
    setCell(colleague.doc, { sheetId: 'summary', rowId: 's144', colId: 'estimate' }, 999);
    await waitFor(() => {
      const live = server.app.collaboration.hocuspocus.documents.get(`budget-request.${doc1}`);
      return !!live && getCell(live, { sheetId: 'summary', rowId: 's144', colId: 'estimate' }) === 999;
    }, 'the colleague’s edit');
    const applied = await api<{ error: { message: { ru: string; kk: string }; data: { conflicts: unknown[] } } }>(
      server.baseUrl,
      `/api/documents/${doc1}/imports/${preview.body['previewId'] as string}/apply`,
      { method: 'POST', token: tokens[ECONOMIST_1] },
    );
    expect(applied.status).toBe(409);
    expect(errorCode(applied)).toBe('import-stale');
    expect(applied.body.error.data.conflicts).toHaveLength(1);
    expect(applied.body.error.message.kk).toContain('Ештеңе өзгертілмеді');
    expect(getCell(colleague.doc, { sheetId: 'summary', rowId: 's144', colId: 'estimate' })).toBe(999);
  });

  it('malformed, zip-bomb, password-protected, oversized and wrong-template files change nothing, with ru/kk reasons', async () => {
    for (const c of clients.splice(0)) c.destroy();
    await waitFor(() => server.app.collaboration.hocuspocus.getDocumentsCount() === 0, 'the document to unload', 10_000);
    // Let the last store of the closed editors land.
    let before = await storedState(doc1);
    for (let settled = 0; settled < 5; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = await storedState(doc1);
      settled = now.stateVersion === before.stateVersion ? settled + 1 : 0;
      before = now;
    }
    const auditBefore = await server.prisma.auditEvent.count({ where: { documentId: doc1 } });
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    const bomb = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.alloc(50 * 1024 * 1024, 0x20), declaredSize: 1000 },
    ]);
    const foreign = new ExcelJS.Workbook();
    foreign.addWorksheet('Лист1').addRow(['Отчет о закупках', 1, 2, 3]);
    const cases: Array<[string, Uint8Array, number, string]> = [
      ['malformed', Buffer.from('Программа;Сумма\n001;100\n'), 422, 'not-xlsx'],
      ['zip bomb', bomb, 413, 'too-large'],
      ['password-protected', ole, 422, 'encrypted'],
      ['wrong template', Buffer.from(await foreign.xlsx.writeBuffer()), 422, 'wrong-template'],
      ['oversized', Buffer.alloc(21 * 1024 * 1024, 1), 413, 'too-large'],
    ];
    for (const [what, bytes, status, reason] of cases) {
      const r = await upload(doc1, tokens[ECONOMIST_1] as string, bytes, what === 'oversized' ? 'application/octet-stream' : XLSX);
      const error = r.body['error'] as { code: string; message: { ru: string; kk: string }; data: { reason: string } };
      expect([what, r.status, error.code, error.data.reason]).toEqual([what, status, 'import-refused', reason]);
      expect(error.message.ru.length).toBeGreaterThan(20);
      expect(error.message.kk).not.toBe(error.message.ru);
    }
    // JSON is not a workbook.
    const json = await api(server.baseUrl, `/api/documents/${doc1}/imports`, { method: 'POST', token: tokens[ECONOMIST_1], body: { a: 1 } });
    expect(json.status).toBe(415);
    const after = await storedState(doc1);
    expect(after.stateVersion).toBe(before.stateVersion);
    expect(Buffer.from(after.yjsState ?? [])).toEqual(Buffer.from(before.yjsState ?? []));
    expect(await server.prisma.auditEvent.count({ where: { documentId: doc1 } })).toBe(auditBefore);
  });

  it('another institution’s user can neither preview nor apply (404); a curator may not import (not editable)', async () => {
    const exported = await download(`/api/documents/${doc1}/export.xlsx`, tokens[ECONOMIST_1] as string);
    const other = await upload(doc1, tokens[ECONOMIST_2] as string, exported.bytes);
    expect(other.status).toBe(404);
    const curator = await upload(doc1, tokens[CURATOR] as string, exported.bytes);
    expect([curator.status, (curator.body['error'] as { code: string }).code]).toEqual([409, 'document-not-editable']);
    const preview = await upload(doc1, tokens[ECONOMIST_1] as string, exported.bytes);
    expect(preview.status).toBe(200);
    const stolen = await api(server.baseUrl, `/api/documents/${doc1}/imports/${preview.body['previewId'] as string}/apply`, { method: 'POST', token: tokens[ECONOMIST_2] });
    expect(stolen.status).toBe(404);
    const colleague = await api(server.baseUrl, `/api/documents/${doc1}/imports/${preview.body['previewId'] as string}/apply`, { method: 'POST', token: tokens[ECONOMIST_1B] });
    expect(errorCode(colleague)).toBe('import-preview-not-found');
  });

  it('a submitted document cannot be imported into (409 document-not-editable)', async () => {
    const exported = await download(`/api/documents/${doc2}/export.xlsx`, tokens[ECONOMIST_2] as string);
    const preview = await upload(doc2, tokens[ECONOMIST_2] as string, await fill(exported.bytes, '01-свод', [['s144', 'fact', 1]]));
    expect(preview.status).toBe(200);
    expect((await api(server.baseUrl, `/api/documents/${doc2}/submit`, { method: 'POST', token: tokens[ECONOMIST_2] })).status).toBe(200);
    const applied = await api(server.baseUrl, `/api/documents/${doc2}/imports/${preview.body['previewId'] as string}/apply`, { method: 'POST', token: tokens[ECONOMIST_2] });
    expect([applied.status, errorCode(applied)]).toEqual([409, 'document-not-editable']);
    expect((await api(server.baseUrl, `/api/documents/${doc2}/return`, { method: 'POST', token: tokens[CURATOR], body: { reason: 'тест' } })).status).toBe(200);
  });
});

describe('approved version and consolidated workbook', () => {
  it('exports an approved version from its snapshot with the SHA-256 and verified signatures', async () => {
    const documentId = doc2;
    const doc = new Y.Doc();
    initDocument(doc, { kind: 'budget-request', sheets: defaultSheetsFor('budget-request') });
    setCell(doc, { sheetId: 'summary', rowId: 's144', colId: 'fact' }, 1_000_000);
    setCell(doc, { sheetId: 'summary', rowId: 's111', colId: 'estimate' }, 2_000_000);
    await server.prisma.document.update({ where: { id: documentId }, data: { yjsState: toBytes(Y.encodeStateAsUpdate(doc)), stateVersion: { increment: 1 } } });
    expect((await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: tokens[ECONOMIST_2] })).status).toBe(200);
    expect((await api(server.baseUrl, `/api/documents/${documentId}/approve`, { method: 'POST', token: tokens[APPROVER] })).status).toBe(200);
    const key = await createKeyPair();
    await enrolAndBind(server.baseUrl, { token: tokens[APPROVER] as string, iin: APPROVER }, { token: tokens[ADMIN] as string }, key);
    const snapshot = await api<{ id: string; sha256: string; statement: Record<string, unknown> }>(server.baseUrl, `/api/documents/${documentId}/snapshot`, { token: tokens[APPROVER] });
    const jws = await signStatement(key, { ...snapshot.body.statement, iat: Math.floor(Date.now() / 1000) });
    expect((await api(server.baseUrl, `/api/documents/${documentId}/signatures`, { method: 'POST', token: tokens[APPROVER], body: { jws } })).status).toBe(201);

    const r = await download(`/api/snapshots/${snapshot.body.id}/export.xlsx`, tokens[ECONOMIST_2] as string);
    expect(r.status).toBe(200);
    const wb = await readXlsx(r.bytes);
    const approval = wb.sheets.find((s) => s.name === 'Утверждение') as ReadSheet;
    const texts = [...Array(approval.rowCount).keys()].flatMap((i) => [...approval.row(i + 1).values()].map((c) => String(c.value)));
    expect(texts).toContain(snapshot.body.sha256);
    expect(texts).toContain(APPROVER);
    expect(texts).toContain('Омаров Бауыржан (демо)');
    expect(texts).toContain('действительна');
    expect(texts).toContain(jws);
    expect(readAt(wb.sheets.find((s) => s.name === '01-свод') as ReadSheet, 's144', 'fact')).toBe(1_000_000);
    expect((await download(`/api/snapshots/${snapshot.body.id}/export.xlsx`, tokens[ECONOMIST_1] as string)).status).toBe(404);
  });

  it('the АБП curator’s consolidated workbook has both schools, and its «Свод» formulas match LibreOffice’s recalculation', async () => {
    const r = await download(`/api/organisations/${orgs.education}/consolidated.xlsx`, tokens[CURATOR] as string);
    expect(r.status).toBe(200);
    expect(decodeURIComponent(r.headers.get('content-disposition')?.split("UTF-8''")[1] ?? '')).toMatch(/^Свод 261 /);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Свод', '261001', '261002']);
    const head = (ws: ExcelJS.Worksheet): string => [1, 2, 3, 4, 5].map((i) => ws.getRow(i).values).flat().join(' ');
    expect(head(wb.getWorksheet('261001') as ExcelJS.Worksheet)).toContain('260140000045');
    expect(head(wb.getWorksheet('261002') as ExcelJS.Worksheet)).toContain('Общеобразовательная школа № 2');
    const svod = wb.getWorksheet('Свод') as ExcelJS.Worksheet;
    // Row 8 = specific 111, column C = fact; row of 144: find by code.
    const rowOf = (ws: ExcelJS.Worksheet, code: string): number => {
      let found = 0;
      ws.eachRow((row, i) => {
        if (row.getCell(1).value === code) found = i;
      });
      return found;
    };
    expect((svod.getCell(rowOf(svod, '144'), 3).value as ExcelJS.CellFormulaValue).formula).toBe("SUM('261001'!C" + rowOf(svod, '144') + ",'261002'!C" + rowOf(svod, '144') + ')');

    const [recalculated] = await recalculateWithLibreOffice([{ name: 'consolidated', bytes: r.bytes }]);
    const lo = await readXlsx(recalculated as Buffer);
    const sheet = (name: string): ReadSheet => lo.sheets.find((s) => s.name === name) as ReadSheet;
    const num = (s: ReadSheet, row: number, col: number): number => Number(s.cell(row, col)?.value ?? 0);
    let compared = 0;
    for (let row = 8; row <= sheet('Свод').rowCount; row++) {
      for (let col = 3; col <= 7; col++) {
        const expected = num(sheet('261001'), row, col) + num(sheet('261002'), row, col);
        expect(num(sheet('Свод'), row, col)).toBeCloseTo(expected, 6);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(16 * 5);
    // school 1: 4 321 000 (111) + 500 000 (144) + 250 000 (149); school 2: 1 000 000 (144)
    const total = sheet('Свод').rowCount;
    expect(num(sheet('Свод'), rowOf(svod, '144'), 3)).toBe(1_500_000);
    expect(num(sheet('Свод'), total, 3)).toBe(6_071_000);
    expect(num(sheet('Свод'), rowOf(svod, '111'), 4)).toBe(2_000_000);
  }, 180_000);

  it('a school’s economist gets 404 for the administrator’s consolidated workbook', async () => {
    expect((await download(`/api/organisations/${orgs.education}/consolidated.xlsx`, tokens[ECONOMIST_1] as string)).status).toBe(404);
  });

  it('every export and import route is in the OpenAPI document', async () => {
    const openapi = await api<{ paths: Record<string, unknown> }>(server.baseUrl, '/api/openapi.json');
    for (const p of [
      '/api/documents/{id}/export.xlsx',
      '/api/documents/{id}/exports',
      '/api/exports/{jobId}',
      '/api/exports/{jobId}/file',
      '/api/snapshots/{snapshotId}/export.xlsx',
      '/api/organisations/{orgId}/consolidated.xlsx',
      '/api/documents/{id}/imports',
      '/api/documents/{id}/imports/{previewId}/apply',
    ]) {
      expect(openapi.body.paths[p], p).toBeDefined();
    }
  });
});

/** A ZIP with entries whose declared (uncompressed) size may lie — for the ZIP-bomb case. */
function zipOf(entries: Array<{ name: string; data: Buffer; declaredSize?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const data = zlib.deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
