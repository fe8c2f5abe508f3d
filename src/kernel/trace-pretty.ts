/**
 * One-line rendering of trace records, actions and events: the form golden tests compare and the
 * event log shows. Format: `#id<-cause vmpath pN kind details`; a presence or absence delivery
 * names its peer endpoint: `deliver s presence pub foo(1) from p2 p => ok`. Every function takes
 * the term printer to use (the kernel's `pretty` unless told; the debugger's decodes payloads).
 */
import type { Action } from './actions.ts';
import { assertNever } from './assert-never.ts';
import type { EndpointEvent } from './events.ts';
import { prettyVmPath } from './ids.ts';
import { pretty } from './pretty.ts';
import type { Term } from './term.ts';

/** Prints one term. */
export type TermPrinter = (t: Term) => string;
import type { Role } from './role.ts';
import type { TraceRecord } from './trace.ts';

export function prettyRoleShort(r: Role, p: TermPrinter = pretty): string {
  const interest = r.interest === 'participant' ? '' : `/${r.interest}`;
  return `${r.orientation === 'publisher' ? 'pub' : 'sub'}${interest} ${p(r.topic)}`;
}

export function prettyAction(a: Action, p: TermPrinter = pretty): string {
  switch (a.type) {
    case 'add-role':
      return `add-role ${a.name ?? '(auto)'} ${prettyRoleShort(a.role, p)}`;
    case 'delete-role':
      return `delete-role ${a.name} ${p(a.reason)}`;
    case 'send-message':
      return `${a.orientation === 'publisher' ? 'send-message' : 'send-feedback'} ${p(a.body)}`;
    case 'spawn':
      return `spawn${a.nested ? ' nested-vm' : ''} ${a.name}`;
    case 'quit':
      return a.pid === null ? `quit ${p(a.reason)}` : `kill ${a.pid} ${p(a.reason)}`;
    case 'yield':
      return 'yield';
    case 'at-meta-level':
      return `at-meta-level ${prettyAction(a.preaction, p)}`;
    default:
      return assertNever(a, 'action');
  }
}

export function prettyEvent(e: EndpointEvent, p: TermPrinter = pretty): string {
  switch (e.type) {
    case 'presence':
      return `presence ${prettyRoleShort(e.role, p)}`;
    case 'absence':
      return `absence ${prettyRoleShort(e.role, p)} ${p(e.reason)}`;
    case 'message':
      return `${e.role.orientation === 'publisher' ? 'message' : 'feedback'} ${p(e.message)}`;
    default:
      return assertNever(e, 'event');
  }
}

function prettyBody(r: TraceRecord, p: TermPrinter): string {
  switch (r.kind) {
    case 'ground-event':
      return `@${r.time}ms ground-event (${r.source}) ${p(r.event)}`;
    case 'world':
      return `@${r.time}ms world ${r.host} ${r.what} ${p(r.detail)}`;
    case 'round':
      return `round ${r.round}`;
    case 'action':
      return `action ${prettyAction(r.action, p)}`;
    case 'deliver':
      return `deliver ${r.endpoint} ${prettyEvent(r.event, p)}${r.peer === null ? '' : ` from p${r.peer.pid} ${r.peer.endpoint}`}` +
        ` => ${r.outcome}` + outcomeDetail(r.actions, r.reason, p);
    case 'boot':
      return `boot ${r.name}${r.nested ? ' (nested vm)' : ''} parent ${r.parent} => ${r.outcome}` + outcomeDetail(r.actions, r.reason, p);
    case 'continuation':
      return `continuation ${r.of} => ${r.outcome}` + outcomeDetail(r.actions, r.reason, p);
    case 'endpoint':
      return `endpoint ${r.change} ${r.meta ? 'meta ' : ''}${r.endpoint} ${prettyRoleShort(r.role, p)}` +
        (r.reason === null ? '' : ` reason ${p(r.reason)}`);
    case 'quit':
      return `quit ${p(r.reason)}` + (r.killedBy === null ? '' : ` killed-by ${r.killedBy}`) +
        (r.dropped > 0 ? ` dropped ${r.dropped}` : '') + (r.vanished.length > 0 ? ` vanished ${r.vanished.length}` : '');
    case 'gc':
      return `gc [${r.pids.join(', ')}]` + (r.vanished.length > 0 ? ` vanished ${r.vanished.length}` : '');
    case 'enqueue':
      return `enqueue (${r.why}) [${r.actions.map((a) => prettyAction(a, p)).join('; ')}]`;
    case 'no-op':
      return `no-op ${r.why}`;
    case 'limit':
      return `limit ${r.limit}: ${r.sentence}`;
    default:
      return assertNever(r, 'trace record');
  }
}

function outcomeDetail(actions: readonly Action[], reason: unknown, p: TermPrinter): string {
  if (reason !== null && reason !== undefined) return ` ${p(reason as never)}`;
  return actions.length === 0 ? '' : ` [${actions.map((a) => prettyAction(a, p)).join('; ')}]`;
}

export function prettyRecord(r: TraceRecord, p: TermPrinter = pretty): string {
  const cause = r.cause === null ? '' : `<-${r.cause}`;
  const who = r.pid === null ? '' : ` p${r.pid}`;
  return `#${r.id}${cause} ${prettyVmPath(r.vm)}${who} ${prettyBody(r, p)}`;
}
