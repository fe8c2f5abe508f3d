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
import { forUser, measureTerm, Refused } from './boundary.ts';
import { describeFully } from './describe.ts';
import type { Limits } from './limits.ts';
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
 * The event a handler is given: a fresh copy of the kernel's event (which the trace keeps and other
 * receivers share), with copies of its terms (boundary.ts forUser). What a handler does to it
 * changes nothing for anyone else.
 */
export function eventForUser(e: EndpointEvent): EndpointEvent {
  const { orientation, topic, interest } = e.role;
  const given = forUser(topic);
  const role: Role = { orientation, topic: given, interest };
  switch (e.type) {
    case 'presence':
      return { type: 'presence', role };
    case 'absence':
      return { type: 'absence', role, reason: forUser(e.reason) };
    case 'message':
      return { type: 'message', role, message: e.message === topic ? given : forUser(e.message) };
  }
}

/**
 * The reason a crash carries: anything thrown becomes a term, so it can cross VMs and traces.
 * Never throws itself, whatever was thrown (getters that throw, proxies, cycles), and describes a
 * thrown object by at most a few thousand characters of JSON (boundary.ts describeFully).
 */
export function crashReason(thrown: unknown): Reason {
  try {
    if (thrown instanceof Error) return struct('exn', safeText(thrown.name), safeText(thrown.message));
    if (thrown === null || ['string', 'number', 'boolean'].includes(typeof thrown)) {
      return typeof thrown === 'number' && !Number.isFinite(thrown) ? struct('raise', String(thrown)) : struct('raise', thrown as string | number | boolean | null);
    }
    return struct('raise', describeFully(thrown));
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

/** What marks a cut in an abbreviated reason. */
export const CUT_MARK = '…';

/**
 * A reason the kernel made (a crash, a limit) or already owns (a quit's, a kill's), of about
 * maxReasonSize at most: a larger one is abbreviated — strings and byte strings cut, lists and
 * fields cut — with CUT_MARK where something was cut.
 */
export function ownReason(r: Reason, limits: Limits): Reason {
  if (r === null || typeof r === 'boolean') return r;
  const loose: Limits = { ...limits, maxTermNodes: Number.MAX_SAFE_INTEGER, maxTransitionSize: Number.MAX_SAFE_INTEGER };
  const size = measureTerm(r, loose);
  if (size instanceof Refused) return UNPRINTABLE;
  return size <= limits.maxReasonSize ? r : abbreviate(r, { left: limits.maxReasonSize });
}

const UNPRINTABLE: Reason = struct('raise', 'an unprintable value');

function abbreviate(t: Term, n: { left: number }): Term {
  n.left--;
  if (typeof t === 'string') return cutText(t, n);
  if (t === null || typeof t !== 'object') return t;
  if (t instanceof Uint8Array) {
    const keep = Math.max(0, n.left);
    n.left -= Math.min(keep, t.length);
    return t.length <= keep ? t : t.subarray(0, keep);
  }
  if (Array.isArray(t)) return cutList(t as readonly Term[], n);
  if ('struct' in t) return struct(cutText(t.struct, n), ...cutList(t.fields, n));
  if ('evt' in t) return { evt: cutText(t.evt, n), args: cutList(t.args, n) };
  return t;
}

function cutText(s: string, n: { left: number }): string {
  const keep = Math.max(0, n.left);
  n.left -= Math.min(keep, s.length);
  return s.length <= keep ? s : s.slice(0, keep) + CUT_MARK;
}

function cutList(xs: readonly Term[], n: { left: number }): Term[] {
  const out: Term[] = [];
  for (const x of xs) {
    if (n.left <= 0) {
      out.push(CUT_MARK);
      break;
    }
    out.push(abbreviate(x, n));
  }
  return out;
}

export const limitReason = (limit: string, sentence: string): Reason => struct('limit', limit, sentence);
export const errorReason = (code: string, sentence: string): Reason => struct('error', code, sentence);

/** Is this reason a crash (rather than a normal quit or an explicit reason)? */
export function isCrashReason(r: Reason): boolean {
  return (
    typeof r === 'object' && r !== null && 'struct' in r && ['exn', 'raise', 'limit', 'error'].includes(r.struct)
  );
}
