import { describe, expect, it } from 'vitest';
import { applyRowDiff, diffRowOrder } from './rowDiff';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('diffRowOrder', () => {
  it('inserts and removes single rows without touching the others', () => {
    expect(diffRowOrder(['a', 'b', 'c'], ['a', 'x', 'b', 'c'])).toEqual({ removals: [], insertions: [{ index: 1, rowId: 'x' }] });
    expect(diffRowOrder(['a', 'b', 'c'], ['a', 'c'])).toEqual({ removals: [1], insertions: [] });
  });

  it('moves a reordered row as remove plus insert', () => {
    const diff = diffRowOrder(['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'a']);
    expect(diff.removals).toEqual([0]);
    expect(diff.insertions).toEqual([{ index: 3, rowId: 'a' }]);
  });

  it('turns any list into any other (seeded random lists)', () => {
    const rand = prng(42);
    const pool = 'abcdefghijklmnop'.split('');
    const pick = (): string[] => pool.filter(() => rand() < 0.6).sort(() => rand() - 0.5);
    for (let i = 0; i < 500; i++) {
      const from = pick();
      const to = pick();
      expect(applyRowDiff(from, diffRowOrder(from, to))).toEqual(to);
    }
  });
});
