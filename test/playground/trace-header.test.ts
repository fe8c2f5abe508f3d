/**
 * A program's run exported from the engine carries the program in its header (options.program:
 * the text and the trapped labels), and that trace replays against the program it names.
 */
import { describe, expect, it } from 'vitest';
import { hasWork } from '../../src/debugger/engine/jobs.ts';
import { DEFAULT_ENV, initialState, reduce, type PlayerEnv, type PlayerState } from '../../src/debugger/engine/player.ts';
import { replayTrace } from '../../src/debugger/replay/index.ts';
import { loadProgram } from '../../src/playground/program.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { sliceClock } from '../../src/ui/engine/io/slices.ts';
import { BlobParts, exportRun, exportRunOf, sessionHeader } from '../../src/ui/engine/io/trace-export.ts';
import { templateSource } from './run-program.ts';
import { importTrace } from '../../src/ui/engine/io/trace-import.ts';
import { programOfTrace } from '../../src/ui/engine/io-host.ts';

const source = templateSource('echo.ts');
const loaded = loadProgram(source, () => {}, ['a label that ran out of time']);
if (!loaded.ok) throw new Error(loaded.problem.message);
const program = loaded.scenario;
const scenarios = [program, ...SCENARIOS];
const env: PlayerEnv = { ...DEFAULT_ENV, scenarios, explore: false };

function toEnd(): PlayerState {
  let s = reduce(env, initialState(env, program), { type: 'to-end' });
  for (let i = 0; i < 100_000 && hasWork(s); i++) s = reduce(env, s, { type: 'tick', elapsedMs: 16, units: 64 });
  return s;
}

describe('a program run’s trace header', () => {
  const s = toEnd();

  it('names the program and carries its text and traps', () => {
    const h = sessionHeader(s, scenarios);
    expect(h.scenario).toBe('program');
    expect(h.options['program']).toEqual({ source, traps: ['a label that ran out of time'] });
    // Without the program among the scenarios (a built-in's run), there is no such option.
    expect(sessionHeader(s).options['program']).toBeUndefined();
  });

  it('the exported native trace replays against the program, identical step for step', async () => {
    const parts = new BlobParts('application/x-ndjson');
    await exportRun('native', exportRunOf(s, scenarios), parts.sink, { clock: sliceClock(() => 0, (f) => f()) });
    const text = await parts.finish()[0]!.text();
    expect(JSON.parse(text.split('\n')[0]!).options.program.source).toBe(source);
    const r = replayTrace(text, scenarios);
    expect(r.ok).toBe(true);
  });

  it('opens in an engine without the program (the page\'s own) as a recorded run, and names the program to run again', async () => {
    const parts = new BlobParts('application/x-ndjson');
    await exportRun('native', exportRunOf(s, scenarios), parts.sink, { clock: sliceClock(() => 0, (f) => f()) });
    const recorded = await importTrace(parts.finish()[0]!, { name: 'echo.jsonl' });
    expect(recorded.history.records.length).toBe(s.history.records.length);
    expect(programOfTrace(recorded)).toEqual({ source, seed: program.seed, step: s.cursor, traps: ['a label that ran out of time'], inputs: [] });
  });

  it('a built-in scenario’s trace names no program', async () => {
    const builtIn = reduce(env, initialState(env, SCENARIOS[0]!), { type: 'step' });
    const parts = new BlobParts('application/x-ndjson');
    await exportRun('native', exportRunOf(builtIn, scenarios), parts.sink, { clock: sliceClock(() => 0, (f) => f()) });
    expect(programOfTrace(await importTrace(parts.finish()[0]!, { name: 'x.jsonl' }))).toBeNull();
  });
});
