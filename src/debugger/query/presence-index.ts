/**
 * The query index of a history: a fold over its records, fed in chunks as the history grows, that
 * knows who was aware of whom over which records (issue 15).
 *
 * Data definition (positions are record indexes, 0-based; an interval [from, to) covers record p
 * iff from ≤ p < to, `to` = OPEN while it lasts):
 *   per record   code (record-kinds.ts), proc (the record's process, -1 none), from (the peer of a
 *                presence or absence, the sender of a message, -1 none), step, time (virtual ms:
 *                that of the latest ground-event or world record)
 *   processes, endpoints   tables.ts, with their lifetimes
 *   knows        interval k: endpoint observer[k] knew of endpoint peer[k] — from the presence
 *                delivered to it to the absence delivered to it (end 'absence', with its reason), or
 *                to the removal of its own endpoint ('removed') or its vanishing with its VM
 *                ('vanished'). role[k] is the presence's role: the peer's orientation and interest,
 *                the two topics' intersection. "Mutually visible" pairs have an interval each way.
 *   alone        interval k: endpoint aloneOf[k] knew of no peer (from its add-role, or the absence
 *                of its last peer, to its next presence or its removal): orphaned interest
 *   byKind       the records of each kind, ascending (a selection by kind reads only those)
 * Relays: an event relayed into a nested VM is delivered twice — to the VM process's relay endpoint
 * in the container (outcome relayed, with the peer), then to the inner at-meta-level endpoint (its
 * cause, no peer). The inner one takes its peer (and meta endpoint) from the relay record.
 * Rule: feed(records, step) folds each record in order; nothing already folded ever changes except
 * the end of an interval still open. A history that branches is indexed again (query-index.ts).
 */
import type { EndpointName, Pid, Role, Term, TraceRecord, VmPath } from '../../kernel/index.ts';
import { ByteColumn, FloatColumn, IntColumn } from './columns.ts';
import { IntervalStore } from './intervals.ts';
import { CRASHED_FLAG, KIND_MASK, RECORD_KINDS, RELAYED_FLAG, recordCode } from './record-kinds.ts';
import { EndpointTable, ProcessTable } from './tables.ts';

/** How a knows interval ended. */
export const END_KINDS = ['open', 'absence', 'removed', 'vanished'] as const;
export type EndKind = (typeof END_KINDS)[number];

/** What a relayed delivery tells the inner one: the peer's endpoint and process. */
interface RelayFacts {
  readonly peerEndpoint: number;
  readonly peerProc: number;
}

export class PresenceIndex {
  readonly codes = new ByteColumn();
  readonly procs = new IntColumn();
  readonly froms = new IntColumn();
  readonly steps = new IntColumn();
  readonly times = new FloatColumn();
  readonly ids = new IntColumn();
  readonly byKind: readonly IntColumn[] = RECORD_KINDS.map(() => new IntColumn());
  readonly crashes = new IntColumn();
  readonly processes = new ProcessTable();
  readonly endpoints = new EndpointTable();
  readonly knows = new IntervalStore();
  readonly observer = new IntColumn();
  readonly peer = new IntColumn();
  readonly knowsRole: Role[] = [];
  readonly knowsEnd = new ByteColumn();
  readonly knowsReason = new Map<number, Term>();
  readonly alone = new IntervalStore();
  readonly aloneOf = new IntColumn();
  /** Each endpoint's knows intervals as observer (ascending), and its open ones by peer endpoint. */
  readonly observed: number[][] = [];
  private readonly openByPeer: Map<number, number>[] = [];
  private readonly openAlone: number[] = [];
  private readonly relays = new Map<number, RelayFacts>();
  /**
   * Names learnt after their process's first record (a history that starts part way): what a
   * record or interval before it matched by name may change, so a live query starts again (live.ts).
   */
  lateNames = 0;
  private time = 0;

  /** Records folded so far. */
  get length(): number {
    return this.codes.length;
  }

  feed(records: readonly TraceRecord[], step: number): void {
    for (const r of records) this.fold(r, step);
  }

  private fold(r: TraceRecord, step: number): void {
    const at = this.codes.length;
    for (const s of [this.knows, this.alone, this.processes.lives, this.endpoints.lives]) s.before(at);
    if (r.kind === 'ground-event' || r.kind === 'world') this.time = r.time;
    const code = recordCode(r);
    const proc = r.pid === null ? -1 : this.processes.of(r.vm, r.pid, at);
    this.codes.push(code);
    this.procs.push(proc);
    this.steps.push(step);
    this.times.push(this.time);
    this.ids.push(r.id);
    this.byKind[code & KIND_MASK]!.push(at);
    if ((code & CRASHED_FLAG) !== 0) this.crashes.push(at);
    this.froms.push(this.apply(r, at, proc));
  }

  /** Applies the record to the tables; returns its `from` (peer or sender process, or -1). */
  private apply(r: TraceRecord, at: number, proc: number): number {
    switch (r.kind) {
      case 'boot':
        if (this.processes.lives.froms.get(proc) < at) this.lateNames++;
        this.processes.entries[proc]!.name = r.name;
        return -1;
      case 'endpoint':
        this.endpointChange(r, at, proc);
        return -1;
      case 'deliver':
        return this.deliver(r, at, proc);
      case 'quit':
        this.processes.end(proc, at, r.reason);
        this.vanish(r.vanished, at);
        return -1;
      case 'gc':
        this.vanish(r.vanished, at);
        return -1;
      default:
        return -1;
    }
  }

  private endpointChange(r: Extract<TraceRecord, { kind: 'endpoint' }>, at: number, proc: number): void {
    if (r.change === 'replaced') return;
    if (r.change === 'added') {
      const e = this.endpoints.add(proc, r.endpoint, r.meta, r.role, at);
      this.observed[e] = [];
      this.openByPeer[e] = new Map();
      this.openAlone[e] = this.openAloneAt(e, at);
      return;
    }
    const e = this.endpoints.find(proc, r.meta, r.endpoint);
    if (e !== undefined) this.endEndpoint(e, at, 'removed', r.reason);
  }

  private openAloneAt(e: number, at: number): number {
    this.aloneOf.push(e);
    return this.alone.open(at);
  }

  private endEndpoint(e: number, at: number, how: EndKind, reason: Term | null): void {
    this.endpoints.end(e, at, reason);
    for (const k of this.openByPeer[e]!.values()) this.closeKnows(k, at, how, reason);
    this.openByPeer[e]!.clear();
    this.alone.close(this.openAlone[e]!, at);
  }

  private closeKnows(k: number, at: number, how: EndKind, reason: Term | null): void {
    this.knows.close(k, at);
    this.knowsEnd.set(k, END_KINDS.indexOf(how));
    if (reason !== null) this.knowsReason.set(k, reason);
  }

  private vanish(gone: readonly { readonly vm: VmPath; readonly pid: Pid }[], at: number): void {
    for (const v of gone) {
      const p = this.processes.find(v.vm, v.pid);
      if (p === undefined) continue;
      this.processes.end(p, at, null);
      for (const e of this.endpoints.ofProcess[p] ?? []) if (this.endpoints.lives.isOpen(e)) this.endEndpoint(e, at, 'vanished', null);
    }
  }

  private deliver(r: Extract<TraceRecord, { kind: 'deliver' }>, at: number, proc: number): number {
    const relayed = r.cause === null ? undefined : this.relays.get(r.cause);
    const relaying = (this.codes.last()! & RELAYED_FLAG) !== 0;
    if (r.event.type === 'message') {
      const sender = relayed !== undefined ? relayed.peerProc : this.senderOf(r.cause);
      if (relaying) this.relays.set(r.id, { peerEndpoint: -1, peerProc: sender });
      return sender;
    }
    const meta = relayed !== undefined;
    const observer = this.endpoints.find(proc, meta, r.endpoint) ?? this.endpoints.add(proc, r.endpoint, meta, r.event.role, at);
    this.observed[observer] ??= [];
    this.openByPeer[observer] ??= new Map();
    this.openAlone[observer] ??= this.openAloneAt(observer, at);
    const peer = r.peer !== null ? this.peerIn(r.vm, r.peer.pid, r.peer.endpoint, at) : relayed;
    if (peer === undefined) return -1;
    if (relaying) this.relays.set(r.id, peer);
    if (r.event.type === 'presence') this.presence(observer, peer.peerEndpoint, r.event.role, at);
    else this.absence(observer, peer.peerEndpoint, at, r.event.reason);
    return peer.peerProc;
  }

  private peerIn(vm: VmPath, pid: Pid, name: EndpointName, at: number): RelayFacts {
    const peerProc = this.processes.of(vm, pid, at);
    const peerEndpoint = this.endpoints.find(peerProc, false, name) ?? this.addUnseen(peerProc, name, at);
    return { peerEndpoint, peerProc };
  }

  /** An endpoint named before its add-role was seen (a history that starts part way). */
  private addUnseen(proc: number, name: string, at: number): number {
    const e = this.endpoints.add(proc, name, false, { orientation: 'publisher', topic: null, interest: 'participant' }, at);
    this.observed[e] = [];
    this.openByPeer[e] = new Map();
    this.openAlone[e] = this.openAloneAt(e, at);
    return e;
  }

  private presence(observer: number, peer: number, role: Role, at: number): void {
    const open = this.openByPeer[observer]!;
    if (open.has(peer)) return;
    const k = this.knows.open(at);
    this.observer.push(observer);
    this.peer.push(peer);
    this.knowsRole.push(role);
    this.knowsEnd.push(0);
    open.set(peer, k);
    this.observed[observer]!.push(k);
    if (open.size === 1) this.alone.close(this.openAlone[observer]!, at);
  }

  private absence(observer: number, peer: number, at: number, reason: Term): void {
    const open = this.openByPeer[observer]!;
    const k = open.get(peer);
    if (k === undefined) return;
    open.delete(peer);
    this.closeKnows(k, at, 'absence', reason);
    if (open.size === 0 && this.endpoints.lives.isOpen(observer)) this.openAlone[observer] = this.openAloneAt(observer, at);
  }

  /** The sender of a message: the process of the send action that caused it (-1: the ground). */
  private senderOf(cause: number | null): number {
    if (cause === null || this.ids.length === 0) return -1;
    const i = cause - this.ids.get(0);
    return i >= 0 && i < this.procs.length ? this.procs.get(i) : -1;
  }
}
