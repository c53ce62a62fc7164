/** Signing keys on the server (CONTRACTS.md: `/api/signing-keys`). */
import { apiRequest } from '../api/apiClient';
import type { PublicEcJwk } from './jws';

export type SigningKeyStatus = 'PENDING' | 'BOUND' | 'REVOKED';

/** A signing key as the API shows it (never more than the public key). */
export interface SigningKey {
  id: string;
  thumbprint: string;
  algorithm: string;
  label: string | null;
  status: SigningKeyStatus;
  publicJwk: PublicEcJwk;
  owner: { id: string; iin: string; fullName: string; organisationId: string };
  boundIin: string | null;
  boundAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** Enrols the public half of a browser key pair; it stays PENDING until an admin binds it. */
export async function enrolSigningKey(publicJwk: PublicEcJwk, label: string | null): Promise<SigningKey> {
  const body = label === null || label === '' ? { publicJwk } : { publicJwk, label };
  return (await apiRequest('/api/signing-keys', { method: 'POST', body: JSON.stringify(body) })) as SigningKey;
}

/** The user's own keys, or (admins, `managed`) keys of users of the admin's organisations. */
export async function listSigningKeys(scope: 'own' | 'managed'): Promise<SigningKey[]> {
  return ((await apiRequest(`/api/signing-keys?scope=${scope}`)) as { keys: SigningKey[] }).keys;
}

/** An admin binds a pending key to its owner's ИИН. */
export async function bindSigningKey(id: string, iin: string): Promise<SigningKey> {
  return (await apiRequest(`/api/signing-keys/${encodeURIComponent(id)}/bind`, { method: 'POST', body: JSON.stringify({ iin }) })) as SigningKey;
}

/** Revokes a key (its owner or a managing admin). */
export async function revokeSigningKey(id: string): Promise<SigningKey> {
  return (await apiRequest(`/api/signing-keys/${encodeURIComponent(id)}/revoke`, { method: 'POST' })) as SigningKey;
}
