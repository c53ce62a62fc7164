import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, errors as joseErrors, importJWK, type JWK } from 'jose';
import type { SchemeVerification, SignedStatement, Signer, SignerKey } from './Signer.ts';

/** A public EC P-256 key as enrolled: exactly `kty`, `crv`, `x`, `y`. */
export interface PublicEcJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

const COORDINATE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Checks an enrolled key: an EC P-256 public JWK (no private part `d`), a point on the curve
 * (WebCrypto import refuses others). Returns the normalised key and its RFC 7638 thumbprint.
 */
export async function normalisePublicJwk(input: unknown): Promise<{ jwk: PublicEcJwk; thumbprint: string } | null> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return null;
  const record = input as Record<string, unknown>;
  if ('d' in record) return null;
  const { kty, crv, x, y } = record;
  if (kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string') return null;
  if (!COORDINATE.test(x) || !COORDINATE.test(y)) return null;
  const jwk: PublicEcJwk = { kty, crv, x, y };
  try {
    await importJWK(jwk as JWK, 'ES256');
  } catch {
    return null;
  }
  return { jwk, thumbprint: await calculateJwkThumbprint(jwk as JWK, 'sha256') };
}

/** `jws-es256`: compact JWS, ES256, `kid` = JWK thumbprint, payload = the signed statement (see Signer.ts). */
export class JwsEs256Signer implements Signer {
  readonly scheme = 'jws-es256';

  keyIdOf(value: string): string | null {
    try {
      const header = decodeProtectedHeader(value);
      return typeof header.kid === 'string' ? header.kid : null;
    } catch {
      return null;
    }
  }

  async verify(value: string, key: SignerKey): Promise<SchemeVerification> {
    let header;
    try {
      header = decodeProtectedHeader(value);
    } catch {
      return { ok: false, failure: 'malformed', detail: 'not a compact JWS' };
    }
    if (header.alg !== 'ES256') return { ok: false, failure: 'wrong-algorithm', detail: `alg ${String(header.alg)}` };
    if (header.kid !== key.keyId) return { ok: false, failure: 'bad-signature', detail: 'kid is not the key’s thumbprint' };
    if (header.crit !== undefined || header.b64 !== undefined) return { ok: false, failure: 'malformed', detail: 'unsupported header' };
    let payload: Uint8Array;
    try {
      const publicKey = await importJWK(key.material as JWK, 'ES256');
      ({ payload } = await compactVerify(value, publicKey, { algorithms: ['ES256'] }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof TypeError) {
        return { ok: false, failure: 'bad-signature', detail: error.message };
      }
      throw error;
    }
    const statement = parseStatement(new TextDecoder().decode(payload));
    if (!statement) return { ok: false, failure: 'bad-statement', detail: 'payload is not {snapshotId, sha256, documentId, iin, iat}' };
    return { ok: true, statement };
  }
}

function parseStatement(text: string): SignedStatement | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { snapshotId, sha256, documentId, iin, iat } = parsed as Record<string, unknown>;
  if (typeof snapshotId !== 'string' || typeof documentId !== 'string') return null;
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) return null;
  if (typeof iin !== 'string' || !/^[0-9]{12}$/.test(iin)) return null;
  if (typeof iat !== 'number' || !Number.isInteger(iat) || iat <= 0) return null;
  return { snapshotId, sha256, documentId, iin, iat };
}
