/**
 * The playground's exercises (issue 14, item 6): each template loads, and its check rejects the
 * template as shipped and accepts the fix the exercise asks for — and not a "fix" that dodges it.
 */
import { describe, expect, it } from 'vitest';
import { judgeRun, type Verdict } from '../../src/playground/check.ts';
import { judgeInSlices } from '../../src/ui/engine/judge-host.ts';
import { findExercise, PROGRAM_EXERCISES } from '../../src/playground/exercises.ts';
import { loadProgram } from '../../src/playground/program.ts';
import { TEMPLATES } from '../../src/playground/templates/index.ts';
import { templateSource } from './run-program.ts';

function judge(source: string, id: string) {
  const loaded = loadProgram(source);
  if (!loaded.ok) throw new Error(loaded.problem.message);
  return judgeRun(loaded.scenario, loaded.scenario.seed, findExercise(id)!.check);
}

const BLIND = templateSource('blind-client.ts');
const ASK_AT_BOOT = "  sendFeedback(ask('me', 'is anybody there?')));";
/** The fix: a subscriber to ask("me", ?) learns of the server's publisher, and asks then. */
const ASK_ON_PRESENCE = `  C.role('server', topicSubscriber(ask('me', _)), {
    onPresence: (_peer, s) => C.transition(s, sendFeedback(ask('me', 'is anybody there?'))),
  }));`;

describe('program exercises', () => {
  it('every exercise opens a template that exists', () => {
    for (const e of PROGRAM_EXERCISES) expect(TEMPLATES.map((t) => t.id)).toContain(e.template);
  });

  it('the blind client as shipped is not yet fixed: its question reaches nobody', () => {
    expect(BLIND).toContain(ASK_AT_BOOT);
    expect(judge(BLIND, 'blind-client')).toEqual({ passed: false, text: expect.stringMatching(/^the server never hears/) });
  });

  it('asking on the server’s presence passes', () => {
    const v = judge(BLIND.replace(ASK_AT_BOOT, ASK_ON_PRESENCE), 'blind-client');
    expect(v).toEqual({ passed: true, text: expect.stringMatching(/presence is the rendezvous/) });
  });

  it('starting the server first instead does not pass', () => {
    const serverFirst = BLIND.replace(
      "boot: boot(null, spawn(client, { name: 'client' }),",
      "boot: boot(null, spawn(server, { name: 'server' }), spawn(client, { name: 'client' }),",
    );
    expect(serverFirst).not.toBe(BLIND);
    expect(judge(serverFirst, 'blind-client')).toEqual({ passed: false, text: expect.stringMatching(/^the client must still start before/) });
  });

  it('a handler that crashes does not pass, even when the answer came', () => {
    const crashing = BLIND.replace(ASK_AT_BOOT, ASK_ON_PRESENCE).replace(
      "C.transition({ answer: String(m.fields[1]) }, quit())",
      "(() => { throw new Error('oops'); })()",
    );
    expect(judge(crashing, 'blind-client').passed).toBe(false);
  });

  it('judged in slices on a worker’s clock, the verdict is the same as at once', () => {
    const loaded = loadProgram(templateSource('chat-room.ts'));
    if (!loaded.ok) throw new Error(loaded.problem.message);
    const check = { conditions: [{ query: 'message on chat("bob", _)', expect: 'some' as const, fails: 'no' }], passed: 'bob spoke' };
    const timers: (() => void)[] = [];
    let t = 0;
    const verdicts: Verdict[] = [];
    // Each read of the clock is 20 ms later: every slice ends after one step of units.
    judgeInSlices(loaded.scenario, check, { now: () => (t += 20), later: (f) => timers.push(f), cancel: () => {} }, (v) => verdicts.push(v));
    let slices = 0;
    while (timers.length > 0) {
      timers.shift()!();
      slices++;
    }
    expect(slices).toBeGreaterThan(1);
    expect(verdicts).toEqual([judgeRun(loaded.scenario, loaded.scenario.seed, check)]);
    expect(verdicts).toEqual([{ passed: true, text: 'bob spoke' }]);
  });

  it('a check whose query does not parse says so instead of passing', () => {
    const loaded = loadProgram(BLIND);
    if (!loaded.ok) throw new Error(loaded.problem.message);
    const v = judgeRun(loaded.scenario, 1, { conditions: [{ query: 'lisener', expect: 'none', fails: '' }], passed: 'no' });
    expect(v.passed).toBe(false);
    expect(v.text).toMatch(/could not be asked: column 1/);
  });
});
