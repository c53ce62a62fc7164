// Password hashing with scrypt from node:crypto (memory-hard, no native dependency). The stored
// string names its own parameters, `scrypt$N$r$p$<salt base64>$<hash base64>`, so they can be
// raised later without breaking existing hashes.
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

/** Cost parameters for new hashes: N=2^15, r=8, p=1 (≈32 MiB, tens of ms). */
const N = 32_768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function maxmemFor(n: number, r: number, p: number): number {
  return 128 * n * r * p + 16 * 1024 * 1024;
}

/** Hashes a password with a fresh random salt into `scrypt$N$r$p$salt$hash`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(SALT_LENGTH);
  const hash = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: maxmemFor(N, R, P) });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * True when `password` matches `stored` (constant-time comparison). False, never a throw, for a
 * malformed stored string, so a broken row cannot be told apart from a wrong password.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  const sane = [n, r, p].every((v) => Number.isInteger(v) && v > 0) && n <= 2 ** 20 && r <= 32 && p <= 16;
  if (!sane || salt.length === 0 || expected.length === 0) return false;
  try {
    const actual = await scrypt(password, salt, expected.length, { N: n, r, p, maxmem: maxmemFor(n, r, p) });
    return crypto.timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}
