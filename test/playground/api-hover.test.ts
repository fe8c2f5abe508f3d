/**
 * The editor's hover (issue 14, item 1): api-hover.json is what the TypeScript language service says
 * of every export of the three public surfaces today (scripts/api-hover.ts regenerates it), it covers
 * every name completion offers, and a name is looked up in the module the program imports it from.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOVER_FILE, hoverJson, makeHoverTable } from '../../scripts/api-hover.ts';
import { OS2_NAMES, WORLD_NAMES } from '../../src/playground/api-names.ts';
import { apiHover, importedNames } from '../../src/playground/hover.ts';
import HOVER from '../../src/playground/api-hover.json';

describe('hover from the public surfaces’ declarations', () => {
  it('api-hover.json is current (run `node --import tsx scripts/api-hover.ts` after changing a surface)', () => {
    expect(readFileSync(HOVER_FILE, 'utf8')).toBe(hoverJson(makeHoverTable()));
  }, 240_000);

  it('every name completion offers has a hover', () => {
    for (const n of OS2_NAMES) expect(HOVER.os2, n).toHaveProperty([n]);
    for (const n of WORLD_NAMES) expect(HOVER['os2/world'], n).toHaveProperty([n]);
    expect(HOVER['os2/program']).toHaveProperty(['Program']);
  });

  it('shows a function’s signature and its doc comment', () => {
    const src = "import { role, spawn } from 'os2';\n";
    expect(apiHover(src, 'spawn')).toMatchObject({ module: 'os2', name: 'spawn', signature: expect.stringMatching(/^function spawn<S>\(boot: BootSpec/) });
    expect(apiHover(src, 'role')?.doc).toMatch(/The talk's `role` form/);
  });

  it('an interface shows its members; a type import and an alias are followed to their module', () => {
    const src = "import type { Program as P } from 'os2/program';\nimport { tcpListener as listenOn, type TcpMode } from 'os2/world';\n";
    expect(importedNames(src)).toEqual(new Map([
      ['P', { module: 'os2/program', name: 'Program' }],
      ['listenOn', { module: 'os2/world', name: 'tcpListener' }],
      ['TcpMode', { module: 'os2/world', name: 'TcpMode' }],
    ]));
    expect(apiHover(src, 'P')?.signature).toMatch(/^interface Program \{\n[\s\S]*readonly boot: BootSpec;/);
    expect(apiHover(src, 'listenOn')).toMatchObject({ module: 'os2/world', name: 'tcpListener', signature: expect.stringContaining('(port: number)') });
  });

  it('a module’s name says what it is; a word the program does not import shows nothing', () => {
    expect(apiHover('', 'os2/world')?.doc).toMatch(/simulated world/);
    expect(apiHover("import { spawn } from 'os2';", 'listener')).toBeNull();
    // Imported from somewhere else: not ours to describe.
    expect(apiHover("import { spawn } from './mine';", 'spawn')).toBeNull();
  });
});
