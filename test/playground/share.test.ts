/** Sharing: a run survives the link round trip exactly; a link too long or damaged is refused in words. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { decodeShare, encodeShare, MAX_SHARE_CHARS } from '../../src/playground/share.ts';
import { templateSource } from './run-program.ts';

describe('share links', () => {
  it('round-trips any run', () => {
    const input = fc.record({ atStep: fc.nat(), kind: fc.constantFrom('kill', 'inject'), pid: fc.nat(), vm: fc.array(fc.nat(), { maxLength: 3 }) });
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), fc.option(fc.nat()), fc.nat(), fc.array(fc.string()), fc.array(input, { maxLength: 4 }), (source, seed, step, traps, inputs) => {
      const e = encodeShare({ source, seed, step, traps, inputs });
      if (!e.ok) return;
      expect(e.text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(decodeShare(e.text)).toEqual({ source, seed, step, traps, inputs });
    }), { seed: 14, numRuns: 200 });
  });

  it('the chat room fits comfortably', () => {
    const e = encodeShare({ source: templateSource('chat-room.ts'), seed: 3, step: 40, traps: [], inputs: [] });
    expect(e.ok && e.text.length).toBeLessThan(MAX_SHARE_CHARS / 4);
  });

  it('a program too long for a link is refused with a sentence', () => {
    let x = 1;
    const noise = Array.from({ length: 40_000 }, () => ((x = (x * 48271) % 2147483647), x.toString(36))).join('');
    const e = encodeShare({ source: noise, seed: null, step: 0, traps: [], inputs: [] });
    expect(e.ok).toBe(false);
    expect(!e.ok && e.problem.message).toMatch(/too long to share in a link/);
  });

  it('a version 1 link (before interventions were shared) still opens, with none', () => {
    const v1 = Buffer.from(deflateSync(strToU8(JSON.stringify({ v: 1, source: "x", seed: 4, step: 9, traps: ["t"] })))).toString("base64");
    const text = v1.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(decodeShare(text)).toEqual({ source: 'x', seed: 4, step: 9, traps: ['t'], inputs: [] });
  });

  it('a damaged link is named, never thrown', () => {
    expect(decodeShare('not base64!!')).toMatch(/could not be read/);
    const e = encodeShare({ source: 'x', seed: null, step: 0, traps: [], inputs: [] });
    expect(decodeShare(e.ok ? e.text.slice(0, -4) : '')).toMatch(/could not be read/);
  });
});
