import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

/** What a session token says about its bearer. Roles are re-read from the database on use. */
export interface TokenClaims {
  userId: string;
  iin: string;
  /** Bumped in the database to revoke every token of a user (password change, moved organisation). */
  tokenVersion: number;
}

const ISSUER = 'zhospar';
const AUDIENCE = 'zhospar-api';
const ALGORITHM = 'HS256';

/**
 * Signs and verifies session tokens (JWT, HS256, with expiry). Verification pins the algorithm,
 * issuer and audience, so `alg: none`, foreign and expired tokens are refused.
 */
export class TokenService {
  private readonly key: Uint8Array;
  private readonly ttlSeconds: number;

  constructor(secret: Uint8Array, ttlSeconds = 8 * 60 * 60) {
    if (secret.byteLength < 32) throw new Error('The token secret must be at least 32 bytes.');
    this.key = secret;
    this.ttlSeconds = ttlSeconds;
  }

  /** Issues a token valid for the configured lifetime from `now` (seconds since epoch). */
  async issue(claims: TokenClaims, now: number = Math.floor(Date.now() / 1000)): Promise<string> {
    return new SignJWT({ iin: claims.iin, tv: claims.tokenVersion })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .sign(this.key);
  }

  /** The claims of a valid token, or `null` for anything else (malformed, forged, expired). */
  async verify(token: string): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['exp', 'sub', 'iat'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.iin !== 'string' || typeof payload.tv !== 'number') {
        return null;
      }
      return { userId: payload.sub, iin: payload.iin, tokenVersion: payload.tv };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
  }
}
