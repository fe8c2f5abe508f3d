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
});
