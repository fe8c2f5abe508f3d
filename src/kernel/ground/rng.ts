/**
 * The one seeded PRNG of a simulation, as a value (decision D8): mulberry32 over a 32-bit state.
 * `next` returns the draw and the advanced generator; nothing is mutated.
 */
export interface Rng {
  readonly state: number;
}

export const seedRng = (seed: number): Rng => ({ state: seed >>> 0 });

/** A float in [0, 1) and the next generator. */
export function nextFloat(rng: Rng): [number, Rng] {
  const state = (rng.state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, { state }];
}

/** An integer in [0, n). */
export function nextInt(rng: Rng, n: number): [number, Rng] {
  const [f, r] = nextFloat(rng);
  return [Math.floor(f * n), r];
}
