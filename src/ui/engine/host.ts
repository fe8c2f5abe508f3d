/**
 * The engine's host: what runs inside the Web Worker (and, for unit tests, in-process). It owns the
 * clock and the timers the engine does not read, pumps the engine in slices, and keeps at most one
 * frame in flight: while the UI is still painting one, work goes on and the next frame waits.
 */
import { Engine, type PumpNext } from '../../debugger/engine/engine.ts';
import { DEFAULT_ENV, initialState, type PlayerEnv } from '../../debugger/engine/player.ts';
import { SCENARIOS, type Scenario } from '../../scenarios/index.ts';
import { PAYLOAD_DECODERS } from '../../scenarios/payloads/index.ts';
import { payloadPrinter } from '../../debugger/views/printer.ts';
import { assertNever } from '../../kernel/values.ts';
import { IoHost } from './io-host.ts';
import { VariantHost } from './variant-host.ts';
import { knobsOf } from '../../scenarios/variants.ts';
import { decodeInputs } from '../../debugger/trace/inputs.ts';
import type { FromEngine, ScenarioInfo, ToEngine } from './protocol.ts';

/** Work per slice before the host lets messages in. */
export const SLICE_MS = 12;
/** The pace of play: one tick per display frame. */
export const PACED_MS = 16;
/** The app's views show DNS datagrams and SSH packets decoded. */
const APP_PRINTER = payloadPrinter(PAYLOAD_DECODERS);

export interface HostClock {
  now(): number;
  later(f: () => void, ms: number): unknown;
  cancel(handle: unknown): void;
}

function tcpPortOf(s: Scenario): number | null {
  for (const c of s.clients?.(s.seed) ?? []) for (const step of c.steps) if (step.op === 'connect') return step.port;
  return null;
}

export function catalogue(scenarios: readonly Scenario[]): ScenarioInfo[] {
  return scenarios.map((s) => ({
    id: s.id, title: s.title, description: s.description, seed: s.seed, tcpPort: tcpPortOf(s), vmHost: s.vmHost ?? 'server',
    knobs: knobsOf(s),
  }));
}

export class EngineHost {
  private engine: Engine | null = null;
  private timer: unknown = null;
  private inFlight = false;
  private seq = 0;
  private readonly io: IoHost;
  private readonly variants: VariantHost;

  constructor(
    private readonly post: (m: FromEngine) => void,
    private readonly clock: HostClock,
    private readonly scenarios: readonly Scenario[] = SCENARIOS,
  ) {
    this.io = new IoHost(() => this.engine, post, clock, () => this.schedule('now'), scenarios);
    this.variants = new VariantHost(post, clock, scenarios);
    post({ type: 'hello', scenarios: catalogue(scenarios) });
  }

  receive(m: ToEngine): void {
    try {
      this.handle(m);
    } catch (e) {
      this.fail(e);
    }
    this.schedule('now');
  }

  private handle(m: ToEngine): void {
    switch (m.type) {
      case 'start': {
        const env: PlayerEnv = { ...DEFAULT_ENV, scenarios: this.scenarios, explore: m.explore, printer: APP_PRINTER };
        const known = this.scenarios.find((s) => s.id === m.scenario);
        const scenario = known ?? this.scenarios[0]!;
        const inputs = known === undefined ? [] : decodeInputs(m.inputs ?? []);
        const state = initialState(env, scenario, m.seed ?? scenario.seed, undefined, undefined, typeof inputs === 'string' ? [] : inputs);
        this.engine = new Engine(env, state, m.view);
        if (known === undefined) this.engine.dispatch({ type: 'notify', text: `Unknown scenario "${m.scenario}"; showing ${scenario.id}.` });
        if (typeof inputs === 'string') this.engine.dispatch({ type: 'notify', text: `The run's interventions could not be read (${inputs}); it runs without them.` });
        if (m.step > 0) this.engine.dispatch({ type: 'jump', to: m.step });
        this.inFlight = false;
        this.seq = m.seq ?? 0;
        return;
      }
      case 'act':
        this.seq = m.seq;
        this.engine?.dispatch(m.action);
        return;
      case 'view':
        this.engine?.setView(m.view);
        return;
      case 'ack':
        this.inFlight = false;
        return;
      case 'open-file':
      case 'recheck':
      case 'export':
      case 'stop-io':
      case 'dismiss-import-errors':
        this.io.handle(m);
        return;
      case 'variants':
        this.variants.start(m.request, m.ticket);
        return;
      case 'stop-variants':
        this.variants.stop();
        return;
      default:
        return assertNever(m, 'message');
    }
  }

  /** Compares the run of `after` (a scenario of this host) with the run of `before`, at `seed`. */
  compareEdit(before: Scenario, after: Scenario, seed: number): void {
    this.variants.startEdit(before, after, seed);
  }

  private schedule(next: PumpNext): void {
    if (next === 'idle' || this.timer !== null) return;
    this.timer = this.clock.later(() => this.pump(), next === 'paced' ? PACED_MS : 0);
  }

  private pump(): void {
    this.timer = null;
    const engine = this.engine;
    if (engine === null) return;
    try {
      const r = engine.pump(() => this.clock.now(), SLICE_MS, !this.inFlight);
      if (r.frame !== null) {
        this.inFlight = true;
        this.post({ type: 'frame', frame: r.frame, seq: this.seq });
      }
      this.schedule(r.next);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.engine = null;
    this.post({ type: 'failed', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
}
