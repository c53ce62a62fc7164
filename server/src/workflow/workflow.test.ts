import { createHash } from 'node:crypto';
import { decodeStatusChanged, formatDocumentName, getCell, insertRow, projectDocument, setCell, type StatusChangedMessage } from '@zhospar/collab';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, synced, waitFor, type TestClient } from '../test/collabClient.ts';
import { login, startTestServer, type TestServer } from '../test/startTestServer.ts';
import { api, createDocument, createUser, demoOrganisations, errorCode } from '../test/workflowFixtures.ts';
import { cachedSchemaLookup } from '../collaboration/ValidationExtension.ts';

let server: TestServer;
let orgs: Awaited<ReturnType<typeof demoOrganisations>>;
let economist: string;
let otherEconomist: string;
let curator: string;
let approver: { id: string; iin: string; token: string };
let secondApprover: { id: string; iin: string; token: string };
const clients: TestClient[] = [];

const SHEET = 'f144';

function connect(token: string, documentId: string): TestClient {
  const client = connectClient(server.wsUrl, formatDocumentName('budget-request', documentId), token);
  clients.push(client);
  return client;
}

/** Fills one fuel row: 10 l/100 km × 1200 km/yr ÷ 12 × 12 months = 120 l; × 300 ₸ = 36 000 ₸. */
function fillFuelRow(doc: Y.Doc, rowId: string, overrides: Record<string, number | string> = {}): void {
  insertRow(doc, SHEET, rowId, {});
  const values: Record<string, number | string> = { vehicle: 'ГАЗель', fuel_norm: 10, mileage: 1200, months: 12, price: 300, ...overrides };
  for (const [colId, value] of Object.entries(values)) setCell(doc, { sheetId: SHEET, rowId, colId }, value);
}

function statusMessages(client: TestClient): StatusChangedMessage[] {
  return client.stateless.flatMap((payload) => {
    const message = decodeStatusChanged(payload);
    return message ? [message] : [];
  });
}

function serverConnectionsReadOnly(documentId: string): boolean[] {
  const document = server.app.collaboration.hocuspocus.documents.get(formatDocumentName('budget-request', documentId));
  return (document?.getConnections() ?? []).map((c) => c.readOnly);
}

async function storedCell(documentId: string, rowId: string, colId: string): Promise<unknown> {
  const row = await server.prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { yjsState: true } });
  const doc = new Y.Doc();
  if (row.yjsState) Y.applyUpdate(doc, new Uint8Array(row.yjsState));
  return getCell(doc, { sheetId: SHEET, rowId, colId });
}

/** Waits until the server has stored a value the client wrote (debounce 50–200 ms in tests). */
async function untilStored(documentId: string, rowId: string, colId: string, value: unknown): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await storedCell(documentId, rowId, colId)) !== value) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${rowId}/${colId} = ${String(value)} to be stored`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  server = await startTestServer();
  orgs = await demoOrganisations(server.prisma);
  economist = await login(server.baseUrl, '850315400124'); // school 1
  otherEconomist = await login(server.baseUrl, '900722450234'); // school 2
  curator = await login(server.baseUrl, '831204450562'); // education (АБП)
  approver = { ...(await server.prisma.user.findUniqueOrThrow({ where: { iin: '910404300670' } })), token: await login(server.baseUrl, '910404300670') };
  secondApprover = await createUser(server.prisma, server.baseUrl, 'APPROVER', orgs.education, 'Второй утверждающий (тест)');
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('the status machine over HTTP with editors open', () => {
  it('submit makes every open editor read-only at once, return (with reason) makes them writable, approve stores the snapshot', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    const a = connect(economist, documentId);
    const b = connect(economist, documentId);
    await Promise.all([synced(a), synced(b)]);
    fillFuelRow(a.doc, 'car-1');
    await untilStored(documentId, 'car-1', 'price', 300);
    expect(serverConnectionsReadOnly(documentId)).toEqual([false, false]);

    const submitted = await api<{ document: { status: string; actions: string[] }; transition: { from: string; to: string } }>(
      server.baseUrl,
      `/api/documents/${documentId}/submit`,
      { method: 'POST', token: economist },
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.transition).toMatchObject({ from: 'IN_WORK', to: 'SUBMITTED' });
    expect(submitted.body.document.status).toBe('SUBMITTED');
    expect(submitted.body.document.actions).not.toContain('edit');
    // The switch happened before the response: the server ignores their updates from now on.
    expect(serverConnectionsReadOnly(documentId)).toEqual([true, true]);
    await waitFor(() => statusMessages(a).length > 0 && statusMessages(b).length > 0, 'status-changed at both editors');
    expect(statusMessages(a)[0]).toEqual({ type: 'status-changed', status: 'SUBMITTED', readOnly: true, reason: null });

    // A write after submission never reaches the stored or the served document.
    setCell(b.doc, { sheetId: SHEET, rowId: 'car-1', colId: 'price' }, 999);
    const late = connect(economist, documentId);
    await synced(late);
    expect(getCell(late.doc, { sheetId: SHEET, rowId: 'car-1', colId: 'price' })).toBe(300);
    expect(await storedCell(documentId, 'car-1', 'price')).toBe(300);
    expect(late.provider.authorizedScope).toBe('readonly');

    const noReason = await api(server.baseUrl, `/api/documents/${documentId}/return`, { method: 'POST', token: curator, body: { reason: '   ' } });
    expect(noReason.status).toBe(400);
    expect(errorCode(noReason)).toBe('reason-required');

    const returned = await api<{ transition: { to: string; reason: string } }>(server.baseUrl, `/api/documents/${documentId}/return`, {
      method: 'POST',
      token: curator,
      body: { reason: 'Уточните норму расхода топлива' },
    });
    expect(returned.status).toBe(200);
    expect(returned.body.transition).toMatchObject({ to: 'RETURNED', reason: 'Уточните норму расхода топлива' });
    await waitFor(() => statusMessages(a).length > 1, 'the return at the editor');
    expect(statusMessages(a)[1]).toEqual({ type: 'status-changed', status: 'RETURNED', readOnly: false, reason: 'Уточните норму расхода топлива' });
    expect(serverConnectionsReadOnly(documentId).every((readOnly) => !readOnly)).toBe(true);

    // Editing works again after the return.
    setCell(late.doc, { sheetId: SHEET, rowId: 'car-1', colId: 'mileage' }, 2400);
    await untilStored(documentId, 'car-1', 'mileage', 2400);

    expect((await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist })).status).toBe(200);
    const approved = await api<{ document: { status: string }; snapshot: { id: string; sha256: string } }>(
      server.baseUrl,
      `/api/documents/${documentId}/approve`,
      { method: 'POST', token: approver.token },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.document.status).toBe('APPROVED');
    await waitFor(() => statusMessages(a).some((m) => m.status === 'APPROVED' && m.readOnly), 'approval at the editor');

    const snapshot = await server.prisma.documentSnapshot.findUniqueOrThrow({ where: { documentId } });
    expect(snapshot.id).toBe(approved.body.snapshot.id);
    expect(createHash('sha256').update(snapshot.canonicalJson).digest('hex')).toBe(snapshot.sha256);
    const content = JSON.parse(snapshot.canonicalJson) as {
      inputs: { sheets: Array<{ sheetId: string; cells: Record<string, unknown> }> };
      computed: { sheets: Array<{ sheetId: string; calculated: Record<string, Record<string, unknown>> }> };
    };
    expect(content.inputs.sheets.find((s) => s.sheetId === SHEET)?.cells['car-1/mileage']).toBe(2400);
    // 10 / 100 × 2400 / 12 × 12 = 240 l; 240 × 300 = 72 000 ₸.
    expect(content.computed.sheets.find((s) => s.sheetId === SHEET)?.calculated['car-1']).toMatchObject({ litres: 240, amount: 72000 });
    const state = new Y.Doc();
    Y.applyUpdate(state, new Uint8Array(snapshot.yjsState));
    expect(projectDocument(state, cachedSchemaLookup())).toEqual(content.inputs);

    const history = await api<{ transitions: Array<{ from: string; to: string; reason: string | null; by: { iin: string } }> }>(
      server.baseUrl,
      `/api/documents/${documentId}/transitions`,
      { token: curator },
    );
    expect(history.body.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['IN_WORK→SUBMITTED', 'SUBMITTED→RETURNED', 'RETURNED→SUBMITTED', 'SUBMITTED→APPROVED']);
    expect(history.body.transitions[1]?.reason).toBe('Уточните норму расхода топлива');
  });

  it('refuses submission while an error-level control fails, and leaves the editors writable', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    const a = connect(economist, documentId);
    await synced(a);
    fillFuelRow(a.doc, 'bad', { fuel_norm: -5 });
    await untilStored(documentId, 'bad', 'fuel_norm', -5);
    const refused = await api<{ error: { code: string; data: { controls: Array<{ id: string; severity: string }> } } }>(
      server.baseUrl,
      `/api/documents/${documentId}/submit`,
      { method: 'POST', token: economist },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('controls-failed');
    expect(refused.body.error.data.controls.some((c) => c.id === 'value.negative' && c.severity === 'error')).toBe(true);
    const row = await server.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(row.status).toBe('IN_WORK');
    expect(await server.prisma.documentTransition.count({ where: { documentId } })).toBe(0);
    expect(serverConnectionsReadOnly(documentId)).toEqual([false]);

    const controls = await api<{ errors: number }>(server.baseUrl, `/api/documents/${documentId}/controls`, { token: economist });
    expect(controls.body.errors).toBeGreaterThan(0);

    setCell(a.doc, { sheetId: SHEET, rowId: 'bad', colId: 'fuel_norm' }, 5);
    await untilStored(documentId, 'bad', 'fuel_norm', 5);
    expect((await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist })).status).toBe(200);
  });

  it('submits a document nobody has opened yet from its templates', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    const submitted = await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist });
    expect(submitted.status).toBe(200);
    const row = await server.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(row.yjsState).not.toBeNull();
    expect(row.stateVersion).toBe(1);
  });

  it('answers 404 to another ГУ, 403 to a role that may never do it, 409 when only the status is wrong', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    const foreign = await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: otherEconomist });
    expect(foreign.status).toBe(404);
    const curatorSubmits = await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: curator });
    expect(curatorSubmits.status).toBe(403);
    const approveInWork = await api(server.baseUrl, `/api/documents/${documentId}/approve`, { method: 'POST', token: approver.token });
    expect(approveInWork.status).toBe(409);
    expect(errorCode(approveInWork)).toBe('status-conflict');
    expect((await server.prisma.document.findUniqueOrThrow({ where: { id: documentId } })).status).toBe('IN_WORK');
  });
});

describe('concurrency', () => {
  it('two approvers pressing at once give exactly one approval, one snapshot and one transition', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    expect((await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist })).status).toBe(200);
    const results = await Promise.all(
      [approver.token, secondApprover.token, approver.token, secondApprover.token].map((token) =>
        api(server.baseUrl, `/api/documents/${documentId}/approve`, { method: 'POST', token }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect(await server.prisma.documentSnapshot.count({ where: { documentId } })).toBe(1);
    expect(await server.prisma.documentTransition.count({ where: { documentId, toStatus: 'APPROVED' } })).toBe(1);
    expect(await server.prisma.auditEvent.count({ where: { documentId, kind: 'TRANSITION', newValue: { equals: 'APPROVED' } } })).toBe(1);
  });

  it('a submit and a return racing each other leave a consistent history', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    expect((await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist })).status).toBe(200);
    const [returned, approved] = await Promise.all([
      api(server.baseUrl, `/api/documents/${documentId}/return`, { method: 'POST', token: curator, body: { reason: 'нет' } }),
      api(server.baseUrl, `/api/documents/${documentId}/approve`, { method: 'POST', token: approver.token }),
    ]);
    expect([returned.status, approved.status].sort()).toEqual([200, 409]);
    const transitions = await server.prisma.documentTransition.findMany({ where: { documentId }, orderBy: { createdAt: 'asc' } });
    expect(transitions).toHaveLength(2);
    const status = (await server.prisma.document.findUniqueOrThrow({ where: { id: documentId } })).status;
    expect(status).toBe(transitions[1]!.toStatus);
  });
});

describe('the database protects approved data (triggers)', () => {
  let documentId: string;

  beforeAll(async () => {
    documentId = await createDocument(server.prisma, orgs.school1);
    await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist });
    const approved = await api(server.baseUrl, `/api/documents/${documentId}/approve`, { method: 'POST', token: approver.token });
    expect(approved.status).toBe(200);
  });

  it.each([
    ['update a snapshot', `UPDATE "DocumentSnapshot" SET "sha256" = repeat('0', 64) WHERE "documentId" = $1::uuid`],
    ['delete a snapshot', `DELETE FROM "DocumentSnapshot" WHERE "documentId" = $1::uuid`],
    ['change an approved document’s content', `UPDATE "Document" SET "yjsState" = '\\x00'::bytea WHERE "id" = $1::uuid`],
    ['reopen an approved document', `UPDATE "Document" SET "status" = 'IN_WORK' WHERE "id" = $1::uuid`],
    ['delete an approved document', `DELETE FROM "Document" WHERE "id" = $1::uuid`],
    ['update a transition', `UPDATE "DocumentTransition" SET "reason" = 'x' WHERE "documentId" = $1::uuid`],
    ['delete a transition', `DELETE FROM "DocumentTransition" WHERE "documentId" = $1::uuid`],
    ['update the audit log', `UPDATE "AuditEvent" SET "reason" = 'x' WHERE "documentId" = $1::uuid`],
    ['delete from the audit log', `DELETE FROM "AuditEvent" WHERE "documentId" = $1::uuid`],
  ])('refuses to %s', async (_label, sql) => {
    await expect(server.prisma.$executeRawUnsafe(sql, documentId)).rejects.toThrow(/append-only|immutable|cannot be deleted/);
  });

  it('refuses to truncate the audit log', async () => {
    await expect(server.prisma.$executeRawUnsafe('TRUNCATE "AuditEvent"')).rejects.toThrow(/append-only/);
  });

  it('refuses to approve a document without its snapshot, even by hand', async () => {
    const other = await createDocument(server.prisma, orgs.school1);
    await expect(server.prisma.document.update({ where: { id: other }, data: { status: 'APPROVED' } })).rejects.toThrow(/without its snapshot/);
  });

  it('still lets an unchanged open document be stored again', async () => {
    const row = await server.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    await server.prisma.document.update({ where: { id: documentId }, data: { yjsState: row.yjsState, stateVersion: { increment: 1 } } });
  });
});

describe('versions', () => {
  it('creates the next version from the approved snapshot as a fresh document, once, and diffs any two versions', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    const a = connect(economist, documentId);
    await synced(a);
    fillFuelRow(a.doc, 'car-v');
    await untilStored(documentId, 'car-v', 'price', 300);
    await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist });
    expect((await api(server.baseUrl, `/api/documents/${documentId}/approve`, { method: 'POST', token: approver.token })).status).toBe(200);

    const created = await api<{ id: string; status: string; versionKind: string; actions: string[] }>(server.baseUrl, `/api/documents/${documentId}/versions`, {
      method: 'POST',
      token: economist,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'IN_WORK', versionKind: 'CLARIFICATION' });
    expect(created.body.actions).toContain('edit');
    const child = await server.prisma.document.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(child).toMatchObject({ parentVersionId: documentId, versionNumber: 2, versionKind: 'CLARIFICATION' });
    const snapshot = await server.prisma.documentSnapshot.findUniqueOrThrow({ where: { documentId } });
    expect(Buffer.from(child.yjsState!).equals(Buffer.from(snapshot.yjsState))).toBe(false);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, new Uint8Array(child.yjsState!));
    expect(projectDocument(fresh, cachedSchemaLookup())).toEqual((JSON.parse(snapshot.canonicalJson) as { inputs: unknown }).inputs);

    const again = await api(server.baseUrl, `/api/documents/${documentId}/versions`, { method: 'POST', token: economist });
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe('version-exists');

    const editor = connect(economist, created.body.id);
    await synced(editor);
    expect(getCell(editor.doc, { sheetId: SHEET, rowId: 'car-v', colId: 'price' })).toBe(300);
    setCell(editor.doc, { sheetId: SHEET, rowId: 'car-v', colId: 'price' }, 350);
    const deadline = Date.now() + 5000;
    for (;;) {
      const row = await server.prisma.document.findUniqueOrThrow({ where: { id: created.body.id }, select: { yjsState: true } });
      const doc = new Y.Doc();
      Y.applyUpdate(doc, new Uint8Array(row.yjsState!));
      if (getCell(doc, { sheetId: SHEET, rowId: 'car-v', colId: 'price' }) === 350) break;
      if (Date.now() > deadline) throw new Error('the edit of the new version was not stored');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const chain = await api<{ versions: Array<{ id: string; versionNumber: number; snapshot: unknown }> }>(
      server.baseUrl,
      `/api/documents/${created.body.id}/versions`,
      { token: curator },
    );
    expect(chain.body.versions.map((v) => v.versionNumber)).toEqual([1, 2]);
    expect(chain.body.versions[0]?.snapshot).not.toBeNull();

    const diff = await api<{ from: { source: string }; to: { source: string }; changes: Array<{ sheetId: string; rowId: string; colId: string; kind: string; old: unknown; new: unknown }> }>(
      server.baseUrl,
      `/api/versions/diff?from=${documentId}&to=${created.body.id}`,
      { token: curator },
    );
    expect(diff.status).toBe(200);
    expect(diff.body.from.source).toBe('snapshot');
    expect(diff.body.to.source).toBe('current');
    const onRow = diff.body.changes.filter((c) => c.sheetId === SHEET && c.rowId === 'car-v');
    // 120 l × 300 ₸ = 36 000 → 120 l × 350 ₸ = 42 000.
    expect(onRow).toEqual(
      expect.arrayContaining([
        { sheetId: SHEET, rowId: 'car-v', colId: 'price', kind: 'input', old: 300, new: 350 },
        { sheetId: SHEET, rowId: 'car-v', colId: 'amount', kind: 'calculated', old: 36000, new: 42000 },
      ]),
    );
    expect(diff.body.changes.some((c) => c.sheetId === SHEET && c.rowId === 'total' && c.colId === 'amount' && c.old === 36000 && c.new === 42000)).toBe(true);
    expect(diff.body.changes.every((c) => c.kind === 'calculated' || c.colId === 'price')).toBe(true);
  });

  it('refuses a version of a document that is not approved', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    const refused = await api(server.baseUrl, `/api/documents/${documentId}/versions`, { method: 'POST', token: economist });
    expect(refused.status).toBe(409);
  });
});

describe('API description', () => {
  it('lists every workflow, version, signature, audit and desktop route in the OpenAPI document', async () => {
    const result = await api<{ paths: Record<string, unknown> }>(server.baseUrl, '/api/openapi.json');
    expect(Object.keys(result.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/documents/{id}/submit',
        '/api/documents/{id}/return',
        '/api/documents/{id}/approve',
        '/api/documents/{id}/transitions',
        '/api/documents/{id}/controls',
        '/api/documents/{id}/snapshot',
        '/api/documents/{id}/snapshot/content',
        '/api/documents/{id}/versions',
        '/api/versions/diff',
        '/api/signing-keys',
        '/api/signing-keys/{id}/bind',
        '/api/signing-keys/{id}/revoke',
        '/api/documents/{id}/signatures',
        '/api/documents/{id}/signatures/{signatureId}/verify',
        '/api/documents/{id}/audit',
        '/api/documents/{id}/cell-history',
        '/api/desktop',
      ]),
    );
  });
});
