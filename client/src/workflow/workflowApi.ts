/**
 * HTTP client of the workflow, version, signature, audit and desktop routes (CONTRACTS.md,
 * "Workflow, signatures, versions, audit"). The server validates its responses against JSON
 * schemas (OpenAPI at /api/openapi.json), so bodies are typed here by those schemas.
 */
import type { ControlResult } from '@zhospar/formulas';
import { ApiError, NetworkError, apiRequest, parseApiError } from '../api/apiClient';
import type { LocalizedText } from '../model/templateTypes';
import { loadSession, saveSession } from '../session/session';

/** «в работе», «отправлен на проверку», «возвращен на доработку», «утвержден». */
export type WorkflowStatus = 'IN_WORK' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

/** What the policy lets the user do with a document (`document.actions`). */
export type DocumentAction = 'read' | 'comment' | 'edit' | 'submit' | 'return' | 'approve' | 'sign' | 'create-version';

/** A person as workflow responses show them. */
export interface Actor {
  id: string;
  iin: string;
  fullName: string;
}

/** A document as the workflow routes present it. */
export interface WorkflowDocument {
  id: string;
  kind: string;
  title: string;
  status: WorkflowStatus;
  /** `PLAN` (план) → `CLARIFICATION` (уточнение) → `CORRECTION` (корректировка). */
  versionKind: string;
  programCode: string;
  subprogramCode: string | null;
  organisation: { id: string; nameRu: string; nameKk: string };
  actions: DocumentAction[];
  updatedAt: string;
}

export interface Transition {
  id: string;
  from: WorkflowStatus;
  to: WorkflowStatus;
  /** Return reason («на доработку»), null for other transitions. */
  reason: string | null;
  at: string;
  by: Actor;
}

export interface SnapshotRef {
  id: string;
  sha256: string;
  createdAt: string;
}

export interface TransitionResult {
  document: WorkflowDocument;
  transition: Transition;
  snapshot: SnapshotRef | null;
  /** Warnings that remain after a submit. */
  controls: ControlResult[];
}

const enc = encodeURIComponent;
const post = (body?: unknown): RequestInit => (body === undefined ? { method: 'POST' } : { method: 'POST', body: JSON.stringify(body) });

/** One document with the user's actions. */
export async function fetchWorkflowDocument(id: string): Promise<WorkflowDocument> {
  return (await apiRequest(`/api/documents/${enc(id)}`)) as WorkflowDocument;
}

/** Submit for review; a 422 `controls-failed` carries the failing controls (see {@link failingControlsOf}). */
export async function submitDocument(id: string): Promise<TransitionResult> {
  return (await apiRequest(`/api/documents/${enc(id)}/submit`, post())) as TransitionResult;
}

/** Return for rework with a reason (1–4000 characters). */
export async function returnDocument(id: string, reason: string): Promise<TransitionResult> {
  return (await apiRequest(`/api/documents/${enc(id)}/return`, post({ reason }))) as TransitionResult;
}

/** Approve: stores the immutable snapshot the signatures sign. */
export async function approveDocument(id: string): Promise<TransitionResult> {
  return (await apiRequest(`/api/documents/${enc(id)}/approve`, post())) as TransitionResult;
}

/** The failing controls of a refused submit (`error.data.controls`), or null for other errors. */
export function failingControlsOf(error: unknown): ControlResult[] | null {
  if (!(error instanceof ApiError) || error.code !== 'controls-failed') return null;
  const data = error.data;
  if (typeof data !== 'object' || data === null) return [];
  const controls = (data as { controls?: unknown }).controls;
  return Array.isArray(controls) ? (controls as ControlResult[]) : [];
}

/** Status history, oldest first. */
export async function fetchTransitions(id: string): Promise<Transition[]> {
  return ((await apiRequest(`/api/documents/${enc(id)}/transitions`)) as { transitions: Transition[] }).transitions;
}

// ------------------------------------------------------------------ versions

export interface VersionEntry {
  id: string;
  versionNumber: number;
  versionKind: string;
  status: WorkflowStatus;
  parentVersionId: string | null;
  title: string;
  createdAt: string;
  snapshot: SnapshotRef | null;
}

/** A computed cell value: number, text, boolean, empty, or a formula error. */
export type DiffValue = number | string | boolean | null | { error: string };

export interface CellChange {
  sheetId: string;
  rowId: string;
  colId: string;
  kind: 'input' | 'calculated';
  old: DiffValue;
  new: DiffValue;
}

export interface VersionRef {
  id: string;
  versionNumber: number;
  versionKind: string;
  source: 'snapshot' | 'current';
}

export interface VersionDiff {
  from: VersionRef;
  to: VersionRef;
  changes: CellChange[];
}

/** Starts the next version (уточнение, корректировка) of an approved document from its snapshot. */
export async function createNextVersion(id: string): Promise<WorkflowDocument> {
  return (await apiRequest(`/api/documents/${enc(id)}/versions`, post())) as WorkflowDocument;
}

/** The version chain of a document, oldest first. */
export async function fetchVersions(id: string): Promise<VersionEntry[]> {
  return ((await apiRequest(`/api/documents/${enc(id)}/versions`)) as { versions: VersionEntry[] }).versions;
}

/** Cells that differ between two versions, old (`from`) → new (`to`). */
export async function fetchVersionDiff(from: string, to: string): Promise<VersionDiff> {
  return (await apiRequest(`/api/versions/diff?from=${enc(from)}&to=${enc(to)}`)) as VersionDiff;
}

// ------------------------------------------------------------------ audit

/** One audit event (журнал аудита). */
export interface AuditEvent {
  id: string;
  kind: string;
  at: string;
  user: { id: string; iin: string | null; fullName: string | null } | null;
  sheetId: string | null;
  rowId: string | null;
  colId: string | null;
  old: unknown;
  new: unknown;
  reason: string | null;
}

/** History of one cell, newest first. */
export async function fetchCellHistory(id: string, cell: { sheetId: string; rowId: string; colId: string }): Promise<AuditEvent[]> {
  const query = new URLSearchParams(cell).toString();
  return ((await apiRequest(`/api/documents/${enc(id)}/cell-history?${query}`)) as { events: AuditEvent[] }).events;
}

// ------------------------------------------------------------------ snapshot and signatures

/** What a signature signs: the statement of `GET …/snapshot` plus `iat`. */
export interface SignedStatement {
  snapshotId: string;
  sha256: string;
  documentId: string;
  iin: string;
}

export interface Snapshot {
  id: string;
  documentId: string;
  sha256: string;
  stateVersion: number;
  createdAt: string;
  approvedBy: Actor;
  statement: SignedStatement;
}

/** The approval snapshot; 404 `no-snapshot` before approval. */
export async function fetchSnapshot(id: string): Promise<Snapshot> {
  return (await apiRequest(`/api/documents/${enc(id)}/snapshot`)) as Snapshot;
}

/** The snapshot's canonical JSON, byte for byte as hashed (not re-serialised). */
export async function fetchSnapshotContent(id: string): Promise<Blob> {
  const session = loadSession();
  const headers = new Headers({ accept: 'application/json' });
  if (session !== null) headers.set('authorization', `Bearer ${session.token}`);
  let response: Response;
  try {
    response = await fetch(`/api/documents/${enc(id)}/snapshot/content`, { headers });
  } catch (cause) {
    throw new NetworkError(cause);
  }
  if (!response.ok) {
    if (response.status === 401) saveSession(null);
    const body: unknown = await response.json().catch(() => null);
    throw parseApiError(response.status, body);
  }
  return response.blob();
}

/** A signature verified by the server just now («подписано … , подпись действительна» or why not). */
export interface SignatureVerification {
  signatureId: string;
  documentId: string;
  snapshotId: string;
  sha256: string;
  valid: boolean;
  reason: string | null;
  detail: string | null;
  message: LocalizedText;
  signer: Actor;
  signedAt: string;
  scheme: string;
  keyThumbprint: string;
}

/** Stores a signature (compact JWS) of the approved version; verified before it is kept. */
export async function postSignature(id: string, jws: string): Promise<SignatureVerification> {
  return (await apiRequest(`/api/documents/${enc(id)}/signatures`, post({ jws }))) as SignatureVerification;
}

/** Signatures of the document, each verified now. */
export async function fetchSignatures(id: string): Promise<SignatureVerification[]> {
  return ((await apiRequest(`/api/documents/${enc(id)}/signatures`)) as { signatures: SignatureVerification[] }).signatures;
}

/** Verifies one signature from scratch. */
export async function verifySignature(id: string, signatureId: string): Promise<SignatureVerification> {
  return (await apiRequest(`/api/documents/${enc(id)}/signatures/${enc(signatureId)}/verify`)) as SignatureVerification;
}

// ------------------------------------------------------------------ desktop and user

export interface DesktopEntry {
  document: WorkflowDocument;
  versionNumber: number;
  parentVersionId: string | null;
  failingControls: { errors: number; warnings: number };
  openRemarks: number;
}

/** The curator's desktop: every document of the subordinate organisations. */
export async function fetchDesktop(): Promise<DesktopEntry[]> {
  return ((await apiRequest('/api/desktop')) as { documents: DesktopEntry[] }).documents;
}

/** The signed-in user with roles (`GET /api/me`). */
export interface Me {
  id: string;
  iin: string;
  fullName: string;
  organisation: { id: string; nameRu: string; nameKk: string; kind: string };
  roles: Array<{ role: string; organisationId: string }>;
}

export async function fetchMe(): Promise<Me> {
  return (await apiRequest('/api/me')) as Me;
}
