/**
 * The source index over every scenario: each process that acts in a run (every record's actor, as
 * the Code panel gets it from the engine) maps to the lines that define its name, and each endpoint
 * that acts maps to the role(…) call declaring it (or the line writing its name). The checks read
 * the lines themselves (a quoted name, or a template whose fixed parts fit), not the index's patterns.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS, startScenario } from '../../../src/scenarios/index.ts';
import { locateEndpoint, locateProcess, scenarioFiles, type ProcessPlace } from '../../../src/debugger/code/locate.ts';
import type { LineRange } from '../../../src/debugger/code/source-index.ts';
import { codeFocus, type CodeActor } from '../../../src/debugger/views/code-focus.ts';
import { TestHistory } from '../../helpers/history.ts';
import { SOURCE_SET, SOURCE_TEXTS } from './sources.ts';

const lines = (file: string) => SOURCE_TEXTS.get(file)!.split('\n');

/** Do these lines write `name`: quoted, or as a template literal whose fixed parts it fits? */
function writes(file: string, range: LineRange, name: string): boolean {
  const text = lines(file).slice(range.from, range.to + 1).join('\n');
  if (text.includes(`'${name}'`) || text.includes(`"${name}"`)) return true;
  for (const m of text.matchAll(/`([^`]*)`/g)) {
    const parts = m[1]!.split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    if (parts.length > 1 && new RegExp(`^${parts.join('.*')}$`).test(name)) return true;
  }
  return false;
}

/** Names computed from data, not written as a string or template: DNS servers, ssh-flat's "member (n)". */
const COMPUTED_NAME = /^(a\.root-servers\.net|ns1\.nic\.test|a\.nic\.example|ns1\.shop\.test|ns\.cdn\.example|ns1\.hosting\.example|[a-z-]+ \(\d+\))$/;

function checkProcess(scenario: string, names: readonly string[], place: ProcessPlace | null): string | null {
  const who = `${scenario}: ${names.join(' > ')}`;
  if (place === null) return `${who} not found`;
  const name = names[names.length - 1]!;
  const spawnText = lines(place.file).slice(place.spawn.from, place.spawn.to + 1).join('\n');
  // The VM's first process (pid -1) and the boot process it spawns are the scenario's boot, or their VM's code.
  const boots = name === 'primordial' || name === 'boot' || (names.length > 1 && name === `${names[names.length - 2]}-boot`);
  if (names.length === 1 && boots) return /\bboot:/.test(spawnText) ? null : `${who}: not the scenario's boot`;
  const own = boots ? names[names.length - 2]! : name;
  if (writes(place.file, place.spawn, own) && writes(place.file, { from: place.nameLine, to: place.nameLine }, own)) return null;
  if (COMPUTED_NAME.test(own) && /\bname:/.test(spawnText)) return null;
  return `${who}: ${place.file}:${place.spawn.from + 1} does not name it`;
}

function checkEndpoint(scenario: string, files: readonly string[], a: CodeActor, place: ProcessPlace | null): string | null {
  const e = locateEndpoint(SOURCE_SET, files, place, a.endpoint!);
  const who = `${scenario}: ${a.names.join(' > ')} / ${a.endpoint}`;
  if (e === null) return `${who} not found`;
  const text = lines(e.file).slice(e.range.from, e.range.to + 1).join('\n');
  if (!/\brole\b/.test(text) && e.nameLine === null) return `${who}: ${e.file}:${e.range.from + 1} is not a role`;
  const named = writes(e.file, e.range, a.endpoint!) || (e.nameLine !== null && writes(e.file, { from: e.nameLine, to: e.nameLine }, a.endpoint!));
  return named ? null : `${who}: ${e.file}:${e.range.from + 1} does not name it`;
}

/** Every distinct actor and peer of a whole run, as the engine's status would give them. */
function actorsOf(h: TestHistory): CodeActor[] {
  const model = h.modelAt(h.length);
  const seen = new Map<string, CodeActor>();
  h.records.forEach((r) => {
    const cause = r.cause === null ? undefined : h.records[h.indexOfId(r.cause) ?? -1];
    const f = codeFocus(r, cause, model);
    for (const a of [f.actor, f.peer]) if (a !== null) seen.set(JSON.stringify(a), a);
  });
  return [...seen.values()];
}

describe('the source index maps every actor of every scenario to its source', () => {
  for (const s of SCENARIOS) {
    it(s.id, () => {
      const files = scenarioFiles(SOURCE_SET, s.id);
      expect(SOURCE_SET.get(files[0]!)!.scenarioIds).toContain(s.id);
      const h = new TestHistory(startScenario(s), {}, [], { maxSteps: s.maxSteps ?? 100_000, untilMs: null }).growAll();
      const actors = actorsOf(h);
      expect(actors.length).toBeGreaterThan(2);
      const problems: string[] = [];
      for (const a of actors) {
        const place = locateProcess(SOURCE_SET, files, a.names);
        const p = checkProcess(s.id, a.names, place);
        if (p !== null) problems.push(p);
        if (a.endpoint === null || a.names[a.names.length - 1]!.endsWith('boot')) continue;
        const q = checkEndpoint(s.id, files, a, place);
        if (q !== null) problems.push(q);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('a scenario’s files', () => {
  it('start with the file registering it and follow its imports into the drivers it uses', () => {
    expect(scenarioFiles(SOURCE_SET, 'tcp-echo')).toEqual(['src/scenarios/tcp-echo.ts', 'src/kernel/drivers/tcp.ts', 'src/scenarios/types.ts', 'src/scenarios/choice.ts']);
    const wart = scenarioFiles(SOURCE_SET, 'wart');
    expect(wart[0]).toBe('src/scenarios/weaknesses/wart.ts');
    expect(wart).toEqual(expect.arrayContaining(['src/scenarios/tcp-echo.ts', 'src/kernel/drivers/tcp.ts', 'src/kernel/drivers/timer.ts']));
    expect(scenarioFiles(SOURCE_SET, 'no-such-scenario')).toEqual([]);
  });
});

describe('places', () => {
  const files = scenarioFiles(SOURCE_SET, 'tcp-echo');
  const text = (file: string, r: LineRange) => lines(file).slice(r.from, r.to + 1).join('\n');

  it("the echo handler's endpoint is the talk's role 'echoer', with both its handlers", () => {
    const e = locateEndpoint(SOURCE_SET, files, locateProcess(SOURCE_SET, files, ['connection-handler']), 'echoer')!;
    expect(e.file).toBe('src/scenarios/tcp-echo.ts');
    expect(text(e.file, e.range)).toMatch(/^\s*role\('echoer'[\s\S]*onAbsence[\s\S]*onMessage[\s\S]*\}\)\)/);
  });

  it('the listener is spawned in the boot and runs the function listener', () => {
    const p = locateProcess(SOURCE_SET, files, ['listener'])!;
    expect(text(p.file, p.spawn)).toContain("{ name: 'listener' }");
    expect(text(p.body!.file, p.body!.range)).toMatch(/^export function listener\(/);
  });

  it('a process of the same name in another VM is the one that VM spawns (DNS: reader (server))', () => {
    const dns = scenarioFiles(SOURCE_SET, 'dns-proxy');
    expect(locateProcess(SOURCE_SET, dns, ['dns-proxy', 'reader (server)'])!.file).toBe('src/scenarios/dns/proxy.ts');
    expect(locateProcess(SOURCE_SET, dns, ['ns1.shop.test', 'reader (server)'])!.file).toBe('src/scenarios/dns/server.ts');
  });

  it("a driver's process is in the driver (tcp-connection …)", () => {
    const p = locateProcess(SOURCE_SET, files, ['tcp-connection tcp-address("alice", 49152)'])!;
    expect(p.file).toBe('src/kernel/drivers/tcp.ts');
    expect(text(p.body!.file, p.body!.range)).toMatch(/function connectionManager\(/);
  });
});
