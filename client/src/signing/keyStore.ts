/**
 * The user's signing key pair (ЭЦП) in the browser: ECDSA P-256 made by WebCrypto with a
 * NON-extractable private key, kept as a `CryptoKeyPair` in IndexedDB (structured clone keeps
 * `CryptoKey` objects without ever exposing the private key's bytes). One record per user id:
 * `{ userId, keyPair, thumbprint, createdAt }`; the server knows the key by its thumbprint.
 */

const DB_NAME = 'zhospar-signing';
const STORE = 'keys';

/** A key pair stored for one user. */
export interface StoredSigningKey {
  userId: string;
  keyPair: CryptoKeyPair;
  /** RFC 7638 SHA-256 thumbprint of the public JWK, base64url (the JWS `kid`). */
  thumbprint: string;
  createdAt: string;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: 'userId' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result as T);
      tx.onerror = () => reject(tx.error ?? new Error('indexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('indexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** The key pair stored for a user, or null. */
export async function loadSigningKey(userId: string): Promise<StoredSigningKey | null> {
  const found = await withStore<StoredSigningKey | undefined>('readonly', (s) => s.get(userId));
  return found ?? null;
}

/** Stores (replaces) the user's key pair. */
export async function saveSigningKey(key: StoredSigningKey): Promise<void> {
  await withStore<IDBValidKey>('readwrite', (s) => s.put(key));
}

/** Forgets the user's key pair (the server-side key should be revoked as well). */
export async function deleteSigningKey(userId: string): Promise<void> {
  await withStore<undefined>('readwrite', (s) => s.delete(userId));
}

/** A new ECDSA P-256 key pair; the private key cannot be exported, the public one can. */
export async function generateSigningKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
}
