/**
 * Writing a native trace (docs/trace-format.md, "The native trace file"), line by line.
 *
 * Data definition: the header line, then per simulation step its record lines and its step line
 * { step, records, hash }, then the end line { end: true, status, steps, records }.
 * Rule: pure; the lines are a function of the header and the records alone, so the same run gives
 * a byte-identical file.
 */
import type { TraceRecord } from '../../kernel/index.ts';
import { Fnv64, HASH_SEED } from './hash.ts';
import { serializeHeader, type TraceHeader } from './header.ts';
import type { EndLine, StepLine } from './reader.ts';
import { serializeRecord } from './records.ts';

export function serializeStep(s: StepLine): string {
  return JSON.stringify({ step: s.step, records: s.records, hash: s.hash });
}

export function serializeEnd(e: EndLine): string {
  return JSON.stringify({ end: true, status: e.status, steps: e.steps, records: e.records });
}

/**
 * Writes a native trace line by line: the header at once, then each step's records and its step
 * line, then the end line. `out` gets each line without its newline.
 */
export class TraceWriter {
  private prev = HASH_SEED;
  private nextStep = 0;
  private count = 0;
  private ended = false;

  constructor(header: TraceHeader, private readonly out: (line: string) => void) {
    out(serializeHeader(header));
  }

  /** Steps written so far. */
  get steps(): number {
    return this.nextStep;
  }
  get records(): number {
    return this.count;
  }
  get hash(): string {
    return this.prev;
  }

  /** Writes the next step (0, 1, 2, …): its record lines, then its step line. Returns its hash. */
  step(records: readonly TraceRecord[]): string {
    if (this.ended) throw new Error('TraceWriter: step after end');
    const h = new Fnv64().update(this.prev);
    for (const r of records) {
      const line = serializeRecord(r);
      h.update('\n').update(line);
      this.out(line);
    }
    this.count += records.length;
    this.prev = h.hex();
    this.out(serializeStep({ step: this.nextStep, records: this.count, hash: this.prev }));
    this.nextStep++;
    return this.prev;
  }

  /** Writes the end line; nothing may follow. */
  end(status: string): void {
    if (this.ended) return;
    this.ended = true;
    this.out(serializeEnd({ end: true, status, steps: this.nextStep - 1, records: this.count }));
  }
}

/**
 * A native trace of records already in memory (the UI's RunHistory): `stepEnds[i]` is the record
 * count at the end of step i, as RunHistory keeps it. An entry equal to the one before it (the
 * history's record of a call that only changed the status) is not a step and is skipped.
 */
export function writeTraceFromHistory(
  header: TraceHeader,
  records: readonly TraceRecord[],
  stepEnds: readonly number[],
  status: string,
  out: (line: string) => void,
): void {
  const w = new TraceWriter(header, out);
  let from = 0;
  stepEnds.forEach((end, i) => {
    if (i > 0 && end === stepEnds[i - 1]) return;
    w.step(records.slice(from, end));
    from = end;
  });
  w.end(status);
}
