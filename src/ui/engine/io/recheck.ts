/**
 * Re-check (issue 6): re-executes an imported trace's run from its header (scenario, seed, options,
 * inputs) with the Replayer and compares every step's hash with the file's, reading the file again
 * as a stream, in bounded slices. The result is "identical" or the first step that differs.
 */
import { plural } from '../../../debugger/views/plural.ts';
import { Replayer, type ReplayResult } from '../../../debugger/replay/index.ts';
import { TraceParseError } from '../../../debugger/trace/index.ts';
import { SCENARIOS, type Scenario } from '../../../scenarios/index.ts';
import { readBlobLines } from './read-lines.ts';
import { JobStopped, unslicedClock, type SliceClock, type StopSignal } from './slices.ts';

export interface RecheckProgress {
  /** Steps compared so far. */
  readonly steps: number;
  readonly bytes: number;
  readonly total: number;
}

class Settled extends Error {}

/** Replays `file`. Throws JobStopped when stopped; a bad file is a failed result (reason 'invalid'). */
export async function recheckTrace(
  file: Blob,
  o: {
    readonly clock?: SliceClock;
    readonly signal?: StopSignal;
    readonly onProgress?: (p: RecheckProgress) => void;
    readonly scenarios?: readonly Scenario[];
  } = {},
): Promise<ReplayResult> {
  const clock = o.clock ?? unslicedClock;
  const replayer = new Replayer(o.scenarios ?? SCENARIOS);
  let steps = 0;
  const reading = readBlobLines(file, async (lines, progress) => {
    for (const line of lines) {
      if (o.signal?.stopped === true) throw new JobStopped();
      // Step lines (and only they) make the replay run a simulation step.
      if (line.startsWith('{"step":')) steps++;
      // The first difference is the answer: the rest of the file is not read.
      if (replayer.line(line) !== null) throw new Settled();
      if (clock.due()) {
        o.onProgress?.({ steps, bytes: progress.bytes, total: progress.total });
        await clock.pause();
      }
    }
    o.onProgress?.({ steps, bytes: progress.bytes, total: progress.total });
  });
  try {
    await reading;
  } catch (e) {
    if (e instanceof Settled) return replayer.failed!;
    // A line the reader cut off (too long) makes the file invalid, like any line the replay refuses.
    if (e instanceof TraceParseError) return replayer.refuse(e);
    throw e;
  }
  if (o.signal?.stopped === true) throw new JobStopped();
  return replayer.finish();
}

/** One sentence for the result. */
export function recheckText(r: ReplayResult): string {
  if (r.ok) {
    const warn = r.warnings.length > 0 ? ` (${r.warnings.join('; ')})` : '';
    return `Identical: all ${plural(r.steps, 'step')} re-executed to the same states (last hash ${r.hash})${warn}.`;
  }
  if (r.reason === 'diverged') return `Differs at step ${r.step}: ${r.message}`;
  return `Could not re-check: ${r.message}`;
}
