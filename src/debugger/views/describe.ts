/**
 * A record in words, for the "why" chain: who acted, what happened, and about what — instead of the
 * raw one-line form (which stays available as `raw`).
 *
 * Data definition:
 *   Described = { actor, what, about, raw }
 *     actor  the process ("p4 echoer in ground/6"), a host of the world, or "the ground" / "the kernel"
 *     what   a short phrase in the talk's vocabulary ("received a message on echo",
 *            "was told of a presence on conn", "spawned listener", "quit")
 *     about  the term it was about (topic, message body, reason), printed by the Printer; may be ''
 *     raw    the record's one-line form
 */
import { assertNever, prettyVmPath, type Action, type TraceRecord } from '../../kernel/index.ts';
import { procKey, type Model } from '../model.ts';
import type { Printer } from './printer.ts';
import { shown } from './shown.ts';

export interface Described {
  readonly actor: string;
  readonly what: string;
  readonly about: string;
  readonly raw: string;
}

/** Characters of the `about` part: the whole term is in `raw`. */
const ABOUT_CHARS = 300;

function actorOf(r: TraceRecord, names: Model): string {
  const vm = prettyVmPath(r.vm);
  if (r.kind === 'ground-event') return vm === 'ground' ? 'the ground' : `the VM ${vm}`;
  if (r.pid === null) return r.kind === 'world' ? `${r.host} (world)` : vm === 'ground' ? 'the ground' : `the VM ${vm}`;
  const name = names.procs.get(procKey(r.vm, r.pid))?.name;
  return `p${r.pid}${name === undefined ? '' : ` ${name}`}${vm === 'ground' ? '' : ` in ${vm}`}`;
}

function actionPhrase(a: Action, print: Printer): { what: string; about: string } {
  switch (a.type) {
    case 'send-message':
      return { what: a.orientation === 'publisher' ? 'sent a message' : 'sent feedback', about: print.term(a.body) };
    case 'add-role':
      return { what: `asserted ${a.role.orientation === 'publisher' ? 'a publisher' : 'a subscriber'}${a.name === null ? '' : ` ${a.name}`}`, about: print.term(a.role.topic) };
    case 'delete-role':
      return { what: `retracted ${a.name}`, about: print.term(a.reason) };
    case 'spawn':
      return { what: `spawned ${a.name}${a.nested ? ' (a nested VM)' : ''}`, about: '' };
    case 'quit':
      return a.pid === null ? { what: 'quit', about: print.term(a.reason) } : { what: `killed p${a.pid}`, about: print.term(a.reason) };
    case 'yield':
      return { what: 'yielded', about: '' };
    case 'at-meta-level': {
      const inner = actionPhrase(a.preaction, print);
      return { what: `${inner.what} outward (at meta level)`, about: inner.about };
    }
    default:
      return assertNever(a, 'action');
  }
}

function deliverPhrase(r: Extract<TraceRecord, { kind: 'deliver' }>, names: Model, print: Printer): { what: string; about: string } {
  const e = r.event;
  const peer = r.peer === null ? '' : ` from p${r.peer.pid}${nameOf(names, r, r.peer.pid)}`;
  const crashed = r.outcome === 'crashed' ? ' and crashed' : r.outcome === 'discarded' ? ' (discarded: it is quitting)' : '';
  switch (e.type) {
    case 'message':
      return { what: `received ${e.role.orientation === 'publisher' ? 'a message' : 'feedback'} on ${r.endpoint}${crashed}`, about: print.term(e.message) };
    case 'presence':
      return { what: `was told of a presence on ${r.endpoint}${peer}${crashed}`, about: print.term(e.role.topic) };
    case 'absence':
      return { what: `was told of an absence on ${r.endpoint}${peer}${crashed}`, about: `${print.term(e.role.topic)} — ${print.term(e.reason)}` };
    default:
      return assertNever(e, 'event');
  }
}

function nameOf(names: Model, r: TraceRecord, pid: number): string {
  const n = names.procs.get(procKey(r.vm, pid))?.name;
  return n === undefined ? '' : ` ${n}`;
}

function phrase(r: TraceRecord, names: Model, print: Printer): { what: string; about: string } {
  switch (r.kind) {
    case 'ground-event':
      return { what: `delivered a ground event (${r.source}) at ${r.time} ms${r.pid === null ? '' : ` to p${r.pid}${nameOf(names, r, r.pid)}`}`, about: print.term(r.event) };
    case 'world':
      return { what: `${r.what} at ${r.time} ms`, about: print.term(r.detail) };
    case 'round':
      return { what: `ran round ${r.round}`, about: '' };
    case 'action':
      return actionPhrase(r.action, print);
    case 'deliver':
      return deliverPhrase(r, names, print);
    case 'boot':
      return { what: `started${r.outcome === 'crashed' ? ' and crashed' : ''}`, about: r.reason === null ? '' : print.term(r.reason) };
    case 'continuation':
      return { what: `ran its ${r.of} continuation${r.outcome === 'crashed' ? ' and crashed' : ''}`, about: r.reason === null ? '' : print.term(r.reason) };
    case 'endpoint':
      return { what: `${r.change === 'added' ? 'gained' : r.change === 'removed' ? 'lost' : 'replaced'} endpoint ${r.endpoint}`, about: print.term(r.role.topic) };
    case 'quit':
      return { what: r.killedBy === null ? 'quit' : `was killed by p${r.killedBy}`, about: print.term(r.reason) };
    case 'gc':
      return { what: `collected ${r.pids.length} finished process${r.pids.length === 1 ? '' : 'es'}`, about: '' };
    case 'enqueue':
      return { what: `queued ${r.actions.length} action${r.actions.length === 1 ? '' : 's'} (${r.why})`, about: '' };
    case 'no-op':
      return { what: 'did nothing', about: r.why };
    case 'limit':
      return { what: `hit the ${r.limit} limit`, about: r.sentence };
    default:
      return assertNever(r, 'trace record');
  }
}

export function describeRecord(r: TraceRecord, names: Model, print: Printer): Described {
  const { what, about } = phrase(r, names, print);
  return { actor: shown(actorOf(r, names), 200), what: shown(what, 200), about: shown(about, ABOUT_CHARS), raw: shown(print.record(r)) };
}
