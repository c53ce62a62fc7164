/**
 * Minimal-ish edit script turning one ordered list of row ids into another, as row removals and
 * insertions the grid can apply positionally. Rows present in both lists keep their grid rows
 * (the longest subsequence in the same relative order); everything else is removed and inserted.
 */

export interface RowDiff {
  /** Indices into the old list, descending (apply one by one, bottom first). */
  removals: number[];
  /** Positions in the new list, ascending (apply after the removals, top first). */
  insertions: Array<{ index: number; rowId: string }>;
}

/** Indices (into `seq`) of one longest strictly increasing subsequence. */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((seq[tails[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const out = new Set<number>();
  let k = tails.length > 0 ? (tails[tails.length - 1] as number) : -1;
  while (k >= 0) {
    out.add(k);
    k = prev[k] as number;
  }
  return out;
}

/** Computes removals and insertions that turn `oldIds` into `newIds`. Ids are unique per list. */
export function diffRowOrder(oldIds: readonly string[], newIds: readonly string[]): RowDiff {
  const oldIndex = new Map(oldIds.map((id, i) => [id, i]));
  const common: number[] = [];
  const commonNewPos: number[] = [];
  newIds.forEach((id, j) => {
    const i = oldIndex.get(id);
    if (i !== undefined) {
      common.push(i);
      commonNewPos.push(j);
    }
  });
  const keptAt = longestIncreasing(common);
  const keptOld = new Set<number>();
  const keptNew = new Set<number>();
  keptAt.forEach((k) => {
    keptOld.add(common[k] as number);
    keptNew.add(commonNewPos[k] as number);
  });
  const removals: number[] = [];
  for (let i = oldIds.length - 1; i >= 0; i--) if (!keptOld.has(i)) removals.push(i);
  const insertions: Array<{ index: number; rowId: string }> = [];
  newIds.forEach((rowId, j) => {
    if (!keptNew.has(j)) insertions.push({ index: j, rowId });
  });
  return { removals, insertions };
}

/** Applies a diff to a list (reference implementation, used by tests and as documentation). */
export function applyRowDiff(oldIds: readonly string[], diff: RowDiff): string[] {
  const out = [...oldIds];
  for (const i of diff.removals) out.splice(i, 1);
  for (const { index, rowId } of diff.insertions) out.splice(index, 0, rowId);
  return out;
}
