/**
 * The loader under hostile sources (seeded, pinned): whatever the text, loadProgram returns a
 * program or a problem — it never throws — and a problem's line is inside the program.
 * Mutations: characters cut, duplicated or swapped, and hostile snippets inserted at line starts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/playground/program.ts';
import { TEMPLATES } from '../../src/playground/templates/index.ts';
import { templateSource } from './run-program.ts';

const HOSTILE = [
  'throw 42;', 'throw null;', 'throw { get message() { throw new Error("x"); } };', 'throw Symbol("s");',
  'function f(): number { return f() + 1; } f();', 'export default new Proxy({}, { get() { throw new Error("trap"); } });',
  'export default { get boot() { throw new Error("getter"); } };', "import x from 'os2/secret';", 'const y = (0, eval)("1");',
  'const z = (() => {}).constructor("return 1")();', 'export default Symbol("x");', 'export default { boot: 1n };',
  '}}}', 'const a = `${', '/*', '"\\u{110000}"', 'export default { boot: () => null, maxSteps: 1e9 };',
];

const sources = TEMPLATES.map((t) => templateSource(t.file));

const mutated = fc.record({
  template: fc.nat(sources.length - 1),
  edits: fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('cut', 'dup', 'swap', 'hostile'), len: fc.integer({ min: 1, max: 12 }), pick: fc.nat(HOSTILE.length - 1) }), { maxLength: 4 }),
}).map(({ template, edits }) => {
  let s = sources[template]!;
  for (const e of edits) {
    const at = e.at % Math.max(1, s.length);
    if (e.kind === 'cut') s = s.slice(0, at) + s.slice(at + e.len);
    else if (e.kind === 'dup') s = s.slice(0, at + e.len) + s.slice(at, at + e.len) + s.slice(at + e.len);
    else if (e.kind === 'swap') s = s.slice(0, at) + s.slice(at + e.len, at + 2 * e.len) + s.slice(at, at + e.len) + s.slice(at + 2 * e.len);
    else {
      const lineStart = s.lastIndexOf('\n', at) + 1;
      s = `${s.slice(0, lineStart)}${HOSTILE[e.pick]}\n${s.slice(lineStart)}`;
    }
  }
  return s;
});

describe('loader fuzz', () => {
  it('never throws; a problem names a line inside the program', () => {
    fc.assert(fc.property(mutated, (source) => {
      const r = loadProgram(source);
      if (r.ok) return;
      const lines = source.split('\n').length;
      expect(r.problem.message.length).toBeGreaterThan(0);
      if (r.problem.line !== null) expect(r.problem.line).toBeGreaterThanOrEqual(1);
      if (r.problem.line !== null) expect(r.problem.line).toBeLessThanOrEqual(lines + 1);
    }), { seed: 1414, numRuns: 300 });
  });

  it('every hostile snippet alone is refused or loads, never throws', () => {
    for (const h of HOSTILE) {
      const r = loadProgram(`import { boot } from 'os2';\n${h}\nexport const _k = boot;\n`);
      if (!r.ok) expect(typeof r.problem.message).toBe('string');
    }
  });
});
