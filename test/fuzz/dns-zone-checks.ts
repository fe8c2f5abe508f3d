/**
 * The oracle of the hostile-world fuzzer (issue 11): a world (dns-zones.ts) is loaded from its
 * files (loadWorld) and from its directory through the in-memory file system (loadWorldDir, with
 * symbolic links resolved). Each either loads or is refused with a WorldError naming a file of
 * the world and a line inside it, in one short line; nothing else may be thrown, nothing outside
 * the directory may be read, Object.prototype stays as it was, and every record of a world that
 * loads can be sent on the wire (a zone that loads never fails later for its data).
 */
import { encodeMessage } from '../../src/scenarios/dns/wire.ts';
import { loadWorldDir } from '../../src/scenarios/dns/load-dir.ts';
import { WorldError } from '../../src/scenarios/dns/master.ts';
import { allZones, loadWorld, type DnsWorld } from '../../src/scenarios/dns/world.ts';
import type { DnsProblem } from './dns-checks.ts';
import { MemFs, WORLD_DIR, type ZoneMutant } from './dns-zones.ts';
import { prototypeChange } from './targets.ts';

/** A world may take this long to load (twice) and check before it counts as a hang. */
export const ZONE_BUDGET_MS = 5_000;
/** A refusal is one line of at most this many characters. */
export const MAX_REFUSAL_CHARS = 400;

export interface ZoneVerdict {
  readonly outcome: 'loaded' | 'refused';
  readonly problems: DnsProblem[];
}

type Report = (kind: DnsProblem['kind'], detail: string) => void;

/** Is a WorldError a proper refusal: a file of the world, a line inside it, one short line? */
function checkRefusal(e: WorldError, textOf: (file: string) => string | undefined, p: Report): void {
  const { file, line, message } = e.problem;
  const text = textOf(file);
  if (text === undefined) return p('escape', `a refusal names ${JSON.stringify(file)}, not a file of the world: ${e.message.slice(0, 200)}`);
  const lines = text.split('\n').length;
  if (!Number.isInteger(line) || line < 1 || line > lines) p('escape', `a refusal names line ${line} of ${file} (it has ${lines}): ${e.message.slice(0, 200)}`);
  if (/[\r\n]/.test(message) || e.message.length > MAX_REFUSAL_CHARS) p('escape', `a refusal is not one short line (${e.message.length} characters)`);
}

/** Every record of the world as the only answer of a response: it must encode. */
function unsendable(w: DnsWorld): string | null {
  for (const z of allZones(w)) {
    for (const r of z.records) {
      try {
        encodeMessage({
          id: 1, kind: 'response', opcode: 'QUERY', rcode: 'NOERROR', flags: ['aa'], questions: [{ name: r.name, type: r.type, cls: 'IN' }],
          answers: [r], authorities: [], additionals: [],
        });
      } catch (e) {
        return `${z.file}:${r.line}: loads, but cannot be sent: ${String(e).slice(0, 200)}`;
      }
    }
  }
  return null;
}

/** Loads once; a WorldError is checked as a refusal, anything else thrown is a crash. */
function attempt(load: () => DnsWorld, textOf: (file: string) => string | undefined, p: Report): DnsWorld | null {
  try {
    return load();
  } catch (e) {
    if (e instanceof WorldError) checkRefusal(e, textOf, p);
    else p('crash', `${e instanceof Error ? e.name : typeof e} thrown: ${String(e).slice(0, 200)}`);
    return null;
  }
}

export function zoneProblems(m: ZoneMutant): ZoneVerdict {
  const problems: DnsProblem[] = [];
  const p: Report = (kind, detail) => void problems.push({ kind, seed: m.seed, detail });
  const t0 = performance.now();
  const fromFiles = attempt(() => loadWorld(m.files), (f) => (Object.hasOwn(m.files, f) ? m.files[f] : undefined), p);
  const fs = new MemFs(m.files);
  const fromDir = attempt(() => loadWorldDir(WORLD_DIR, fs.readText, fs.realPath).world, fs.peek, p);
  for (const read of fs.reads) if (!read.startsWith(`${WORLD_DIR}/`)) p('escape', `read ${read}, outside the world directory`);
  for (const w of [fromFiles, fromDir]) {
    const bad = w === null ? null : unsendable(w);
    if (bad !== null) p('escape', bad);
  }
  const proto = prototypeChange();
  if (proto !== null) p('escape', proto);
  const ms = performance.now() - t0;
  if (ms > ZONE_BUDGET_MS) p('hang', `loading took ${Math.round(ms)} ms`);
  return { outcome: fromFiles === null ? 'refused' : 'loaded', problems };
}
