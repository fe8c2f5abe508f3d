/**
 * Replay (issue 6): the replayer that proves a native trace reaches the same states when it is
 * executed again (docs/trace-format.md, "Replay").
 *
 * Data definition:
 *   ReplayResult = { ok: true, steps, records, hash, status, warnings }
 *                | { ok: false, reason: 'diverged', step, expected, actual, message, line?, recordId?, field? }
 *                | { ok: false, reason: 'invalid', step, expected: null, actual: null, message, line?, field? }
 * Rules:
 *   - Pure (no Node or browser APIs); streaming: the Replayer takes one line at a time and keeps only
 *     the records of the current step, so a trace of any length replays in bounded memory.
 *   - Replay compares, step by step, the hash the file records (version 2 on), the hash of the file's
 *     own records, and the hash of the records the replay produces; on a difference it names the
 *     first record and field that differ. Version 1 files (no hashes) are compared record by record,
 *     grouped by the replay's steps. Nothing from the file is ever evaluated: terms are data.
 */
import type { Input } from '../../kernel/ground/index.ts';
import { KERNEL_VERSION } from '../../kernel/index.ts';
import type { Scenario } from '../../scenarios/types.ts';
import {
  HASH_SEED, TraceParseError, TraceReader, linesOf, serializeRecord, stepHash, type TraceHeader, type TraceItem,
} from '../trace/index.ts';
import { runConfigFromHeader } from './config.ts';
import { firstDifference, show } from './diff.ts';
import { RunDriver } from './driver.ts';

export type ReplayResult =
  | {
      readonly ok: true;
      readonly scenario: string;
      readonly seed: number;
      /** Steps compared (step 0 included). */
      readonly steps: number;
      readonly records: number;
      /** The hash of the last step. */
      readonly hash: string;
      /** The run's status at the end of the file (the replay's own, for a version 1 file). */
      readonly status: string;
      readonly version: number;
      readonly warnings: readonly string[];
    }
  | {
      readonly ok: false;
      readonly reason: 'diverged';
      readonly step: number;
      /** What the file says: its recorded hash of the step (version 1: the hash of its records). */
      readonly expected: string | null;
      /** The hash of the step as the replay produced it. */
      readonly actual: string | null;
      readonly message: string;
      readonly line?: number;
      readonly recordId?: number;
      readonly field?: string;
    }
  | {
      readonly ok: false;
      readonly reason: 'invalid';
      readonly step: number | null;
      readonly expected: null;
      readonly actual: null;
      readonly message: string;
      readonly line?: number;
      readonly field?: string | null;
    };

export type ReplayFailure = Extract<ReplayResult, { ok: false }>;

interface FileRecord {
  readonly line: number;
  readonly id: number;
  readonly kind: string;
  readonly raw: unknown;
  readonly text: string;
}

/**
 * Replays a native trace pushed to it line by line (`line`), then `finish()`. Either returns the
 * first failure as soon as it is known (later lines are then ignored) or null to go on.
 */
export class Replayer {
  private readonly reader = new TraceReader();
  private driver: RunDriver | null = null;
  private header: TraceHeader | null = null;
  private headerLine = 1;
  private failure: ReplayFailure | null = null;
  private buffer: FileRecord[] = [];
  private prev = HASH_SEED;
  private compared = 0;
  private recordCount = 0;
  private endStatus: string | null = null;
  private readonly warnings: string[] = [];
  /** Version 1: the replay step being matched against the file's records. */
  private current: { step: number; lines: string[] } | null = null;

  constructor(private readonly scenarios: readonly Scenario[]) {}

  /** The failure so far, if any. */
  get failed(): ReplayFailure | null {
    return this.failure;
  }

  line(text: string): ReplayFailure | null {
    if (this.failure !== null) return this.failure;
    let item: TraceItem;
    try {
      item = this.reader.line(text);
    } catch (e) {
      return this.fail(invalid(e));
    }
    switch (item.type) {
      case 'header':
        return this.onHeader(item.header, item.line);
      case 'record':
        this.buffer.push({ line: item.line, id: item.record.id, kind: item.record.kind, raw: item.raw, text: JSON.stringify(item.raw) });
        return this.header!.version === 1 ? this.matchV1() : null;
      case 'step':
        return this.onStep(item.step.step, item.step.hash, item.line);
      case 'end':
        return this.onEnd(item.end.status, item.line);
    }
  }

  finish(): ReplayResult {
    if (this.failure !== null) return this.failure;
    try {
      this.reader.finish();
    } catch (e) {
      return this.fail(invalid(e));
    }
    const h = this.header!;
    if (h.version === 1) {
      if (this.current !== null || this.buffer.length > 0) {
        const step = this.current?.step ?? this.compared;
        const have = this.buffer.length;
        const want = this.current?.lines.length ?? 0;
        return this.fail({
          ok: false, reason: 'diverged', step, expected: null, actual: null,
          message: `the file ends in the middle of step ${step}: it has ${have} of the step's ${want} records`,
        });
      }
    }
    const pending = this.driver!.pendingInputs[0];
    if (pending !== undefined) return this.fail(this.neverApplied(pending));
    return {
      ok: true, scenario: h.scenario, seed: h.seed, steps: this.compared, records: this.recordCount, hash: this.prev,
      status: this.endStatus ?? this.driver!.status, version: h.version, warnings: this.warnings,
    };
  }

  /** An input of the header whose step the file never reached: named by its header line and field. */
  private neverApplied(input: Input): ReplayFailure {
    const i = this.header!.inputs.indexOf(input);
    const field = i < 0 ? 'inputs' : `inputs[${i}].atStep`;
    const end = this.compared === 0 ? 'the file has no step' : `the file ends after step ${this.compared - 1}`;
    const problem = `input after step ${input.atStep} was never applied: ${end}`;
    const e = new TraceParseError(this.headerLine, field, problem);
    return { ok: false, reason: 'invalid', step: input.atStep, expected: null, actual: null, message: e.message, line: e.line, field: e.field };
  }

  /** The lines' source refused a line before it reached the replay (e.g. one too long): the file is invalid. */
  refuse(e: TraceParseError): ReplayFailure {
    return this.failure ?? this.fail(invalid(e));
  }

  private fail(f: ReplayFailure): ReplayFailure {
    this.failure = f;
    return f;
  }

  private onHeader(h: TraceHeader, line: number): ReplayFailure | null {
    this.header = h;
    this.headerLine = line;
    let run: ReturnType<typeof runConfigFromHeader>;
    try {
      run = runConfigFromHeader(h, this.scenarios, line);
    } catch (e) {
      return this.fail(invalid(e));
    }
    if (h.kernel !== KERNEL_VERSION) {
      this.warnings.push(`the trace was made by kernel ${h.kernel}, this is kernel ${KERNEL_VERSION}: a difference may come from that`);
    }
    this.driver = new RunDriver(run.scenario, run.config);
    return null;
  }

  private onStep(step: number, recorded: string, line: number): ReplayFailure | null {
    const next = this.driver!.next();
    const fileLines = this.buffer.map((r) => r.text);
    const fileHash = stepHash(this.prev, fileLines);
    if (next === null) {
      return this.fail({
        ok: false, reason: 'diverged', step, expected: recorded, actual: null, line,
        message: `step ${step} differs: the file has it, but the replay ended after step ${this.driver!.step} (status ${this.driver!.status})`,
      });
    }
    const replayLines = next.records.map(serializeRecord);
    const replayHash = stepHash(this.prev, replayLines);
    if (replayHash === recorded && fileHash === recorded) {
      this.accept(fileLines.length, recorded);
      return null;
    }
    const edited = fileHash !== recorded;
    const where = this.describe(step, replayLines);
    const message = edited && replayHash === recorded
      ? `step ${step}: the file's records do not match the step's recorded hash (the file was edited or damaged); ${where}`
      : `step ${step} differs from the replay: ${where}`;
    return this.fail({ ok: false, reason: 'diverged', step, expected: recorded, actual: replayHash, message, ...this.locate(replayLines) });
  }

  private onEnd(status: string, line: number): ReplayFailure | null {
    this.endStatus = status;
    // A file cut short on purpose (a live run exported while running) ends with status running/full.
    if (status === 'running' || status === 'full') return null;
    const more = this.driver!.next();
    const actual = this.driver!.status;
    if (more !== null || actual !== status) {
      const what = more !== null ? `the replay goes on to step ${more.step}` : `the replay ends with status ${actual}`;
      return this.fail({
        ok: false, reason: 'diverged', step: this.compared, expected: null, actual: null, line, field: 'status',
        message: `the file ends after step ${this.compared - 1} with status ${status}, but ${what}`,
      });
    }
    return null;
  }

  /** Version 1: groups the file's records by the replay's steps and compares each step whole. */
  private matchV1(): ReplayFailure | null {
    for (;;) {
      if (this.current === null) {
        const next = this.driver!.next();
        if (next === null) {
          const r = this.buffer[0]!;
          return this.fail({
            ok: false, reason: 'diverged', step: this.driver!.step + 1, expected: null, actual: null, line: r.line, recordId: r.id,
            message: `record #${r.id} (line ${r.line}) is more than the replay produced: it ended after step ${this.driver!.step} (status ${this.driver!.status})`,
          });
        }
        this.current = { step: next.step, lines: next.records.map(serializeRecord) };
      }
      const want = this.current.lines.length;
      if (this.buffer.length < want) return null;
      const fileLines = this.buffer.slice(0, want).map((r) => r.text);
      const fileHash = stepHash(this.prev, fileLines);
      const replayHash = stepHash(this.prev, this.current.lines);
      if (fileHash !== replayHash) {
        const step = this.current.step;
        return this.fail({
          ok: false, reason: 'diverged', step, expected: fileHash, actual: replayHash,
          message: `step ${step} differs from the replay: ${this.describe(step, this.current.lines)}`, ...this.locate(this.current.lines),
        });
      }
      const rest = this.buffer.slice(want);
      this.buffer = this.buffer.slice(0, want);
      this.accept(want, fileHash);
      this.buffer = rest;
      this.current = null;
      if (this.buffer.length === 0) return null;
    }
  }

  private accept(records: number, hash: string): void {
    this.prev = hash;
    this.compared++;
    this.recordCount += records;
    this.buffer = [];
  }

  private firstMismatch(replayLines: readonly string[]): number {
    const n = Math.max(this.buffer.length, replayLines.length);
    for (let i = 0; i < n; i++) if (this.buffer[i]?.text !== replayLines[i]) return i;
    return -1;
  }

  private locate(replayLines: readonly string[]): { line?: number; recordId?: number; field?: string } {
    const i = this.firstMismatch(replayLines);
    const r = i < 0 ? undefined : this.buffer[i];
    if (r === undefined) return {};
    const d = replayLines[i] === undefined ? null : firstDifference(r.raw, JSON.parse(replayLines[i]!));
    return { line: r.line, recordId: r.id, ...(d === null ? {} : { field: d.path }) };
  }

  /** A sentence naming the first record and field where the file and the replay part. */
  private describe(step: number, replayLines: readonly string[]): string {
    const i = this.firstMismatch(replayLines);
    if (i < 0) return `its records are equal but the hashes are not (a damaged step line?)`;
    const r = this.buffer[i];
    const mine = replayLines[i];
    if (r === undefined) {
      return `the file has ${this.buffer.length} records in step ${step}, the replay ${replayLines.length} (the next one would be ${show(JSON.parse(mine!))})`;
    }
    if (mine === undefined) {
      return `record #${r.id} (line ${r.line}, ${r.kind}) is in the file, but the replay's step ${step} has only ${replayLines.length} records`;
    }
    const d = firstDifference(r.raw, JSON.parse(mine));
    if (d === null) return `record #${r.id} (line ${r.line}, ${r.kind}) differs only in its formatting`;
    return `record #${r.id} (line ${r.line}, ${r.kind}), field ${d.path}: the file has ${show(d.a)}, the replay has ${show(d.b)}`;
  }
}

function invalid(e: unknown): ReplayFailure {
  if (e instanceof TraceParseError) {
    return { ok: false, reason: 'invalid', step: null, expected: null, actual: null, message: e.message, line: e.line, field: e.field };
  }
  throw e;
}

/**
 * Replays a whole native trace: a text, or any iterable of its lines (e.g. read from a file in
 * chunks). Returns at the first difference without reading further.
 */
export function replayTrace(source: string | Iterable<string>, scenarios: readonly Scenario[]): ReplayResult {
  const r = new Replayer(scenarios);
  try {
    for (const l of typeof source === 'string' ? linesOf(source) : source) {
      if (r.line(l) !== null) return r.failed!;
    }
  } catch (e) {
    if (e instanceof TraceParseError) return r.refuse(e);
    throw e;
  }
  return r.finish();
}

/** The same for lines that arrive asynchronously (a browser File's stream, split into lines). */
export async function replayTraceAsync(lines: AsyncIterable<string>, scenarios: readonly Scenario[]): Promise<ReplayResult> {
  const r = new Replayer(scenarios);
  try {
    for await (const l of lines) {
      if (r.line(l) !== null) return r.failed!;
    }
  } catch (e) {
    if (e instanceof TraceParseError) return r.refuse(e);
    throw e;
  }
  return r.finish();
}
