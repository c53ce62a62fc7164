/**
 * Signs the approved version of a document with the user's browser key: checks that this browser
 * holds a key the server knows and an admin has bound, takes the statement of
 * `GET /api/documents/:id/snapshot`, adds `iat` (now, seconds) and posts the compact JWS.
 */
import { fetchSnapshot, postSignature } from '../workflow/workflowApi';
import type { SignatureVerification } from '../workflow/workflowApi';
import { signCompactJws } from './jws';
import { loadSigningKey } from './keyStore';
import type { SigningKey } from './signingKeysApi';
import { listSigningKeys } from './signingKeysApi';

/** Why this browser cannot sign yet. */
export type SigningBlocker = 'no-key' | 'key-pending' | 'key-revoked';

export class SigningBlockedError extends Error {
  readonly blocker: SigningBlocker;
  constructor(blocker: SigningBlocker) {
    super(blocker);
    this.name = 'SigningBlockedError';
    this.blocker = blocker;
  }
}

/** The server's record of this browser's key for the user (matched by thumbprint), or null. */
export async function localKeyStatus(userId: string): Promise<{ local: boolean; server: SigningKey | null }> {
  const local = await loadSigningKey(userId);
  if (local === null) return { local: false, server: null };
  const keys = await listSigningKeys('own');
  return { local: true, server: keys.find((k) => k.thumbprint === local.thumbprint) ?? null };
}

/** Signs the document's approval snapshot; throws {@link SigningBlockedError} when no bound key is here. */
export async function signDocument(userId: string, documentId: string): Promise<SignatureVerification> {
  const local = await loadSigningKey(userId);
  if (local === null) throw new SigningBlockedError('no-key');
  const keys = await listSigningKeys('own');
  const server = keys.find((k) => k.thumbprint === local.thumbprint);
  if (server === undefined) throw new SigningBlockedError('no-key');
  if (server.status === 'PENDING') throw new SigningBlockedError('key-pending');
  if (server.status === 'REVOKED') throw new SigningBlockedError('key-revoked');
  const snapshot = await fetchSnapshot(documentId);
  const payload = { ...snapshot.statement, iat: Math.floor(Date.now() / 1000) };
  const jws = await signCompactJws(local.keyPair.privateKey, local.thumbprint, payload);
  return postSignature(documentId, jws);
}
