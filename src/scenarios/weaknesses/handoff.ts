/**
 * handoff — the talk's weakness "Handoff of responsibility" (spec §8c): a manager sees demand for a
 * resource and starts a worker for it; who represents the resource between "spawn the worker" and
 * "the worker has asserted presence"? The talk's three strategies run side by side, and in each the
 * first worker crashes while starting up (before it asserts anything).
 *
 *   take      the manager asserts the resource itself (a stand-in), spawns the worker, and withdraws
 *             the stand-in once it sees the worker's presence (make-before-break: the customer sees
 *             the resource continuously). The talk's option drops responsibility when the child is
 *             up *or crashed*; this manager, on a crash, keeps standing in and starts another worker.
 *   blip      "spawn without taking, and blip on crash": the manager spawns the worker and asserts
 *             nothing, but watches it; on a crash it blips — asserts the resource for an instant and
 *             withdraws it with the crash as the reason — so the waiting customer learns of the
 *             failure (it is not restarted).
 *   monitor   the manager treats the worker like an established service: it monitors the worker's
 *             own presence (worker-alive) and restarts it on a crash. The customer sees a gap, then
 *             the resource.
 * How each option works in detail is os2 Lab's reading of the talk's three one-line options.
 * Topics: resource(tag, who) — the service; worker-alive(tag, incarnation) — a worker's presence
 * from the moment it exists. The tag keeps the three pairs apart: it is the strategy's name.
 *
 * Option (a knob for the variants): --strategy take|blip|monitor runs ONE manager ("manager") and
 * customer ("customer") with that strategy, under the tag "job", so that two strategies' runs
 * differ only where the strategies do.
 */
import {
  _, boot, deleteRole, isCrashReason, isStruct, pretty, processOf, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber,
  transition, type Term, type Transition,
} from '../../kernel/index.ts';
import { setTimer, timerDriver, timerExpired } from '../../kernel/ground/index.ts';
import type { Scenario } from '../types.ts';
import { choiceOption, chosen } from '../choice.ts';

export type Strategy = 'take' | 'blip' | 'monitor';
const STARTUP_MS = 20;

const who = (t: Term): Term | undefined => (isStruct(t, 'resource', 2) ? t.fields[1] : undefined);

/** One manager and its customer: the strategy, the tag of their topics, and their names' suffix. */
interface Pair {
  readonly s: Strategy;
  readonly tag: string;
  readonly suffix: string;
}

/** A worker: alive at once, ready after STARTUP_MS — except incarnation 1, which crashes first. */
function worker(s: string, k: number) {
  return (): Transition<null> =>
    transition(null,
      role('alive', topicPublisher(struct('worker-alive', s, k))),
      role<null>('startup', topicSubscriber(timerExpired(['startup', s, k], _)), {
        onMessage: (_m, st) => {
          if (k === 1) throw new Error(`worker ${s}#1 failed while starting`);
          return transition(st, deleteRole('startup'), role('serve', topicPublisher(struct('resource', s, `worker-${k}`))));
        },
      }),
      sendMessage(setTimer(['startup', s, k], STARTUP_MS)));
}

interface ManagerState {
  readonly incarnation: number;
  readonly standIn: boolean;
}

const Manager = processOf<ManagerState>();

function startWorker(tag: string, st: ManagerState): Transition<ManagerState> {
  const k = st.incarnation + 1;
  return transition({ ...st, incarnation: k }, spawn(worker(tag, k), { name: `worker ${tag}#${k}` }));
}

function manager({ s, tag }: Pair) {
  return (): Transition<ManagerState> =>
    transition({ incarnation: 0, standIn: false },
      // Sees the customer's demand without being seen as a provider.
      Manager.role('demand', topicPublisher(struct('resource', tag, _), { monitor: true }), {
        onPresence: (_p, st) => {
          if (st.incarnation > 0) return;
          if (s !== 'take') return startWorker(tag, st);
          const started = startWorker(tag, { ...st, standIn: true });
          return transition(started.state, role('stand-in', topicPublisher(struct('resource', tag, 'manager'))), started.actions);
        },
      }),
      s === 'take' && Manager.role('watch-workers', topicSubscriber(struct('resource', tag, _), { monitor: true }), {
        onPresence: (p, st) => (st.standIn && who(p.topic) !== 'manager' ? transition({ ...st, standIn: false }, deleteRole('stand-in')) : undefined),
      }),
      Manager.role('watch-alive', topicSubscriber(struct('worker-alive', tag, _), { monitor: true }), {
        onAbsence: (_p, reason, st) => {
          if (!isCrashReason(reason)) return;
          if (s !== 'blip') return startWorker(tag, st);
          // The blip: present and gone in one transition; the absence carries the crash.
          return transition(st, role('blip', topicPublisher(struct('resource', tag, 'manager'))), deleteRole('blip', reason));
        },
      }));
}

interface CustomerState {
  readonly providers: readonly string[];
  readonly log: readonly string[];
}

function customer(tag: string) {
  return (): Transition<CustomerState> =>
    transition({ providers: [], log: [] },
      role<CustomerState>('need', topicSubscriber(struct('resource', tag, _)), {
        onPresence: (p, st) => {
          const name = String(who(p.topic));
          const log = st.providers.length === 0 ? [...st.log, `up (${name})`] : [...st.log, `+${name}`];
          return transition({ providers: [...st.providers, name], log });
        },
        onAbsence: (p, reason, st) => {
          const name = String(who(p.topic));
          const providers = st.providers.filter((x) => x !== name);
          const why = reason === false ? name : `${name}: ${pretty(reason)}`;
          return transition({ providers, log: [...st.log, providers.length === 0 ? `down (${why})` : `-${why}`] });
        },
      }));
}

export const STRATEGIES: readonly Strategy[] = ['take', 'blip', 'monitor'];

const STRATEGY_OPTION = choiceOption('--strategy', 'strategy', STRATEGIES,
  'run one manager and its customer with this strategy (default: all three side by side)');

/** The scenario: the three strategies side by side, or (with `strategy`) one of them alone. */
export function handoffScenario(strategy: Strategy | null = null): Scenario {
  const pairs: Pair[] = strategy === null ? STRATEGIES.map((s) => ({ s, tag: s, suffix: ` (${s})` })) : [{ s: strategy, tag: 'job', suffix: '' }];
  return {
    ...HANDOFF,
    boot: boot(null,
      spawn(timerDriver, { name: 'timer' }),
      pairs.map((p) => spawn(manager(p), { name: `manager${p.suffix}` })),
      pairs.map((p) => spawn(customer(p.tag), { name: `customer${p.suffix}` }))),
    options: {
      flags: [STRATEGY_OPTION],
      configure: (config) => handoffScenario(config.strategy === undefined ? null : chosen(config, 'strategy', STRATEGIES, 'take')),
    },
  };
}

const HANDOFF: Omit<Scenario, 'boot'> = {
  id: 'handoff',
  title: 'Weakness: handoff of responsibility (three strategies)',
  description:
    'Three customers each need a resource; three managers see the demand (as observers) and start a worker. ' +
    'Every first worker crashes while starting up. With "take", the manager stands in for the resource until a ' +
    'worker is up (it starts another after the crash) and withdraws only then — make-before-break, so the ' +
    'customer never sees a gap. With "blip", the manager spawns without taking and, on the crash, blips: it ' +
    'asserts the resource for an instant and withdraws it with the crash as the reason, so the waiting customer ' +
    'sees presence, then absence with exn(…) — it learns of the failure (nobody restarts the worker). With ' +
    '"monitor", the manager watches the worker and restarts it: the customer waits, then gets the resource. ' +
    "Watch each customer's log and presence events and the managers' restarts. (The details of each option are " +
    "os2 Lab's reading of the talk's three one-line options.)",
  seed: 1,
  maxSteps: 3000,
};

export const handoff: Scenario = handoffScenario();
