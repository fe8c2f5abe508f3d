/// <reference lib="webworker" />
/**
 * The worker a program runs in: the engine (as in engine.worker.ts) with one more scenario, the
 * program. Before the program's first line runs, the worker takes what it needs (postMessage,
 * timers, the clock), then removes the network, the DOM, timers and code-from-string from its
 * global scope (playground/confine.ts). Every call into the program is announced first (enter), so
 * that the UI's watchdog can name the code it stops (program-link.ts). An exercise's check is judged
 * here too, beside the session (judge-host.ts).
 */
import { EngineHost, type HostClock } from './host.ts';
import { judgeInSlices } from './judge-host.ts';
import { confine } from '../../playground/confine.ts';
import { loadProgram } from '../../playground/program.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { BEAT_MS, OUT_OF_TIME, type FromProgram, type ProgramLoad, type ToProgram } from './program-protocol.ts';
import type { Scenario } from '../../scenarios/types.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = scope.postMessage.bind(scope) as (m: FromProgram) => void;
const later = setTimeout.bind(scope);
const cancel = clearTimeout.bind(scope);
const now = performance.now.bind(performance);

/** Timers scheduled and not yet run: none left after a piece of work means the worker rests. */
const pending = new Set<ReturnType<typeof setTimeout>>();
let lastBeat = -Infinity;
let resting = true;
/** Runs `f` as one piece of the worker's work: a beat before (if due), a rest after (if idle). */
function work(f: () => void): void {
  const t = now();
  if (resting || t - lastBeat >= BEAT_MS) {
    post({ type: 'beat' });
    lastBeat = t;
    resting = false;
  }
  f();
  if (pending.size === 0) {
    post({ type: 'rest' });
    resting = true;
  }
}

/** The worker's clock for the engine and the judge: every timer's work is a piece of work (beats, rest). */
const clock: HostClock = {
  now,
  later: (f, ms) => {
    const h = later(() => {
      pending.delete(h);
      work(f);
    }, ms);
    pending.add(h);
    return h;
  },
  cancel: (h) => {
    pending.delete(h as ReturnType<typeof setTimeout>);
    cancel(h as ReturnType<typeof setTimeout>);
  },
};

let host: EngineHost | null = null;
let lastLabel = '';
let traps: ReadonlySet<string> = new Set();
const enter = (label: string): void => {
  if (label !== lastLabel) post({ type: 'enter', label });
  lastLabel = label;
  if (traps.has(label)) throw new Error(OUT_OF_TIME);
};

function receive(m: ToProgram): void {
  if (m.type !== 'program') {
    host?.receive(m);
    return;
  }
  traps = new Set(m.traps);
  const loaded = loadProgram(m.source, enter, m.traps);
  if (!loaded.ok) {
    post({ type: 'problem', problem: loaded.problem });
    return;
  }
  post({ type: 'loaded', title: loaded.scenario.title });
  host = new EngineHost((x) => post(x), clock, [loaded.scenario, ...SCENARIOS]);
  compareWithPrevious(m, loaded.scenario);
  if (m.check !== undefined) judgeInSlices(loaded.scenario, m.check, clock, (verdict) => post({ type: 'verdict', verdict }));
}

/** The run of the program before its edit, compared with this one's (the UI marks where they part). */
function compareWithPrevious(m: ProgramLoad, scenario: Scenario): void {
  if (m.previous === null || host === null) return;
  const before = loadProgram(m.previous.source, enter);
  if (!before.ok) return;
  host.compareEdit(before.scenario, scenario, m.previous.seed ?? scenario.seed);
}

scope.addEventListener('message', (e: MessageEvent<ToProgram>) => work(() => receive(e.data)));
const kept = confine(scope, 'browser');
if (kept.length > 0) post({ type: 'failed', message: `the program worker could not remove ${kept.join(', ')}` });
