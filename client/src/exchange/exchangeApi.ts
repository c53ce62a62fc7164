/**
 * Excel export and import over HTTP (server/src/export/README.md): background export jobs with
 * progress, the file download, and the import preview → apply pair. Errors are `ApiError` with the
 * server's ru/kk message.
 */
import { ApiError, NetworkError, apiRequest, parseApiError } from '../api/apiClient';
import type { LocalizedText } from '../model/templateTypes';
import { loadSession, saveSession } from '../session/session';

const enc = encodeURIComponent;

export type ExportLang = 'ru' | 'kk';
export type ExportUnit = 'tenge' | 'thousand-tenge';

export interface ExportJob {
  jobId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  cellsWritten: number;
  totalCells: number;
  fileName: string;
  error?: { code: string; message: LocalizedText };
}

export async function startExport(documentId: string, lang: ExportLang, unit: ExportUnit): Promise<ExportJob> {
  return (await apiRequest(`/api/documents/${enc(documentId)}/exports`, { method: 'POST', body: JSON.stringify({ lang, unit }) })) as ExportJob;
}

export async function exportJob(jobId: string): Promise<ExportJob> {
  return (await apiRequest(`/api/exports/${enc(jobId)}`)) as ExportJob;
}

async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const session = loadSession();
  if (session !== null) headers.set('authorization', `Bearer ${session.token}`);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (cause) {
    throw new NetworkError(cause);
  }
  if (!response.ok) {
    if (response.status === 401) saveSession(null);
    const body: unknown = await response.json().catch(() => null);
    throw parseApiError(response.status, body);
  }
  return response;
}

/** Downloads a file of the API and hands it to the browser as a download. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const response = await authorizedFetch(path);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
  const name = star !== undefined ? decodeURIComponent(star) : (plain ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface ImportChange {
  sheetId: string;
  rowId: string;
  colId: string;
  old: number | string | boolean | null;
  new: number | string | boolean | null;
  cell: string;
  dynamicRow: boolean;
}

export interface ImportWarning {
  code: string;
  message: LocalizedText;
  sheetId?: string;
  cell?: string;
}

export interface ImportPreview {
  previewId: string;
  expiresAt: string;
  changes: ImportChange[];
  changeCount: number;
  newRows: Array<{ sheetId: string; rowId: string; after: string | null; fileRow: number }>;
  warnings: ImportWarning[];
}

/** Uploads an .xlsx and returns what importing it would change (nothing changes yet). */
export async function uploadImport(documentId: string, file: Blob): Promise<ImportPreview> {
  const response = await authorizedFetch(`/api/documents/${enc(documentId)}/imports`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
    body: file,
  });
  return (await response.json()) as ImportPreview;
}

export async function applyImport(documentId: string, previewId: string): Promise<{ changedCells: number; addedRows: number }> {
  return (await apiRequest(`/api/documents/${enc(documentId)}/imports/${enc(previewId)}/apply`, { method: 'POST' })) as { changedCells: number; addedRows: number };
}

export { ApiError };
