/**
 * glitching — the talk's weakness "Glitching" (spec §8b): well-behaved presence should evolve
 * continuously, without transient drops of interest.
 *
 * Two publishers each restart their service at 10 ms to swap in a new handler and state:
 *   careless-service  performs [delete-role svc; add-role svc] in one transition. Its watcher, which
 *                     treats loss of presence as failure (onAbsence: quit), sees an absence — and dies:
 *                     the presence that follows reaches it after it has decided to quit, too late.
 *   careful-service   re-adds the endpoint under the same name with an equal role: the kernel only
 *                     swaps the handler and notifies nobody (the anti-glitch rule). Its watcher survives.
 * Each watcher also asks its service a question after the restart, to show which one still answers.
 * A watcher counts the service's endpoints it sees and gives up only when none is left.
 *
 * Option (a knob for the variants): --restart delete-then-add|re-add|add-then-delete runs ONE
 * service ("service") and its watcher ("watcher"), restarting the given way:
 *   delete-then-add  the careless way above: a gap, the watcher quits
 *   re-add           the careful way above: nobody is told anything
 *   add-then-delete  make-before-break: the new endpoint (another name) is asserted before the old
 *                    one is withdrawn, so the watcher sees a presence, then an absence, and is
 *                    never left with none: it keeps going (well-behaved presence, the talk's
 *                    "sets of interests smoothly evolve")
 */
import {
  _, assertNever, boot, deleteRole, isStruct, processOf, quit, sendFeedback, sendMessage, spawn, struct, topicPublisher, topicSubscriber,
  transition, type Transition,
} from '../../kernel/index.ts';
import { setTimer, timerDriver, timerExpired } from '../../kernel/ground/index.ts';
import type { Scenario } from '../types.ts';
import { choiceOption, chosen } from '../choice.ts';

const RESTART_AT = 10;
const ASK_AT = 20;

/** How a service swaps in its new handler and state. */
export type Restart = 'delete-then-add' | 're-add' | 'add-then-delete';
export const RESTARTS: readonly Restart[] = ['delete-then-add', 're-add', 'add-then-delete'];

type Version = { readonly version: number };

const Versioned = processOf<Version>();

/** The service's endpoint: "svc" (add-then-delete names each version's "svc-<version>"). */
function serviceRole(name: string, endpoint = 'svc') {
  return Versioned.role(endpoint, topicPublisher(struct('service', name, _)), {
    onMessage: (m, s) =>
      isStruct(m, 'service', 2) && isStruct(m.fields[1]!, 'ask')
        ? transition(s, sendMessage(struct('service', name, struct('answer', `version ${s.version}`))))
        : undefined,
  });
}

function restarted(name: string, how: Restart, s: Version): Transition<Version> {
  const next = { version: s.version + 1 };
  switch (how) {
    // The careless way withdraws the endpoint and asserts it again: peers see a gap.
    case 'delete-then-add':
      return transition(next, deleteRole('svc'), serviceRole(name));
    case 're-add':
      return transition(next, serviceRole(name));
    // Make before break: the new endpoint first, then the old one goes.
    case 'add-then-delete':
      return transition(next, serviceRole(name, `svc-${next.version}`), deleteRole(s.version === 1 ? 'svc' : `svc-${s.version}`));
    default:
      return assertNever(how, 'restart');
  }
}

function service(name: string, how: Restart) {
  return (): Transition<Version> =>
    transition({ version: 1 },
      serviceRole(name),
      Versioned.role('restart', topicSubscriber(timerExpired(`restart-${name}`, _)), {
        onMessage: (_m, s) => restarted(name, how, s),
      }),
      sendMessage(setTimer(`restart-${name}`, RESTART_AT)));
}

interface WatcherState {
  readonly seen: readonly string[];
}

const Watcher = processOf<WatcherState>();

/** How many of the service's endpoints the watcher sees, from what it has seen. */
const present = (seen: readonly string[]) => seen.filter((x) => x === 'present').length - seen.filter((x) => x === 'absent').length;

function watcher(name: string) {
  return (): Transition<WatcherState> =>
    transition({ seen: [] },
      Watcher.role('watch', topicSubscriber(struct('service', name, _)), {
        onPresence: (_p, s) => transition({ seen: [...s.seen, 'present'] }),
        // Loss of the last presence means the service failed: give up, as a link would.
        onAbsence: (_p, reason, s) => {
          const seen = [...s.seen, 'absent'];
          return present(seen) > 0 ? transition({ seen }) : transition({ seen }, quit(struct('service-lost', name, reason)));
        },
        onMessage: (m, s) =>
          isStruct(m, 'service', 2) && isStruct(m.fields[1]!, 'answer') ? transition({ seen: [...s.seen, `answer ${String(m.fields[1].fields[0])}`] }) : undefined,
      }),
      Watcher.role('ask-timer', topicSubscriber(timerExpired(`ask-${name}`, _)), {
        onMessage: (_m, s) => transition(s, sendFeedback(struct('service', name, struct('ask')))),
      }),
      sendMessage(setTimer(`ask-${name}`, ASK_AT)));
}

const RESTART_OPTION = choiceOption('--restart', 'restart', RESTARTS,
  'run one service and its watcher, restarting the given way (default: careless and careful side by side)');

/** The scenario: both ways side by side, or (with `restart`) one service restarting that way. */
export function glitchingScenario(restart: Restart | null = null): Scenario {
  const pair = (name: string, how: Restart, prefix: string) => [
    spawn(service(name, how), { name: `${prefix}service` }),
    spawn(watcher(name), { name: `${prefix}watcher` }),
  ];
  return {
    ...GLITCHING,
    boot: boot(null,
      spawn(timerDriver, { name: 'timer' }),
      restart === null ? [pair('careless', 'delete-then-add', 'careless-'), pair('careful', 're-add', 'careful-')] : pair('one', restart, '')),
    options: {
      flags: [RESTART_OPTION],
      configure: (config) => glitchingScenario(config.restart === undefined ? null : chosen(config, 'restart', RESTARTS, 're-add')),
    },
  };
}

const GLITCHING: Omit<Scenario, 'boot'> = {
  id: 'glitching',
  title: 'Weakness: glitching (delete-then-add vs same-name re-add)',
  description:
    'Two services restart at 10 ms to swap in a new handler. The careless one withdraws its endpoint and ' +
    'asserts it again in one transition; its watcher treats loss of presence as failure, sees the absence and ' +
    'quits — although the service never really went away. The careful one re-adds the endpoint under the same ' +
    'name with an equal role: the kernel swaps the handler and tells nobody, so its watcher keeps going and ' +
    'gets an answer from version 2 at 20 ms. Compare the two watchers in the event log and the sequence chart.',
  seed: 1,
  maxSteps: 2000,
};

export const glitching: Scenario = glitchingScenario();
