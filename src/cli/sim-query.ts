/**
 * `npm run sim -- <scenario> --where EXPR | --break EXPR` (docs/queries.md, "The command line"): the
 * run's records are kept and folded into the query index step by step.
 *   --where   after the run, one JSON line per hit (or the count, or one per process)
 *   --break   after each step, the query is asked of the history so far; at the first hit, one
 *             JSON line: the hit, its step and virtual time, the hit's process just after the hit's
 *             record (the debugger's model: state, endpoints, queued actions), and where the run
 *             stopped (the end of that step). The query's hits are kept up to date (LiveQuery):
 *             asking after a step costs what the step added, not the whole run so far.
 * Exit 0 found, 1 nothing found (2 for a bad expression is sim-args.ts's).
 */
import { prettyRoleShort, type JsonValue, type TraceRecord } from '../kernel/index.ts';
import type { Simulation } from '../kernel/ground/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { RunDriver } from '../debugger/replay/index.ts';
import { stateToJson } from '../debugger/trace/index.ts';
import { PresenceIndex } from '../debugger/query/presence-index.ts';
import { answer } from '../debugger/query/evaluate.ts';
import { answerJson, hitJson } from '../debugger/query/hit-json.ts';
import { LiveQuery } from '../debugger/query/live.ts';
import { Refs, type QuerySource } from '../debugger/query/views.ts';
import { processOfHit } from '../debugger/query/evaluate.ts';
import { positionOf, type Hit } from '../debugger/query/hits.ts';
import { applyRecord, emptyModel, procKey } from '../debugger/model.ts';
import type { QueryArg, SimArgs } from './sim-args.ts';
import { Printer, type Fail, type Io } from './sim-io.ts';
import { planRun } from './sim-run.ts';

/** The hit's process as the debugger's model has it just after the hit's record. */
function processThere(src: QuerySource, records: readonly TraceRecord[], hit: Hit): { [k: string]: JsonValue } | null {
  const p = processOfHit(src.index, hit);
  if (p < 0) return null;
  const { vm, pid, path, name } = src.index.processes.entries[p]!;
  let model = emptyModel;
  for (let i = 0; i <= positionOf(hit); i++) model = applyRecord(model, records[i]!);
  const view = model.procs.get(procKey(vm, pid));
  return {
    path: [...path], name, alive: view?.alive ?? false,
    ...(view === undefined ? {} : {
      state: stateToJson(view.state),
      endpoints: [...view.endpoints.values()].map((e) => `${e.name} ${prettyRoleShort(e.role)}`),
      queued: view.queue.size,
    }),
  };
}

function breakLine(src: QuerySource, records: readonly TraceRecord[], hit: Hit, sim: Simulation, step: number): string {
  const at = positionOf(hit);
  return JSON.stringify({
    break: hitJson(src, new Refs(src.index), hit), step: src.index.steps.get(at), time: src.index.times.get(at),
    process: processThere(src, records, hit), run: { step, records: src.index.length, time: sim.world.now },
  });
}

export function runQuery(args: SimArgs, q: QueryArg, io: Io, fail: Fail, scenarios: readonly Scenario[] | null = null): number {
  const plan = planRun(args, scenarios);
  if (typeof plan === 'string') return fail(plan, 2);
  const driver = new RunDriver(plan.scenario, plan.config);
  const index = new PresenceIndex();
  const records: TraceRecord[] = [];
  const src: QuerySource = { index, record: (at) => records[at]! };
  const print = new Printer(io);
  const live = new LiveQuery(q.query.expr);
  for (let s = driver.next(); s !== null; s = driver.next()) {
    records.push(...s.records);
    index.feed(s.records, s.step);
    if (q.mode !== 'break') continue;
    live.update(src);
    const first = live.hits()[0];
    if (first === undefined) continue;
    print.line(breakLine(src, records, first, driver.simulation, s.step));
    print.flush();
    return 0;
  }
  if (q.mode === 'break') return 1;
  const a = answer(src, q.query);
  for (const line of answerJson(src, a)) print.line(JSON.stringify(line));
  print.flush();
  return a.count > 0 ? 0 : 1;
}
