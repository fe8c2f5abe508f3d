/**
 * The one-knob comparisons, in the engine's worker (docs/variants.md), and the comparison of a
 * program's run with the run before its edit (docs/playground.md): both runs are advanced in
 * slices of about SLICE_MS, between which the engine answers the UI; a knob's progress goes to the
 * UI at most every PROGRESS_MS, then the aligned result (an edit's: only the result, with the first
 * divergence). A new request replaces the one under way.
 */
import {
  comparisonOver, divergenceOf, startComparison, startPair, stepComparison, type Comparison, type VariantRequest,
} from '../../debugger/variants/compare.ts';
import { failedView, variantView } from '../../debugger/variants/view.ts';
import type { Scenario } from '../../scenarios/types.ts';
import type { HostClock } from './host.ts';
import type { FromEngine } from './protocol.ts';

/** Work per slice before the worker lets messages in. */
const SLICE_MS = 12;
/** Run units per step of each side (the granularity at which a slice checks its clock). */
const UNITS_PER_STEP = 16;
/** How often a running comparison reports its progress. */
const PROGRESS_MS = 250;
/** How the two runs of an edit are named in the comparison. */
export const EDIT_VALUES = ['the previous run', 'the edited run'] as const;

export class VariantHost {
  private job: { readonly ticket: number; comparison: Comparison; reportedAt: number; readonly edit: boolean } | null = null;
  private timer: unknown = null;

  constructor(
    private readonly post: (m: FromEngine) => void,
    private readonly clock: HostClock,
    private readonly scenarios: readonly Scenario[],
  ) {}

  start(request: VariantRequest, ticket: number): void {
    this.stop();
    let started: Comparison | string;
    try {
      started = startComparison(this.scenarios, request);
    } catch (e) {
      started = e instanceof Error ? e.message : String(e);
    }
    if (typeof started === 'string') {
      this.post({ type: 'variants', ticket, view: failedView(request, started) });
      return;
    }
    this.job = { ticket, comparison: started, reportedAt: this.clock.now(), edit: false };
    this.post({ type: 'variants', ticket, view: variantView(started, false) });
    this.schedule();
  }

  /** The run of `after` against the run of `before` (the program before its edit), at one seed. */
  startEdit(before: Scenario, after: Scenario, seed: number): void {
    this.stop();
    const request: VariantRequest = { scenario: after.id, flag: '', values: [EDIT_VALUES[0], EDIT_VALUES[1]], seed };
    this.job = { ticket: -1, comparison: startPair(request, before, after, seed), reportedAt: this.clock.now(), edit: true };
    this.schedule();
  }

  stop(): void {
    if (this.timer !== null) this.clock.cancel(this.timer);
    this.timer = null;
    this.job = null;
  }

  private schedule(): void {
    this.timer = this.clock.later(() => this.slice(), 0);
  }

  private slice(): void {
    this.timer = null;
    const job = this.job;
    if (job === null) return;
    const t0 = this.clock.now();
    try {
      do job.comparison = stepComparison(job.comparison, UNITS_PER_STEP);
      while (!comparisonOver(job.comparison) && this.clock.now() - t0 < SLICE_MS);
      if (comparisonOver(job.comparison)) {
        this.job = null;
        const view = variantView(job.comparison, true);
        this.post(job.edit ? { type: 'edit-divergence', divergence: divergenceOf(job.comparison), view } : { type: 'variants', ticket: job.ticket, view });
        return;
      }
    } catch (e) {
      this.job = null;
      this.post({ type: 'variants', ticket: job.ticket, view: failedView(job.comparison.request, e instanceof Error ? e.message : String(e)) });
      return;
    }
    if (!job.edit && this.clock.now() - job.reportedAt >= PROGRESS_MS) {
      job.reportedAt = this.clock.now();
      this.post({ type: 'variants', ticket: job.ticket, view: variantView(job.comparison, false) });
    }
    this.schedule();
  }
}
