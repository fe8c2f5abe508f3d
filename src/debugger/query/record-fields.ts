/**
 * What a query reads of a trace record itself (views.ts adds what the index knows: processes and
 * peers). Data definition, per record kind:
 *   term         presence/absence: the role's topic (the two topics' intersection); message: the
 *                message; add-role/delete-role: the endpoint's topic; send: the body; ground-event:
 *                the event; world: the detail
 *   orientation  as printed in the record: a delivery's role, an endpoint's role, a send's
 *   reason       an absence's, a quit's, a delete-role's, a crashed handler's
 *   endpoint     a delivery's or endpoint record's endpoint name
 */
import type { Orientation, Term, TraceRecord } from '../../kernel/index.ts';

export function recordTerm(r: TraceRecord): Term | undefined {
  switch (r.kind) {
    case 'deliver': return r.event.type === 'message' ? r.event.message : r.event.role.topic;
    case 'endpoint': return r.role.topic;
    case 'action': return r.action.type === 'send-message' ? r.action.body : undefined;
    case 'ground-event': return r.event;
    case 'world': return r.detail;
    default: return undefined;
  }
}

export function recordOrientation(r: TraceRecord): Orientation | null {
  switch (r.kind) {
    case 'deliver': return r.event.role.orientation;
    case 'endpoint': return r.role.orientation;
    case 'action': return r.action.type === 'send-message' ? r.action.orientation : null;
    default: return null;
  }
}

export function recordReason(r: TraceRecord): Term | undefined {
  switch (r.kind) {
    case 'deliver': return r.event.type === 'absence' ? r.event.reason : (r.reason ?? undefined);
    case 'quit': return r.reason;
    case 'endpoint': case 'boot': case 'continuation': return r.reason ?? undefined;
    default: return undefined;
  }
}

export function recordEndpoint(r: TraceRecord): string | null {
  return r.kind === 'deliver' || r.kind === 'endpoint' ? r.endpoint : null;
}
