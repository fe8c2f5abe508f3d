/**
 * Syncing on a virtual event descriptor (spec §4.4–4.5): is it ready, and what happens when the
 * ground picks it. The table of descriptors is in descriptors.ts.
 *
 * Rule: ready(world, evt) → { cause } when the descriptor can fire now (cause: the arrival that
 * made it ready, if any), else null. perform(world, evt) → the new world, the value sent to the
 * subscribers as [evt, value], and notes for the trace.
 */
import { List } from 'immutable';
import type { RecordId } from '../ids.ts';
import { isBytes, struct, type EvtTerm, type Term } from '../term.ts';
import { EOF, OK } from './descriptors.ts';
import { listenerKey } from './network.ts';
import {
  atEof, getEnd, takeBytes, takeLine, tcpClose, tcpConnect, tcpWrite, udpBind, udpSend, udpTake, type Note, type World,
} from './world.ts';

export interface Fired {
  readonly world: World;
  readonly value: Term;
  readonly notes: readonly Note[];
}

const num = (t: Term | undefined): number => (typeof t === 'number' ? t : NaN);

/** null: not ready; otherwise the record that made it ready (or null for "always ready"). */
export function ready(w: World, e: EvtTerm): { cause: RecordId | null } | null {
  const a = e.args;
  switch (e.evt) {
    case 'timer':
      return w.now >= num(a[0]) ? { cause: null } : null;
    case 'tcp-accept': {
      const l = w.net.listeners.get(listenerKey(w.vmHost, num(a[0])));
      return l !== undefined && l.pending.size > 0 ? { cause: l.lastArrival } : null;
    }
    case 'tcp-established': {
      const end = getEnd(w, num(a[0]));
      return end === undefined || end.state !== 'connecting' ? { cause: end?.lastArrival ?? null } : null;
    }
    case 'tcp-read-line': {
      const end = getEnd(w, num(a[0]));
      return takeLine(w, num(a[0])) !== null ? { cause: end?.lastArrival ?? null } : null;
    }
    case 'tcp-read': {
      const end = getEnd(w, num(a[0]));
      return takeBytes(w, num(a[0]), 1) !== null ? { cause: end?.lastArrival ?? null } : null;
    }
    case 'tcp-eof': {
      const end = getEnd(w, num(a[0]));
      return atEof(end) ? { cause: end?.lastArrival ?? null } : null;
    }
    case 'udp-recv': {
      const s = w.net.sockets.get(num(a[0]));
      return s !== undefined && s.queue.size > 0 ? { cause: s.lastArrival } : null;
    }
    case 'tcp-listen':
    case 'tcp-unlisten':
    case 'tcp-connect':
    case 'tcp-write':
    case 'tcp-close':
    case 'udp-bind':
    case 'udp-send':
    case 'udp-close':
      return { cause: null };
    default:
      return null; // unknown descriptors never fire
  }
}

/** Performs the effect of the descriptor (which must be ready) and returns the value. */
export function perform(w: World, e: EvtTerm, cause: RecordId | null): Fired {
  const a = e.args;
  const done = (world: World, value: Term, notes: readonly Note[] = []): Fired => ({ world, value, notes });
  switch (e.evt) {
    case 'timer':
      return done(w, w.now);
    case 'tcp-listen':
      return listen(w, num(a[0]));
    case 'tcp-unlisten': {
      const key = listenerKey(w.vmHost, num(a[0]));
      return done({ ...w, net: { ...w.net, listeners: w.net.listeners.delete(key) } }, true);
    }
    case 'tcp-accept':
      return accept(w, num(a[0]));
    case 'tcp-connect': {
      const [world, id] = tcpConnect(w, w.vmHost, 'vm', String(a[0]), num(a[1]), cause);
      return done(world, id);
    }
    case 'tcp-established': {
      const end = getEnd(w, num(a[0]));
      return done(w, end?.state === 'established' ? OK : struct('refused'));
    }
    case 'tcp-read-line': {
      const [world, v] = takeLine(w, num(a[0])) ?? [w, EOF];
      return done(world, v);
    }
    case 'tcp-read': {
      const [world, v] = takeBytes(w, num(a[0]), num(a[1])) ?? [w, EOF];
      return done(world, v);
    }
    case 'tcp-eof':
      return done(w, EOF);
    case 'tcp-write': {
      const data = a[2];
      if (data === undefined || !isBytes(data)) return done(w, struct('error', 'tcp-write needs bytes'));
      const [world, v] = tcpWrite(w, num(a[0]), data, cause);
      return done(world, v);
    }
    case 'tcp-close':
      return done(tcpClose(w, num(a[0]), cause), true);
    case 'udp-bind': {
      const port = a[0] === false ? false : num(a[0]);
      const [world, v] = udpBind(w, typeof a[2] === 'string' ? a[2] : w.vmHost, 'vm', port);
      return done(world, v);
    }
    case 'udp-send': {
      const data = a[4];
      if (data === undefined || !isBytes(data)) return done(w, struct('error', 'udp-send needs bytes'));
      const s = udpSend(w, num(a[0]), String(a[2]), num(a[3]), data, cause);
      return done(s.world, true, s.notes);
    }
    case 'udp-recv': {
      const [world, v] = udpTake(w, num(a[0])) ?? [w, false];
      return done(world, v);
    }
    case 'udp-close':
      return done({ ...w, net: { ...w.net, sockets: w.net.sockets.delete(num(a[0])) } }, true);
    default:
      return done(w, false);
  }
}

function listen(w: World, port: number): Fired {
  const key = listenerKey(w.vmHost, port);
  if (w.net.listeners.has(key)) return { world: w, value: struct('error', `port ${port} is already listening`), notes: [] };
  const net = { ...w.net, listeners: w.net.listeners.set(key, { host: w.vmHost, port, pending: w.net.listeners.get(key)?.pending ?? emptyPending(), lastArrival: null }) };
  return { world: { ...w, net }, value: OK, notes: [{ what: 'tcp-listen', host: w.vmHost, detail: struct('port', port) }] };
}

function accept(w: World, port: number): Fired {
  const key = listenerKey(w.vmHost, port);
  const l = w.net.listeners.get(key);
  const id = l?.pending.first();
  if (l === undefined || id === undefined) return { world: w, value: false, notes: [] };
  const end = getEnd(w, id);
  const net = { ...w.net, listeners: w.net.listeners.set(key, { ...l, pending: l.pending.shift() }) };
  return { world: { ...w, net }, value: [id, end?.remoteHost ?? '?', end?.remotePort ?? 0], notes: [] };
}

const emptyPending = (): List<number> => List();
