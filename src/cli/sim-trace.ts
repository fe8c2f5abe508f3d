/**
 * The modes of `npm run sim` that read a native trace file (docs/trace-format.md) instead of running:
 *   replay   (--replay FILE [--pretty]) re-executes the trace from its header and compares every
 *            step's state hash; --pretty prints the file's records as the replay reads them
 *   convert  (--from FILE --format F --out FILE2) exports the trace
 *   print    (--from FILE --pretty) prints the trace, one record per line (prettyRecord)
 * The file streams through in every mode. Exit codes: 0 done (replay: identical), 1 a replayed step
 * differs, 2 the file is unreadable or invalid.
 */
import { SCENARIOS } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { exportTrace } from '../debugger/export/index.ts';
import { replayTrace } from '../debugger/replay/index.ts';
import { TraceParseError, TraceReader, readTrace, recordFromJson } from '../debugger/trace/index.ts';
import { prettyRecord } from '../kernel/index.ts';
import { InputStalledError, NotUtf8Error, readLines, type LineSource } from './files.ts';
import { OutputFiles } from './output.ts';
import type { FileId } from './paths.ts';
import type { OutputFormat } from './sim-args.ts';
import { clip, errorCode, Printer, quote, type Fail, type Io } from './sim-io.ts';

/** Opens a trace for reading, or explains why it cannot be (exit code 2). */
function openTrace(file: string, fail: Fail): LineSource | number {
  try {
    return readLines(file);
  } catch (e) {
    return fail(`cannot read ${quote(file)}${errorCode(e)}`, 2);
  }
}

/** The exit code for a file that failed to read or parse, or null if `e` is something else. */
function fileFailure(file: string, e: unknown, fail: Fail): number | null {
  if (e instanceof TraceParseError || e instanceof NotUtf8Error || e instanceof InputStalledError) {
    return fail(`${clip(file)}: ${e.message}`, 2);
  }
  if (errorCode(e) !== '') return fail(`cannot read ${quote(file)}${errorCode(e)}`, 2);
  return null;
}

/**
 * The lines as they are, printing each record's pretty form on the way. A line this reader cannot
 * read stops the printing only: the consumer reads the same line and reports it.
 */
function* printingRecords(lines: Iterable<string>, print: Printer): Generator<string> {
  const reader = new TraceReader();
  let ok = true;
  for (const line of lines) {
    if (ok) {
      try {
        const item = reader.line(line);
        if (item.type === 'record') print.line(prettyRecord(recordFromJson(item.record)));
      } catch {
        ok = false;
      }
    }
    yield line;
  }
}

export function replayFile(file: string, o: { quiet: boolean; pretty: boolean }, io: Io, fail: Fail, scenarios: readonly Scenario[] = SCENARIOS): number {
  const lines = openTrace(file, fail);
  if (typeof lines === 'number') return lines;
  const print = new Printer(io);
  const banner = `── replay ${file} ──`;
  if (o.pretty && !o.quiet) print.line(banner);
  let result: ReturnType<typeof replayTrace>;
  try {
    result = replayTrace(o.pretty ? printingRecords(lines, print) : lines, scenarios);
  } catch (e) {
    print.flush();
    const code = fileFailure(file, e, fail);
    if (code === null) throw e;
    return code;
  }
  print.flush();
  if (!result.ok) {
    if (result.reason === 'diverged') {
      const hashes = result.expected === null ? '' : ` (hash in the file ${result.expected}, replay ${result.actual ?? 'none'})`;
      return fail(`replay of ${clip(file)}: ${result.message}${hashes}`, 1);
    }
    return fail(`${clip(file)}: ${result.message}`, 2);
  }
  const lastStep = result.steps - 1;
  const summary = [
    ...(o.quiet ? [] : o.pretty ? [''] : [banner]),
    `scenario      ${result.scenario} (seed ${result.seed})`,
    `steps         ${result.steps} (0 … ${lastStep}), ${result.version >= 2 ? 'every state hash identical' : 'every record identical (version 1 file: no hashes)'}`,
    `records       ${result.records}`,
    `final hash    ${result.hash}`,
    `status        ${result.status}`,
    ...result.warnings.map((w) => `warning       ${w}`),
  ];
  io.stdout(summary.join('\n') + '\n');
  return 0;
}

/** Exports the trace `from` to `outPath`, which must be none of `inputs` (output.ts). */
export function convertFile(
  from: string, format: OutputFormat, outPath: string, inputs: readonly FileId[], io: Io, fail: Fail,
): number {
  const out = new OutputFiles(outPath, inputs);
  const lines = openTrace(from, fail);
  if (typeof lines === 'number') {
    out.abort();
    return lines;
  }
  let written: string[];
  try {
    exportTrace(format, lines, (chunk, part) => out.write(chunk, part));
    written = out.commit();
  } catch (e) {
    out.abort();
    lines.close();
    const code = fileFailure(from, e, fail);
    if (code === null) throw e;
    return code;
  }
  const n = written.length;
  io.stdout(`converted ${from} to ${format}: ${n === 1 ? written[0] : `${n} files: ${written.join(', ')}`}\n`);
  return 0;
}

export function printFile(from: string, io: Io, fail: Fail): number {
  const lines = openTrace(from, fail);
  if (typeof lines === 'number') return lines;
  const print = new Printer(io);
  try {
    for (const item of readTrace(lines)) if (item.type === 'record') print.line(prettyRecord(recordFromJson(item.record)));
  } catch (e) {
    print.flush();
    const code = fileFailure(from, e, fail);
    if (code === null) throw e;
    return code;
  }
  print.flush();
  return 0;
}
