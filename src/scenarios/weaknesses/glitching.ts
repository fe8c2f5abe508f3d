/**
 * glitching — the talk's weakness "Glitching" (spec §8b): well-behaved presence should evolve
 * continuously, without transient drops of interest.
 *
 * Two publishers each restart their service at 10 ms to swap in a new handler and state:
 *   careless-service  performs [delete-role svc; add-role svc] in one transition. Its watcher, which
 *                     treats loss of presence as failure (onAbsence: quit), sees an absence — and dies —
 *                     and then a presence that nobody is left to see.
 *   careful-service   re-adds the endpoint under the same name with an equal role: the kernel only
 *                     swaps the handler and notifies nobody (the anti-glitch rule). Its watcher survives.
 * Each watcher also asks its service a question after the restart, to show which one still answers.
 */
import {
  _, boot, deleteRole, isStruct, processOf, quit, sendFeedback, sendMessage, spawn, struct, topicPublisher, topicSubscriber,
  transition, type Transition,
} from '../../kernel/index.ts';
import { setTimer, timerDriver, timerExpired } from '../../kernel/ground/index.ts';
import type { Scenario } from '../types.ts';

const RESTART_AT = 10;
const ASK_AT = 20;

type Version = { readonly version: number };

const Versioned = processOf<Version>();

function serviceRole(name: string) {
  return Versioned.role('svc', topicPublisher(struct('service', name, _)), {
    onMessage: (m, s) =>
      isStruct(m, 'service', 2) && isStruct(m.fields[1]!, 'ask')
        ? transition(s, sendMessage(struct('service', name, struct('answer', `version ${s.version}`))))
        : undefined,
  });
}

function service(name: string, careful: boolean) {
  return (): Transition<Version> =>
    transition({ version: 1 },
      serviceRole(name),
      Versioned.role('restart', topicSubscriber(timerExpired(`restart-${name}`, _)), {
        onMessage: (_m, s) => {
          const next = { version: s.version + 1 };
          // The careless way withdraws the endpoint and asserts it again: peers see a gap.
          return careful ? transition(next, serviceRole(name)) : transition(next, deleteRole('svc'), serviceRole(name));
        },
      }),
      sendMessage(setTimer(`restart-${name}`, RESTART_AT)));
}

interface WatcherState {
  readonly seen: readonly string[];
}

const Watcher = processOf<WatcherState>();

function watcher(name: string) {
  return (): Transition<WatcherState> =>
    transition({ seen: [] },
      Watcher.role('watch', topicSubscriber(struct('service', name, _)), {
        onPresence: (_p, s) => transition({ seen: [...s.seen, 'present'] }),
        // Loss of presence means the service failed: give up, as a link would.
        onAbsence: (_p, reason, s) => transition({ seen: [...s.seen, 'absent'] }, quit(struct('service-lost', name, reason))),
        onMessage: (m, s) =>
          isStruct(m, 'service', 2) && isStruct(m.fields[1]!, 'answer') ? transition({ seen: [...s.seen, `answer ${String(m.fields[1].fields[0])}`] }) : undefined,
      }),
      Watcher.role('ask-timer', topicSubscriber(timerExpired(`ask-${name}`, _)), {
        onMessage: (_m, s) => transition(s, sendFeedback(struct('service', name, struct('ask')))),
      }),
      sendMessage(setTimer(`ask-${name}`, ASK_AT)));
}

export const glitching: Scenario = {
  id: 'glitching',
  title: 'Weakness: glitching (delete-then-add vs same-name re-add)',
  description:
    'Two services restart at 10 ms to swap in a new handler. The careless one withdraws its endpoint and ' +
    'asserts it again in one transition; its watcher treats loss of presence as failure, sees the absence and ' +
    'quits — although the service never really went away. The careful one re-adds the endpoint under the same ' +
    'name with an equal role: the kernel swaps the handler and tells nobody, so its watcher keeps going and ' +
    'gets an answer from version 2 at 20 ms. Compare the two watchers in the event log and the sequence chart.',
  seed: 1,
  boot: boot(null,
    spawn(timerDriver, { name: 'timer' }),
    spawn(service('careless', false), { name: 'careless-service' }),
    spawn(watcher('careless'), { name: 'careless-watcher' }),
    spawn(service('careful', true), { name: 'careful-service' }),
    spawn(watcher('careful'), { name: 'careful-watcher' })),
  maxSteps: 2000,
};
