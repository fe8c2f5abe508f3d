/**
 * What the Code panel highlights for a record's code focus (views/code-focus.ts): the acting
 * process's code and the spawn that named it, the endpoint whose handler ran, and the peer endpoint
 * of a presence or absence. Pure; the panel renders the marks.
 *
 * Data definition:
 *   CodeTarget = { process, endpoint, peerProcess, peer }   places (locate.ts), null when not found
 *   Mark       = 'handler' | 'peer' | 'spawn' | 'body'     strongest first: a line has the strongest
 *                of the marks that cover it
 */
import type { CodeFocus } from '../views/code-focus.ts';
import { locateEndpoint, locateProcess, type EndpointPlace, type ProcessPlace, type SourceSet } from './locate.ts';
import type { LineRange } from './source-index.ts';

export interface CodeTarget {
  readonly process: ProcessPlace | null;
  readonly endpoint: EndpointPlace | null;
  readonly peerProcess: ProcessPlace | null;
  readonly peer: EndpointPlace | null;
}

export type Mark = 'handler' | 'peer' | 'spawn' | 'body';

const STRENGTH: Readonly<Record<Mark, number>> = { handler: 4, peer: 3, spawn: 2, body: 1 };

export const NO_TARGET: CodeTarget = { process: null, endpoint: null, peerProcess: null, peer: null };

export function codeTarget(set: SourceSet, files: readonly string[], focus: CodeFocus | null): CodeTarget {
  if (focus === null || files.length === 0) return NO_TARGET;
  const place = (a: CodeFocus['actor']) => {
    const process = a === null ? null : locateProcess(set, files, a.names);
    const endpoint = a === null || a.endpoint === null ? null : locateEndpoint(set, files, process, a.endpoint);
    return { process, endpoint };
  };
  const actor = place(focus.actor);
  const peer = place(focus.peer);
  return { process: actor.process, endpoint: actor.endpoint, peerProcess: peer.process, peer: peer.endpoint };
}

/** The file to show for a target: the handler's, else the process's code, else its spawn's. */
export function targetFile(t: CodeTarget): string | null {
  return t.endpoint?.file ?? t.process?.body?.file ?? t.process?.file ?? null;
}

/** Line → the strongest mark on it, for one file. */
export function marksIn(t: CodeTarget, file: string): ReadonlyMap<number, Mark> {
  const out = new Map<number, Mark>();
  const mark = (f: string | undefined, r: LineRange | undefined, m: Mark) => {
    if (f !== file || r === undefined) return;
    for (let l = r.from; l <= r.to; l++) {
      const had = out.get(l);
      if (had === undefined || STRENGTH[m] > STRENGTH[had]) out.set(l, m);
    }
  };
  const line = (n: number | null | undefined): LineRange | undefined => (n == null ? undefined : { from: n, to: n });
  const p = t.process;
  mark(p?.body?.file, p?.body?.range, 'body');
  mark(p?.file, p?.spawn, 'spawn');
  mark(p?.file, line(p?.nameLine), 'spawn');
  mark(t.peer?.file, t.peer?.range, 'peer');
  mark(t.endpoint?.file, t.endpoint?.range, 'handler');
  mark(t.endpoint?.file, line(t.endpoint?.nameLine), 'handler');
  return out;
}

/** The first line to bring into view in `file`: the handler's, else the process's code, else its spawn. */
export function focusLine(t: CodeTarget, file: string): number | null {
  if (t.endpoint?.file === file) return t.endpoint.range.from;
  if (t.process?.body?.file === file) return t.process.body.range.from;
  if (t.process?.file === file) return t.process.spawn.from;
  if (t.peer?.file === file) return t.peer.range.from;
  return null;
}
