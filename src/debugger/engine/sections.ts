/**
 * The smaller sections of a frame: the status line, "Why?", the sequence chart's window around the
 * cursor, and the names the filters offer.
 */
import { assertNever } from '../../kernel/values.ts';
import { prettyVmPath } from '../../kernel/index.ts';
import type { Printer } from '../views/printer.ts';
import { describeRecord } from '../views/describe.ts';
import type { Model } from '../model.ts';
import { conversationOf, sequenceWindow, whyChain, type SequenceWindow } from '../views/index.ts';
import type { Input } from '../../kernel/ground/index.ts';
import { describeIntervention, type InputView } from '../views/inputs.ts';
import { shown } from '../views/shown.ts';
import { codeFocus, type CodeFocus } from '../views/code-focus.ts';
import type { TraceRecord } from '../../kernel/index.ts';
import type { JobView, NamesView, SequenceView, StatusView, WhyView } from './frame.ts';
import { canGrow, discardsAt, historyStatus, indexOfId, runInputs, type History } from './history.ts';
import type { Job, PlayerState } from './player.ts';
import { watchView } from './watch.ts';
import { encodeInput } from '../trace/inputs.ts';

function jobView(j: Job | null): JobView | null {
  if (j === null) return null;
  switch (j.kind) {
    case 'play':
      return { kind: 'play', fast: j.fast };
    case 'seek':
      return { kind: 'seek', target: j.target };
    case 'to-end':
      return { kind: 'to-end' };
    case 'find':
      return { kind: 'find', label: j.label };
    case 'run-until':
      return { kind: 'run-until' };
    default:
      return assertNever(j, 'job');
  }
}

/**
 * Each input's JSON, made once per input: the status is made for every frame, and inputs are
 * immutable values, so a WeakMap keyed by the input is a cache that cannot go stale.
 */
const inputJson = new WeakMap<Input, unknown>();
function jsonOf(i: Input): unknown {
  let j = inputJson.get(i);
  if (j === undefined) inputJson.set(i, (j = encodeInput(i)));
  return j;
}

function inputViews(s: PlayerState): InputView[] {
  const h = s.history;
  const view = (i: Input, state: InputView['state'], atRecord: number | null): InputView => ({
    atStep: i.atStep, atRecord, state, text: describeIntervention(i), json: jsonOf(i),
  });
  return [
    ...h.applied.slice().map((a) => view(a.input, 'applied', a.atRecord + 1)),
    ...(h.run?.pending ?? []).map((i) => view(i, 'pending', null)),
    ...(s.recorded?.unapplied ?? []).map((i) => view(i, 'never', null)),
  ];
}

/** What the current record points at in the source (the Code panel's highlight). */
function focusOf(h: History, r: TraceRecord, model: Model): CodeFocus {
  const at = r.cause === null ? null : indexOfId(h, r.cause);
  return codeFocus(r, at === null ? undefined : h.records.get(at), model);
}

export function statusView(s: PlayerState, model: Model, print: Printer): StatusView {
  const h = s.history;
  const r = h.records.get(s.cursor - 1);
  const p = s.selection.process === null ? undefined : model.procs.get(s.selection.process);
  return {
    origin: s.origin, cursor: s.cursor, length: h.records.length, status: historyStatus(h), canGrow: canGrow(h),
    job: jobView(s.job), speed: s.speed, exploring: s.exploring, time: model.time,
    current: r === undefined ? null : { index: s.cursor - 1, id: r.id, text: shown(print.record(r)), focus: focusOf(h, r, model) },
    selection: s.selection,
    selected: p === undefined ? null : { key: p.key, pid: p.pid, name: p.name, vm: p.vm, alive: p.alive },
    filters: s.filters, notices: s.notices, found: s.found, watch: watchView(s.watch), inputs: inputViews(s),
    discardAtCursor: h.run === null ? 0 : discardsAt(h, s.cursor),
    previous: s.previous?.origin ?? null,
    undo: s.undo === null ? null : { seed: s.undo.origin.seed, cursor: s.undo.cursor, inputs: runInputs(s.undo.history).length },
    steps: (h.boundaries.last()?.steps ?? 0) + 1,
    runId: s.runId,
    endStatus: s.recorded?.endStatus ?? null,
    world: h.run === null ? null : { vmHost: h.run.sim.world.vmHost, clients: [...h.run.sim.world.clients.keys()] },
  };
}

export function whyView(h: History, index: number, links: number, print: Printer): WhyView | null {
  const r = h.records.get(index);
  if (r === undefined) return null;
  const chain = whyChain(h.records.readNow(), index, (id) => indexOfId(h, id));
  const lines = chain.slice(0, links).map((l) => ({ index: l.index, id: l.record.id, ...describeRecord(l.record, h.frontier, print) }));
  return { index, id: r.id, lines, total: chain.length };
}

/** Records shown before and after the cursor's block of 100 in the sequence chart. */
const SEQ_BEFORE = 400;
const SEQ_AFTER = 150;
const SEQ_BLOCK = 100;

/** The sequence chart around the cursor, its window moving in blocks so it does not re-lay out every step. */
export class SequenceSection {
  constructor(private readonly print: Printer) {}

  private memo: { key: readonly unknown[]; window: SequenceWindow } | null = null;
  private conversation: { at: unknown; length: number; set: ReadonlySet<number> } | null = null;
  private past: { whole: ReadonlySet<number>; limit: number; set: ReadonlySet<number> } | null = null;

  /** The conversation's records before `limit` (the same set while neither changes). */
  private before(whole: ReadonlySet<number>, limit: number): ReadonlySet<number> {
    const p = this.past;
    if (p !== null && p.whole === whole && p.limit === limit) return p.set;
    const set = new Set([...whole].filter((i) => i < limit));
    this.past = { whole, limit, set };
    return set;
  }

  private conversationAt(h: History, cursor: number): ReadonlySet<number> {
    const at = h.records.get(cursor - 1);
    const c = this.conversation;
    if (c !== null && c.at === at && c.length === h.records.length) return c.set;
    const set = conversationOf(h.records.readNow(), cursor - 1, (id) => indexOfId(h, id), h.records.length);
    this.conversation = { at, length: h.records.length, set };
    return set;
  }

  /** With `hideFuture`, nothing after the cursor (a tour question is open). */
  view(h: History, cursor: number, conversationOnly: boolean, hideFuture = false): { key: readonly unknown[]; view: SequenceView } {
    const length = hideFuture ? Math.min(cursor, h.records.length) : h.records.length;
    const whole = conversationOnly && cursor > 0 ? this.conversationAt(h, cursor) : null;
    const conversation = whole === null || !hideFuture ? whole : this.before(whole, length);
    const block = Math.floor(cursor / SEQ_BLOCK) * SEQ_BLOCK;
    const from = conversation === null ? Math.max(0, Math.min(length, block - SEQ_BEFORE)) : Math.min(...conversation);
    const to = conversation === null ? Math.min(length, block + SEQ_BLOCK + SEQ_AFTER) : Math.max(...conversation) + 1;
    const key = [from, to, h.records.get(from), h.records.get(to - 1), conversation];
    const m = this.memo;
    let shownWindow: SequenceWindow;
    if (m !== null && m.key.every((x, i) => Object.is(x, key[i]))) shownWindow = m.window;
    else {
      const byId = (id: number) => {
        const i = indexOfId(h, id);
        return i === null ? undefined : h.records.get(i);
      };
      shownWindow = sequenceWindow(h.records.readNow(), from, to, byId, h.frontier, conversation, this.print);
      this.memo = { key, window: shownWindow };
    }
    let currentPos = -1;
    shownWindow.events.forEach((e, i) => {
      if (e.index < cursor) currentPos = i;
    });
    return { key: [shownWindow, currentPos], view: { ...shownWindow, currentPos } };
  }
}

/** The processes and VMs the log's filters offer, resent only when the list changes. */
export class NamesSection {
  private last: NamesView = { procs: [], vms: [] };
  private version = 0;

  view(frontier: Model): { key: readonly unknown[]; view: NamesView } {
    const procs = [...frontier.procs.values()].map((p) => ({ key: p.key, name: p.name }));
    const vms = new Set<string>(['ground']);
    for (const p of frontier.procs.values()) if (p.isVm) vms.add(prettyVmPath([...p.vm, p.pid]));
    const same =
      procs.length === this.last.procs.length &&
      vms.size === this.last.vms.length &&
      procs.every((p, i) => p.key === this.last.procs[i]!.key && p.name === this.last.procs[i]!.name);
    if (!same) {
      this.last = { procs, vms: [...vms] };
      this.version++;
    }
    return { key: [this.version], view: this.last };
  }
}
