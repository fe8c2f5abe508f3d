/**
 * Reading a DNS world directory (`--world DIR`) through a file reader, so that this stays free of
 * Node (the CLI passes Node's reader): world.json and the master files it names, checked with
 * loadWorld; problems name the file (with the directory) and the line.
 */
import { WorldError } from './master.ts';
import { loadWorld, WORLD_JSON, type DnsWorld, type WorldFiles } from './world.ts';

const pathIn = (dir: string, name: string): string => `${dir.replace(/\/+$/, '')}/${name}`;

/**
 * The files of the world in `dir`: world.json and every zone file it names that can be read (a
 * missing one is loadWorld's to report, with its line). Throws WorldError if world.json cannot be read.
 */
export function worldDirFiles(dir: string, readText: (path: string) => string): WorldFiles {
  const files: Record<string, string> = {};
  const read = (name: string): boolean => {
    try {
      files[name] = readText(pathIn(dir, name));
      return true;
    } catch {
      return false;
    }
  };
  if (!read(WORLD_JSON)) throw new WorldError({ file: pathIn(dir, WORLD_JSON), line: 1, message: 'cannot read the file' });
  try {
    const json = JSON.parse(files[WORLD_JSON]!) as { servers?: { zones?: unknown }[] };
    for (const s of Array.isArray(json.servers) ? json.servers : []) {
      for (const z of Array.isArray(s?.zones) ? s.zones : []) if (typeof z === 'string') read(z);
    }
  } catch {
    // loadWorld reports the syntax error with its line
  }
  return files;
}

/** The world in `dir` and its files; a WorldError names the file with the directory. */
export function loadWorldDir(dir: string, readText: (path: string) => string): { readonly world: DnsWorld; readonly files: WorldFiles } {
  const files = worldDirFiles(dir, readText);
  try {
    return { world: loadWorld(files), files };
  } catch (e) {
    if (e instanceof WorldError) throw new WorldError({ ...e.problem, file: pathIn(dir, e.problem.file) });
    throw e;
  }
}
