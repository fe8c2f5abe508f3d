/**
 * Step hashes (docs/trace-format.md, "Step lines and state hashes").
 *
 * Data definition: a hash is 16 lowercase hex digits, FNV-1a 64 over UTF-8 bytes.
 * Rule: the hash of step n is FNV-1a 64 of the hash of step n - 1 (HASH_SEED before step 0) followed,
 * for each record line of the step, by "\n" and the line, so equal hashes mean the same states,
 * chained through the whole run.
 */
/** The "previous hash" of step 0. */
export const HASH_SEED = '0000000000000000';

/**
 * FNV-1a 64 over the UTF-8 bytes of the strings fed to it, without BigInt: the 64-bit state is four
 * 16-bit limbs (so every product stays a small integer), and the multiplication by the prime
 * 2^40 + 0x1b3 is done by hand. Lone surrogates are encoded as U+FFFD, as TextEncoder does.
 */
export class Fnv64 {
  // 0xcbf29ce484222325, lowest limb first.
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  update(s: string): this {
    let h0 = this.h0;
    let h1 = this.h1;
    let h2 = this.h2;
    let h3 = this.h3;
    const byte = (b: number): void => {
      h0 ^= b;
      const t0 = h0 * 0x1b3;
      const t1 = h1 * 0x1b3 + (t0 >>> 16);
      const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
      h3 = (h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16)) & 0xffff;
      h0 = t0 & 0xffff;
      h1 = t1 & 0xffff;
      h2 = t2 & 0xffff;
    };
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        h0 ^= c;
        const t0 = h0 * 0x1b3;
        const t1 = h1 * 0x1b3 + (t0 >>> 16);
        const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
        h3 = (h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16)) & 0xffff;
        h0 = t0 & 0xffff;
        h1 = t1 & 0xffff;
        h2 = t2 & 0xffff;
      } else if (c < 0x800) {
        byte(0xc0 | (c >> 6));
        byte(0x80 | (c & 63));
      } else {
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d < 0xe000) {
            const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            byte(0xf0 | (cp >> 18));
            byte(0x80 | ((cp >> 12) & 63));
            byte(0x80 | ((cp >> 6) & 63));
            byte(0x80 | (cp & 63));
            i++;
            continue;
          }
        }
        if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
        byte(0xe0 | (c >> 12));
        byte(0x80 | ((c >> 6) & 63));
        byte(0x80 | (c & 63));
      }
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    return this;
  }

  /** The hash as 16 lowercase hex digits. */
  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((h) => h.toString(16).padStart(4, '0')).join('');
  }
}

/**
 * The hash of one step: FNV-1a 64 of the previous step's hash (HASH_SEED for step 0) followed, for
 * each record line of the step in order, by "\n" and the line. Record lines carry every new state,
 * so equal hashes mean the same states, chained through the whole run.
 */
export function stepHash(prev: string, lines: Iterable<string>): string {
  const h = new Fnv64().update(prev);
  for (const l of lines) h.update('\n').update(l);
  return h.hex();
}
