// The whole policy table (Policy.ts) walked against the running server: every role × relation ×
// status, every action — read and edit over the websocket (real providers), the status changes,
// signing and versions over HTTP, and the action list the API reports (which is where `comment`
// shows until comments have an endpoint). Expectations come from the table itself, checked
// against an independently written sample and the invariants below.
import { formatDocumentName } from '@zhospar/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, synced, waitFor } from '../test/collabClient.ts';
import { login, startTestServer, type TestServer } from '../test/startTestServer.ts';
import {
  api,
  createDocument,
  createKeyPair,
  createUser,
  demoOrganisations,
  enrolAndBind,
  signStatement,
  type TestKeyPair,
} from '../test/workflowFixtures.ts';
import { actionsFor, ALL_ACTIONS, ALL_RELATIONS, ALL_ROLES, ALL_STATUSES, type Action, type DocumentStatus, type Relation, type Role } from './Policy.ts';

/** Written by hand from DOMAIN.md §4 and the issue, not derived from Policy.ts. */
const SAMPLE: Array<[Role, Relation, DocumentStatus, Action[]]> = [
  ['ECONOMIST', 'own', 'IN_WORK', ['read', 'comment', 'edit', 'submit']],
  ['ECONOMIST', 'own', 'RETURNED', ['read', 'comment', 'edit', 'submit']],
  ['ECONOMIST', 'own', 'SUBMITTED', ['read', 'comment']],
  ['ECONOMIST', 'own', 'APPROVED', ['read', 'comment', 'create-version']],
  ['ECONOMIST', 'subordinate', 'IN_WORK', []],
  ['HEAD', 'own', 'RETURNED', ['read', 'comment', 'edit', 'submit']],
  ['HEAD', 'own', 'APPROVED', ['read', 'comment', 'create-version']],
  ['CURATOR', 'subordinate', 'IN_WORK', ['read', 'comment']],
  ['CURATOR', 'subordinate', 'SUBMITTED', ['read', 'comment', 'return']],
  ['CURATOR', 'subordinate', 'APPROVED', ['read', 'comment']],
  ['APPROVER', 'subordinate', 'SUBMITTED', ['read', 'comment', 'return', 'approve']],
  ['APPROVER', 'subordinate', 'APPROVED', ['read', 'comment', 'sign']],
  ['APPROVER', 'own', 'SUBMITTED', ['read', 'comment']],
  ['ADMIN', 'subordinate', 'SUBMITTED', ['read']],
  ['ADMIN', 'own', 'IN_WORK', ['read']],
  ['ADMIN', 'other', 'APPROVED', []],
];

const HTTP_ACTIONS = ['submit', 'return', 'approve', 'sign', 'create-version'] as const;
type HttpAction = (typeof HTTP_ACTIONS)[number];

const APPROVER_KEY_ADMIN = '870626300896'; // demo admin of the finance department

let server: TestServer;
let orgs: Awaited<ReturnType<typeof demoOrganisations>>;
/** The subject of each role: one user with one grant at the education АБП. */
const subjects = new Map<Role, { id: string; iin: string; token: string }>();
/** Who submits documents of each organisation, and who approves them all. */
let drivers: { submitter: Map<Relation, string>; approver: string };
const organisationOf = new Map<Relation, string>();
const shared = new Map<string, string>();
let approverKey: TestKeyPair;

function key(relation: Relation, status: DocumentStatus): string {
  return `${relation}/${status}`;
}

/** A new document of `relation` in `status`, brought there through the API. */
async function documentIn(relation: Relation, status: DocumentStatus): Promise<string> {
  const documentId = await createDocument(server.prisma, organisationOf.get(relation)!, `${relation} ${status}`);
  if (status === 'IN_WORK') return documentId;
  const submitted = await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: drivers.submitter.get(relation)! });
  expect(submitted.status).toBe(200);
  if (status === 'RETURNED') {
    const returned = await api(server.baseUrl, `/api/documents/${documentId}/return`, { method: 'POST', token: drivers.approver, body: { reason: 'тест' } });
    expect(returned.status).toBe(200);
  }
  if (status === 'APPROVED') {
    const approved = await api(server.baseUrl, `/api/documents/${documentId}/approve`, { method: 'POST', token: drivers.approver });
    expect(approved.status).toBe(200);
  }
  return documentId;
}

async function perform(action: HttpAction, documentId: string, subject: { iin: string; token: string }, realSignature: boolean): Promise<number> {
  switch (action) {
    case 'submit':
    case 'approve':
      return (await api(server.baseUrl, `/api/documents/${documentId}/${action}`, { method: 'POST', token: subject.token })).status;
    case 'return':
      return (await api(server.baseUrl, `/api/documents/${documentId}/return`, { method: 'POST', token: subject.token, body: { reason: 'проверка политики' } })).status;
    case 'create-version':
      return (await api(server.baseUrl, `/api/documents/${documentId}/versions`, { method: 'POST', token: subject.token })).status;
    case 'sign': {
      let jws = 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA';
      if (realSignature) {
        const snapshot = await api<{ statement: Record<string, unknown> }>(server.baseUrl, `/api/documents/${documentId}/snapshot`, { token: subject.token });
        jws = await signStatement(approverKey, { ...snapshot.body.statement, iat: Math.floor(Date.now() / 1000) });
      }
      return (await api(server.baseUrl, `/api/documents/${documentId}/signatures`, { method: 'POST', token: subject.token, body: { jws } })).status;
    }
  }
}

beforeAll(async () => {
  server = await startTestServer();
  orgs = await demoOrganisations(server.prisma);
  organisationOf.set('own', orgs.education).set('subordinate', orgs.school1).set('other', orgs.health);
  for (const role of ALL_ROLES) subjects.set(role, await createUser(server.prisma, server.baseUrl, role, orgs.education, `${role} АБП (тест)`));
  const healthEconomist = await createUser(server.prisma, server.baseUrl, 'ECONOMIST', orgs.health);
  const financeApprover = await createUser(server.prisma, server.baseUrl, 'APPROVER', orgs.finance);
  drivers = {
    submitter: new Map<Relation, string>([
      ['own', subjects.get('ECONOMIST')!.token],
      ['subordinate', await login(server.baseUrl, '850315400124')],
      ['other', healthEconomist.token],
    ]),
    approver: financeApprover.token,
  };
  approverKey = await createKeyPair();
  const admin = { token: await login(server.baseUrl, APPROVER_KEY_ADMIN) };
  await enrolAndBind(server.baseUrl, subjects.get('APPROVER')!, admin, approverKey);
  for (const relation of ALL_RELATIONS) for (const status of ALL_STATUSES) shared.set(key(relation, status), await documentIn(relation, status));
});

afterAll(async () => {
  await server?.close();
});

describe('the table itself', () => {
  it.each(SAMPLE)('%s × %s × %s allows exactly the hand-written actions', (role, relation, status, actions) => {
    expect([...actionsFor(role, relation, status)].sort()).toEqual([...actions].sort());
  });

  it('nobody edits a submitted or approved document; only IN_WORK and RETURNED are editable', () => {
    for (const role of ALL_ROLES) {
      for (const relation of ALL_RELATIONS) {
        for (const status of ALL_STATUSES) {
          const editable = actionsFor(role, relation, status).includes('edit');
          if (status === 'SUBMITTED' || status === 'APPROVED') expect(editable, `${role} ${relation} ${status}`).toBe(false);
        }
      }
    }
  });

  it('an organisation that is neither own nor subordinate gets nothing, for every role and status', () => {
    for (const role of ALL_ROLES) for (const status of ALL_STATUSES) expect(actionsFor(role, 'other', status)).toEqual([]);
  });

  it('every allowed action implies read; transitions only where the status machine has the edge', () => {
    const from: Record<string, DocumentStatus[]> = {
      submit: ['IN_WORK', 'RETURNED'],
      return: ['SUBMITTED'],
      approve: ['SUBMITTED'],
      sign: ['APPROVED'],
      'create-version': ['APPROVED'],
    };
    for (const role of ALL_ROLES) {
      for (const relation of ALL_RELATIONS) {
        for (const status of ALL_STATUSES) {
          const actions = actionsFor(role, relation, status);
          if (actions.length > 0) expect(actions).toContain('read');
          for (const action of actions) if (from[action]) expect(from[action], `${role} ${relation} ${status} ${action}`).toContain(status);
        }
      }
    }
  });
});

const combinations = ALL_ROLES.flatMap((role) => ALL_RELATIONS.flatMap((relation) => ALL_STATUSES.map((status) => [role, relation, status] as const)));

describe('the running server follows the table (HTTP and websocket)', () => {
  it.each(combinations)('%s × %s × %s', async (role, relation, status) => {
    const expected = new Set(actionsFor(role, relation, status));
    const subject = subjects.get(role)!;
    const documentId = shared.get(key(relation, status))!;
    const label = `${role} ${relation} ${status}`;

    // What the API reports (includes `comment`).
    const shown = await api<{ actions: string[] }>(server.baseUrl, `/api/documents/${documentId}`, { token: subject.token });
    if (!expected.has('read')) {
      expect(shown.status, label).toBe(404);
    } else {
      expect(shown.status, label).toBe(200);
      expect([...shown.body.actions].sort(), label).toEqual(ALL_ACTIONS.filter((a) => expected.has(a)).sort());
    }

    // read / edit over the websocket, with a real provider.
    const client = connectClient(server.wsUrl, formatDocumentName('budget-request', documentId), subject.token);
    try {
      if (!expected.has('read')) {
        await waitFor(() => client.authFailure !== null, `refusal of ${label}`);
        expect(client.authFailure, label).toBe('forbidden');
      } else {
        await synced(client);
        expect(client.provider.authorizedScope, label).toBe(expected.has('edit') ? 'read-write' : 'readonly');
        const live = server.app.collaboration.hocuspocus.documents.get(formatDocumentName('budget-request', documentId));
        const mine = live?.getConnections().filter((c) => c.context.user?.id === subject.id) ?? [];
        expect(mine.length, label).toBeGreaterThan(0);
        for (const connection of mine) expect(connection.readOnly, label).toBe(!expected.has('edit'));
      }
    } finally {
      client.destroy();
    }

    // Every status change, signature and version over HTTP.
    for (const action of HTTP_ACTIONS) {
      if (expected.has(action)) {
        const fresh = await documentIn(relation, status);
        const code = await perform(action, fresh, subject, true);
        expect([200, 201], `${label} ${action} → ${code}`).toContain(code);
      } else {
        const before = await server.prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { status: true } });
        const code = await perform(action, documentId, subject, false);
        if (!expected.has('read')) expect(code, `${label} ${action}`).toBe(404);
        else expect([403, 409], `${label} ${action} → ${code}`).toContain(code);
        const after = await server.prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { status: true } });
        expect(after.status, `${label} ${action}`).toBe(before.status);
      }
    }
  });

  it('left every shared document in its status, with no extra versions or signatures', async () => {
    for (const relation of ALL_RELATIONS) {
      for (const status of ALL_STATUSES) {
        const documentId = shared.get(key(relation, status))!;
        const row = await server.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
        expect(row.status).toBe(status);
        expect(await server.prisma.document.count({ where: { parentVersionId: documentId } })).toBe(0);
        expect(await server.prisma.signature.count({ where: { documentId } })).toBe(0);
      }
    }
  });
});
