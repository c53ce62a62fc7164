/**
 * How an electronic signature (ЭЦП) of an approved version is checked, independent of the scheme.
 *
 * What is signed is always the same statement about one approval snapshot:
 * `{ snapshotId, sha256, documentId, iin, iat }` — the SHA-256 (hex) of the snapshot's canonical
 * JSON (inputs + computed values + the Yjs state's hash), the document, the signer's ИИН and the
 * signing time (seconds since epoch). The server stores a signature only after its scheme has
 * verified it against key material bound to the signer's ИИН, and re-verifies on every
 * `GET …/verify`.
 *
 * Today: `jws-es256` (JwsEs256Signer) — the approver's browser generates an ECDSA P-256 key pair
 * with WebCrypto (private key non-extractable, kept in IndexedDB), enrols the public JWK, an admin
 * binds it to the approver's ИИН (a server MAC protects the binding), and the browser signs a
 * compact JWS (ES256, header `kid` = RFC 7638 thumbprint).
 *
 * Kazakhstan's national e-signature (НУЦ РК, NCALayer) plugs in as a second scheme,
 * `cms-ncalayer`, without touching snapshots, routes or storage:
 * - Browser: the client talks to NCALayer on `wss://127.0.0.1:13579` (module `kz.gov.pki.knca.basics`,
 *   `sign` with `signingParams: { encapsulate: false, digested: false }`) and asks it to sign the
 *   statement's canonical JSON (or the 32 raw bytes of `sha256`) with the user's key from a token
 *   or file (GOST 34.310-2004 or RSA, `AUTHENTICATION`/`SIGNATURE` certificate). NCALayer returns a
 *   detached CMS (PKCS#7) SignedData in base64; that base64 is the signature `value`.
 * - Server (`keyIdOf`): the signer certificate's issuer + serial number from the CMS SignerInfo.
 *   There is no enrolment: the certificate chain to the НУЦ РК root certificates replaces the
 *   admin's key binding, and the ИИН is read from the certificate subject's `SERIALNUMBER=IIN…`.
 * - Server (`verify`): verify the CMS signature over the statement (GOST via a provider such as
 *   Kalkan/`node-forge`-gost or the НУЦ's ncanode service, RSA via WebCrypto), build and check the
 *   chain to the НУЦ РК roots (GOST and RSA roots are separate), check revocation at signing time
 *   (OCSP `http://ocsp.pki.gov.kz`, CRL as fallback) and, if present, the TSP time-stamp token;
 *   then compare the certificate's ИИН with the statement's `iin` and the signer's account.
 * - Storage: `Signature.scheme = 'cms-ncalayer'`, `value` the base64 CMS; `SigningKey` rows are
 *   not used (or hold the certificate for display).
 */

/** The statement every scheme signs. */
export interface SignedStatement {
  snapshotId: string;
  /** Lower-case hex SHA-256 of the snapshot's canonical JSON. */
  sha256: string;
  documentId: string;
  /** ИИН of the signer. */
  iin: string;
  /** Signing time, seconds since epoch. */
  iat: number;
}

/** Key material a scheme verifies against (for `jws-es256`: the enrolled, bound public JWK). */
export interface SignerKey {
  /** The scheme's key id: JWK thumbprint, or certificate issuer + serial. */
  keyId: string;
  /** Public key material in the scheme's own format (a public JWK for `jws-es256`). */
  material: unknown;
}

/** Why a signature value does not verify, as far as the scheme can tell. */
export type SchemeFailure = 'malformed' | 'wrong-algorithm' | 'bad-signature' | 'bad-statement';

/** The outcome of a scheme's cryptographic check. */
export type SchemeVerification =
  | { ok: true; statement: SignedStatement }
  | { ok: false; failure: SchemeFailure; detail: string };

/** One signature scheme. */
export interface Signer {
  /** Stored in `Signature.scheme`. */
  readonly scheme: string;
  /** The key id a signature value claims (to find its key), or null when it cannot be read. */
  keyIdOf(value: string): string | null;
  /** Checks `value` cryptographically with `key` and returns the statement it signs. */
  verify(value: string, key: SignerKey): Promise<SchemeVerification>;
}
