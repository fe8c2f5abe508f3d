/**
 * Events delivered to an endpoint's handler (spec §1.4).
 *
 * Data definition:
 *   EndpointEvent = presence(role)            a matching peer appeared
 *                 | absence(role, reason)     a matching peer went away, with the reason it gave
 *                 | message(role, message)    a message matched this endpoint
 * For presence and absence, `role` is the *peer's* orientation and interest type with the
 * canonical intersection of the two topics as its topic. For a message, `role` is the sending
 * role (send orientation, the body, participant).
 * A Reason is any term: `false` for a normal quit, exn(name, message) for a crash,
 * limit(name, sentence) when a kernel limit was hit, error(code, sentence) for kernel-detected misuse.
 */
import type { Role } from './role.ts';
import { struct, type Term } from './term.ts';

export type Reason = Term;

export type EndpointEvent =
  | { readonly type: 'presence'; readonly role: Role }
  | { readonly type: 'absence'; readonly role: Role; readonly reason: Reason }
  | { readonly type: 'message'; readonly role: Role; readonly message: Term };

export type EventType = EndpointEvent['type'];

export const presenceEvent = (role: Role): EndpointEvent => ({ type: 'presence', role });
export const absenceEvent = (role: Role, reason: Reason): EndpointEvent => ({ type: 'absence', role, reason });
export const messageEvent = (role: Role, message: Term): EndpointEvent => ({ type: 'message', role, message });

/**
 * The reason a crash carries: anything thrown becomes a term, so it can cross VMs and traces.
 * Never throws itself, whatever was thrown (getters that throw, proxies, cycles).
 */
export function crashReason(thrown: unknown): Reason {
  try {
    if (thrown instanceof Error) return struct('exn', safeText(thrown.name), safeText(thrown.message));
    if (thrown === null || ['string', 'number', 'boolean'].includes(typeof thrown)) {
      return typeof thrown === 'number' && !Number.isFinite(thrown) ? struct('raise', String(thrown)) : struct('raise', thrown as string | number | boolean | null);
    }
    return struct('raise', describeThrown(thrown));
  } catch {
    return struct('raise', 'an unprintable value');
  }
}

function safeText(x: unknown): string {
  try {
    return typeof x === 'string' ? x : String(x);
  } catch {
    return 'unprintable';
  }
}

function describeThrown(thrown: unknown): string {
  try {
    return JSON.stringify(thrown) ?? String(thrown);
  } catch {
    try {
      return Object.prototype.toString.call(thrown);
    } catch {
      return 'an unprintable value';
    }
  }
}

export const limitReason = (limit: string, sentence: string): Reason => struct('limit', limit, sentence);
export const errorReason = (code: string, sentence: string): Reason => struct('error', code, sentence);

/** Is this reason a crash (rather than a normal quit or an explicit reason)? */
export function isCrashReason(r: Reason): boolean {
  return (
    typeof r === 'object' && r !== null && 'struct' in r && ['exn', 'raise', 'limit', 'error'].includes(r.struct)
  );
}
