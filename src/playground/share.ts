/**
 * A program run in a link: `#program=<base64url of the deflated JSON>` (fflate; the hash never
 * reaches a server). The JSON is { v: 2, source, seed, step, traps, inputs }: the program's text,
 * the seed (null: the program's own), the cursor, the labels of code that ran out of time (a
 * call to one is a crash, so the run is the same run), and the run's interventions as a trace
 * header writes them (kills, injects, added clients: decoded and checked by the engine that runs
 * them). Version 1 (no inputs) is still read. Over MAX_SHARE_CHARS the link is refused with a
 * sentence (browsers and chat programs cut longer addresses).
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { problem, type ProgramProblem } from './problem.ts';

/** Characters of the encoded program in a link. */
export const MAX_SHARE_CHARS = 16_000;
export const SHARE_VERSION = 2;
/** Versions a link may have: 1 had no inputs. */
const READABLE_SHARE_VERSIONS: readonly unknown[] = [1, SHARE_VERSION];

export interface SharedRun {
  readonly source: string;
  readonly seed: number | null;
  readonly step: number;
  readonly traps: readonly string[];
  /** The run's interventions, as a trace header's `inputs` (JSON). */
  readonly inputs: readonly unknown[];
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function encodeShare(run: SharedRun): { ok: true; text: string } | { ok: false; problem: ProgramProblem } {
  const json = JSON.stringify({ v: SHARE_VERSION, source: run.source, seed: run.seed, step: run.step, traps: run.traps, inputs: run.inputs });
  const text = toBase64Url(deflateSync(strToU8(json), { level: 9 }));
  if (text.length > MAX_SHARE_CHARS) {
    const msg = `This program is too long to share in a link (${text.length} characters compressed; at most ${MAX_SHARE_CHARS}). Export the trace instead: its header carries the program.`;
    return { ok: false, problem: problem('too-big', msg) };
  }
  return { ok: true, text };
}

/** The shared run, or a sentence saying why the link cannot be read. */
export function decodeShare(text: string): SharedRun | string {
  if (text.length > MAX_SHARE_CHARS) return `The link's program is longer than ${MAX_SHARE_CHARS} characters; it was not read.`;
  let v: unknown;
  try {
    v = JSON.parse(strFromU8(inflateSync(fromBase64Url(text))));
  } catch {
    return 'The link’s program could not be read (it may have been cut short).';
  }
  const o = v as Partial<Record<keyof SharedRun | 'v', unknown>>;
  if (typeof o !== 'object' || o === null || !READABLE_SHARE_VERSIONS.includes(o.v)) return 'The link’s program is of a version this app does not know.';
  if (typeof o.source !== 'string') return 'The link has no program text.';
  const seed = typeof o.seed === 'number' && Number.isInteger(o.seed) && o.seed >= 0 && o.seed <= 2 ** 32 - 1 ? o.seed : null;
  const step = typeof o.step === 'number' && Number.isSafeInteger(o.step) && o.step >= 0 ? o.step : 0;
  const traps = Array.isArray(o.traps) ? o.traps.filter((t): t is string => typeof t === 'string') : [];
  const inputs = Array.isArray(o.inputs) ? (o.inputs as unknown[]) : [];
  return { source: o.source, seed, step, traps, inputs };
}
