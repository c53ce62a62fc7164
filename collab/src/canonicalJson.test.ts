import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonicalJson.ts';

describe('canonicalJson', () => {
  it('[D9] sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }], é: true, Z: -0.5 })).toBe(
      '{"Z":-0.5,"a":[{"c":null,"d":"x"}],"b":1,"é":true}',
    );
  });

  it('[D9] gives equal text for equal content built in different orders', () => {
    const a: Record<string, number> = {};
    const b: Record<string, number> = {};
    for (const k of ['x', 'y', 'z']) a[k] = k.charCodeAt(0);
    for (const k of ['z', 'x', 'y']) b[k] = k.charCodeAt(0);
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('[D9] refuses values JSON cannot carry faithfully', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, undefined, () => 1, new Map(), { a: undefined }, 1n]) {
      expect(() => canonicalJson(bad)).toThrow();
    }
  });
});
