/**
 * The settings a face offers and checks before asking the engine (free of kernel code, so the UI's
 * main bundle can import them without the kernel).
 */

/** Seeds of the world's PRNG: whole numbers that fit in 32 bits. */
export const MAX_SEED = 0xffff_ffff;

export function isValidSeed(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_SEED;
}

/** Play speeds, in records per second. */
export const SPEEDS: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000];
export const DEFAULT_SPEED = 10;

/** The Why chain's causes a face shows until asked for all: a chain through a nested VM's rounds
 *  reaches hundreds of links, and describing them all on every step cost the worker and the page. */
export const WHY_SHOWN = 25;
/** Links a Why chain is cut at. */
export const MAX_WHY_LINKS = 500;
