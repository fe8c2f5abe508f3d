/**
 * Loading a DNS world from a directory (Node only: the CLI's --world DIR). Reads world.json and
 * the master files it names, then checks them with loadWorld; problems name the file (with the
 * directory) and the line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorldError } from './master.ts';
import { loadWorld, WORLD_JSON, type DnsWorld, type WorldFiles } from './world.ts';

export function loadWorldDir(dir: string): DnsWorld {
  const files: Record<string, string> = {};
  const read = (name: string): boolean => {
    try {
      files[name] = readFileSync(join(dir, name), 'utf8');
      return true;
    } catch {
      return false;
    }
  };
  if (!read(WORLD_JSON)) throw new WorldError({ file: join(dir, WORLD_JSON), line: 1, message: 'cannot read the file' });
  try {
    const json = JSON.parse(files[WORLD_JSON]!) as { servers?: { zones?: unknown }[] };
    for (const s of Array.isArray(json.servers) ? json.servers : []) {
      for (const z of Array.isArray(s?.zones) ? s.zones : []) if (typeof z === 'string') read(z);
    }
  } catch {
    // loadWorld reports the syntax error with its line
  }
  try {
    return loadWorld(files as WorldFiles);
  } catch (e) {
    if (e instanceof WorldError) throw new WorldError({ ...e.problem, file: join(dir, e.problem.file) });
    throw e;
  }
}
