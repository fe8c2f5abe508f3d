/**
 * routing-query — the talk's weakness "Querying the routing table" (spec §8d), in its SSH form: when
 * the remote side asks to open a channel of some type (CHANNEL_OPEN), the session must answer at once
 * with CONFIRMATION or FAILURE — and the right answer is "is any application subscribed to
 * channel-open(type, ?)?". os2 has no operation that asks the routing table "is anyone there?".
 *
 * The same two requests (a "session" channel at 10 ms, an "x11" channel at 20 ms) go to two sessions:
 *   session (barrier)  adds a temporary *observer* publisher on channel-open(type, ?) and sends a
 *                      message to itself. Presence for every existing subscriber is delivered while
 *                      the add-role runs, before the self-message arrives, so the self-message is a
 *                      barrier: "no presence seen so far" means "nobody". It answers, then removes
 *                      the probe. Being an observer, the probe is invisible to the applications.
 *   session (timeout)  the naive way: sends channel-open to whoever listens and waits for a reply,
 *                      with a timeout. A "yes" comes back quickly, but a "no" costs the whole timeout.
 * Only the shell app exists: it subscribes channel-open("session", ?); nobody serves "x11".
 * The ssh-client stands in for the remote side: it sends the requests at fixed times (timer driver)
 * and stamps each reply with the virtual time it arrived (the talk's current-time idiom: a
 * zero-delay timer).
 */
import {
  _, boot, deleteRole, isStruct, processOf, sendMessage, spawn, struct, topicPublisher, topicSubscriber, transition,
  type Term, type Transition,
} from '../../kernel/index.ts';
import { setTimer, timerDriver, timerExpired } from '../../kernel/ground/index.ts';
import type { Scenario } from '../types.ts';

/** The requests of the remote side: when, which channel number, which channel type. */
const REQUESTS: readonly { readonly at: number; readonly chan: number; readonly type: string }[] = [
  { at: 10, chan: 1, type: 'session' },
  { at: 20, chan: 2, type: 'x11' },
];
const TIMEOUT_MS = 50;
const SESSIONS = ['barrier', 'timeout'] as const;
type SessionId = (typeof SESSIONS)[number];

// Topics. channel-open(type, ref) is the local conversation between a session and its applications
// (ref = [session, channel number]); ssh-in / ssh-out(session, packet) stand for the remote side's
// packets to and from a session.
const channelOpen = (type: Term, ref: Term) => struct('channel-open', type, ref);
const channelAccepted = (ref: Term) => struct('channel-accepted', ref);
const sshIn = (session: Term, packet: Term) => struct('ssh-in', session, packet);
const sshOut = (session: Term, packet: Term) => struct('ssh-out', session, packet);
const openRequest = (type: string, chan: number) => struct('ssh-msg-channel-open', type, chan);
const confirmation = (chan: number) => struct('ssh-msg-channel-open-confirmation', chan);
const failure = (chan: number) => struct('ssh-msg-channel-open-failure', chan, 3, 'unknown channel type');

/** The request in an ssh-in message, if it is a channel-open. */
function requestOf(m: Term): { readonly type: string; readonly chan: number } | null {
  const packet = isStruct(m, 'ssh-in', 2) ? m.fields[1]! : null;
  if (!isStruct(packet, 'ssh-msg-channel-open', 2)) return null;
  const [type, chan] = packet.fields;
  return typeof type === 'string' && typeof chan === 'number' ? { type, chan } : null;
}

// ---- the application ---------------------------------------------------------------------------------

interface AppState {
  readonly opened: readonly Term[];
}

const App = processOf<AppState>();

/** The shell app serves "session" channels: it accepts every one it is offered. */
function shellApp(): Transition<AppState> {
  return App.transition({ opened: [] },
    App.role('session-channels', topicSubscriber(channelOpen('session', _)), {
      onMessage: (m, s) => {
        if (!isStruct(m, 'channel-open', 2)) return;
        const ref = m.fields[1]!;
        return transition({ opened: [...s.opened, ref] }, sendMessage(channelAccepted(ref)));
      },
    }));
}

// ---- the session that asks the routing table (the workaround) -----------------------------------------

interface Probe {
  readonly chan: number;
  readonly type: string;
  /** Presence events the probe has seen: one per subscribed endpoint. */
  readonly seen: number;
}

interface BarrierState {
  readonly probes: readonly Probe[];
  readonly log: readonly string[];
}

const Barrier = processOf<BarrierState>();

const probeName = (chan: number) => `probe-${chan}`;

function barrierSession(): Transition<BarrierState> {
  const me: SessionId = 'barrier';
  return Barrier.transition({ probes: [], log: [] },
    Barrier.role('requests', topicSubscriber(sshIn(me, _)), {
      onMessage: (m, s) => {
        const req = requestOf(m);
        if (req === null) return;
        const { type, chan } = req;
        return transition({ ...s, probes: [...s.probes, { chan, type, seen: 0 }] },
          // 1. A temporary observer: presence of every existing subscriber arrives during this add-role.
          Barrier.role(probeName(chan), topicPublisher(channelOpen(type, _), { monitor: true }), {
            onPresence: (_peer, st) => transition({
              ...st,
              probes: st.probes.map((p) => (p.chan === chan ? { ...p, seen: p.seen + 1 } : p)),
              log: [...st.log, `probe ${chan} sees a subscriber of ${type}`],
            }),
          }),
          // 2. The barrier: by the time this comes back, every presence has been delivered.
          sendMessage(struct('routing-barrier', me, chan)));
      },
    }),
    Barrier.role('barrier', topicSubscriber(struct('routing-barrier', me, _)), {
      onMessage: (m, s) => {
        const chan = isStruct(m, 'routing-barrier', 2) ? m.fields[1] : null;
        const probe = s.probes.find((p) => p.chan === chan);
        if (probe === undefined) return;
        const probes = s.probes.filter((p) => p !== probe);
        const ref = [me, probe.chan];
        if (probe.seen === 0) {
          return transition({ probes, log: [...s.log, `channel ${probe.chan} (${probe.type}): nobody, failure`] },
            deleteRole(probeName(probe.chan)),
            sendMessage(sshOut(me, failure(probe.chan))));
        }
        return transition({ probes, log: [...s.log, `channel ${probe.chan} (${probe.type}): confirmation`] },
          deleteRole(probeName(probe.chan)),
          sendMessage(channelOpen(probe.type, ref)),
          sendMessage(sshOut(me, confirmation(probe.chan))));
      },
    }));
}

// ---- the session that asks and waits (the naive way) ---------------------------------------------------

interface TimeoutState {
  readonly waiting: readonly number[];
  readonly log: readonly string[];
}

const Timeout = processOf<TimeoutState>();

function timeoutSession(): Transition<TimeoutState> {
  const me: SessionId = 'timeout';
  const finish = (s: TimeoutState, chan: number, answer: 'confirmation' | 'failure', why: string): Transition<TimeoutState> =>
    transition({ waiting: s.waiting.filter((c) => c !== chan), log: [...s.log, `channel ${chan}: ${why}, ${answer}`] },
      deleteRole(`reply-${chan}`),
      deleteRole(`timeout-${chan}`),
      sendMessage(sshOut(me, answer === 'confirmation' ? confirmation(chan) : failure(chan))));
  return Timeout.transition({ waiting: [], log: [] },
    Timeout.role('requests', topicSubscriber(sshIn(me, _)), {
      onMessage: (m, s) => {
        const req = requestOf(m);
        if (req === null) return;
        const { type, chan } = req;
        const ref = [me, chan];
        return transition({ ...s, waiting: [...s.waiting, chan] },
          Timeout.role(`reply-${chan}`, topicSubscriber(channelAccepted(ref)), {
            onMessage: (_m, st) => (st.waiting.includes(chan) ? finish(st, chan, 'confirmation', 'an application replied') : undefined),
          }),
          Timeout.role(`timeout-${chan}`, topicSubscriber(timerExpired(['open-timeout', me, chan], _)), {
            onMessage: (_m, st) => (st.waiting.includes(chan) ? finish(st, chan, 'failure', 'no reply in time') : undefined),
          }),
          sendMessage(channelOpen(type, ref)),
          sendMessage(setTimer(['open-timeout', me, chan], TIMEOUT_MS)));
      },
    }));
}

// ---- the remote side -----------------------------------------------------------------------------------

interface ClientState {
  /** Replies waiting for their time stamp, by stamp number. */
  readonly unstamped: readonly { readonly n: number; readonly text: string }[];
  readonly nextStamp: number;
  readonly log: readonly string[];
}

const Client = processOf<ClientState>();

function describeReply(packet: Term): string {
  if (isStruct(packet, 'ssh-msg-channel-open-confirmation', 1)) return `confirmation ${String(packet.fields[0])}`;
  if (isStruct(packet, 'ssh-msg-channel-open-failure', 3)) return `failure ${String(packet.fields[0])}`;
  return 'something else';
}

function sshClient(): Transition<ClientState> {
  return Client.transition({ unstamped: [], nextStamp: 0, log: [] },
    Client.role('send-requests', topicSubscriber(timerExpired(['request', _], _)), {
      onMessage: (m, s) => {
        const [label, now] = isStruct(m, 'timer-expired', 2) ? m.fields : [null, null];
        const chan = Array.isArray(label) ? (label as readonly Term[])[1] : null;
        const req = REQUESTS.find((r) => r.chan === chan);
        if (req === undefined) return;
        return transition({ ...s, log: [...s.log, `${String(now)}ms sent channel-open ${req.type} ${req.chan}`] },
          SESSIONS.map((id) => sendMessage(sshIn(id, openRequest(req.type, req.chan)))));
      },
    }),
    Client.role('replies', topicSubscriber(sshOut(_, _)), {
      onMessage: (m, s) => {
        if (!isStruct(m, 'ssh-out', 2)) return;
        const n = s.nextStamp;
        const text = `${String(m.fields[0])}: ${describeReply(m.fields[1]!)}`;
        // What time is it? Ask the timer driver with a zero-delay timer.
        return transition({ ...s, unstamped: [...s.unstamped, { n, text }], nextStamp: n + 1 },
          sendMessage(setTimer(['stamp', n], 0)));
      },
    }),
    Client.role('clock', topicSubscriber(timerExpired(['stamp', _], _)), {
      onMessage: (m, s) => {
        const [label, now] = isStruct(m, 'timer-expired', 2) ? m.fields : [null, null];
        const n = Array.isArray(label) ? (label as readonly Term[])[1] : null;
        const reply = s.unstamped.find((u) => u.n === n);
        if (reply === undefined) return;
        return transition({ ...s, unstamped: s.unstamped.filter((u) => u !== reply), log: [...s.log, `${String(now)}ms ${reply.text}`] });
      },
    }),
    REQUESTS.map((r) => sendMessage(setTimer(['request', r.chan], r.at, 'absolute'))));
}

export const routingQuery: Scenario = {
  id: 'routing-query',
  title: 'Weakness: querying the routing table (SSH channel-open)',
  description:
    'An SSH client asks to open a "session" channel at 10 ms and an "x11" channel at 20 ms; each request goes to ' +
    'two sessions, which must answer with confirmation or failure depending on whether any application ' +
    'subscribes to channel-open for that type. Only the shell app exists, and it serves "session". os2 cannot ' +
    'ask "is anyone listening?", so the barrier session adds a temporary observer for channel-open(type, ?) ' +
    'and sends a message to itself: all presence arrives during the add-role, before that message, so "no ' +
    'presence yet" means "nobody". It answers at once and removes the probe. The timeout session just asks ' +
    'and waits: "session" is confirmed at once, but "x11" fails only when its 50 ms timeout runs out. Compare ' +
    "the times in the client's log.",
  seed: 1,
  boot: boot(null,
    spawn(timerDriver, { name: 'timer' }),
    spawn(shellApp, { name: 'shell app' }),
    spawn(barrierSession, { name: 'session (barrier)' }),
    spawn(timeoutSession, { name: 'session (timeout)' }),
    spawn(sshClient, { name: 'ssh-client' })),
  maxSteps: 3000,
};
