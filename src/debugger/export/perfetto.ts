/**
 * Chrome / Perfetto trace-event JSON ("JSON Object Format": { displayTimeUnit, otherData,
 * traceEvents: [...] }), opened by ui.perfetto.dev and chrome://tracing as is.
 *
 * Data definition (one trace event per JSON object):
 *   tracks    pid = one per VM (the ground VM, each nested VM) plus pid 1 "world" for the ground's
 *             events and each world host; tid = one per process (globally unique); named by "M"
 *             events process_name / thread_name (and process_sort_index so VMs stay in tree order)
 *   slices    "X" per event record: deliver, boot, continuation (the transitions), quit, ground-event
 *             and world; name = endpoint + event kind ("service presence", "boot client", …);
 *             args = record id, cause, virtual time, event, actions, outcome, reason
 *   flows     "s" on the cause's slice and "f" (bp "e") on the effect's slice, same id (the effect's
 *             record id), cat and name (the link: message, feedback, presence, absence, spawn, kill,
 *             ground, world) for every cross-event cause
 *   time      ts in µs = virtual time × 1000, plus one µs per record so that order is preserved
 *             (ts = max(virtual µs, previous ts + 1)); slices last 1 µs. args.time_ms keeps the
 *             exact virtual time.
 * Rule: streaming; the text is produced in chunks, one event per line.
 */
import { prettyAction, prettyEvent, pretty, prettyVmPath, type Pid, type VmPath } from '../../kernel/index.ts';
import { recordFromJson, type RecordJson, type TraceHeader, type TraceItem } from '../trace/index.ts';
import { CausalIndex, actorOf, linkOf, type Actor, type Link } from './causal.ts';
import type { ExportSink, Exporter } from './types.ts';

const WORLD_PID = 1;
const FIRST_VM_PID = 2;
const TID_BASE = 100_000;
const FLOW_LINKS: ReadonlySet<Link> = new Set(['message', 'feedback', 'presence', 'absence', 'spawn', 'kill', 'ground', 'world']);

/** One trace event as written (the fields the trace-event format defines, nothing else). */
export interface TraceEventJson {
  readonly name: string;
  readonly cat?: string;
  readonly ph: 'X' | 's' | 'f' | 'M';
  readonly ts?: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly id?: number;
  readonly bp?: 'e';
  readonly args?: Record<string, unknown>;
}

interface Slot {
  readonly ts: number;
  readonly pid: number;
  readonly tid: number;
}

export class PerfettoExporter implements Exporter {
  private readonly index = new CausalIndex();
  private readonly vmPids = new Map<string, number>();
  private readonly tids = new Map<string, { tid: number; pid: number; name: string }>();
  private readonly slots = new Map<number, Slot>();
  private nextTid = TID_BASE;
  private lastTs = -1;
  private timeMs = 0;
  private first = true;
  private started = false;
  private buffer: string[] = [];

  constructor(private readonly sink: ExportSink) {}

  push(item: TraceItem): void {
    if (item.type === 'header') this.begin(item.header);
    else if (item.type === 'record') this.record(item.record);
    this.flush(false);
  }

  finish(): void {
    if (!this.started) return;
    this.buffer.push('\n]}\n');
    this.flush(true);
  }

  private flush(force: boolean): void {
    if (this.buffer.length === 0 || (!force && this.buffer.length < 256)) return;
    this.sink(this.buffer.join(''), 1);
    this.buffer = [];
  }

  private begin(h: TraceHeader): void {
    this.started = true;
    const other = { format: 'os2-lab-trace', version: h.version, kernel: h.kernel, scenario: h.scenario, seed: h.seed };
    this.buffer.push(`{"displayTimeUnit":"ms","otherData":${JSON.stringify(other)},"traceEvents":[\n`);
    this.meta({ name: 'process_name', ph: 'M', pid: WORLD_PID, tid: WORLD_PID, args: { name: 'world (ground events and hosts)' } });
    this.meta({ name: 'process_sort_index', ph: 'M', pid: WORLD_PID, tid: WORLD_PID, args: { sort_index: WORLD_PID } });
  }

  private emit(e: TraceEventJson): void {
    this.buffer.push((this.first ? '' : ',\n') + JSON.stringify(e));
    this.first = false;
  }

  private meta(e: TraceEventJson): void {
    this.emit(e);
  }

  private vmPid(vm: readonly number[]): number {
    const key = vm.join('/');
    let pid = this.vmPids.get(key);
    if (pid === undefined) {
      pid = FIRST_VM_PID + this.vmPids.size;
      this.vmPids.set(key, pid);
      const label = vm.length === 0 ? 'ground VM' : `VM ${prettyVmPath(vm as VmPath)} (${this.index.nameOf(vm.slice(0, -1), vm[vm.length - 1]!)})`;
      this.meta({ name: 'process_name', ph: 'M', pid, tid: pid, args: { name: label } });
      this.meta({ name: 'process_sort_index', ph: 'M', pid, tid: pid, args: { sort_index: pid } });
    }
    return pid;
  }

  /** The track of an actor, named (again) when its name is new or has changed. */
  private track(a: Actor): { pid: number; tid: number } {
    const pid = a.lane === 'process' ? this.vmPid(a.vm) : WORLD_PID;
    const name = a.lane === 'process' ? `${this.index.nameOf(a.vm, a.pid!)} (p${a.pid})`
      : a.lane === 'ground' ? 'ground events' : `host ${a.host}`;
    let t = this.tids.get(a.key);
    if (t === undefined || t.name !== name) {
      const tid = t?.tid ?? this.nextTid++;
      t = { tid, pid, name };
      this.tids.set(a.key, t);
      this.meta({ name: 'thread_name', ph: 'M', pid, tid, args: { name } });
      this.meta({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid - TID_BASE } });
    }
    return { pid: t.pid, tid: t.tid };
  }

  private record(r: RecordJson): void {
    if (r.kind === 'ground-event' || r.kind === 'world') this.timeMs = r.time;
    const ts = Math.max(Math.round(this.timeMs * 1000), this.lastTs + 1);
    this.lastTs = ts;
    const ix = this.index.add(r);
    if (!ix.isEvent) return;
    const where = this.track(actorOf(r));
    const live = recordFromJson(r);
    this.emit({ name: sliceName(r), cat: 'os2', ph: 'X', ts, dur: 1, pid: where.pid, tid: where.tid, args: argsOf(r, live, this.timeMs) });
    this.slots.set(r.id, { ts, pid: where.pid, tid: where.tid });
    if (ix.causeEvent === null) return;
    const from = this.slots.get(ix.causeEvent);
    const link = linkOf(r, this.index.brief(r.cause));
    if (from === undefined || !FLOW_LINKS.has(link)) return;
    this.emit({ name: link, cat: 'os2.flow', ph: 's', id: r.id, ts: from.ts, pid: from.pid, tid: from.tid });
    this.emit({ name: link, cat: 'os2.flow', ph: 'f', bp: 'e', id: r.id, ts, pid: where.pid, tid: where.tid });
  }
}

function sliceName(r: RecordJson): string {
  const crashed = 'outcome' in r && r.outcome === 'crashed' ? ' (crashed)' : '';
  switch (r.kind) {
    case 'deliver': {
      const e = r.event;
      const kind = e.type === 'message' ? (e.role.orientation === 'publisher' ? 'message' : 'feedback') : e.type;
      return `${r.endpoint} ${kind}${crashed}`;
    }
    case 'boot':
      return `boot ${r.name}${crashed}`;
    case 'continuation':
      return `continuation ${r.of}${crashed}`;
    case 'quit':
      return r.killedBy === null ? 'quit' : `killed by p${r.killedBy}`;
    case 'ground-event':
      return r.source;
    case 'world':
      return r.what;
    default:
      return r.kind;
  }
}

function argsOf(r: RecordJson, live: ReturnType<typeof recordFromJson>, timeMs: number): Record<string, unknown> {
  const a: Record<string, unknown> = { record: r.id, cause: r.cause, time_ms: timeMs };
  switch (live.kind) {
    case 'deliver':
      a.event = prettyEvent(live.event);
      a.outcome = live.outcome;
      a.actions = live.actions.map((a) => prettyAction(a));
      if (live.reason !== null) a.reason = pretty(live.reason);
      break;
    case 'boot':
      a.parent = live.parent;
      a.nested = live.nested;
      a.outcome = live.outcome;
      a.actions = live.actions.map((a) => prettyAction(a));
      if (live.reason !== null) a.reason = pretty(live.reason);
      break;
    case 'continuation':
      a.outcome = live.outcome;
      a.actions = live.actions.map((a) => prettyAction(a));
      if (live.reason !== null) a.reason = pretty(live.reason);
      break;
    case 'quit':
      a.reason = pretty(live.reason);
      a.killed_by = live.killedBy;
      a.dropped = live.dropped;
      if (live.vanished.length > 0) a.vanished = live.vanished.map((v) => `${prettyVmPath(v.vm)} p${v.pid as Pid} ${v.name}`);
      break;
    case 'ground-event':
      a.event = pretty(live.event);
      a.source = live.source;
      break;
    case 'world':
      a.host = live.host;
      a.detail = pretty(live.detail);
      break;
  }
  return a;
}
