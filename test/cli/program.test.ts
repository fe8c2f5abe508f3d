/**
 * `npm run sim -- --program FILE.ts`: a playground program headless, in a confined worker thread
 * watched by the runner: the same programs as the browser, the same stop for endless code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const sim = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', ...args], { encoding: 'utf8', timeout: 120_000 });

function programFile(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'os2-program-'));
  const file = join(dir, 'program.ts');
  writeFileSync(file, source);
  return file;
}

const HELLO = (handler: string) => `import { _, boot, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber, transition } from 'os2';
const hello = boot(null,
  role('voice', topicPublisher(struct('hello', _))),
  role('ears', topicSubscriber(struct('hello', _)), {
    onPresence: (_peer, state) => transition(state, sendMessage(struct('hello', 'world'))),
    onMessage: (_m, state) => { ${handler} return transition(state); },
  }));
export default { title: 'Hello', boot: boot(null, spawn(hello, { name: 'hello' })) };
`;

describe('sim --program', () => {
  it('runs the chat room template: its transcript and summary', () => {
    const r = sim('--program', 'src/playground/templates/chat-room.ts', '--seed', '3');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('── program: Chat room ──');
    expect(r.stdout).toContain('alice <- "* bob has left\\n"');
    expect(r.stdout).toMatch(/scenario\s+program \(seed 3\)/);
    expect(r.stdout).toMatch(/crashes\s+none/);
  });

  it('a syntax error is one line naming the line, exit 2', () => {
    const r = sim('--program', programFile("import { boot } from 'os2';\n\nconst x: number = ;\n"));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('sim: --program: line 3, column 19: Unexpected token\n');
  });

  it('fetch is not there: the handler crashes with a clear reason', () => {
    const r = sim('--program', programFile(HELLO("fetch('http://127.0.0.1:9/');")), '--pretty', '--quiet');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('fetch is not defined');
  });

  it('an endless handler is stopped, named, and the run is made again with it as a crash', () => {
    const r = sim('--program', programFile(HELLO('while (true) {}')), '--quiet');
    expect(r.stderr).toContain('sim: onMessage of endpoint "ears" in process "hello" ran for more than 1.5 s and was stopped');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/crashes\s+.*ran out of time/s);
  });
});

describe('sim --replay of a program’s trace', () => {
  it('the header carries the program; the replay re-executes it, confined, step for step', () => {
    const dir = mkdtempSync(join(tmpdir(), 'os2-program-trace-'));
    const trace = join(dir, 'trace.jsonl');
    const template = 'src/playground/templates/chat-room.ts';
    const r = sim('--program', template, '--seed', '3', '--out', trace, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [first, ...rest] = readFileSync(trace, 'utf8').split('\n');
    const header = JSON.parse(first!) as { scenario: string; seed: number; options: { program: { source: string; traps: string[] } } };
    expect(header.scenario).toBe('program');
    expect(header.options.program).toEqual({ source: readFileSync(template, 'utf8'), traps: [] });
    const replay = sim('--replay', trace);
    expect(replay.stderr).toBe('');
    expect(replay.status).toBe(0);
    expect(replay.stdout).toMatch(/scenario\s+program \(seed 3\)/);
    expect(replay.stdout).toContain('every state hash identical');
    // The program in the header is what runs: another announcement is another run.
    const edited = { ...header, options: { ...header.options, program: { source: header.options.program.source.replace('has left', 'went away'), traps: [] } } };
    writeFileSync(trace, [JSON.stringify(edited), ...rest].join('\n'));
    const diverged = sim('--replay', trace);
    expect(diverged.status).toBe(1);
    expect(diverged.stderr).toContain('replay of');
  });
});
