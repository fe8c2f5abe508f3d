/**
 * The timer driver and the timer relay (spec §5.1), as ordinary os2 processes.
 *
 * Protocol: send set-timer(label, msecs, "relative" | "absolute"); whoever subscribes to
 * timer-expired(label, ?) gets timer-expired(label, nowMs) once the deadline has passed.
 * Driver state: the pending deadlines (sorted by deadline, then request order) and the relative
 * requests still waiting to learn the current time. The driver keeps exactly one ground
 * subscription, `time-listener`, on [timer(earliest deadline), ?], deleting and re-adding it when
 * the earliest deadline changes. Being pure, it learns "now" the way the talk's current-time idiom
 * does: a subscription on [timer(0), ?] (a deadline long past) fires at once with the time.
 */
import { _, struct, type Term } from '../term.ts';
import { atMetaLevel, deleteRole, processOf, role, sendMessage } from '../api.ts';
import type { Action, Transition } from '../actions.ts';
import { topicPublisher, topicSubscriber } from '../role.ts';
import { timerEvt } from '../ground/descriptors.ts';
import { isStruct } from '../term.ts';

export const setTimer = (label: Term, msecs: number, kind: 'relative' | 'absolute' = 'relative') =>
  struct('set-timer', label, msecs, kind);
export const timerExpired = (label: Term, now: Term) => struct('timer-expired', label, now);

interface Pending {
  readonly label: Term;
  readonly deadline: number;
  readonly seq: number;
}

export interface TimerDriverState {
  readonly pending: readonly Pending[];
  /** Relative requests waiting to learn the time; `seq` keeps request order for equal deadlines. */
  readonly unresolved: readonly { readonly label: Term; readonly msecs: number; readonly seq: number }[];
  readonly listening: number | null;
  readonly probing: boolean;
  readonly seq: number;
}

const TimerDriver = processOf<TimerDriverState>();

const initial: TimerDriverState = { pending: [], unresolved: [], listening: null, probing: false, seq: 0 };

function insert(s: TimerDriverState, p: Pending): TimerDriverState {
  const pending = [...s.pending, p].sort((a, b) => a.deadline - b.deadline || a.seq - b.seq);
  return { ...s, pending };
}

/** Brings the ground subscriptions in line with the state: the probe and the time-listener. */
function resubscribe(s: TimerDriverState): Transition<TimerDriverState> {
  const actions: Action[] = [];
  const wantProbe = s.unresolved.length > 0;
  if (wantProbe && !s.probing) actions.push(clockProbe());
  if (!wantProbe && s.probing) actions.push(deleteRole('clock-probe'));
  const earliest = s.pending[0]?.deadline ?? null;
  if (earliest !== s.listening) {
    if (s.listening !== null) actions.push(deleteRole('time-listener'));
    if (earliest !== null) actions.push(timeListener(earliest));
  }
  return { state: { ...s, probing: wantProbe, listening: earliest }, actions };
}

function clockProbe(): Action {
  return TimerDriver.role('clock-probe', topicSubscriber([timerEvt(0), _]), {
    onMessage: (m, s) => {
      const now = (m as readonly Term[])[1] as number;
      const resolved = s.unresolved.reduce<TimerDriverState>(
        (acc, u) => insert(acc, { label: u.label, deadline: now + u.msecs, seq: u.seq }),
        { ...s, unresolved: [] },
      );
      return resubscribe(resolved);
    },
  });
}

function timeListener(deadline: number): Action {
  return TimerDriver.role('time-listener', topicSubscriber([timerEvt(deadline), _]), {
    onMessage: (m, s) => {
      const now = (m as readonly Term[])[1] as number;
      const due = s.pending.filter((p) => p.deadline <= now);
      const after = resubscribe({ ...s, pending: s.pending.filter((p) => p.deadline > now) });
      return { state: after.state, actions: [due.map((p) => sendMessage(timerExpired(p.label, now))), after.actions] };
    },
  });
}

/** The timer driver's boot: spawn it with `spawn(timerDriver, { name: 'timer' })`. */
export function timerDriver(): Transition<TimerDriverState> {
  return {
    state: initial,
    actions: [
      role('timer-expired-publisher', topicPublisher(timerExpired(_, _))),
      TimerDriver.role('set-timer-requests', topicSubscriber(struct('set-timer', _, _, _)), {
        onMessage: (m, s) => {
          if (!isStruct(m, 'set-timer', 3)) return;
          const [label, msecs, kind] = m.fields as [Term, Term, Term];
          if (typeof msecs !== 'number' || !Number.isFinite(msecs)) return;
          const seq = s.seq;
          const counted = { ...s, seq: seq + 1 };
          const next = kind === 'absolute'
            ? insert(counted, { label, deadline: msecs, seq })
            : { ...counted, unresolved: [...s.unresolved, { label, msecs, seq }] };
          return resubscribe(next);
        },
      }),
    ],
  };
}

interface RelayState {
  readonly counter: number;
  readonly labels: ReadonlyMap<number, Term>;
}

const Relay = processOf<RelayState>();

/**
 * timer-relay(id), for a nested VM: local set-timer requests are re-issued at the meta-level with
 * label [id, n]; the matching timer-expired comes back down with the original label.
 */
export function timerRelay(id: string): () => Transition<RelayState> {
  return () => ({
    state: { counter: 0, labels: new Map() },
    actions: [
      role('local-timer-expired', topicPublisher(timerExpired(_, _))),
      Relay.role('local-set-timer', topicSubscriber(struct('set-timer', _, _, _)), {
        onMessage: (m, s) => {
          if (!isStruct(m, 'set-timer', 3)) return;
          const [label, msecs, kind] = m.fields as [Term, number, 'relative' | 'absolute'];
          const labels = new Map(s.labels).set(s.counter, label);
          return { state: { counter: s.counter + 1, labels }, actions: atMetaLevel(sendMessage(setTimer([id, s.counter], msecs, kind))) };
        },
      }),
      atMetaLevel(Relay.role('meta-timer-expired', topicSubscriber(timerExpired([id, _], _)), {
        onMessage: (m, s) => {
          if (!isStruct(m, 'timer-expired', 2)) return;
          const n = (m.fields[0] as readonly Term[])[1] as number;
          const label = s.labels.get(n);
          if (label === undefined) return;
          const labels = new Map(s.labels);
          labels.delete(n);
          return { state: { ...s, labels }, actions: sendMessage(timerExpired(label, m.fields[1]!)) };
        },
      })),
    ],
  });
}
