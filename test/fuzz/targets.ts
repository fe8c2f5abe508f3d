/**
 * What a trace file goes through in os2 Lab, as the fuzzer drives it: the UI's importer (Blob →
 * read-lines → TraceReader → header check → RecordedBuilder), the engine stepping the recorded
 * history and making every panel's view-model (tree, graph, inspector, why, log, sequence, markers)
 * at several cursors, every export of it (its native export must be read back), and the UI's
 * re-check (the Replayer). Every input must be refused with its
 * line (and field), or accepted and stepped without an error; nothing may change Object.prototype.
 *
 * Data definition:
 *   Verdict = { imported: accepted | refused, replayed: identical | diverged | invalid, problems }
 *   Problem = { kind: crash (an exception other than a refusal) | escape (a refusal that does not
 *             name its line, or names one the file does not have; a prototype changed), target, detail }
 */
import { Engine } from '../../src/debugger/engine/engine.ts';
import { modelAt } from '../../src/debugger/engine/history.ts';
import { DEFAULT_ENV, initialState, type PlayerEnv, type PlayerState } from '../../src/debugger/engine/player.ts';
import type { Recorded } from '../../src/debugger/engine/recorded.ts';
import { TraceParseError } from '../../src/debugger/trace/index.ts';
import { SCENARIOS, findScenario } from '../../src/scenarios/index.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../src/debugger/export/index.ts';
import { recheckTrace } from '../../src/ui/engine/io/recheck.ts';
import { BlobParts, EXPORT_MIME, exportRun, exportRunOf } from '../../src/ui/engine/io/trace-export.ts';
import { importTrace } from '../../src/ui/engine/io/trace-import.ts';

export interface Problem {
  readonly kind: 'crash' | 'escape';
  readonly target: 'import' | 'engine' | 'export' | 'replay' | 'cli' | 'prototype';
  readonly detail: string;
}

export interface Verdict {
  readonly imported: 'accepted' | 'refused';
  readonly replayed: 'identical' | 'diverged' | 'invalid';
  /** The importer's refusal or the replay's failure, as a user reads it. */
  readonly message: string | null;
  readonly problems: readonly Problem[];
}

const BLOB_CHUNK_BYTES = 64 * 1024;

/** The bytes as a File's stream gives them in a browser: 64 KiB chunks. */
function blobOf(bytes: Uint8Array): Blob {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < bytes.length; i += BLOB_CHUNK_BYTES) parts.push(bytes.slice(i, i + BLOB_CHUNK_BYTES));
  return new Blob(parts);
}

const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : typeof e);

/** The lines of the file as the reader counts them (a final newline makes no line). */
function lineCount(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b === 0x0a) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? n + 1 : n;
}

/** Does a refusal name a line of this file (or the one after its last, for a truncated file)? */
function namesLine(line: number | undefined, message: string, lines: number): boolean {
  return line !== undefined && Number.isInteger(line) && line >= 1 && line <= lines + 1 && message.startsWith(`line ${line}`);
}

// ---- Object.prototype ----------------------------------------------------------------------------

type Snapshot = ReadonlyMap<string | symbol, PropertyDescriptor>;

function snapshot(o: object): Snapshot {
  return new Map(Reflect.ownKeys(o).map((k) => [k, Object.getOwnPropertyDescriptor(o, k)!]));
}

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const BEFORE = PROTOTYPES.map(snapshot);

/** A prototype that gained, lost or changed a member since this module loaded; null if none. */
export function prototypeChange(): string | null {
  for (const [i, p] of PROTOTYPES.entries()) {
    const now = snapshot(p);
    const was = BEFORE[i]!;
    for (const k of new Set([...was.keys(), ...now.keys()])) {
      const a = was.get(k);
      const b = now.get(k);
      if (a?.value !== b?.value || a?.get !== b?.get || a?.set !== b?.set) return `${p.constructor.name}.prototype.${String(k)} changed`;
    }
    if (Object.getPrototypeOf(p) !== (p === Object.prototype ? null : Object.prototype)) return `${p.constructor.name}.prototype's prototype changed`;
  }
  return null;
}

// ---- the engine over a recorded trace ------------------------------------------------------------

const ENV: PlayerEnv = { ...DEFAULT_ENV, scenarios: SCENARIOS, explore: false };
let live: PlayerState | null = null;
/** Pumps per move before the engine counts as stuck (each is a bounded slice). */
const MAX_PUMPS = 10_000;

function drain(engine: Engine): void {
  let t = 0;
  for (let i = 0; i < MAX_PUMPS; i++) if (engine.pump(() => (t += 1), 50).next === 'idle') return;
  throw new Error(`the engine did not settle within ${MAX_PUMPS} pumps`);
}

/** Processes inspected at each cursor, at most. */
const MAX_SELECTED = 16;

/**
 * Opens the recorded history and makes every panel at nine cursors and a drawn one, inspecting each
 * process; returns the engine at the last of them.
 */
function stepRecorded(recorded: Recorded, pick: number): Engine {
  live ??= initialState(ENV, findScenario('ping-pong')!);
  const engine = new Engine(ENV, live);
  engine.dispatch({ type: 'open-recorded', recorded, name: 'mutant.jsonl' });
  drain(engine);
  const length = recorded.history.records.length;
  const cursors = [...Array.from({ length: 9 }, (_, k) => Math.floor((k * length) / 8)), pick % (length + 1)];
  for (const to of cursors) {
    engine.dispatch({ type: 'jump', to });
    drain(engine);
    for (const key of [...modelAt(engine.state.history, engine.state.cursor).procs.keys()].slice(-MAX_SELECTED)) {
      engine.dispatch({ type: 'select-process', key });
      drain(engine);
    }
    engine.dispatch({ type: 'select-record', index: Math.max(0, to - 1) });
    engine.dispatch({ type: 'set-filters', patch: { text: 'x' } });
    drain(engine);
    engine.dispatch({ type: 'set-filters', patch: { text: '' } });
    engine.dispatch({ type: 'step-back' });
    drain(engine);
  }
  return engine;
}

/** The session exported in `format` (as the UI's Export menu does), as Blobs. */
async function exported(engine: Engine, format: ExportFormat): Promise<Blob[]> {
  const parts = new BlobParts(EXPORT_MIME[format]);
  await exportRun(format, exportRunOf(engine.state), parts.sink);
  return parts.finish();
}

/** Every export of an accepted file works, and its native export is read back. */
async function exportAndReread(engine: Engine): Promise<Problem[]> {
  for (const format of EXPORT_FORMATS) if (format !== 'native') await exported(engine, format);
  const [native] = await exported(engine, 'native');
  try {
    await importTrace(native!, { name: 'exported.jsonl', scenarios: SCENARIOS });
    return [];
  } catch (e) {
    return [{ kind: 'escape', target: 'export', detail: `its native export is not read back: ${errorText(e)}` }];
  }
}

// ---- one mutant through everything ---------------------------------------------------------------

/** The importer's verdict, the engine over what it accepted, and the re-check's verdict. */
export async function checkBytes(bytes: Uint8Array, pick = 0): Promise<Verdict> {
  const problems: Problem[] = [];
  const lines = lineCount(bytes);
  let recorded: Recorded | null = null;
  let message: string | null = null;
  try {
    recorded = await importTrace(blobOf(bytes), { name: 'mutant.jsonl', scenarios: SCENARIOS });
  } catch (e) {
    if (!(e instanceof TraceParseError)) problems.push({ kind: 'crash', target: 'import', detail: errorText(e) });
    else if (!namesLine(e.line, e.message, lines)) problems.push({ kind: 'escape', target: 'import', detail: e.message });
    message = e instanceof Error ? e.message : null;
  }
  if (recorded !== null) {
    try {
      problems.push(...(await exportAndReread(stepRecorded(recorded, pick))));
    } catch (e) {
      problems.push({ kind: 'crash', target: 'engine', detail: errorText(e) });
    }
  }
  let replayed: Verdict['replayed'] = 'invalid';
  try {
    const r = await recheckTrace(blobOf(bytes), { scenarios: SCENARIOS });
    replayed = r.ok ? 'identical' : r.reason;
    if (!r.ok) message ??= r.message;
    if (!r.ok && r.reason === 'invalid' && !namesLine(r.line, r.message, lines)) problems.push({ kind: 'escape', target: 'replay', detail: r.message });
    if (!r.ok && r.reason === 'diverged' && !Number.isInteger(r.step)) problems.push({ kind: 'escape', target: 'replay', detail: r.message });
  } catch (e) {
    problems.push({ kind: 'crash', target: 'replay', detail: errorText(e) });
  }
  const proto = prototypeChange();
  if (proto !== null) problems.push({ kind: 'escape', target: 'prototype', detail: proto });
  return { imported: recorded === null ? 'refused' : 'accepted', replayed, message, problems };
}
