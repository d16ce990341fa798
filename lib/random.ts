// Seeded randomness. Pure: the same seed always gives the same sequence, so demo data, exports
// and randomised tests reproduce exactly.

/**
 * mulberry32: a tiny 32-bit seeded PRNG (Tommy Ettinger's public-domain generator). Returns a
 * function giving floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
