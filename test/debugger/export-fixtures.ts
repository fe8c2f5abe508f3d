/** Shared fixtures for the replay and export tests: runs recorded as native traces, and a chatty scenario. */
import { recordRun, type RunConfig } from '../../src/debugger/replay/index.ts';
import type { Input } from '../../src/kernel/ground/inputs.ts';
import {
  _, boot, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber, transition,
} from '../../src/kernel/index.ts';
import type { Scenario } from '../../src/scenarios/index.ts';

/** Text that every export must escape: separators, comment and arrow syntax, quotes, a newline. */
export const AWKWARD = 'a;b#c<d>&"e\n%% end -->> x:y \\n @enduml';

/**
 * A talker that, once it sees a listener (presence), sends `n` messages say(i, AWKWARD); the
 * listener counts them and crashes on the last one. Both take injected poke(_) messages (the
 * talker lives on). Process names are awkward too.
 */
export function chatter(n: number): Scenario {
  const talker = boot(
    null,
    role('say', topicPublisher(struct('say', _, _)), {
      onPresence: (_peer, s) => transition(s, Array.from({ length: n }, (_x, i) => sendMessage(struct('say', i, AWKWARD)))),
    }),
    role('pokes', topicSubscriber(struct('poke', _)), { onMessage: (_m, s) => transition(s, sendMessage(struct('say', -1, 'poked'))) }),
  );
  const listener = boot(
    0,
    role<number>('hear', topicSubscriber(struct('say', _, _)), {
      onMessage: (_m, k) => {
        if (k + 1 === n) throw new Error('boom; #1 <x>');
        return transition(k + 1);
      },
    }),
    role<number>('pokes', topicSubscriber(struct('poke', _)), { onMessage: (_m, k) => transition(k) }),
  );
  return {
    id: 'chatter',
    title: 'Chatter',
    description: 'Many messages with awkward text, for the exporters.',
    seed: 1,
    boot: boot(null, spawn(listener, { name: 'listen "end"' }), spawn(talker, { name: 'talk;er#1 <x>' })),
  };
}

export function config(s: Scenario, o: Partial<RunConfig> = {}): RunConfig {
  return { scenario: s.id, seed: s.seed, maxSteps: Math.min(s.maxSteps ?? 100_000, 3_000), untilMs: null, inputs: [], ...o };
}

/** A run as a native trace (the current version), one string per line. */
export function traceLines(s: Scenario, o: Partial<RunConfig> = {}): string[] {
  const lines: string[] = [];
  recordRun(s, config(s, o), (l) => lines.push(l));
  return lines;
}

export const trace = (s: Scenario, o: Partial<RunConfig> = {}): string => traceLines(s, o).join('\n') + '\n';

export const poke = (atStep: number): Input => ({ atStep, kind: 'inject', body: struct('poke', 'hi;#'), orientation: 'publisher' });
