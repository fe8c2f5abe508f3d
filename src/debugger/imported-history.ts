/**
 * A native trace opened from a file, held like a run (issue 6): stepped, scrubbed and inspected with
 * the same read API as the live RunHistory (HistoryView), but read-only.
 *
 * Data definition:
 *   ImportedHistory = { header, records, stepEnds, stepHashes, end, inputs, ui, name }
 *     records     the file's records, decoded by recordFromJson (states stay their JSON rendering;
 *                 handlers and continuations are stand-ins that throw if called)
 *     stepEnds    from the step lines: stepEnds[n] = the record count at the end of step n
 *                 (version 1 files have no step lines: one step holding every record)
 *     inputs      the header's inputs (the kernel's Inputs), placed in the run: each input's
 *                 records start at its first root record in its step (a ground-event "user inject"
 *                 or "user kill", a world "client-added"), and run to the next input or the step's end
 *     ui          the header's optional `ui` field: { cursor } where the exporting app stood
 *     status      always 'imported'; canGrow is false; grow/growAll do nothing
 *   ImportedHistoryBuilder  takes the TraceItems of a TraceReader one at a time (a file streamed
 *                 in slices) and folds checkpoints as it goes; finish() gives the history.
 * Rule: modelAt folds from the nearest checkpoint (every `checkpointEvery` records) or from the last
 * seek, like RunHistory, so scrubbing an imported trace costs the same as scrubbing a live one.
 */
import { z } from 'zod';
import type { TraceRecord } from '../kernel/index.ts';
import type { HistoryView } from './history-api.ts';
import type { Input } from '../kernel/ground/inputs.ts';
import { DEFAULT_HISTORY, type AppliedInput } from './history.ts';
import { applyRecord, emptyModel, type Model } from './model.ts';
import { Seeker, type Checkpoint } from './seek.ts';
import {
  TraceParseError, TraceReader, linesOf, recordFromJson, type EndLine, type TraceHeader, type TraceItem,
} from './trace/index.ts';

/** Where the exporting app stood: the `ui` field of a header (readers that do not know it ignore it). */
export interface TraceUiState {
  /** The cursor (a record count: the world after the first `cursor` records). */
  readonly cursor: number;
}

const uiSchema = z.looseObject({ cursor: z.int().min(0) });

/** The header's `ui` field, checked; null when absent. Throws TraceParseError (line 1) when malformed. */
export function readUiField(header: TraceHeader, line = 1): TraceUiState | null {
  const ui = header.ui;
  if (ui === undefined) return null;
  const r = uiSchema.safeParse(ui);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
    throw new TraceParseError(line, `ui${path}`, issue.message);
  }
  return { cursor: r.data.cursor };
}


export interface ImportedHistoryOptions {
  readonly checkpointEvery?: number;
  /** Where the trace came from (a file name), for the UI. */
  readonly name?: string;
}

export class ImportedHistory implements HistoryView {
  readonly status = 'imported' as const;
  readonly canGrow = false as const;
  private readonly seeker = new Seeker();

  /** Records folded by seeks so far (tests use it to check that seeking is incremental). */
  get recomputed(): number {
    return this.seeker.recomputed;
  }

  /** Use ImportedHistoryBuilder (or ImportedHistory.fromText). */
  constructor(
    readonly header: TraceHeader,
    private readonly recordList: readonly TraceRecord[],
    private readonly stepEndList: readonly number[],
    /** The recorded hash of each step (version 2; empty for version 1). */
    readonly stepHashes: readonly string[],
    /** The end line (version 2), or null. */
    readonly end: EndLine | null,
    private readonly inputList: readonly AppliedInput[],
    readonly ui: TraceUiState | null,
    private readonly checkpoints: readonly Checkpoint[],
    private readonly frontier: Model,
    readonly name: string,
  ) {}

  /** A whole trace text, validated (throws TraceParseError). For tests and small files. */
  static fromText(text: string, options: ImportedHistoryOptions = {}): ImportedHistory {
    const reader = new TraceReader();
    const b = new ImportedHistoryBuilder(options);
    for (const l of linesOf(text)) b.push(reader.line(l));
    reader.finish();
    return b.finish();
  }

  get records(): readonly TraceRecord[] {
    return this.recordList;
  }
  get length(): number {
    return this.recordList.length;
  }
  get stepEnds(): readonly number[] {
    return this.stepEndList;
  }
  get inputs(): readonly AppliedInput[] {
    return this.inputList;
  }
  get scenario(): string {
    return this.header.scenario;
  }
  get seed(): number {
    return this.header.seed;
  }
  /** The run's status when the file was written (the end line's), or null for version 1. */
  get endStatus(): string | null {
    return this.end?.status ?? null;
  }

  grow(_targetRecords: number, _maxSteps: number): void {}
  growAll(_maxSteps: number): void {}

  modelAt(index: number): Model {
    return this.seeker.modelAt(this.recordList, this.checkpoints, this.frontier, index);
  }

  /** The index of the record with this id: ids increase (the reader checks), usually by one. */
  indexOfId(id: number): number | null {
    const rs = this.recordList;
    const first = rs[0]?.id ?? 1;
    const guess = id - first;
    if (guess >= 0 && guess < rs.length && rs[guess]!.id === id) return guess;
    let lo = 0;
    let hi = rs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = rs[mid]!.id;
      if (at === id) return mid;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }
}

/** Is `r` the first record an input of this kind makes (its root)? */
function startsInput(r: TraceRecord, input: Input): boolean {
  if (r.cause !== null) return false;
  switch (input.kind) {
    case 'inject':
      return r.kind === 'ground-event' && r.source === 'user inject';
    case 'kill':
      return r.kind === 'ground-event' && r.source === 'user kill';
    case 'connect':
      return r.kind === 'world' && r.what === 'client-added';
  }
}

/** Builds an ImportedHistory from the items of a TraceReader, one at a time. */
export class ImportedHistoryBuilder {
  private header: TraceHeader | null = null;
  private ui: TraceUiState | null = null;
  private readonly records: TraceRecord[] = [];
  private readonly stepEnds: number[] = [];
  private readonly hashes: string[] = [];
  private end: EndLine | null = null;
  private readonly checkpoints: Checkpoint[] = [{ index: 0, model: emptyModel }];
  private frontier: Model = emptyModel;
  private readonly every: number;
  /** The header's inputs not placed yet (sorted by step, stable). */
  private pending: Input[] = [];
  private readonly placed: AppliedInput[] = [];

  constructor(private readonly options: ImportedHistoryOptions = {}) {
    this.every = Math.max(1, options.checkpointEvery ?? DEFAULT_HISTORY.checkpointEvery);
  }

  get recordCount(): number {
    return this.records.length;
  }

  push(item: TraceItem): void {
    switch (item.type) {
      case 'header':
        this.header = item.header;
        this.ui = readUiField(item.header, item.line);
        this.pending = [...item.header.inputs].sort((a, b) => a.atStep - b.atStep); // stable
        return;
      case 'record': {
        let r: TraceRecord;
        try {
          r = recordFromJson(item.record);
        } catch (e) {
          throw new TraceParseError(item.line, null, e instanceof Error ? e.message : String(e));
        }
        this.records.push(r);
        this.frontier = applyRecord(this.frontier, r);
        if (this.records.length % this.every === 0) this.checkpoints.push({ index: this.records.length, model: this.frontier });
        return;
      }
      case 'step': {
        const start = this.stepEnds.at(-1) ?? 0;
        this.stepEnds.push(item.step.records);
        this.hashes.push(item.step.hash);
        this.placeInputs(item.step.step, start, item.step.records);
        return;
      }
      case 'end':
        this.end = item.end;
        return;
    }
  }

  /** Places the inputs applied after step `step`, whose records are at the end of [from, to). */
  private placeInputs(step: number, from: number, to: number): void {
    const mine: Input[] = [];
    while (this.pending[0] !== undefined && this.pending[0].atStep <= step) mine.push(this.pending.shift()!);
    if (mine.length === 0) return;
    const starts: number[] = [];
    let at = from;
    for (const input of mine) {
      while (at < to && !startsInput(this.records[at]!, input)) at++;
      starts.push(at);
      if (at < to) at++;
    }
    mine.forEach((input, k) => {
      const atRecord = Math.min(starts[k]!, to);
      const next = k + 1 < starts.length ? Math.min(starts[k + 1]!, to) : to;
      this.placed.push({ input, atRecord, records: Math.max(0, next - atRecord) });
    });
  }

  finish(): ImportedHistory {
    const header = this.header;
    if (header === null) throw new TraceParseError(1, null, 'empty trace: expected the header');
    const stepEnds = this.stepEnds.length === 0 ? [this.records.length] : this.stepEnds;
    // Inputs after the last step line (a file cut short while running) are placed at its end.
    if (this.pending.length > 0) this.placeInputs(Number.MAX_SAFE_INTEGER, this.records.length, this.records.length);
    return new ImportedHistory(
      header, this.records, stepEnds, this.hashes, this.end, this.placed, this.ui, this.checkpoints, this.frontier,
      this.options.name ?? `${header.scenario}.jsonl`,
    );
  }
}
