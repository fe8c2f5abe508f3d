/**
 * The kill switch (program-link.ts) with a fake worker and a fake clock: a worker that rests or
 * beats is left alone; one that works and falls silent for MAX_SILENCE_MS is terminated, the code
 * it last entered is named and trapped, and a new worker starts that run again at the cursor.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { programLink } from '../../src/ui/engine/program-link.ts';
import { BEAT_MS, MAX_SILENCE_MS, type FromProgram, type ToProgram } from '../../src/ui/engine/program-protocol.ts';
import type { FromEngine, ToEngine } from '../../src/ui/engine/protocol.ts';

class FakeWorker {
  readonly posted: ToProgram[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<FromProgram>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(m: ToProgram): void {
    this.posted.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** The worker says something. */
  say(m: FromProgram): void {
    this.onmessage?.({ data: m } as MessageEvent<FromProgram>);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const events = { loaded: vi.fn(), problem: vi.fn(), timedOut: vi.fn() };
  const link = programLink({ source: 'the program', traps: ['old'], previous: null }, events, () => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  const got: FromEngine[] = [];
  link.listen((m) => got.push(m));
  return { workers, events, link, got };
}

const START: Extract<ToEngine, { type: 'start' }> = { type: 'start', scenario: 'program', seed: 4, step: 0, view: { kind: 'full' } as never, explore: true };

describe('programLink: the watchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads the program in a worker, with the trapped labels', () => {
    const { workers } = setup();
    expect(workers).toHaveLength(1);
    expect(workers[0]!.posted[0]).toEqual({ type: 'program', source: 'the program', traps: ['old'], previous: null });
  });

  it('a worker that rests, or beats while it works, is never stopped', () => {
    const { workers, events } = setup();
    const w = workers[0]!;
    w.say({ type: 'loaded', title: 'T' });
    w.say({ type: 'rest' });
    vi.advanceTimersByTime(MAX_SILENCE_MS * 4);
    for (let t = 0; t < MAX_SILENCE_MS * 3; t += BEAT_MS) {
      w.say({ type: 'beat' });
      vi.advanceTimersByTime(BEAT_MS);
    }
    expect(events.loaded).toHaveBeenCalledWith('T');
    expect(events.timedOut).not.toHaveBeenCalled();
    expect(w.terminated).toBe(false);
  });

  it('a working worker silent for MAX_SILENCE_MS is replaced, its last code named and trapped, the run restarted at the cursor with its interventions', () => {
    const { workers, events, link, got } = setup();
    const w = workers[0]!;
    link.send(START);
    w.say({ type: 'beat' });
    const kill = { atStep: 3, kind: 'kill', vm: [], pid: 4, reason: 'x' };
    const inputs = [{ state: 'applied', json: kill }, { state: 'never', json: { atStep: 9 } }];
    w.say({ type: 'frame', frame: { status: { cursor: 12, origin: { kind: 'scenario' }, inputs } } as never, seq: 0 });
    w.say({ type: 'enter', label: 'onMessage of endpoint "ears" in process "hello"' });
    vi.advanceTimersByTime(MAX_SILENCE_MS - 1);
    expect(events.timedOut).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(events.timedOut).toHaveBeenCalledWith('onMessage of endpoint "ears" in process "hello"');
    expect(w.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted).toEqual([
      { type: 'program', source: 'the program', traps: ['old', 'onMessage of endpoint "ears" in process "hello"'], previous: null },
      { ...START, step: 12, inputs: [kill] },
    ]);
    expect(link.traps()).toEqual(['old', 'onMessage of endpoint "ears" in process "hello"']);
    // The frame went through to the session (the watchdog's signals did not).
    expect(got.map((m) => m.type)).toEqual(['frame']);
  });

  it('a closed link stops its worker and its watchdog', () => {
    const { workers, events, link } = setup();
    link.close();
    vi.advanceTimersByTime(MAX_SILENCE_MS * 2);
    expect(workers[0]!.terminated).toBe(true);
    expect(events.timedOut).not.toHaveBeenCalled();
  });
});
