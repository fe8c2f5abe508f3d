/**
 * Large traces, for `npm run bench` (issue 6: "export and import of a 100,000-step trace stream").
 *
 * `measureTraceStreaming(now, steps)` runs a never-ending scenario (a process that keeps sending itself
 * tick(n + 1)) for `steps` steps and pushes the run, line by line, through each stage without ever
 * holding the whole trace: native writing, reading + validating (import), every export, and replay.
 * Each stage reports its wall time — gross: every stage re-runs the simulation and writes the native
 * lines, which the `native` stage measures alone — the bytes it produced and its largest chunk.
 */
import { _, boot, role, sendMessage, struct, topicPublisher, topicSubscriber, transition, type Term } from '../../kernel/index.ts';
import type { Scenario } from '../../scenarios/types.ts';
import { Replayer, recordRun, type RunConfig } from '../replay/index.ts';
import { TraceReader } from '../trace/index.ts';
import { EXPORT_FORMATS, createExporter, type ExportFormat } from './index.ts';

const tickOf = (t: Term): number => {
  const n = typeof t === 'object' && t !== null && 'fields' in t ? (t as { fields: readonly Term[] }).fields[0] : 0;
  return typeof n === 'number' ? n : 0;
};

/** A process that sends itself tick(0), tick(1), … forever: one delivery per step. */
export const loopScenario: Scenario = {
  id: 'bench-loop',
  title: 'Loop (benchmark)',
  description: 'A process that keeps sending itself tick(n + 1): a run of any length.',
  seed: 1,
  boot: boot(
    null,
    role('out', topicPublisher(struct('tick', _)), { onPresence: (_p, st) => transition(st, sendMessage(struct('tick', 0))) }),
    role<unknown>('in', topicSubscriber(struct('tick', _)), {
      onMessage: (m) => transition({ last: tickOf(m), seen: [tickOf(m) % 7, 'state'] }, sendMessage(struct('tick', tickOf(m) + 1))),
    }),
  ),
};

export interface StageResult {
  readonly ms: number;
  readonly bytes: number;
  readonly largestChunk: number;
}

export interface StreamingResult {
  readonly steps: number;
  readonly lines: number;
  /** Running the scenario and writing the native trace. */
  readonly native: StageResult;
  /** Running again and reading every line back with validation (what an import does); gross. */
  readonly importMs: number;
  /** Gross, like importMs. */
  readonly exports: Readonly<Record<ExportFormat, StageResult>>;
  /** Running the scenario twice (the trace, and the replay's own run) and comparing; gross. */
  readonly replayMs: number;
  readonly replayOk: boolean;
}

function run(steps: number, line: (l: string) => void): void {
  const config: RunConfig = { scenario: loopScenario.id, seed: 1, maxSteps: steps, untilMs: null, inputs: [] };
  recordRun(loopScenario, config, line);
}

/** `now` is the clock in ms (the caller's: this module is pure), e.g. `() => performance.now()`. */
export function measureTraceStreaming(now: () => number, steps = 100_000): StreamingResult {
  run(Math.min(steps, 2_000), () => {}); // warm up
  let bytes = 0;
  let largest = 0;
  let lines = 0;
  let t = now();
  run(steps, (l) => {
    lines++;
    bytes += l.length + 1;
    largest = Math.max(largest, l.length + 1);
  });
  const native: StageResult = { ms: now() - t, bytes, largestChunk: largest };

  t = now();
  const reader = new TraceReader();
  run(steps, (l) => reader.line(l));
  reader.finish();
  const importMs = now() - t;

  const exports = {} as Record<ExportFormat, StageResult>;
  for (const format of EXPORT_FORMATS) {
    let b = 0;
    let big = 0;
    t = now();
    const r = new TraceReader();
    const ex = createExporter(format, (chunk) => {
      b += chunk.length;
      big = Math.max(big, chunk.length);
    });
    run(steps, (l) => ex.push(r.line(l)));
    r.finish();
    ex.finish();
    exports[format] = { ms: now() - t, bytes: b, largestChunk: big };
  }

  t = now();
  const replayer = new Replayer([loopScenario]);
  run(steps, (l) => replayer.line(l));
  const result = replayer.finish();
  const replayMs = now() - t;
  return { steps, lines, native, importMs, exports, replayMs, replayOk: result.ok };
}
