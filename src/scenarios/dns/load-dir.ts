/**
 * Reading a DNS world directory (`--world DIR`) through a file reader, so that this stays free of
 * Node (the CLI passes Node's reader): world.json and the master files it names, checked with
 * loadWorld; problems name the file (with the directory) and the line.
 *
 * The files $INCLUDE lines name are read too (at most MAX_WORLD_FILES files in all), with the
 * same rules. Only zone files whose names stay inside the directory are read (world.ts zonePathProblem: no
 * absolute paths, no ".."). Given `realPath` (the path with every symbolic link resolved, as
 * Node's realpathSync gives it), a file whose real path is not inside the directory's real path —
 * a symbolic link leading out — is not read either, and loadWorld refuses it at its line.
 */
import { includedNames, WorldError } from './master.ts';
import { listedZoneFiles, loadWorld, WORLD_JSON, zonePathProblem, type DnsWorld, type WorldFiles } from './world.ts';

/** At most this many files are read from a world directory (zone files and their includes). */
export const MAX_WORLD_FILES = 1_000;

const pathIn = (dir: string, name: string): string => `${dir.replace(/\/+$/, '')}/${name}`;

export type ReadText = (path: string) => string;
export type RealPath = (path: string) => string;

/** Does `path` lead outside `dir`, once symbolic links are resolved? (A path that cannot be resolved does not.) */
function leadsOutside(dir: string, path: string, realPath: RealPath | undefined): boolean {
  if (realPath === undefined) return false;
  let base: string;
  let real: string;
  try {
    base = realPath(dir).replace(/\/+$/, '');
    real = realPath(path);
  } catch {
    return false;
  }
  return !real.startsWith(`${base}/`);
}

interface WorldDir {
  readonly files: WorldFiles;
  /** Zone files that lead outside the directory (not read). */
  readonly outside: ReadonlySet<string>;
}

/**
 * The files of the world in `dir`: world.json and every zone file it names that can be read inside
 * the directory (a missing one is loadWorld's to report, with its line). Throws WorldError if
 * world.json cannot be read or leads outside the directory.
 */
function worldDirFiles(dir: string, readText: ReadText, realPath?: RealPath): WorldDir {
  const files: Record<string, string> = {};
  const outside = new Set<string>();
  const worldJson = pathIn(dir, WORLD_JSON);
  if (leadsOutside(dir, worldJson, realPath)) {
    throw new WorldError({ file: worldJson, line: 1, message: 'leads outside the world directory (a symbolic link)' });
  }
  try {
    files[WORLD_JSON] = readText(worldJson);
  } catch {
    throw new WorldError({ file: worldJson, line: 1, message: 'cannot read the file' });
  }
  const pending = listedZoneFiles(files[WORLD_JSON]);
  for (let read = 0; pending.length > 0 && read < MAX_WORLD_FILES; ) {
    const name = pending.shift()!;
    if (zonePathProblem(name) !== null || Object.hasOwn(files, name) || outside.has(name)) continue;
    if (leadsOutside(dir, pathIn(dir, name), realPath)) {
      outside.add(name);
      continue;
    }
    try {
      files[name] = readText(pathIn(dir, name));
      read++;
      pending.push(...includedNames(files[name]));
    } catch {
      // missing or unreadable: loadWorld reports it with its line
    }
  }
  return { files, outside };
}

/** The world in `dir` and its files; a WorldError names the file with the directory. */
export function loadWorldDir(dir: string, readText: ReadText, realPath?: RealPath): { readonly world: DnsWorld; readonly files: WorldFiles } {
  const { files, outside } = worldDirFiles(dir, readText, realPath);
  try {
    return { world: loadWorld(files, outside), files };
  } catch (e) {
    if (e instanceof WorldError) throw new WorldError({ ...e.problem, file: pathIn(dir, e.problem.file) });
    throw e;
  }
}
