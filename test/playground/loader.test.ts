/** The loader: transpile, evaluate in a confined scope, check the shape; problems name their line. */
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/playground/program.ts';
import { crashes, runProgram, templateSource } from './run-program.ts';

const problemOf = (source: string) => {
  const r = loadProgram(source);
  if (r.ok) throw new Error('expected a problem');
  return r.problem;
};

const EMPTY_BOOT = "import { boot } from 'os2';\nexport default { boot: boot(null) };\n";

describe('loadProgram', () => {
  it('loads a minimal program, with the defaults of a scenario', () => {
    const r = loadProgram(EMPTY_BOOT);
    expect(r.ok && { id: r.scenario.id, title: r.scenario.title, seed: r.scenario.seed }).toEqual({ id: 'program', title: 'Your program', seed: 1 });
  });

  it('a syntax error names its line and column, with sucrase’s message', () => {
    expect(problemOf("import { boot } from 'os2';\nconst x: number = ;\n")).toEqual({ kind: 'syntax', message: 'Unexpected token', line: 2, column: 19 });
  });

  it('a throw at load names its line', () => {
    const p = problemOf("import { boot } from 'os2';\n\n\nthrow new Error('not today');\nexport default { boot: boot(null) };\n");
    expect(p).toMatchObject({ kind: 'load', message: 'Error: not today', line: 4 });
  });

  it('an import outside the module map is refused at its line, dynamic import too', () => {
    expect(problemOf("import { boot } from 'os2';\nimport fs from 'node:fs';\nexport default { boot: boot(null), title: String(fs) };\n"))
      .toMatchObject({ kind: 'load', line: 2, message: expect.stringContaining('cannot import "node:fs": a program may import only "os2", "os2/world", "os2/program"') });
    const r = loadProgram("import { boot } from 'os2';\nconst p = import('os2/world');\nexport default { boot: boot(null) };\n");
    expect(r.ok).toBe(true);
  });

  it('the host is out of reach: globalThis, process, Function are undefined in the program’s scope', () => {
    const p = problemOf("export default { boot: [typeof globalThis, typeof process, typeof Function, typeof self].join() };\nthrow new Error(String(undefined));");
    expect(p.kind).toBe('load');
    const r = loadProgram("const seen = [typeof globalThis, typeof process, typeof Function, typeof require];\nif (seen.join() !== 'undefined,undefined,undefined,function') throw new Error(seen.join());\nimport { boot } from 'os2';\nexport default { boot: boot(null) };");
    expect(r.ok).toBe(true);
  });

  it('a default export of the wrong shape is named in a sentence', () => {
    expect(problemOf("export const x = 1;").message).toMatch(/exports nothing by default/);
    expect(problemOf("export default 3;").message).toMatch(/must be an object/);
    expect(problemOf("export default { title: 't' };").message).toMatch(/has no `boot`/);
    expect(problemOf("import { boot } from 'os2';\nexport default { boot: boot(null), seed: -1 };").message).toMatch(/`seed` must be a whole number/);
    expect(problemOf("import { boot } from 'os2';\nexport default { boot: boot(null), colour: 'red' };").message).toMatch(/field "colour"/);
  });

  it('a throwing handler is a crash in the trace, as in a built-in scenario', () => {
    const src = templateSource('empty.ts').replace("onMessage: (_message, state) => transition(state),", "onMessage: () => { throw new Error('oops'); },");
    const { records } = runProgram(src);
    const c = crashes(records);
    expect(c).toHaveLength(1);
    expect(JSON.stringify(c[0])).toContain('oops');
  });

  it('names each call of the program’s code before it runs: the handler and its process', () => {
    const labels: string[] = [];
    runProgram(templateSource('chat-room.ts'), undefined, (l) => labels.push(l));
    expect(labels[0]).toBe('the top level of the program');
    expect(labels).toContain('clients of the program');
    expect(labels).toContain('boot in process "listener"');
    expect(labels).toContain('onPresence of endpoint "inbound-handler" in process "listener"');
    expect(labels).toContain('boot in process "member"');
    expect(labels).toContain('onMessage of endpoint "connection" in process "member"');
    expect(labels).toContain('onAbsence of endpoint "room" in process "member"');
  });

  it('a role made in a parent for a boot value is labelled with the child’s process', () => {
    const labels: string[] = [];
    runProgram(templateSource('bank-teller.ts'), undefined, (l) => labels.push(l));
    expect(labels).toContain('onMessage of endpoint "window" in process "teller-alice"');
    expect(labels).toContain('onPresence of endpoint "account" in process "bob"');
  });

  it('a trap (a label that ran out of time) makes that call a crash, deterministically', () => {
    const trap = 'onAbsence of endpoint "room" in process "member"';
    const enter = (l: string) => {
      if (l === trap) throw new Error('ran out of time');
    };
    const a = runProgram(templateSource('chat-room.ts'), undefined, enter);
    const b = runProgram(templateSource('chat-room.ts'), undefined, enter);
    expect(crashes(a.records)).toHaveLength(1);
    expect(JSON.stringify(a.records)).toBe(JSON.stringify(b.records));
  });
});
