import { describe, expect, it } from 'vitest';
import { base64url, exportPublicJwk, jwkThumbprint, signCompactJws } from './jws';

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

describe('compact JWS ES256 with WebCrypto', () => {
  it('base64url has no padding and uses the URL alphabet', () => {
    expect(base64url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
    expect(base64url(new Uint8Array([1]))).toBe('AQ');
  });

  it('signs header {alg, kid} and the payload; the 64-byte r‖s signature verifies with the public key', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    expect(pair.privateKey.extractable).toBe(false);
    const jwk = await exportPublicJwk(pair.publicKey);
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    const kid = await jwkThumbprint(jwk);
    expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const payload = { snapshotId: 's', sha256: 'a'.repeat(64), documentId: 'd', iin: '910404300670', iat: 1_795_000_000 };
    const jws = await signCompactJws(pair.privateKey, kid, payload);
    const [header, body, signature] = jws.split('.');
    expect(JSON.parse(new TextDecoder().decode(fromBase64url(header ?? '')))).toEqual({ alg: 'ES256', kid });
    expect(JSON.parse(new TextDecoder().decode(fromBase64url(body ?? '')))).toEqual(payload);
    const raw = fromBase64url(signature ?? '');
    expect(raw.length).toBe(64);
    const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pair.publicKey, raw, new TextEncoder().encode(`${header}.${body}`));
    expect(ok).toBe(true);
  });

  it('the thumbprint is RFC 7638: SHA-256 of {crv,kty,x,y} in that order', async () => {
    const jwk = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } as const;
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('{"crv":"P-256","kty":"EC","x":"x","y":"y"}'));
    expect(await jwkThumbprint(jwk)).toBe(base64url(new Uint8Array(digest)));
  });
});
