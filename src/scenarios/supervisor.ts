/**
 * An Erlang/OTP-style supervisor built from presence (the talk's closing points: "Exceptions and
 * errors are propagated via loss of presence. Erlang's process links and monitors can be seen as a
 * special case of this mechanism. Erlang/OTP-like supervisors fit naturally into this picture").
 *
 * Topics:
 *   worker(name, x)         the worker's service: a participant PUBLISHER worker(name, ?). Jobs come
 *                           upstream as feedback worker(name, job(id, n)); answers are the message
 *                           worker(name, result(id, total, incarnation)).
 *   link(name, incarnation) a link between one incarnation of a worker and its helper.
 *   set-timer / timer-expired  the timer driver (spec §5.1).
 *
 * Processes:
 *   supervisor  OBSERVER subscriber of worker(?, ?) — a *monitor*. It starts each child, sees its
 *               presence, and on absence with a crash reason (exn(name, message)) records it and
 *               restarts the child with a higher incarnation, unless that would exceed the restart
 *               intensity (MAX_RESTARTS within WINDOW_MS, as OTP's MaxR/MaxT): then it gives up and
 *               quits with reason shutdown("reached_max_restart_intensity", name).
 *               Why an observer and not a participant: a participant subscriber of worker(?, ?)
 *               would look like a customer to every worker (it would get a presence for the
 *               supervisor and count it as demand). Monitoring must not change what it monitors,
 *               and an observer is invisible to participants while still seeing them.
 *               It learns the time for the intensity window with a zero-delay timer (the talk's
 *               current-time idiom), so a restart happens at the same virtual instant as the crash.
 *   worker      "adder": keeps a running total (lost on a crash: a restarted worker starts at 0),
 *               throws an Error on the job "poison". At boot it spawns its linked helper.
 *   helper      linked to exactly one incarnation of the worker: a participant subscriber of
 *               link(name, incarnation), the worker publishing the same topic. When that presence
 *               goes with a crash reason the helper exits with the same reason — an Erlang link's
 *               exit signal. (A normal exit, reason false, does not propagate, as in Erlang.) The
 *               link runs one way: an Erlang link is mutual, but the worker's end of it (its link
 *               publisher) has no handler, so a crashing helper would not take the worker with it.
 *   client      sends a job every 20 ms; waits for the worker's presence before sending (a job
 *               that falls due while no worker is present is held until one appears).
 *   saboteur    sends poison jobs at POISON_AT; each crashes the current incarnation.
 *
 * Options (knobs for the variants and the tour's exercises): --max-restarts 2|3|4, the restart
 * intensity's MaxR (default MAX_RESTARTS): with 4 the supervisor survives the four poison jobs, with 2
 * it gives up sooner. --link one-way|mutual (default one-way): mutual gives the worker's end of the
 * link a handler, so a helper dying of a crash takes its worker with it — an Erlang link.
 */
import {
  _,
  boot,
  isCrashReason,
  isStruct,
  kill,
  pretty,
  processOf,
  quit,
  role,
  sendFeedback,
  sendMessage,
  spawn,
  struct,
  topicPublisher,
  topicSubscriber,
  transition,
  type Pid,
  type Reason,
  type Term,
  type Transition,
} from '../kernel/index.ts';
import { setTimer, timerDriver, timerExpired } from '../kernel/ground/index.ts';
import type { Scenario } from './types.ts';
import { choiceOption, chosen } from './choice.ts';

/** Restart intensity: give up when a crash would be restart number MAX_RESTARTS + 1 within WINDOW_MS. */
export const MAX_RESTARTS = 3;
export const WINDOW_MS = 100;
/** When the client sends its jobs (virtual ms) and what each adds. */
export const CLIENT_JOBS: readonly { readonly at: number; readonly n: number }[] = [
  { at: 10, n: 1 },
  { at: 30, n: 2 },
  { at: 50, n: 3 },
  { at: 70, n: 4 },
  { at: 90, n: 5 },
];
/** When the saboteur sends a poison job (virtual ms). */
export const POISON_AT: readonly number[] = [20, 40, 60, 80];
export const WORKER = 'adder';

const workerTopic = (name: Term, x: Term) => struct('worker', name, x);
const job = (id: Term, n: Term) => struct('job', id, n);
const result = (id: Term, total: number, incarnation: number) => struct('result', id, total, incarnation);
const link = (name: Term, incarnation: Term) => struct('link', name, incarnation);

/** Only an abnormal exit travels along a link or triggers a restart (OTP's `transient`). */
const abnormal = (reason: Reason): boolean => reason !== false && isCrashReason(reason);

// ---- helper: linked to one incarnation -------------------------------------------------------------

export interface HelperState {
  readonly linkedTo: string;
  readonly up: boolean;
}

const Helper = processOf<HelperState>();

function helper(name: string, incarnation: number): () => Transition<HelperState> {
  return Helper.boot(
    { linkedTo: `${name}#${incarnation}`, up: false },
    Helper.role('link', topicSubscriber(link(name, incarnation)), {
      onPresence: (_peer, s) => transition({ ...s, up: true }),
      // The exit signal: the worker's crash reason arrives with its absence; die of the same cause.
      onAbsence: (_peer, reason, s) =>
        abnormal(reason) ? transition({ ...s, up: false }, quit(reason)) : undefined,
    }),
  );
}

// ---- worker --------------------------------------------------------------------------------------

export interface WorkerState {
  readonly name: string;
  readonly incarnation: number;
  readonly total: number;
}

const Worker = processOf<WorkerState>();

/** Which way an exit signal travels along the link: worker → helper only, or both ways (Erlang's). */
export type LinkMode = 'one-way' | 'mutual';
export const LINK_MODES: readonly LinkMode[] = ['one-way', 'mutual'];

/** The worker's end of its link: with a mutual link, the helper's crash is the worker's too. */
function workerLink(name: string, incarnation: number, mode: LinkMode) {
  if (mode === 'one-way') return role('link', topicPublisher(link(name, incarnation)));
  return Worker.role('link', topicPublisher(link(name, incarnation)), {
    onAbsence: (_peer, reason, s) => (abnormal(reason) ? transition(s, quit(reason)) : undefined),
  });
}

function worker(name: string, incarnation: number, mode: LinkMode): () => Transition<WorkerState> {
  return Worker.boot(
    { name, incarnation, total: 0 },
    Worker.role('service', topicPublisher(workerTopic(name, _)), {
      onMessage: (m, s) => {
        const j = isStruct(m, 'worker', 2) ? m.fields[1]! : null;
        if (j === null || !isStruct(j, 'job', 2)) return;
        const [id, n] = j.fields as [Term, Term];
        // "Let it crash": the kernel contains this, keeps our old state and quits us with
        // exn("Error", "poison job ...") as the reason every peer sees in its absence event.
        if (n === 'poison') throw new Error(`poison job ${String(id)}`);
        if (typeof n !== 'number') return;
        const total = s.total + n;
        return transition({ ...s, total }, sendMessage(workerTopic(name, result(id, total, incarnation))));
      },
    }),
    workerLink(name, incarnation, mode),
    spawn(helper(name, incarnation), { name: `helper of ${name}#${incarnation}` }),
  );
}

// ---- supervisor ----------------------------------------------------------------------------------

export interface CrashRecord {
  readonly child: string;
  readonly incarnation: number;
  readonly reason: string;
}

export interface SupervisorState {
  readonly child: string;
  /** The running incarnation and its pid (null while restarting or after giving up). */
  readonly incarnation: number;
  readonly pid: Pid | null;
  readonly up: boolean;
  readonly crashes: readonly CrashRecord[];
  /** Virtual times of the restarts still inside the intensity window. */
  readonly restarts: readonly number[];
  readonly log: readonly string[];
}

const Supervisor = processOf<SupervisorState>();

function startChild(s: SupervisorState, incarnation: number, mode: LinkMode): Transition<SupervisorState> {
  return transition(
    { ...s, incarnation, pid: null },
    Supervisor.spawn(worker(s.child, incarnation, mode), {
      name: `${s.child}#${incarnation}`,
      k: (pid, st) =>
        transition({ ...st, pid, log: [...st.log, `started ${st.child}#${incarnation} as p${pid}`] }),
    }),
  );
}

function supervisor(child: string, maxRestarts: number, mode: LinkMode): () => Transition<SupervisorState> {
  const initial: SupervisorState = {
    child,
    incarnation: 0,
    pid: null,
    up: false,
    crashes: [],
    restarts: [],
    log: [],
  };
  const started = startChild(initial, 1, mode);
  return Supervisor.boot(
    started.state,
    // The monitor (see the header for why it is an observer).
    Supervisor.role('children', topicSubscriber(workerTopic(_, _), { monitor: true }), {
      onPresence: (peer, s) => {
        if (!isStruct(peer.topic, 'worker', 2) || peer.topic.fields[0] !== s.child) return;
        return transition({ ...s, up: true, log: [...s.log, `${s.child}#${s.incarnation} is up`] });
      },
      onAbsence: (peer, reason, s) => {
        if (!isStruct(peer.topic, 'worker', 2) || peer.topic.fields[0] !== s.child) return;
        const down = {
          ...s,
          up: false,
          pid: null,
          log: [...s.log, `${s.child}#${s.incarnation} went away: ${pretty(reason)}`],
        };
        if (!abnormal(reason)) return transition(down);
        const crashes = [
          ...s.crashes,
          { child: s.child, incarnation: s.incarnation, reason: pretty(reason) },
        ];
        // What time is it? A zero-delay timer answers with the virtual clock.
        return transition(
          { ...down, crashes },
          sendMessage(setTimer(struct('restart', s.child, crashes.length), 0)),
        );
      },
      // Being a subscriber, it also hears the workers' results: it ignores them.
    }),
    Supervisor.role('clock', topicSubscriber(timerExpired(struct('restart', child, _), _)), {
      onMessage: (m, s) => {
        const now = isStruct(m, 'timer-expired', 2) ? m.fields[1] : null;
        if (typeof now !== 'number') return;
        const recent = s.restarts.filter((t) => t > now - WINDOW_MS);
        if (recent.length >= maxRestarts) {
          const why = struct('shutdown', 'reached_max_restart_intensity', s.child);
          const log = [...s.log, `@${now}ms ${recent.length} restarts within ${WINDOW_MS} ms: giving up`];
          // OTP would also stop the children still running; here that is at most the current one.
          return transition({ ...s, restarts: recent, log }, s.pid !== null && kill(s.pid, why), quit(why));
        }
        const next = startChild(
          { ...s, restarts: [...recent, now], log: [...s.log, `@${now}ms restarting ${s.child}`] },
          s.incarnation + 1,
          mode,
        );
        return next;
      },
    }),
    started.actions,
  );
}

// ---- clients of the worker -----------------------------------------------------------------------

export interface ClientState {
  readonly present: boolean;
  /** Jobs that fell due while no worker was present. */
  readonly held: readonly { readonly id: string; readonly n: number }[];
  readonly results: readonly { readonly id: string; readonly total: number; readonly incarnation: number }[];
  readonly lost: readonly string[];
}

const Client = processOf<ClientState>();

const jobLabel = (i: Term) => struct('client-job', i);

const client = Client.boot(
  { present: false, held: [], results: [], lost: [] },
  Client.role('service', topicSubscriber(workerTopic(WORKER, _)), {
    onPresence: (_peer, s) =>
      transition(
        { ...s, present: true, held: [] },
        s.held.map((h) => sendFeedback(workerTopic(WORKER, job(h.id, h.n)))),
      ),
    onAbsence: (_peer, reason, s) => transition({ ...s, present: false, lost: [...s.lost, pretty(reason)] }),
    onMessage: (m, s) => {
      const r = isStruct(m, 'worker', 2) ? m.fields[1]! : null;
      if (r === null || !isStruct(r, 'result', 3)) return;
      const [id, total, incarnation] = r.fields;
      if (typeof id !== 'string' || typeof total !== 'number' || typeof incarnation !== 'number') return;
      if (!id.startsWith('c')) return; // someone else's job
      return transition({ ...s, results: [...s.results, { id, total, incarnation }] });
    },
  }),
  Client.role('schedule', topicSubscriber(timerExpired(jobLabel(_), _)), {
    onMessage: (m, s) => {
      const label = isStruct(m, 'timer-expired', 2) ? m.fields[0]! : null;
      const i = label !== null && isStruct(label, 'client-job', 1) ? label.fields[0] : null;
      const spec = typeof i === 'number' ? CLIENT_JOBS[i] : undefined;
      if (typeof i !== 'number' || spec === undefined) return;
      const j = { id: `c${i + 1}`, n: spec.n };
      return s.present
        ? transition(s, sendFeedback(workerTopic(WORKER, job(j.id, j.n))))
        : transition({ ...s, held: [...s.held, j] });
    },
  }),
  // Rendezvous with the timer driver before asking it for anything.
  Client.role('clock', topicPublisher(struct('set-timer', _, _, _)), {
    onPresence: (_peer, s) =>
      transition(
        s,
        CLIENT_JOBS.map((j, i) => sendMessage(setTimer(jobLabel(i), j.at))),
      ),
  }),
);

export interface SaboteurState {
  readonly present: boolean;
  readonly sent: number;
}

const Saboteur = processOf<SaboteurState>();

const poisonLabel = (i: Term) => struct('poison', i);

const saboteur = Saboteur.boot(
  { present: false, sent: 0 },
  Saboteur.role('target', topicSubscriber(workerTopic(WORKER, _)), {
    onPresence: (_peer, s) => transition({ ...s, present: true }),
    onAbsence: (_peer, _reason, s) => transition({ ...s, present: false }),
  }),
  Saboteur.role('schedule', topicSubscriber(timerExpired(poisonLabel(_), _)), {
    onMessage: (_m, s) => {
      if (!s.present) return;
      const id = `p${s.sent + 1}`;
      return transition({ ...s, sent: s.sent + 1 }, sendFeedback(workerTopic(WORKER, job(id, 'poison'))));
    },
  }),
  Saboteur.role('clock', topicPublisher(struct('set-timer', _, _, _)), {
    onPresence: (_peer, s) =>
      transition(
        s,
        POISON_AT.map((at, i) => sendMessage(setTimer(poisonLabel(i), at))),
      ),
  }),
);

/** The restart intensities the knob offers (MaxR; the window stays WINDOW_MS). */
export const RESTART_LIMITS: readonly string[] = ['2', '3', '4'];

const MAX_RESTARTS_OPTION = choiceOption('--max-restarts', 'maxRestarts', RESTART_LIMITS,
  `restarts allowed within ${WINDOW_MS} ms before the supervisor gives up (default ${MAX_RESTARTS})`);

const LINK_OPTION = choiceOption('--link', 'link', LINK_MODES,
  'one-way: only the worker\'s crash travels to its helper; mutual: the helper\'s crash takes the worker too (default one-way)');

const KEYS = ['maxRestarts', 'link'];

/** The scenario with a restart intensity of `maxRestarts` within WINDOW_MS, and links made `mode`. */
export function supervisorWith(maxRestarts: number = MAX_RESTARTS, mode: LinkMode = 'one-way'): Scenario {
  return {
    ...SUPERVISOR,
    boot: boot(
      null,
      spawn(timerDriver, { name: 'timer' }),
      spawn(supervisor(WORKER, maxRestarts, mode), { name: 'supervisor' }),
      spawn(client, { name: 'client' }),
      spawn(saboteur, { name: 'saboteur' }),
    ),
    options: {
      flags: [MAX_RESTARTS_OPTION, LINK_OPTION],
      configure: (config) =>
        supervisorWith(
          Number(chosen(config, 'maxRestarts', RESTART_LIMITS, String(MAX_RESTARTS), KEYS)),
          chosen(config, 'link', LINK_MODES, 'one-way', KEYS),
        ),
    },
  };
}

const SUPERVISOR: Omit<Scenario, 'boot'> = {
  id: 'supervisor',
  title: 'Supervisor, monitors and links from presence',
  description:
    `A supervisor starts the worker "${WORKER}" and watches it as an OBSERVER of worker(?, ?): it sees the ` +
    "worker's presence without looking like one of its clients. The client sends a job every 20 ms (it waits " +
    "for the worker's presence first); the worker answers with its running total and its incarnation number. " +
    `At ${POISON_AT.join(', ')} ms the saboteur sends a poison job and the worker's handler throws. The kernel ` +
    'contains the crash: the worker quits and every peer sees its absence with the reason exn("Error", "poison ' +
    'job ..."). Watch that absence reach the supervisor (a monitor), the client (which holds its jobs until a ' +
    "worker is back) and the worker's helper, which is linked to it and dies of the same reason (like an " +
    'Erlang link, but one way only: the worker’s end of the link has no handler, so a helper crashing would ' +
    'not take the worker with it). The supervisor records the crash and restarts the worker: a new process ' +
    'with a new pid and a new ' +
    `incarnation, whose total starts again at 0, and which spawns a new helper. Restart intensity: after ` +
    `${MAX_RESTARTS} restarts within ${WINDOW_MS} ms the next crash makes the supervisor give up and quit with ` +
    'reason shutdown("reached_max_restart_intensity", "adder"); the client\'s last job is then held for ever. ' +
    "Read the supervisor's log and crashes in its state.",
  seed: 1,
};

export const supervisorScenario: Scenario = supervisorWith();

export default supervisorScenario;
