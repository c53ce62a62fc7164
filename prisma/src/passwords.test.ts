import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('stores a self-describing scrypt$N$r$p$salt$hash string with a fresh salt each time', async () => {
    const a = await hashPassword('секрет-123');
    const b = await hashPassword('секрет-123');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('секрет-123');
    expect(await verifyPassword('секрет-123', stored)).toBe(true);
    expect(await verifyPassword('секрет-124', stored)).toBe(false);
  });

  it('honours the parameters stored in the string (older, cheaper hashes keep working)', async () => {
    const stored = await hashPassword('x');
    const [, , , , salt] = stored.split('$');
    // Recompute with N=1024 to build a legitimately different-parameter hash.
    const { scryptSync } = await import('node:crypto');
    const hash = scryptSync('x', Buffer.from(salt ?? '', 'base64'), 32, { N: 1024, r: 8, p: 1 }).toString('base64');
    expect(await verifyPassword('x', `scrypt$1024$8$1$${salt}$${hash}`)).toBe(true);
  });

  it('returns false (never throws) for malformed or absurd stored strings', async () => {
    for (const stored of ['', 'plain', 'bcrypt$1$2$3$4$5', 'scrypt$0$8$1$AAAA$AAAA', 'scrypt$1073741824$8$1$AAAA$AAAA']) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
  });
});
