/** Seeded PRNG (mulberry32): the same seed replays the same fault test. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of a fault test: `ZHOSPAR_FAULT_SEED` to replay one, else a fresh one (printed on failure). */
export function faultSeed(): number {
  const given = Number(process.env['ZHOSPAR_FAULT_SEED']);
  return Number.isInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
}
