/**
 * A native trace read from a file, as a History the player can step through like a live run (but
 * read-only: it has no run).
 *
 * Data definition:
 *   RecordedBuilder takes the TraceItems of a TraceReader one at a time (a file streamed in slices)
 *   and folds records, model checkpoints, step ends and the header's inputs as it goes;
 *   finish() gives a Recorded = { history, header, ui, endStatus }.
 *     history    records; boundaries at every step end and before every input; applied inputs,
 *                each placed at its first root record in its step (a ground-event "user inject" or
 *                "user kill", a world "client-added") up to the next input or the step's end
 *     ui         the header's optional `ui` field: { cursor }, where the exporting app stood
 *     endStatus  the end line's status (null for version 1 files, which have no end line)
 *   A version 1 file has no step lines: its records are one step.
 */
import { z } from 'zod';
import { orderInputs, type Input } from '../../kernel/ground/index.ts';
import type { TraceRecord } from '../../kernel/index.ts';
import { assertNever } from '../../kernel/values.ts';
import { applyRecord, emptyModel, type Model } from '../model.ts';
import { linesOf, recordFromJson, TraceParseError, TraceReader, type TraceHeader, type TraceItem } from '../trace/index.ts';
import { AppendLog } from './append-log.ts';
import { MAX_BREAKPOINTS, MAX_QUERY_CHARS } from './breakpoints.ts';
import { DEFAULT_HISTORY_LIMITS, startHistory, type AppliedInput, type Boundary, type History } from './history.ts';

/** Where the exporting app stood: the `ui` field of a header (readers that do not know it ignore it). */
export interface TraceUiState {
  /** The cursor (a record count: the world after the first `cursor` records). */
  readonly cursor: number;
  /** The session's breakpoints (queries: docs/queries.md), when it had any. */
  readonly breakpoints?: readonly { readonly text: string; readonly enabled: boolean }[];
}

const uiSchema = z.looseObject({
  cursor: z.int().min(0),
  breakpoints: z.array(z.looseObject({ text: z.string().max(MAX_QUERY_CHARS), enabled: z.boolean() })).max(MAX_BREAKPOINTS).optional(),
});

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
  const bps = r.data.breakpoints;
  return { cursor: r.data.cursor, ...(bps === undefined ? {} : { breakpoints: bps.map((b) => ({ text: b.text, enabled: b.enabled })) }) };
}

export interface Recorded {
  readonly history: History;
  readonly header: TraceHeader;
  readonly ui: TraceUiState | null;
  readonly endStatus: string | null;
  /** Inputs of the header whose step the file never reached (the run ended first). */
  readonly unapplied: readonly Input[];
}

/** Is `r` the first record an input of this kind makes (its root)? */
function startsInput(r: TraceRecord, input: Input): boolean {
  // A choice is a whole step: its records start the step (placeInputs places it first).
  if (input.kind === 'choose') return true;
  if (r.cause !== null) return false;
  switch (input.kind) {
    case 'inject':
      return r.kind === 'ground-event' && r.source === 'user inject';
    case 'kill':
      return r.kind === 'ground-event' && r.source === 'user kill';
    case 'connect':
      return r.kind === 'world' && r.what === 'client-added';
    case 'external':
      return r.kind === 'world' && r.what === 'external';
    default:
      return assertNever(input, 'input');
  }
}

export class RecordedBuilder {
  private header: TraceHeader | null = null;
  private ui: TraceUiState | null = null;
  private readonly records: TraceRecord[] = [];
  private readonly boundaries: Boundary[] = [];
  private readonly checkpoints: { index: number; model: Model }[] = [{ index: 0, model: emptyModel }];
  private frontier: Model = emptyModel;
  private endStatus: string | null = null;
  /** The header's inputs not placed yet, by step (stable). */
  private pending: Input[] = [];
  private readonly placed: AppliedInput[] = [];
  private steps = 0;
  private sawStepLine = false;

  constructor(private readonly checkpointEvery = DEFAULT_HISTORY_LIMITS.checkpointEvery) {}

  get recordCount(): number {
    return this.records.length;
  }

  push(item: TraceItem): void {
    switch (item.type) {
      case 'header':
        this.header = item.header;
        this.ui = readUiField(item.header, item.line);
        this.pending = [...orderInputs(item.header.inputs)];
        return;
      case 'record':
        this.addRecord(item.record, item.line);
        return;
      case 'step':
        this.endStep(item.step.step, item.step.records);
        return;
      case 'end':
        this.endStatus = item.end.status;
        return;
      default:
        return assertNever(item, 'trace item');
    }
  }

  private addRecord(json: Parameters<typeof recordFromJson>[0], line: number): void {
    let r: TraceRecord;
    try {
      r = recordFromJson(json);
    } catch (e) {
      throw new TraceParseError(line, null, e instanceof Error ? e.message : String(e));
    }
    this.records.push(r);
    this.frontier = applyRecord(this.frontier, r);
    if (this.records.length % this.checkpointEvery === 0) this.checkpoints.push({ index: this.records.length, model: this.frontier });
  }

  /** Step `step` ends at record `end`; the inputs applied after steps up to `inputsUpTo` are in it. */
  private endStep(step: number, end: number, inputsUpTo = step): void {
    const from = this.boundaries.at(-1)?.records ?? 0;
    this.sawStepLine = true;
    this.steps = step;
    this.placeInputs(inputsUpTo, step, from, end);
    this.boundaries.push({ records: end, steps: step, inputs: this.placed.length });
  }

  /** Places the inputs applied after steps up to `upTo`, whose records are at the end of [from, to) in step `step`. */
  private placeInputs(upTo: number, step: number, from: number, to: number): void {
    const mine: Input[] = [];
    // A choice after step n is step n + 1 itself (kernel run.ts).
    const stepOf = (i: Input): number => i.atStep + (i.kind === 'choose' ? 1 : 0);
    while (this.pending[0] !== undefined && stepOf(this.pending[0]) <= upTo) mine.push(this.pending.shift()!);
    let at = from;
    const starts = mine.map((input) => {
      while (at < to && !startsInput(this.records[at]!, input)) at++;
      return at < to ? at++ : to;
    });
    mine.forEach((input, k) => {
      const atRecord = starts[k]!;
      const next = starts[k + 1] ?? to;
      this.boundaries.push({ records: atRecord, steps: step, inputs: this.placed.length });
      this.placed.push({ input, atRecord, records: Math.max(0, next - atRecord) });
    });
  }

  finish(): Recorded {
    const header = this.header;
    if (header === null) throw new TraceParseError(1, null, 'empty trace: expected the header');
    const n = this.records.length;
    // A version 1 file has no step lines: its records are one step, with every input in it. A file
    // cut short in the middle of a step: its last records are that unfinished step. Inputs whose
    // step never came (the run ended first) are not placed.
    // (Numbered 0, whatever the inputs' atStep say: a file does not choose how many steps to make.)
    if (!this.sawStepLine) this.endStep(0, n, Number.POSITIVE_INFINITY);
    else if (this.boundaries.at(-1)!.records < n) this.endStep(this.steps + 1, n);
    const base = startHistory(null, [], DEFAULT_HISTORY_LIMITS);
    const history: History = {
      ...base,
      records: AppendLog.of(this.records),
      boundaries: AppendLog.of(this.boundaries),
      applied: AppendLog.of(this.placed),
      checkpoints: AppendLog.of(this.checkpoints),
      frontier: this.frontier,
    };
    return { history, header, ui: this.ui, endStatus: this.endStatus, unapplied: this.pending };
  }
}

/** A whole trace text, read and checked (throws TraceParseError): for tests and small files. */
export function recordedFromText(text: string): Recorded {
  const reader = new TraceReader();
  const b = new RecordedBuilder();
  for (const l of linesOf(text)) b.push(reader.line(l));
  reader.finish();
  return b.finish();
}
