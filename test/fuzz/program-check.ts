/**
 * The oracle of the hostile-program fuzzer (programs.ts): what must hold for every program.
 *
 *   escape            the kernel threw to its caller (a user value escaped crash containment)
 *   crash             the trace writer, the pretty-printer or the debugger's model threw on a record
 *   unreadable        the reader or the importer refused the written trace, or a record read back
 *                     is not the one written (its line in canonical form, its decoded record)
 *   nondeterministic  the same seed, run again, gave a different trace (byte for byte)
 *   unpaired          presence and absence do not pair up: an endpoint heard of a peer twice, of
 *                     an absence without a presence, or a pair is still open when one of its
 *                     endpoints is gone (decision D3; a collected nested VM's inner pairs aside, D7)
 *   shared            what a handler was given differs from its deliver record as written, two
 *                     receivers of one message were given different messages, or a record changed
 *                     after it was written (a receiver's change reached someone else)
 *   hang              the program took longer than its budget (the campaign also stops a worker)
 * A run ends when the VM is idle or after MAX_STEPS steps (a program may keep itself busy).
 */
import { applyRecord, emptyModel, type Model } from '../../src/debugger/model.ts';
import { RecordedBuilder } from '../../src/debugger/engine/recorded.ts';
import {
  Fnv64, TraceReader, TraceWriter, makeHeader, recordFromJson, serializeRecord, type TraceItem,
} from '../../src/debugger/trace/index.ts';
import { groundStatus, groundVm, injectMessage, killProcess, stepGround, type GroundStep, type GroundVM } from '../../src/kernel/ground/index.ts';
import { pid, prettyRecord, type Term, type TraceRecord } from '../../src/kernel/index.ts';
import { innerVm, type VM } from '../../src/kernel/vm.ts';
import { hostileProgram, type Received } from './programs.ts';

/** Steps one program may run (a round, or an intervention from outside). */
export const MAX_STEPS = 60;
/** A program's time budget for both its runs and all the checks (ms). */
export const PROGRAM_BUDGET_MS = 20_000;

export type ProblemKind = 'escape' | 'crash' | 'unreadable' | 'nondeterministic' | 'unpaired' | 'shared' | 'hang';

export interface ProgramVerdict {
  readonly seed: number;
  readonly steps: number;
  readonly records: number;
  /** What happened, by kind (seen() below): for showing that the programs are not vacuous. */
  readonly seen: Readonly<Record<string, number>>;
  readonly ms: number;
  readonly problems: readonly { readonly kind: ProblemKind; readonly detail: string }[];
}

const text = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : typeof e).slice(0, 300);

interface Ran {
  readonly lines: string[];
  readonly records: TraceRecord[];
  /** What the program's handlers were given, in order (programs.ts). */
  readonly received: readonly Received[];
  readonly ground: GroundVM;
  readonly steps: number;
  readonly problems: { kind: ProblemKind; detail: string }[];
}

/** One step: an intervention from outside if the program has one now, else a round (null: idle). */
function step(g: GroundVM, program: ReturnType<typeof hostileProgram>, n: number): GroundStep | null {
  const o = program.outside(n);
  if (o?.inject !== undefined) return injectMessage(g, o.inject as Term);
  if (o?.kill !== undefined) return killProcess(g, [], pid(o.kill.pid), o.kill.reason as Term);
  return g.vm.runnable.size > 0 ? stepGround(g) : null;
}

/** Runs program `seed` once, writing its trace; every record is pretty-printed and modelled. */
export function runOnce(seed: number): Ran {
  const program = hostileProgram(seed);
  const problems: Ran['problems'] = [];
  const lines: string[] = [];
  const records: TraceRecord[] = [];
  let g = groundVm(program.boot, { limits: program.limits, routing: seed % 4 === 0 ? 'naive' : 'trie' });
  const w = new TraceWriter(makeHeader({ scenario: 'hostile-program', seed, options: { limits: g.options.limits } }), (l) => lines.push(l));
  let model: Model = emptyModel;
  let n = 0;
  for (; n < MAX_STEPS; n++) {
    let s: GroundStep | null;
    try {
      s = step(g, program, n);
    } catch (e) {
      problems.push({ kind: 'escape', detail: `step ${n}: ${text(e)}` });
      break;
    }
    if (s === null) break;
    g = s.ground;
    try {
      w.step(s.records);
      for (const r of s.records) {
        prettyRecord(r);
        model = applyRecord(model, r);
      }
    } catch (e) {
      problems.push({ kind: 'crash', detail: `step ${n}: ${text(e)}` });
      break;
    }
    records.push(...s.records);
  }
  w.end(groundStatus(g));
  return { lines, records, received: program.received, ground: g, steps: n, problems };
}

/** The written lines, read back: every record canonical, decoded to the same line, printable, importable. */
export function readBack(lines: readonly string[]): string[] {
  const out: string[] = [];
  const reader = new TraceReader();
  const importer = new RecordedBuilder();
  try {
    for (const line of lines) {
      const item: TraceItem = reader.line(line);
      importer.push(item);
      if (item.type !== 'record') continue;
      if (JSON.stringify(item.raw) !== line) out.push(`line ${item.line} is not read in its canonical form`);
      const back = recordFromJson(item.record);
      prettyRecord(back);
      if (serializeRecord(back) !== line) out.push(`line ${item.line} reads back as a different record`);
    }
    reader.finish();
    importer.finish();
  } catch (e) {
    out.push(text(e));
  }
  return out.slice(0, 5);
}

/** The VM at `path` in the final ground VM, or null if it went away. */
function vmAt(g: GroundVM, path: readonly number[]): VM | null {
  let vm: VM | null = g.vm;
  for (const p of path) {
    const proc: ReturnType<VM["processes"]["get"]> = vm?.processes.get(pid(p));
    vm = proc === undefined ? null : innerVm(proc);
  }
  return vm;
}

/** Presence and absence pair up per (endpoint, peer), and no pair stays open past either endpoint. */
export function pairing(records: readonly TraceRecord[], g: GroundVM): string[] {
  const open = new Map<string, { vm: readonly number[]; a: [number, string]; b: [number, string] }>();
  const out: string[] = [];
  for (const r of records) {
    if (r.kind !== 'deliver' || r.peer === null || r.pid === null || r.event.type === 'message') continue;
    const key = JSON.stringify([r.vm, r.pid, r.endpoint, r.peer.pid, r.peer.endpoint]);
    const isOpen = open.has(key);
    if (r.event.type === 'presence' && isOpen) out.push(`#${r.id}: a second presence without an absence (${key})`);
    if (r.event.type === 'absence' && !isOpen) out.push(`#${r.id}: an absence without a presence (${key})`);
    if (r.event.type === 'presence') open.set(key, { vm: r.vm, a: [r.pid, r.endpoint], b: [r.peer.pid, r.peer.endpoint] });
    else open.delete(key);
  }
  for (const [key, p] of open) {
    const vm = vmAt(g, p.vm);
    if (vm === null) continue;
    const alive = ([q, ep]: [number, string]): boolean => vm.processes.get(pid(q))?.endpoints.has(ep as never) ?? false;
    if (!alive(p.a) || !alive(p.b)) out.push(`a pair still open after one of its endpoints went away (${key})`);
  }
  return out.slice(0, 5);
}

/** A record line: the writer writes records as `{"id":…`, steps, the header and the end otherwise. */
const isRecordLine = (l: string): boolean => l.startsWith('{"id":');

/** A VM process's relay endpoint is named "child/name" (actions.ts relayName); the programs' names have no "/". */
const isRelay = (endpoint: string): boolean => endpoint.includes('/');

interface DeliverJson {
  readonly id: number;
  readonly cause: number | null;
  readonly vm: readonly number[];
  readonly kind: string;
  readonly endpoint: string;
  readonly event: { readonly type: string; readonly role: unknown; readonly reason?: unknown; readonly message?: unknown };
}

/** The part of a deliver record's event (as written) that a handler of `view` is given. */
function viewOf(r: DeliverJson, view: Received['view']): string {
  const e = r.event;
  switch (view) {
    case 'presence':
      return JSON.stringify(e.role);
    case 'absence':
      return JSON.stringify([e.role, e.reason]);
    case 'message':
      return JSON.stringify(e.message);
    case 'event':
      return JSON.stringify(e);
  }
}

/**
 * No receiver's change reaches anyone else: each record reads as it was written (no change after
 * its step), each handler was given what its deliver record says (user handlers run in record
 * order), and the receivers of one message (deliveries with one cause) were all given one message.
 */
export function sharing(ran: Ran): string[] {
  const out: string[] = [];
  const written = ran.lines.filter(isRecordLine);
  ran.records.forEach((r, i) => {
    if (serializeRecord(r) !== written[i]) out.push(`record #${r.id} changed after it was written`);
  });
  const delivers = written.map((l) => JSON.parse(l) as DeliverJson).filter((r) => r.kind === 'deliver' && !isRelay(r.endpoint));
  if (delivers.length !== ran.received.length) out.push(`${ran.received.length} handler runs, ${delivers.length} deliver records`);
  delivers.forEach((r, i) => {
    const got = ran.received[i];
    if (got !== undefined && got.json !== viewOf(r, got.view)) out.push(`#${r.id}: the handler was given ${got.json.slice(0, 120)}, the record says ${viewOf(r, got.view).slice(0, 120)}`);
  });
  const bodies = new Map<string, string>();
  for (const r of delivers) {
    if (r.event.type !== 'message') continue;
    const key = JSON.stringify([r.vm, r.cause]);
    const body = JSON.stringify(r.event.message);
    if ((bodies.get(key) ?? body) !== body) out.push(`#${r.id}: receivers of one message were given different messages`);
    bodies.set(key, body);
  }
  return out.slice(0, 5);
}

/** The kinds of things a run did: events delivered, crashes and their reasons, limits, nested VMs. */
export function seen(records: readonly TraceRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  const count = (k: string): void => {
    out[k] = (out[k] ?? 0) + 1;
  };
  for (const r of records) {
    if (r.kind === 'deliver') count(r.event.type);
    if (r.kind === 'boot' && r.nested) count('nested-vm');
    if (r.kind === 'limit') count(`limit ${r.limit}`);
    if (r.kind === 'quit' && r.reason !== null && typeof r.reason === 'object' && 'struct' in r.reason) {
      const f = r.reason.fields;
      count(r.reason.struct === 'error' || r.reason.struct === 'limit' ? `${r.reason.struct} ${String(f[0])}` : r.reason.struct);
    }
  }
  return out;
}

function hashOf(lines: readonly string[]): string {
  const h = new Fnv64();
  for (const l of lines) h.update(l).update('\n');
  return h.hex();
}

/** Every check of program `seed` (two runs). */
export function checkProgram(seed: number): ProgramVerdict {
  const t0 = performance.now();
  const first = runOnce(seed);
  const problems = [...first.problems];
  for (const detail of readBack(first.lines)) problems.push({ kind: 'unreadable', detail });
  for (const detail of pairing(first.records, first.ground)) problems.push({ kind: 'unpaired', detail });
  if (first.problems.length === 0) for (const detail of sharing(first)) problems.push({ kind: 'shared', detail });
  const again = runOnce(seed);
  if (hashOf(again.lines) !== hashOf(first.lines)) {
    const at = first.lines.findIndex((l, i) => l !== again.lines[i]);
    problems.push({ kind: 'nondeterministic', detail: `line ${at + 1} differs` });
  }
  const ms = performance.now() - t0;
  if (ms > PROGRAM_BUDGET_MS) problems.push({ kind: 'hang', detail: `${Math.round(ms)} ms, over ${PROGRAM_BUDGET_MS} ms` });
  return { seed, steps: first.steps, records: first.records.length, seen: seen(first.records), ms, problems };
}
