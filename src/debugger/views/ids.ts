/**
 * The ids the graph views give processes' endpoints: plain strings with no kernel code, so the UI's
 * main thread (the stage's projection) can make them too.
 *
 *   endpoint id = "<process key>#<name>" for an endpoint, "<process key>^<name>" for a meta-endpoint
 *   VM key      = "ground", or the key of the VM process that contains it
 */

export const endpointId = (procKey: string, name: string, meta: boolean): string =>
  `${procKey}${meta ? '^' : '#'}${name}`;

/** The process key of an endpoint id (what comes before its first "#" or "^"). */
export function endpointProc(id: string): string {
  const i = id.search(/[#^]/);
  return i === -1 ? id : id.slice(0, i);
}

export const GROUND_VM = 'ground';

/** The key of the VM a process key is in: "ground" for "7", "3" for "3/2", "3/2" for "3/2/1". */
export function vmOfKey(procKey: string): string {
  const i = procKey.lastIndexOf('/');
  return i === -1 ? GROUND_VM : procKey.slice(0, i);
}
