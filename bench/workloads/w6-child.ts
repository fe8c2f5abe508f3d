/**
 * W6 time travel, one size in a fresh process (run by w6.ts):
 *   node --expose-gc --max-old-space-size=8192 --import tsx w6-child.ts <records>
 *
 * 1. Record: a tcp-echo load (echo-load.ts, sized by w6Load) recorded with history on — the
 *    engine's History (src/debugger/engine/history.ts: trace records, a Model checkpoint every 256
 *    records, a Run checkpoint every 4096), startHistory then grow until `records` records exist (it
 *    stops at the first unit boundary at or past it). Timed as one run; heap measured with gc()
 *    twice before (client scripts already built) and after: retained = after − before.
 * 2. Check: the model folded from scratch over all records equals the history's frontier and, at
 *    16 random indices, modelAt(i) (structurally); its live ground processes are the kernel's.
 *    The fold is timed (the fold's share of the recording cost).
 * 3. Jump: 200 warm-up jumps (mulberry32(6)), gc(), then 1000 timed jumps
 *    modelAt(history, floor(rnd()·length)) with mulberry32(12345); each jump's model must have
 *    applied === index. Records folded per jump come from seekWork(history).
 * Prints one JSON object on stdout; progress on stderr.
 */
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { createSimulation, makeRun } from '../../src/kernel/ground/index.ts';
import { grow, historyStatus, modelAt, seekWork, startHistory, type History } from '../../src/debugger/engine/history.ts';
import { applyRecord, emptyModel, type Model } from '../../src/debugger/model.ts';
import { fullGc } from '../harness.ts';
import { mulberry32 } from './common.ts';
import { echoBoot, echoLoadClients, w6Load } from './echo-load.ts';
import { modelDiff } from './model-equal.ts';

const target = Number(process.argv[2]);
const JUMPS = Number(process.argv[3] ?? 1000);
const WARM_JUMPS = 200;
const SAMPLES = 16;
const UNBOUNDED = { maxSteps: Number.MAX_SAFE_INTEGER, untilMs: null } as const;

const say = (msg: string): void => void process.stderr.write(`  W6 ${target}: ${msg}\n`);
const heap = (): number => {
  fullGc();
  return process.memoryUsage().heapUsed;
};
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

const load = w6Load(target);
const clients = echoLoadClients(load);
const bootSpec = echoBoot();
const errors: string[] = [];

// ---- 1. record ----------------------------------------------------------------------------------
const before = heap();
const t0 = performance.now();
const start = createSimulation(bootSpec, { seed: 1, clients });
// No step budget: the run is bounded by the target (and w6Load makes it long enough to reach it).
let history: History = startHistory(makeRun(start, [], UNBOUNDED), start.records);
const CHUNK = Math.min(50_000, Math.ceil(target / 2));
const length = (): number => history.records.length;
const stepsDone = (): number => history.run!.sim.steps;
let half: { ms: number; records: number; steps: number } | null = null;
while (length() < target && historyStatus(history) === 'running') {
  history = grow(history, Number.MAX_SAFE_INTEGER, Math.min(target, length() + CHUNK));
  if (half === null && length() >= target / 2) {
    half = { ms: performance.now() - t0, records: length(), steps: stepsDone() };
  }
  if (length() % CHUNK < 5 || length() >= target) {
    say(
      `${length()} records, ${((performance.now() - t0) / 1000).toFixed(1)} s, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`,
    );
  }
}
const recordMs = performance.now() - t0;
const records = length();
const steps = stepsDone();
if (records < target)
  errors.push(`the run ended (${historyStatus(history)}) after ${records} records, before ${target}`);
const after = heap();
say(`recorded in ${(recordMs / 1000).toFixed(1)} s; retained ${Math.round((after - before) / 2 ** 20)} MiB`);

// ---- 2. check -----------------------------------------------------------------------------------
const rs = history.records.readNow();
const rnd0 = mulberry32(99);
const samples = [...new Set(Array.from({ length: SAMPLES }, () => Math.floor(rnd0() * records)))].sort(
  (a, b) => a - b,
);
let model: Model = emptyModel;
let foldMs = 0;
let at = 0;
for (const stop of [...samples, records]) {
  const ts = performance.now();
  for (; at < stop; at++) model = applyRecord(model, rs[at]!);
  foldMs += performance.now() - ts;
  const d = modelDiff(modelAt(history, stop), model);
  if (d !== null) errors.push(`modelAt(${stop}) differs from the fold from scratch at ${d}`);
}
const kernelPids = [...history.run!.sim.ground.vm.processes.keys()].map(String).sort().join(',');
const modelPids = [...model.procs.values()]
  .filter((p) => p.alive && p.vm.length === 0)
  .map((p) => String(p.pid))
  .sort()
  .join(',');
if (kernelPids !== modelPids)
  errors.push(`live ground processes: kernel [${kernelPids}] ≠ model [${modelPids}]`);
const liveAtEnd = [...model.procs.values()].filter((p) => p.alive).length;
const procsSeen = model.procs.size;
say(`checked (fold from scratch ${(foldMs / 1000).toFixed(1)} s, ${samples.length + 1} models compared)`);

// ---- 3. jump ------------------------------------------------------------------------------------
/** One jump: wall time, the process's CPU time (user + system) and the records folded. */
const jump = (rnd: () => number): { ms: number; cpuMs: number; folded: number; start: number } => {
  const index = Math.floor(rnd() * records);
  const r0 = seekWork(history);
  const c0 = process.cpuUsage();
  const ts = performance.now();
  const m = modelAt(history, index);
  const ms = performance.now() - ts;
  const c = process.cpuUsage(c0);
  if (m.applied !== index && errors.length < 20) errors.push(`modelAt(${index}).applied = ${m.applied}`);
  return { ms, cpuMs: (c.user + c.system) / 1000, folded: seekWork(history) - r0, start: ts };
};
const warm = mulberry32(6);
for (let i = 0; i < WARM_JUMPS; i++) jump(warm);
fullGc();
// GC pauses during the timed jumps (entries arrive after the loop, on the next turn).
const gcs: PerformanceEntry[] = [];
const obs = new PerformanceObserver((list) => void gcs.push(...list.getEntries()));
obs.observe({ entryTypes: ['gc'] });
const rnd = mulberry32(12345);
const times: number[] = [];
const cpu: number[] = [];
const folded: number[] = [];
const spans: [number, number][] = [];
for (let i = 0; i < JUMPS; i++) {
  const j = jump(rnd);
  times.push(j.ms);
  cpu.push(j.cpuMs);
  folded.push(j.folded);
  spans.push([j.start, j.start + j.ms]);
}
await new Promise((resolve) => setTimeout(resolve, 50));
obs.disconnect();
/** GC time (ms) inside each jump. */
const gcIn = spans.map(([a, b]) =>
  gcs.reduce((t, g) => t + Math.max(0, Math.min(b, g.startTime + g.duration) - Math.max(a, g.startTime)), 0),
);
const noGc = times.filter((_t, i) => gcIn[i] === 0);
const worstAt = times.indexOf(Math.max(...times));
if (process.env.W6_DEBUG)
  say(
    `slowest jumps [ms, #, folded, gc ms, cpu ms]: ${JSON.stringify(
      times
        .map((t, i) => [r3(t), i, folded[i], r3(gcIn[i]!), r3(cpu[i]!)])
        .sort((a, b) => b[0]! - a[0]!)
        .slice(0, 8),
    )}`,
  );
say(
  `jumped ${JUMPS} times, median ${median(times).toFixed(3)} ms, worst ${Math.max(...times).toFixed(3)} ms`,
);

const retained = after - before;
process.stdout.write(
  JSON.stringify({
    records,
    steps,
    clients: load.clients,
    lines_per_client: load.lines,
    client_gap_ms: load.gapMs,
    status: historyStatus(history),
    live_processes_at_end: liveAtEnd,
    processes_seen: procsSeen,
    record_s: r3(recordMs / 1000),
    us_per_record: r3((recordMs * 1000) / records),
    us_per_step: r3((recordMs * 1000) / steps),
    records_per_step: r3(records / steps),
    us_per_record_second_half:
      half === null ? null : r3(((recordMs - half.ms) * 1000) / (records - half.records)),
    us_per_step_second_half: half === null ? null : r3(((recordMs - half.ms) * 1000) / (steps - half.steps)),
    fold_us_per_record: r3((foldMs * 1000) / records),
    retained_bytes: retained,
    bytes_per_record: Math.round(retained / records),
    bytes_per_step: Math.round(retained / steps),
    heap_before: before,
    heap_after: after,
    checkpoint_every: history.limits.checkpointEvery,
    jumps: JUMPS,
    jump_median_ms: r3(median(times)),
    jump_p90_ms: r3(quantile(times, 0.9)),
    jump_p99_ms: r3(quantile(times, 0.99)),
    jump_worst_ms: r3(Math.max(...times)),
    jump_mean_ms: r3(times.reduce((a, b) => a + b, 0) / times.length),
    jump_worst_cpu_ms: r3(cpu[worstAt]!),
    jump_cpu_median_ms: r3(median(cpu)),
    jump_cpu_worst_ms: r3(Math.max(...cpu)),
    jumps_with_gc: times.length - noGc.length,
    jump_worst_gc_ms: r3(gcIn[worstAt]!),
    jump_worst_without_gc_ms: noGc.length === 0 ? null : r3(Math.max(...noGc)),
    folded_per_jump_median: median(folded),
    folded_per_jump_mean: r3(folded.reduce((a, b) => a + b, 0) / folded.length),
    folded_per_jump_max: Math.max(...folded),
    errors,
  }) + '\n',
);
