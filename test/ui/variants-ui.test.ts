/**
 * The Variants panel's plumbing without a browser: the engine host runs a comparison in slices
 * (in-process, every message cloned as a worker's would be) and answers with its result; the
 * catalogue lists each scenario's knobs; a paired line's inline difference.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EngineHost, type HostClock } from '../../src/ui/engine/host.ts';
import type { FromEngine } from '../../src/ui/engine/protocol.ts';
import { inlineDiff } from '../../src/ui/variants/inline.ts';
import { FULL_VIEW } from '../../src/debugger/engine/frame.ts';

/** A clock whose timers run when `drain` is called, in order. */
function manualClock(): HostClock & { drain(): void } {
  let t = 0;
  const queue: (() => void)[] = [];
  return {
    now: () => (t += 1),
    later: (f) => queue.push(f),
    cancel: () => {},
    drain() {
      for (let i = 0; i < 100_000 && queue.length > 0; i++) queue.shift()!();
    },
  };
}

describe('the engine host and variants', () => {
  it('lists the knobs in its catalogue and answers a comparison with its result', () => {
    const clock = manualClock();
    const out: FromEngine[] = [];
    const host = new EngineHost((m) => out.push(structuredClone(m)), clock);
    const hello = out.find((m) => m.type === 'hello');
    expect(hello?.type === 'hello' && hello.scenarios.find((s) => s.id === 'rendezvous')?.knobs.map((k) => k.flag)).toEqual(['--blind-client']);
    expect(hello?.type === 'hello' && hello.scenarios.find((s) => s.id === 'ping-pong')?.knobs).toEqual([]);
    host.receive({ type: 'start', scenario: 'rendezvous', seed: null, step: 0, view: FULL_VIEW, explore: false });
    host.receive({ type: 'variants', request: { scenario: 'rendezvous', flag: '--blind-client', values: ['send-at-boot', 'wait-for-presence'], seed: null }, ticket: 7 });
    clock.drain();
    const views = out.flatMap((m) => (m.type === 'variants' && m.ticket === 7 ? [m.view] : []));
    expect(views[0]!.state).toBe('running');
    const done = views[views.length - 1]!;
    expect(done.state).toBe('done');
    expect(done.summary).toMatch(/^With --blind-client wait-for-presence instead of send-at-boot: blind-client leaves \(normal exit\) \(with send-at-boot: alive at the end\); \d+ records differ/);
  });

  it('says why a comparison cannot run', () => {
    const clock = manualClock();
    const out: FromEngine[] = [];
    const host = new EngineHost((m) => out.push(m), clock);
    host.receive({ type: 'variants', request: { scenario: 'ping-pong', flag: '--restart', values: ['a', 'b'], seed: null }, ticket: 1 });
    const v = out.find((m) => m.type === 'variants');
    expect(v?.type === 'variants' && v.view).toMatchObject({ state: 'failed', summary: 'the scenario ping-pong has no option --restart' });
  });
});

describe('inlineDiff', () => {
  it('splits two lines into their common start and end and each one’s middle', () => {
    expect(inlineDiff('add sub/observer x', 'add sub/everything x')).toEqual({ head: 'add sub/', a: 'observer', b: 'everything', tail: ' x' });
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const d = inlineDiff(a, b);
        expect(d.head + d.a + d.tail).toBe(a);
        expect(d.head + d.b + d.tail).toBe(b);
      }),
    );
  });
});
