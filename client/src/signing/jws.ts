/**
 * Compact JWS (RFC 7515) with ES256, built with WebCrypto: `base64url(header).base64url(payload).
 * base64url(signature)`. WebCrypto's ECDSA signature is already the raw `r‖s` (64 bytes) that JWS
 * ES256 requires (no DER). Also the public JWK and its RFC 7638 thumbprint (the JWS `kid`).
 */

/** base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The public half of an EC P-256 key as the server wants it: exactly `kty`, `crv`, `x`, `y`. */
export interface PublicEcJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** Exports the public key as a JWK (members other than kty, crv, x, y dropped). */
export async function exportPublicJwk(publicKey: CryptoKey): Promise<PublicEcJwk> {
  const jwk = await crypto.subtle.exportKey('jwk', publicKey);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || jwk.x === undefined || jwk.y === undefined) throw new Error('not an EC P-256 public key');
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

/** RFC 7638 thumbprint (SHA-256, base64url) of an EC public JWK: members in lexicographic order. */
export async function jwkThumbprint(jwk: PublicEcJwk): Promise<string> {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return base64url(new Uint8Array(digest));
}

/** Signs `payload` (serialised as JSON) as a compact ES256 JWS with header `{alg:'ES256', kid}`. */
export async function signCompactJws(privateKey: CryptoKey, kid: string, payload: unknown): Promise<string> {
  const encoder = new TextEncoder();
  const header = base64url(encoder.encode(JSON.stringify({ alg: 'ES256', kid })));
  const body = base64url(encoder.encode(JSON.stringify(payload)));
  const signingInput = `${header}.${body}`;
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, encoder.encode(signingInput));
  return `${signingInput}.${base64url(new Uint8Array(signature))}`;
}
