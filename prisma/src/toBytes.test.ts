import { describe, expect, it } from 'vitest';
import { toBytes } from './toBytes.ts';

describe('toBytes', () => {
  it('keeps an ArrayBuffer-backed array as is and copies a SharedArrayBuffer-backed one', () => {
    const plain = new Uint8Array([1, 2, 3]);
    expect(toBytes(plain)).toBe(plain);
    const shared = new Uint8Array(new SharedArrayBuffer(3));
    shared.set([4, 5, 6]);
    const copy = toBytes(shared);
    expect(copy).not.toBe(shared);
    expect([...copy]).toEqual([4, 5, 6]);
    expect(copy.buffer).toBeInstanceOf(ArrayBuffer);
  });
});
