/**
 * One-line rendering of trace records, actions and events: the form golden tests compare and the
 * event log shows. Format: `#id<-cause vmpath pN kind details`; a presence or absence delivery
 * names its peer endpoint: `deliver s presence pub foo(1) from p2 p => ok`.
 */
import type { Action } from './actions.ts';
import { assertNever } from './assert-never.ts';
import type { EndpointEvent } from './events.ts';
import { prettyVmPath } from './ids.ts';
import { pretty } from './pretty.ts';
import type { Role } from './role.ts';
import type { TraceRecord } from './trace.ts';

export function prettyRoleShort(r: Role): string {
  const interest = r.interest === 'participant' ? '' : `/${r.interest}`;
  return `${r.orientation === 'publisher' ? 'pub' : 'sub'}${interest} ${pretty(r.topic)}`;
}

export function prettyAction(a: Action): string {
  switch (a.type) {
    case 'add-role':
      return `add-role ${a.name ?? '(auto)'} ${prettyRoleShort(a.role)}`;
    case 'delete-role':
      return `delete-role ${a.name} ${pretty(a.reason)}`;
    case 'send-message':
      return `${a.orientation === 'publisher' ? 'send-message' : 'send-feedback'} ${pretty(a.body)}`;
    case 'spawn':
      return `spawn${a.nested ? ' nested-vm' : ''} ${a.name}`;
    case 'quit':
      return a.pid === null ? `quit ${pretty(a.reason)}` : `kill ${a.pid} ${pretty(a.reason)}`;
    case 'yield':
      return 'yield';
    case 'at-meta-level':
      return `at-meta-level ${prettyAction(a.preaction)}`;
    default:
      return assertNever(a, 'action');
  }
}

export function prettyEvent(e: EndpointEvent): string {
  switch (e.type) {
    case 'presence':
      return `presence ${prettyRoleShort(e.role)}`;
    case 'absence':
      return `absence ${prettyRoleShort(e.role)} ${pretty(e.reason)}`;
    case 'message':
      return `${e.role.orientation === 'publisher' ? 'message' : 'feedback'} ${pretty(e.message)}`;
    default:
      return assertNever(e, 'event');
  }
}

function prettyBody(r: TraceRecord): string {
  switch (r.kind) {
    case 'ground-event':
      return `@${r.time}ms ground-event (${r.source}) ${pretty(r.event)}`;
    case 'world':
      return `@${r.time}ms world ${r.host} ${r.what} ${pretty(r.detail)}`;
    case 'round':
      return `round ${r.round}`;
    case 'action':
      return `action ${prettyAction(r.action)}`;
    case 'deliver':
      return `deliver ${r.endpoint} ${prettyEvent(r.event)}${r.peer === null ? '' : ` from p${r.peer.pid} ${r.peer.endpoint}`}` +
        ` => ${r.outcome}` + outcomeDetail(r.actions, r.reason);
    case 'boot':
      return `boot ${r.name}${r.nested ? ' (nested vm)' : ''} parent ${r.parent} => ${r.outcome}` + outcomeDetail(r.actions, r.reason);
    case 'continuation':
      return `continuation ${r.of} => ${r.outcome}` + outcomeDetail(r.actions, r.reason);
    case 'endpoint':
      return `endpoint ${r.change} ${r.meta ? 'meta ' : ''}${r.endpoint} ${prettyRoleShort(r.role)}` +
        (r.reason === null ? '' : ` reason ${pretty(r.reason)}`);
    case 'quit':
      return `quit ${pretty(r.reason)}` + (r.killedBy === null ? '' : ` killed-by ${r.killedBy}`) +
        (r.dropped > 0 ? ` dropped ${r.dropped}` : '') + (r.vanished.length > 0 ? ` vanished ${r.vanished.length}` : '');
    case 'gc':
      return `gc [${r.pids.join(', ')}]` + (r.vanished.length > 0 ? ` vanished ${r.vanished.length}` : '');
    case 'enqueue':
      return `enqueue (${r.why}) [${r.actions.map(prettyAction).join('; ')}]`;
    case 'no-op':
      return `no-op ${r.why}`;
    case 'limit':
      return `limit ${r.limit}: ${r.sentence}`;
    default:
      return assertNever(r, 'trace record');
  }
}

function outcomeDetail(actions: readonly Action[], reason: unknown): string {
  if (reason !== null && reason !== undefined) return ` ${pretty(reason as never)}`;
  return actions.length === 0 ? '' : ` [${actions.map(prettyAction).join('; ')}]`;
}

export function prettyRecord(r: TraceRecord): string {
  const cause = r.cause === null ? '' : `<-${r.cause}`;
  const who = r.pid === null ? '' : ` p${r.pid}`;
  return `#${r.id}${cause} ${prettyVmPath(r.vm)}${who} ${prettyBody(r)}`;
}
