/**
 * A record's key for comparing two runs: its printed form without what differs between runs for
 * no reason — its id and its cause's id — and with every process named instead of numbered (a
 * variant that spawns one more process shifts every later pid, not what those processes do).
 *
 * Data definition:
 *   NameBook = "vm/…/pid" → name, filled from boot records as a run is read (keyOf adds to it)
 *   key      = "<vm names> <actor name> <body>", e.g. "ground listener deliver inbound-handler
 *              presence pub tcp-channel(…) from tcp-connection tcp-address("alice", 49152) inbound => ok"
 */
import { prettyRecord, type TermPrinter, type TraceRecord } from '../../kernel/index.ts';
import { pretty } from '../../kernel/values.ts';

export type NameBook = Map<string, string>;

const keyOfPid = (vm: readonly number[], pid: number) => [...vm, pid].join('/');

function nameIn(book: NameBook, vm: readonly number[], pid: number): string {
  if (pid === -1) return 'primordial';
  return book.get(keyOfPid(vm, pid)) ?? `p${pid}`;
}

/** The names of the VM processes of a path: "ground", "ground/pool", … */
function vmNames(book: NameBook, vm: readonly number[]): string {
  return ['ground', ...vm.map((pid, i) => nameIn(book, vm.slice(0, i), pid))].join('/');
}

/** The prefix prettyRecord gives every record: "#id<-cause vmpath pN ". */
const PREFIX = /^#\d+(?:<-\d+)? \S+(?: p-?\d+)? /;

/** The pids inside a record's body, named: a peer, a parent, a killer, the collected, a kill action. */
function namePids(body: string, book: NameBook, vm: readonly number[]): string {
  const name = (p: string) => nameIn(book, vm, Number(p));
  return body
    .replace(/ from p(-?\d+) /g, (_m, p: string) => ` from ${name(p)} `)
    .replace(/ parent (-?\d+) /g, (_m, p: string) => ` parent ${name(p)} `)
    .replace(/ killed-by (-?\d+)/g, (_m, p: string) => ` killed-by ${name(p)}`)
    .replace(/\bkill (-?\d+) /g, (_m, p: string) => `kill ${name(p)} `)
    .replace(/^gc \[([-\d, ]*)\]/, (_m, ps: string) => `gc [${ps.split(', ').filter(Boolean).map(name).join(', ')}]`);
}

/** The key of `r` (and, for a boot record, the process's name goes into `book` first). */
export function keyOf(r: TraceRecord, book: NameBook, print: TermPrinter = pretty): string {
  if (r.kind === 'boot' && r.pid !== null) book.set(keyOfPid(r.vm, r.pid), r.name);
  const who = r.pid === null ? '' : ` ${nameIn(book, r.vm, r.pid)}`;
  const body = prettyRecord(r, print).replace(PREFIX, '');
  return `${vmNames(book, r.vm)}${who} ${namePids(body, book, r.vm)}`;
}

/**
 * A record in a few words, for the summary line, when it is something that happens to a process:
 * a presence or absence it is told of, a message it receives, its start, its end. Null otherwise.
 */
export function gistOf(r: TraceRecord, book: NameBook): string | null {
  if (r.pid === null) return null;
  const who = nameIn(book, r.vm, r.pid);
  switch (r.kind) {
    case 'deliver': {
      const peer = r.peer === null ? 'a peer' : nameIn(book, r.vm, r.peer.pid);
      if (r.event.type === 'message') return `${who} receives ${pretty(r.event.message)} on ${r.endpoint}`;
      return `${who} is told of ${peer}'s ${r.event.type} (on ${r.endpoint})`;
    }
    case 'boot':
      return `${who} starts`;
    case 'quit':
      return `${who} ${r.reason === false ? 'leaves' : `quits with ${pretty(r.reason)}`}`;
    default:
      return null;
  }
}
