/**
 * Exercises in the playground (issue 14, item 6): a template to change and a check its run must
 * pass. Plain data, kernel-free (the page's main thread lists them; the program worker judges them,
 * check.ts). A tour stop names one in its task (`program`, src/tour/task.ts) to open it here.
 *
 * Data definition:
 *   ProgramExercise = { id, title, text, template, check }
 *     template  the template it opens (templates/index.ts)
 *     text      what to do, shown above the editor
 *     check     conditions, each a query of the run (docs/queries.md) that must have some hits, or
 *               none; `fails`: what the learner reads while it does not hold ("not yet: …"), in
 *               order — the first that fails is shown; `passed`: what they read once all hold
 * Rule: the run judged is the program's own run at its seed, from its start, without
 * interventions (a kill or an inject cannot pass an exercise), to its end.
 */
export interface Condition {
  readonly query: string;
  readonly expect: 'some' | 'none';
  readonly fails: string;
}

export interface ProgramCheck {
  readonly conditions: readonly Condition[];
  readonly passed: string;
}

export interface ProgramExercise {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly template: string;
  readonly check: ProgramCheck;
}

/** The talk: "No more races at boot time!" — presence is the rendezvous (the rendezvous scenario). */
const BLIND_CLIENT: ProgramExercise = {
  id: 'blind-client',
  title: 'Fix the blind client',
  text:
    'The client asks its question at boot, but the server starts 20 ms later: os2 buffers nothing, so the question ' +
    'reaches nobody and the client waits for ever. Fix the client (not the start-up order): let it ask only once ' +
    'it learns of the server’s presence. Then press Run.',
  template: 'blind-client',
  check: {
    conditions: [
      {
        query: 'spawn by server before spawn by client',
        expect: 'none',
        fails: 'the client must still start before the server: fix the client, not the start-up order.',
      },
      {
        query: 'feedback to server on ask("me", _)',
        expect: 'some',
        fails: 'the server never hears the client’s question (it is sent before anyone can hear it?).',
      },
      {
        query: 'message to client on answer("me", _)',
        expect: 'some',
        fails: 'the client never gets its answer.',
      },
      { query: 'crash', expect: 'none', fails: 'a handler crashed: look for the crash in the event log.' },
    ],
    passed: 'The client waits for the server’s presence, asks, and is answered: presence is the rendezvous.',
  },
};

export const PROGRAM_EXERCISES: readonly ProgramExercise[] = [BLIND_CLIENT];

export function findExercise(id: string): ProgramExercise | undefined {
  return PROGRAM_EXERCISES.find((e) => e.id === id);
}
