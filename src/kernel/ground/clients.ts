/**
 * Scripted client hosts: simulated machines on the virtual network that talk to the os2 VM the
 * way a person with telnet or dig would. They live in the world, not in the VM.
 *
 * Data definition:
 *   ClientSpec  = { name, host, steps }
 *   ClientStep  = at(ms) | sleep(ms) | connect(host, port) | send(text or bytes) | expect-line
 *               | expect-bytes(n) | expect-eof | close | udp-send(host, port, bytes) | udp-expect
 *   ClientState = { spec, pc, started (the current step has begun), conn, sock, wakeAt }
 * Rule: advanceClient runs the script from pc until a step must wait (for time, a connection, a
 * line, EOF or a datagram); the world calls it again when something arrives for the client.
 */
import type { RecordId } from '../ids.ts';
import { bytes, struct, type Term } from '../term.ts';
import { schedule } from './network.ts';
import {
  atEof, getEnd, takeBytes, takeLine, tcpClose, tcpConnect, tcpWrite, udpBind, udpSend, udpTake, type Note, type World, type WorldStep,
} from './world.ts';

export type ClientStep =
  | { readonly op: 'at'; readonly ms: number }
  | { readonly op: 'sleep'; readonly ms: number }
  | { readonly op: 'connect'; readonly host: string; readonly port: number }
  | { readonly op: 'send'; readonly text: string | Uint8Array }
  | { readonly op: 'expect-line' }
  | { readonly op: 'expect-eof' }
  /** Waits until `n` bytes have arrived (or EOF) and consumes them: for binary protocols. */
  | { readonly op: 'expect-bytes'; readonly n: number }
  | { readonly op: 'close' }
  | { readonly op: 'udp-send'; readonly host: string; readonly port: number; readonly data: Uint8Array }
  | { readonly op: 'udp-expect'; readonly timeoutMs?: number };

export interface ClientSpec {
  readonly name: string;
  readonly host: string;
  readonly steps: readonly ClientStep[];
}

export interface ClientState {
  readonly spec: ClientSpec;
  readonly pc: number;
  readonly started: boolean;
  readonly conn: number | null;
  readonly sock: number | null;
  readonly wakeAt: number | null;
}

export const initialClient = (spec: ClientSpec): ClientState => ({
  spec, pc: 0, started: false, conn: null, sock: null, wakeAt: null,
});

type Advance = { world: World; notes: Note[]; next: 'continue' | 'wait' };

const MAX_STEPS_PER_WAKE = 10_000;

export function advanceClient(w: World, name: string, cause: RecordId | null): WorldStep {
  const notes: Note[] = [];
  for (let i = 0; i < MAX_STEPS_PER_WAKE; i++) {
    const c = w.clients.get(name);
    const step = c?.spec.steps[c.pc];
    if (c === undefined || step === undefined) break;
    const r = runStep(w, c, step, cause);
    w = r.world;
    notes.push(...r.notes);
    if (r.next === 'wait') break;
    const after = w.clients.get(name)!;
    w = put(w, { ...after, pc: after.pc + 1, started: false, wakeAt: null });
  }
  return { world: w, notes };
}

const put = (w: World, c: ClientState): World => ({ ...w, clients: w.clients.set(c.spec.name, c) });

function note(c: ClientState, what: string, detail: Term): Note {
  return { what, host: c.spec.host, detail: struct(what, c.spec.name, detail) };
}

function waitUntil(w: World, c: ClientState, at: number, cause: RecordId | null): Advance {
  if (w.now >= at) return { world: w, notes: [], next: 'continue' };
  if (c.wakeAt === at) return { world: w, notes: [], next: 'wait' };
  const net = schedule(w.net, { kind: 'wake', client: c.spec.name }, at, cause);
  return { world: put({ ...w, net }, { ...c, wakeAt: at }), notes: [], next: 'wait' };
}

function runStep(w: World, c: ClientState, step: ClientStep, cause: RecordId | null): Advance {
  switch (step.op) {
    case 'at':
      return waitUntil(w, c, step.ms, cause);
    case 'sleep':
      return waitUntil(w, c, c.wakeAt ?? w.now + step.ms, cause);
    case 'connect':
      return connect(w, c, step, cause);
    case 'send': {
      const data = typeof step.text === 'string' ? bytes(step.text) : step.text;
      if (c.conn === null) return { world: w, notes: [note(c, 'client-error', 'send without a connection')], next: 'continue' };
      const [world, result] = tcpWrite(w, c.conn, data, cause);
      const ok = typeof result === 'number';
      return { world, notes: [note(c, ok ? 'client-send' : 'client-error', ok ? data : result)], next: 'continue' };
    }
    case 'expect-line': {
      if (c.conn === null) return { world: w, notes: [], next: 'continue' };
      const taken = takeLine(w, c.conn);
      return taken === null ? { world: w, notes: [], next: 'wait' } : { world: taken[0], notes: [], next: 'continue' };
    }
    case 'expect-bytes': {
      if (c.conn === null) return { world: w, notes: [], next: 'continue' };
      const end = getEnd(w, c.conn);
      if (end === undefined || (end.inbuf.length < step.n && !atEof(end) && !end.peerClosed)) return { world: w, notes: [], next: 'wait' };
      const taken = takeBytes(w, c.conn, step.n);
      return { world: taken === null ? w : taken[0], notes: [], next: 'continue' };
    }
    case 'expect-eof': {
      const eof = c.conn === null || atEof(getEnd(w, c.conn));
      return { world: w, notes: eof ? [note(c, 'client-eof', c.conn)] : [], next: eof ? 'continue' : 'wait' };
    }
    case 'close':
      if (c.conn === null) return { world: w, notes: [], next: 'continue' };
      return { world: tcpClose(w, c.conn, cause), notes: [note(c, 'client-close', c.conn)], next: 'continue' };
    case 'udp-send':
      return udpSendStep(w, c, step, cause);
    case 'udp-expect':
      return udpExpect(w, c, step, cause);
  }
}

function connect(w: World, c: ClientState, step: Extract<ClientStep, { op: 'connect' }>, cause: RecordId | null): Advance {
  if (!c.started) {
    const [world, id] = tcpConnect(w, c.spec.host, c.spec.name, step.host, step.port, cause);
    const started = { ...c, started: true, conn: id };
    return { world: put(world, started), notes: [note(c, 'client-connect', `${step.host}:${step.port}`)], next: 'wait' };
  }
  const end = c.conn === null ? undefined : getEnd(w, c.conn);
  if (end?.state === 'connecting') return { world: w, notes: [], next: 'wait' };
  if (end?.state === 'established') return { world: w, notes: [], next: 'continue' };
  return { world: w, notes: [note(c, 'client-refused', `${step.host}:${step.port}`)], next: 'continue' };
}

function ensureSocket(w: World, c: ClientState): [World, ClientState] {
  if (c.sock !== null) return [w, c];
  const [world, bound] = udpBind(w, c.spec.host, c.spec.name, false);
  const id = typeof bound === 'object' && bound !== null && 'fields' in bound ? (bound.fields[0] as number) : null;
  const next = { ...c, sock: id };
  return [put(world, next), next];
}

function udpSendStep(w: World, c: ClientState, step: Extract<ClientStep, { op: 'udp-send' }>, cause: RecordId | null): Advance {
  [w, c] = ensureSocket(w, c);
  if (c.sock === null) return { world: w, notes: [note(c, 'client-error', 'no udp socket')], next: 'continue' };
  const s = udpSend(w, c.sock, step.host, step.port, step.data, cause);
  return { world: s.world, notes: [note(c, 'client-udp-send', step.data), ...s.notes], next: 'continue' };
}

function udpExpect(w: World, c: ClientState, step: Extract<ClientStep, { op: 'udp-expect' }>, cause: RecordId | null): Advance {
  if (c.sock !== null) {
    const taken = udpTake(w, c.sock);
    if (taken !== null) return { world: taken[0], notes: [], next: 'continue' };
  }
  if (step.timeoutMs === undefined) return { world: w, notes: [], next: 'wait' };
  const deadline = c.wakeAt ?? w.now + step.timeoutMs;
  if (w.now >= deadline) return { world: w, notes: [note(c, 'client-timeout', step.timeoutMs)], next: 'continue' };
  return waitUntil(w, c, deadline, cause);
}
