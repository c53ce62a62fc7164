import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '@zhospar/collab';

/** What an admin's binding of a key to an ИИН asserts. */
export interface BindingFacts {
  keyId: string;
  userId: string;
  thumbprint: string;
  iin: string;
  boundById: string;
  /** ISO time of the binding. */
  boundAt: string;
}

/**
 * Protects key bindings (привязка ключа к ИИН) with an HMAC under a key derived from the server
 * secret: whoever can write the database but does not hold the secret cannot re-bind a key to
 * another ИИН or swap the public key of a bound key — verification then reports the binding as
 * invalid.
 */
export class KeyBinding {
  private readonly key: Buffer;

  constructor(serverSecret: Uint8Array) {
    this.key = Buffer.from(hkdfSync('sha256', serverSecret, new Uint8Array(0), 'zhospar signing-key binding v1', 32));
  }

  /** The MAC (base64url) of `facts`. */
  mac(facts: BindingFacts): string {
    return createHmac('sha256', this.key).update(canonicalJson({ ...facts })).digest('base64url');
  }

  /** True when `mac` is the MAC of `facts`. */
  verify(facts: BindingFacts, mac: string): boolean {
    const expected = Buffer.from(this.mac(facts));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
