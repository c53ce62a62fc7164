/**
 * HTTP API client (CONTRACTS.md, "HTTP API"). Errors from the server have the shape
 * `{ error: { code, message: { ru, kk } } }`; they surface as `ApiError` with the localized message.
 * A 401 clears the session, which sends the app back to the login screen.
 */
import type { LocalizedText } from '../model/templateTypes';
import type { Session, SessionUser } from '../session/session';
import { loadSession, saveSession } from '../session/session';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly localized: LocalizedText | null;
  /** `error.data` of the body (e.g. the failing controls of a refused submit), when present. */
  readonly data: unknown;

  constructor(status: number, code: string, localized: LocalizedText | null, data?: unknown) {
    super(localized?.ru ?? code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.localized = localized;
    this.data = data;
  }
}

/** A network failure (server unreachable). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

function isLocalizedText(v: unknown): v is LocalizedText {
  return typeof v === 'object' && v !== null && typeof (v as LocalizedText).ru === 'string' && typeof (v as LocalizedText).kk === 'string';
}

/** Parses an error body of the server; tolerant of bodies that are not JSON. */
export function parseApiError(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : `http_${status}`;
      const message = (error as { message?: unknown }).message;
      return new ApiError(status, code, isLocalizedText(message) ? message : null, (error as { data?: unknown }).data);
    }
  }
  return new ApiError(status, `http_${status}`, null);
}

/** An authenticated JSON request to the API (errors as `ApiError` / `NetworkError`; 401 signs out). */
export async function apiRequest(path: string, init: RequestInit = {}): Promise<unknown> {
  return request(path, init);
}

async function request(path: string, init: RequestInit = {}, auth = true): Promise<unknown> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const session = auth ? loadSession() : null;
  if (session !== null) headers.set('authorization', `Bearer ${session.token}`);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (cause) {
    throw new NetworkError(cause);
  }
  const text = await response.text();
  let body: unknown = null;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && auth) saveSession(null);
    throw parseApiError(response.status, body);
  }
  return body;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function nameOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return str(o.name) ?? str(o.nameRu) ?? str(o.title) ?? (isLocalizedText(o.name) ? o.name.ru : undefined);
  }
  return undefined;
}

/** Normalizes the user object of `POST /api/auth/login` and `GET /api/me`. */
export function parseUser(v: unknown): SessionUser {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const id = str(o.id) ?? str(o.iin) ?? 'unknown';
  const name = str(o.fullName) ?? str(o.name) ?? str(o.displayName) ?? str(o.iin) ?? id;
  const user: SessionUser = { id, name };
  const iin = str(o.iin);
  if (iin !== undefined) user.iin = iin;
  const role = str(o.role);
  if (role !== undefined) user.role = role;
  const organisationName = nameOf(o.organisation) ?? str(o.organisationName);
  if (organisationName !== undefined) user.organisationName = organisationName;
  return user;
}

/** Signs in with IIN and password; stores and returns the session. */
export async function login(iin: string, password: string): Promise<Session> {
  const body = await request('/api/auth/login', { method: 'POST', body: JSON.stringify({ iin, password }) }, false);
  const o = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const token = str(o.token);
  if (token === undefined) throw new ApiError(500, 'bad_response', null);
  const session: Session = { token, user: parseUser(o.user) };
  saveSession(session);
  return session;
}

/** A document as the list and the editor need it. */
export interface DocumentSummary {
  id: string;
  kind: string;
  title: string;
  organisation: LocalizedText;
  /** Hocuspocus document name (`<kind>.<id>`), when the server gives it. */
  collabName: string | null;
  program: string;
  status: string;
  updatedAt: string | null;
  /** The connection may only read (server says so, or status forbids editing). */
  readOnly: boolean;
  /**
   * Period parameters of the document's planning round (`$param` ids → numbers); only
   * `GET /api/documents/:id` sends them, the list does not (null).
   */
  parameters: Readonly<Record<string, number>> | null;
}

/** Keeps the finite numbers of a `parameters` object; null when there is none. */
export function parseParameters(v: unknown): Record<string, number> | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(v as Record<string, unknown>)) if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  return out;
}

/** Normalizes one document of `GET /api/documents` / `GET /api/documents/:id`. */
export function parseDocument(v: unknown): DocumentSummary | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const id = str(o.id);
  const kind = str(o.kind);
  if (id === undefined || kind === undefined) return null;
  const title = str(o.title) ?? (isLocalizedText(o.title) ? o.title.ru : undefined) ?? id;
  const program = [str(o.programCode), str(o.subprogramCode)].filter((x) => x !== undefined && x !== '').join('.') || (nameOf(o.program) ?? '');
  const canEdit = Array.isArray(o.actions) ? o.actions.includes('edit') : typeof o.canEdit === 'boolean' ? o.canEdit : true;
  const org = o.organisation;
  let organisation: LocalizedText = { ru: '', kk: '' };
  if (typeof org === 'object' && org !== null) {
    const oo = org as Record<string, unknown>;
    const ruName = str(oo.nameRu) ?? str(oo.name) ?? '';
    organisation = { ru: ruName, kk: str(oo.nameKk) ?? ruName };
  } else if (typeof org === 'string') organisation = { ru: org, kk: org };
  return {
    id,
    kind,
    title,
    organisation,
    collabName: str(o.collabName) ?? null,
    program,
    status: str(o.status) ?? '',
    updatedAt: str(o.updatedAt) ?? null,
    readOnly: !canEdit,
    parameters: parseParameters(o.parameters),
  };
}

function listOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null) {
    for (const key of ['documents', 'items', 'data']) {
      const v = (body as Record<string, unknown>)[key];
      if (Array.isArray(v)) return v;
    }
  }
  return [];
}

/** The documents the user may see. */
export async function listDocuments(): Promise<DocumentSummary[]> {
  const body = await request('/api/documents');
  return listOf(body)
    .map(parseDocument)
    .filter((d): d is DocumentSummary => d !== null);
}

/** One document. */
export async function getDocument(id: string): Promise<DocumentSummary> {
  const body = await request(`/api/documents/${encodeURIComponent(id)}`);
  const inner = typeof body === 'object' && body !== null && 'document' in body ? (body as { document: unknown }).document : body;
  const doc = parseDocument(inner);
  if (doc === null) throw new ApiError(500, 'bad_response', null);
  return doc;
}
