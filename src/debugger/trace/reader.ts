/**
 * Reading a native trace (docs/trace-format.md, "Reading a file"): line by line, so that a file of
 * any size streams through in constant memory, every line checked against its schema and in context.
 *
 * Data definition:
 *   TraceItem = header | record (with `raw`, the line's JSON as parsed) | step line | end line
 *   StepLine  = { step, records, hash }     EndLine = { end: true, status, steps, records }
 * Rules:
 *   - The header comes first; record ids increase and a record's cause is an earlier id; (version 2
 *     on) step lines number 0, 1, 2, … and count the records; the file ends with the end line and
 *     nothing after.
 *   - Every refusal is a TraceParseError naming the line and the field. Readers ignore fields they
 *     do not know (the versioning policy).
 *   - Lines are parsed by parseJsonLine (depth-bounded) and read by own-property lookups only
 *     (safe-json.ts); lines come cut by LineSplitter or linesOf (lines.ts: linear, length-bounded).
 */
import { z } from 'zod';
import { TraceParseError, describeValue, issueError } from './errors.ts';
import { TRACE_FORMAT, readHeader, type TraceHeader } from './header.ts';
import { linesOf } from './lines.ts';
import { recordSchema, type RecordJson } from './records.ts';
import { hasOwn, parseJsonLine } from './safe-json.ts';

const int = z.int();
const HASH_RE = /^[0-9a-f]{16}$/;
const stepSchema = z.looseObject({
  step: int.min(0),
  records: int.min(0),
  hash: z.string().regex(HASH_RE, 'expected 16 lowercase hex digits'),
});
const endSchema = z.looseObject({
  end: z.literal(true),
  status: z.string(),
  steps: int.min(0),
  records: int.min(0),
});

export interface StepLine {
  /** The simulation step: 0 is the start (the boot), n the n-th simStep. */
  readonly step: number;
  /** Records in the file so far, this step's included (RunHistory.stepEnds[step]). */
  readonly records: number;
  readonly hash: string;
}

export interface EndLine {
  readonly end: true;
  /** The run's status when the file was written: quiescent, blocked, limit, running, full, … */
  readonly status: string;
  /** The last step written. */
  readonly steps: number;
  readonly records: number;
}

function parseLine(text: string, line: number): Record<string, unknown> {
  const v = parseJsonLine(text, line);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new TraceParseError(line, null, `expected a JSON object, found ${describeValue(v)}`);
  }
  return v as Record<string, unknown>;
}

function readRecord(v: Record<string, unknown>, line: number): RecordJson {
  if (!hasOwn(v, 'kind')) throw new TraceParseError(line, 'kind', 'missing');
  const r = recordSchema.safeParse(v);
  if (!r.success) throw issueError(line, v, r.error.issues);
  return r.data;
}

/** Parses a header line; checks format and version first so that those errors are the ones named. */
export function parseHeader(text: string, line = 1): TraceHeader {
  return readHeader(parseLine(text, line), line);
}

/** Parses one record line. */
export function parseRecord(text: string, line: number): RecordJson {
  return readRecord(parseLine(text, line), line);
}

/**
 * One line of a trace file, parsed and checked in context. `raw` is the line's JSON value as parsed
 * (before validation), so `JSON.stringify(raw)` is the line in canonical form: for a line this
 * writer wrote, the line itself.
 */
export type TraceItem =
  | { readonly type: 'header'; readonly line: number; readonly header: TraceHeader }
  | { readonly type: 'record'; readonly line: number; readonly record: RecordJson; readonly raw: unknown }
  | { readonly type: 'step'; readonly line: number; readonly step: StepLine }
  | { readonly type: 'end'; readonly line: number; readonly end: EndLine };

/** Reads a trace file line by line (see the rules above). */
export class TraceReader {
  private lineNo = 0;
  private hdr: TraceHeader | null = null;
  private lastId = 0;
  private count = 0;
  private nextStep = 0;
  private sinceStep = 0;
  private endLine: EndLine | null = null;

  get header(): TraceHeader | null {
    return this.hdr;
  }
  /** Lines read so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Reads the next line (without its "\n"; a final "\r" is dropped). Throws TraceParseError. */
  line(text: string): TraceItem {
    const n = ++this.lineNo;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') {
      throw new TraceParseError(n, null, n === 1 ? `empty trace: expected the "${TRACE_FORMAT}" header` : 'empty line');
    }
    const v = parseLine(text, n);
    if (this.hdr === null) {
      this.hdr = readHeader(v, n);
      return { type: 'header', line: n, header: this.hdr };
    }
    if (this.endLine !== null) throw new TraceParseError(n, null, 'nothing may follow the end line');
    const v2 = this.hdr.version >= 2;
    // From version 2, lines without a kind are step lines (step, records, hash) or the end line.
    if (v2 && !hasOwn(v, 'kind') && (hasOwn(v, 'end') || hasOwn(v, 'status'))) return { type: 'end', line: n, end: this.readEnd(v, n) };
    if (v2 && !hasOwn(v, 'kind') && (hasOwn(v, 'step') || hasOwn(v, 'hash'))) return { type: 'step', line: n, step: this.readStep(v, n) };
    const record = readRecord(v, n);
    if (record.id <= this.lastId) {
      throw new TraceParseError(n, 'id', `${record.id} does not follow the previous id ${this.lastId} (ids must increase)`);
    }
    if (record.cause !== null && record.cause >= record.id) {
      // Causes come first (the emitter numbers records as it makes them): a forged link could loop.
      throw new TraceParseError(n, 'cause', `${record.cause} does not come before the record's id ${record.id} (a cause precedes what it causes)`);
    }
    this.lastId = record.id;
    this.count++;
    this.sinceStep++;
    return { type: 'record', line: n, record, raw: v };
  }

  private readStep(v: Record<string, unknown>, n: number): StepLine {
    const r = stepSchema.safeParse(v);
    if (!r.success) throw issueError(n, v, r.error.issues);
    const s = r.data;
    if (s.step !== this.nextStep) {
      throw new TraceParseError(n, 'step', `${s.step} is not the next step (expected ${this.nextStep})`);
    }
    if (s.records !== this.count) {
      throw new TraceParseError(n, 'records', `${s.records} does not match the ${this.count} records so far`);
    }
    this.nextStep++;
    this.sinceStep = 0;
    return { step: s.step, records: s.records, hash: s.hash };
  }

  private readEnd(v: Record<string, unknown>, n: number): EndLine {
    const r = endSchema.safeParse(v);
    if (!r.success) throw issueError(n, v, r.error.issues);
    const e = r.data;
    if (this.sinceStep > 0) throw new TraceParseError(n, null, `${this.sinceStep} records after the last step line (truncated step?)`);
    if (this.nextStep === 0) throw new TraceParseError(n, 'steps', 'the end line comes before any step line');
    if (e.steps !== this.nextStep - 1) throw new TraceParseError(n, 'steps', `${e.steps} is not the last step ${this.nextStep - 1}`);
    if (e.records !== this.count) throw new TraceParseError(n, 'records', `${e.records} does not match the ${this.count} records in the file`);
    this.endLine = { end: true, status: e.status, steps: e.steps, records: e.records };
    return this.endLine;
  }

  /** The input is over: checks that the file was complete. Throws TraceParseError. */
  finish(): void {
    if (this.hdr === null) throw new TraceParseError(1, null, `empty trace: expected the "${TRACE_FORMAT}" header`);
    if (this.hdr.version >= 2 && this.endLine === null) {
      throw new TraceParseError(this.lineNo + 1, null, 'the file ends without its end line (truncated?)');
    }
  }
}

/** Reads every line of a trace (a whole text or any iterable of lines), checking it is complete. */
export function* readTrace(source: string | Iterable<string>): Generator<TraceItem> {
  const reader = new TraceReader();
  for (const l of typeof source === 'string' ? linesOf(source) : source) yield reader.line(l);
  reader.finish();
}

export interface ParsedTrace {
  readonly header: TraceHeader;
  readonly records: readonly RecordJson[];
  /** From version 2: one per step; version 1: none. */
  readonly steps: readonly StepLine[];
  /** From version 2: the end line; version 1: null. */
  readonly end: EndLine | null;
}

/** Parses and validates a whole trace file into memory (for tests and small files). Throws TraceParseError. */
export function parseTraceLines(text: string): ParsedTrace {
  let header: TraceHeader | null = null;
  const records: RecordJson[] = [];
  const steps: StepLine[] = [];
  let end: EndLine | null = null;
  for (const item of readTrace(text)) {
    if (item.type === 'header') header = item.header;
    else if (item.type === 'record') records.push(item.record);
    else if (item.type === 'step') steps.push(item.step);
    else end = item.end;
  }
  return { header: header!, records, steps, end };
}
