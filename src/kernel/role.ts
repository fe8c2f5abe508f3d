/**
 * Roles (spec §1.2–1.3): orientation × topic × interest type, and who is told about whom.
 *
 * Data definition:
 *   Role = { orientation: 'publisher' | 'subscriber', topic: Term, interest: InterestType }
 *   InterestType = 'participant' (#:monitor? #f) | 'observer' (#t) | 'everything' (super-observer)
 *
 * Visibility rule: a local endpoint L is told about a peer R iff R is a participant or L is
 * `everything`. Interest type never affects message delivery.
 *
 *   local L \ peer R | participant | observer | everything
 *   -----------------+-------------+----------+-----------
 *   participant      | sees        |  –       |  –
 *   observer         | sees        |  –       |  –
 *   everything       | sees        | sees     | sees
 */
import type { Term } from './term.ts';
import { canonicalize, alphaEquivalent } from './unify.ts';

export type Orientation = 'publisher' | 'subscriber';
export type InterestType = 'participant' | 'observer' | 'everything';

export interface Role {
  readonly orientation: Orientation;
  readonly topic: Term;
  readonly interest: InterestType;
}

export const ORIENTATIONS: readonly Orientation[] = ['publisher', 'subscriber'];
export const INTEREST_TYPES: readonly InterestType[] = ['participant', 'observer', 'everything'];

export function coOrientation(o: Orientation): Orientation {
  return o === 'publisher' ? 'subscriber' : 'publisher';
}

/** Is an endpoint with interest `local` told about a peer with interest `peer`? */
export function visible(local: InterestType, peer: InterestType): boolean {
  return peer === 'participant' || local === 'everything';
}

/** The talk's `#:monitor?` flag: false → participant, true → observer, 'everything' → everything. */
export type Monitor = boolean | 'everything';

export function interestFromMonitor(m: Monitor): InterestType {
  return m === 'everything' ? 'everything' : m ? 'observer' : 'participant';
}

/**
 * A role as user code builds it. The topic is taken as it is, not walked: user code may pass
 * anything, and the kernel's boundary (transition.ts) copies, checks and canonicalises it within
 * the limits — here a sparse list of length 2³²−1 would take minutes.
 */
export function makeRole(orientation: Orientation, topic: Term, interest: InterestType = 'participant'): Role {
  return { orientation, topic, interest };
}

/** A role as an endpoint stores it: its topic canonical (variables numbered in order). */
export function storedRole(r: Role): Role {
  return { orientation: r.orientation, topic: canonicalize(r.topic), interest: r.interest };
}

/** Role equality for re-declaration (D5): same orientation and interest, alpha-equivalent topics. */
export function rolesEqual(a: Role, b: Role): boolean {
  return a.orientation === b.orientation && a.interest === b.interest && alphaEquivalent(a.topic, b.topic);
}

/** `topicPublisher(pattern, {monitor})`: the talk's publisher role constructor. */
export function topicPublisher(topic: Term, opts: { monitor?: Monitor } = {}): Role {
  return makeRole('publisher', topic, interestFromMonitor(opts.monitor ?? false));
}

/** `topicSubscriber(pattern, {monitor})`: the talk's subscriber role constructor. */
export function topicSubscriber(topic: Term, opts: { monitor?: Monitor } = {}): Role {
  return makeRole('subscriber', topic, interestFromMonitor(opts.monitor ?? false));
}
