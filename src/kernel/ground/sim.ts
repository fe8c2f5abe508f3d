/**
 * A simulation: the ground VM plus its world, stepped as one pure reducer (decision D8).
 *
 * Data definition:
 *   Simulation = { ground, world, steps, status }
 *   SimStatus  = 'running'                         more to do
 *              | 'quiescent'                       no work and no ground subscriptions: the VM is done
 *              | 'blocked'                         subscriptions remain but nothing can ever fire
 * (A run's budget — maxSteps, untilMs — is the run reducer's, run.ts.)
 * Rule (one step):
 *   1. the VM has queued work               → run one scheduler round;
 *   2. else a subscribed descriptor is ready → sync on the first in subscription order: perform its
 *      effect on the world and deliver [evt, value] from its owner;
 *   3. else advance the clock to the earlier of the next packet in flight (deliver it) and the next
 *      timer deadline (then fire it). Virtual time never moves while the VM has work.
 */
import type { BootSpec } from '../actions.ts';
import type { RecordId } from '../ids.ts';
import type { Limits } from '../limits.ts';
import type { RoutingKind } from '../routing/types.ts';
import type { TraceRecord } from '../trace.ts';
import type { EventSource } from '../vm.ts';
import type { ClientSpec } from './clients.ts';
import type { ImmediateIntervention } from './inputs.ts';
import { eventSources, fireEvent, groundVm, injectMessage, killProcess, recordWorld, stepGround, type GroundVM } from './ground.ts';
import { applyExternal, externalNote } from './external.ts';
import { ready, perform } from './sync.ts';
import { addClient, makeWorld, nextDue, processNext, startClients, type NetConfig, type Note, type World } from './world.ts';
import { struct } from '../term.ts';

export type SimStatus = 'running' | 'quiescent' | 'blocked';

export interface SimOptions {
  readonly seed: number;
  readonly net?: Partial<NetConfig>;
  readonly vmHost?: string;
  readonly clients?: readonly ClientSpec[];
  readonly routing?: RoutingKind;
  readonly trace?: boolean;
  readonly limits?: Partial<Limits>;
}

export interface Simulation {
  readonly ground: GroundVM;
  readonly world: World;
  readonly steps: number;
  readonly status: SimStatus;
}

export interface SimStep {
  readonly sim: Simulation;
  readonly records: readonly TraceRecord[];
}

export function createSimulation(boot: BootSpec, o: SimOptions): SimStep {
  const ground = groundVm(boot, {
    ...(o.routing ? { routing: o.routing } : {}),
    ...(o.trace === undefined ? {} : { trace: o.trace }),
    ...(o.limits ? { limits: o.limits } : {}),
  });
  const world = makeWorld(o.seed, o.net ?? {}, o.vmHost ?? 'server', o.clients ?? []);
  const started = startClients(world);
  const [g, records] = recordNotes(ground, started.notes, 0, null);
  return { sim: { ground: g, world: started.world, steps: 0, status: 'running' }, records };
}

/** A new simulation value, written out field by field (object spread is slow on hot paths). */
export function next(sim: Simulation, ground: GroundVM, world: World, steps: number, status: SimStatus = sim.status): Simulation {
  return { ground, world, steps, status };
}

export function recordNotes(g: GroundVM, notes: readonly Note[], time: number, cause: RecordId | null): [GroundVM, TraceRecord[]] {
  const out: TraceRecord[] = [];
  let first: RecordId | null = null;
  for (const n of notes) {
    const id = g.nextRecordId as RecordId;
    const s = recordWorld(g, n, time, first ?? cause);
    g = s.ground;
    out.push(...s.records);
    first ??= id;
  }
  return [g, out];
}

/** The first ready ground subscription, in subscription order. */
export function firstReady(sim: Simulation): { src: EventSource; cause: RecordId | null } | null {
  for (const src of sim.ground.vm.eventSources.values()) {
    const r = ready(sim.world, src.evt);
    if (r !== null) return { src, cause: r.cause ?? src.addedBy };
  }
  return null;
}

export function earliestTimer(g: GroundVM): number | null {
  let t: number | null = null;
  for (const src of eventSources(g)) {
    const d = src.evt.args[0];
    if (src.evt.evt === 'timer' && typeof d === 'number' && (t === null || d < t)) t = d;
  }
  return t;
}

export function simStep(sim: Simulation): SimStep {
  if (sim.status !== 'running') return { sim, records: [] };
  const { ground, world } = sim;
  if (ground.vm.runnable.size > 0) {
    const s = stepGround(ground);
    return { sim: next(sim, s.ground, world, sim.steps + 1), records: s.records };
  }
  if (ground.vm.eventSources.size === 0) return { sim: next(sim, ground, world, sim.steps, 'quiescent'), records: [] };
  const fired = firstReady(sim);
  if (fired !== null) return fire(sim, fired.src, fired.cause);
  const due = nextDue(world);
  const timer = earliestTimer(ground);
  if (due === null && timer === null) return { sim: next(sim, ground, world, sim.steps, 'blocked'), records: [] };
  if (due !== null && (timer === null || due <= timer)) {
    const arrivalId = ground.nextRecordId as RecordId;
    const p = processNext(world, arrivalId);
    if (p === null) return { sim: next(sim, ground, world, sim.steps, 'blocked'), records: [] };
    const notes = p.notes.length > 0 ? p.notes : [{ what: 'tick', host: p.world.vmHost, detail: p.world.now }];
    const [g, records] = recordNotes(ground, notes, p.world.now, world.net.inflight[0]?.cause ?? null);
    return { sim: next(sim, g, p.world, sim.steps + 1), records };
  }
  const advanced = next(sim, ground, { ...world, now: Math.max(world.now, timer!) }, sim.steps);
  const again = firstReady(advanced);
  return again === null ? { sim: next(advanced, ground, advanced.world, sim.steps, 'blocked'), records: [] } : fire(advanced, again.src, again.cause);
}

export function fire(sim: Simulation, src: EventSource, cause: RecordId | null): SimStep {
  const f = perform(sim.world, src.evt, sim.ground.nextRecordId as RecordId);
  const s = fireEvent(sim.ground, src, f.value, { time: sim.world.now, cause });
  const [g, notes] = recordNotes(s.ground, f.notes, f.world.now, (sim.ground.nextRecordId as RecordId));
  return { sim: next(sim, g, f.world, sim.steps + 1), records: [...s.records, ...notes] };
}

/**
 * Performs a user intervention between steps (inputs.ts). A run that was quiescent or blocked goes
 * on running: the intervention may have given it work.
 */
export function applyInput(sim: Simulation, input: ImmediateIntervention): SimStep {
  const time = sim.world.now;
  switch (input.kind) {
    case 'inject': {
      const s = injectMessage(sim.ground, input.body, { time, source: 'user inject', orientation: input.orientation });
      return { sim: next(sim, s.ground, sim.world, sim.steps, 'running'), records: s.records };
    }
    case 'kill': {
      const s = killProcess(sim.ground, input.vm, input.pid, input.reason, { time });
      return { sim: next(sim, s.ground, sim.world, sim.steps, 'running'), records: s.records };
    }
    case 'connect': {
      const added = addClient(sim.world, input.client, null);
      const [g, records] = recordNotes(sim.ground, [{ what: 'client-added', host: input.client.host, detail: struct('client-added', input.client.name) }, ...added.notes], time, null);
      return { sim: next(sim, g, added.world, sim.steps, 'running'), records };
    }
    case 'external': {
      const s = applyExternal(sim.world, input.event, sim.ground.nextRecordId as RecordId);
      const [g, records] = recordNotes(sim.ground, [externalNote(sim.world, input.event), ...s.notes], s.world.now, null);
      return { sim: next(sim, g, s.world, sim.steps, 'running'), records };
    }
  }
}

/** The virtual time the next step would happen at. */
export function nextTime(sim: Simulation): number {
  if (sim.ground.vm.runnable.size > 0 || firstReady(sim) !== null) return sim.world.now;
  const due = nextDue(sim.world);
  const timer = earliestTimer(sim.ground);
  return Math.min(due ?? Infinity, timer ?? Infinity);
}
