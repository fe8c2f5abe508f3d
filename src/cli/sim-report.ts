/**
 * What `npm run sim` prints: the client transcript (one line per thing a simulated client did, from
 * the `world` trace records) and the end-of-run summary. Pure formatting, fed record by record.
 *
 * Transcript line: `[  time ms] <client> <what>`, e.g.
 *   [   105 ms] client-a -> "hello\n"
 *   [   110 ms] client-a <- "You said: hello\n"
 * Bytes are printed verbatim with JSON-style escapes for anything that is not printable ASCII.
 */
import type { GroundVM, RunStatus } from '../kernel/ground/index.ts';
import { isStruct, pretty, prettyVmPath, type Term, type TraceRecord, type VM } from '../kernel/index.ts';

/** The world-record `what`s that belong in the client transcript. */
export const CLIENT_WHATS: ReadonlySet<string> = new Set([
  'client-connect', 'client-send', 'client-recv', 'client-close', 'client-refused', 'client-eof',
  'client-udp-send', 'client-udp-recv', 'client-error', 'client-timeout',
]);

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\',
};

/** Bytes as a JSON-style string literal: printable ASCII as is, everything else escaped per byte. */
export function quoteBytes(b: Uint8Array): string {
  let out = '"';
  for (const byte of b) {
    const esc = SHORT_ESCAPES[byte];
    if (esc !== undefined) out += esc;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += '\\u00' + byte.toString(16).padStart(2, '0');
  }
  return out + '"';
}

const quote = (t: Term | undefined): string =>
  t === undefined ? '?' : t instanceof Uint8Array ? quoteBytes(t) : typeof t === 'string' ? t : pretty(t);

export const formatTime = (ms: number): string => `[${String(ms).padStart(6)} ms]`;

/**
 * The transcript line of a world record, or null if it is not client traffic. `hostClients` names
 * the clients on each host, for details that do not carry the client's name (client-recv,
 * client-udp-recv carry the connection or datagram instead).
 */
export function transcriptLine(r: TraceRecord, hostClients: ReadonlyMap<string, readonly string[]>): string | null {
  if (r.kind !== 'world' || !CLIENT_WHATS.has(r.what)) return null;
  const d = r.detail;
  let client: string;
  let payload: Term | undefined;
  let extra = '';
  if (isStruct(d, r.what) && typeof d.fields[0] === 'string') {
    client = d.fields[0];
    payload = d.fields[1];
  } else {
    const names = hostClients.get(r.host) ?? [];
    client = names.length === 1 ? names[0]! : r.host;
    if (isStruct(d, 'datagram', 5)) {
      payload = d.fields[3];
      extra = ` from ${quote(d.fields[0])}:${quote(d.fields[1])}${d.fields[4] === true ? ' (duplicate)' : ''}`;
    } else if (isStruct(d)) {
      payload = [...d.fields].reverse().find((f) => f instanceof Uint8Array) ?? d;
    } else payload = d;
  }
  const p = quote(payload);
  let text: string;
  switch (r.what) {
    case 'client-connect':
      text = `connects to ${p}`;
      break;
    case 'client-refused':
      text = `connection to ${p} refused`;
      break;
    case 'client-send':
      text = `-> ${p}`;
      break;
    case 'client-recv':
      text = `<- ${p}`;
      break;
    case 'client-close':
      text = 'closes its connection';
      break;
    case 'client-eof':
      text = '<- EOF';
      break;
    case 'client-udp-send':
      text = `-> udp ${p}`;
      break;
    case 'client-udp-recv':
      text = `<- udp ${p}${extra}`;
      break;
    case 'client-error':
      text = `error: ${p}`;
      break;
    case 'client-timeout':
      text = `timed out after ${p} ms`;
      break;
    default:
      text = `${r.what} ${p}`;
  }
  return `${formatTime(r.time)} ${client} ${text}`;
}

// ---- the summary ---------------------------------------------------------------------------------

export interface Crash {
  readonly where: string;
  readonly pid: number | null;
  readonly name: string;
  readonly kind: string;
  readonly reason: string;
}

/** Counts what the summary needs while records stream past (no record is kept). */
export class RunTally {
  records = 0;
  spawned = 0;
  clientLines = 0;
  readonly crashes: Crash[] = [];
  private readonly names = new Map<string, string>();

  add(r: TraceRecord): void {
    this.records++;
    if (r.kind === 'boot') {
      this.spawned++;
      this.names.set(key(r.vm, r.pid), r.name);
    }
    if ((r.kind === 'deliver' || r.kind === 'boot' || r.kind === 'continuation') && r.outcome === 'crashed') {
      const name = r.kind === 'boot' ? r.name : (this.names.get(key(r.vm, r.pid)) ?? '?');
      const kind = r.kind === 'deliver' ? `deliver ${r.endpoint}` : r.kind === 'continuation' ? `continuation ${r.of}` : 'boot';
      this.crashes.push({
        where: prettyVmPath(r.vm), pid: r.pid, name, kind, reason: r.reason === null ? 'no reason' : pretty(r.reason),
      });
    }
  }
}

const key = (vm: readonly number[], pid: number | null): string => `${vm.join('/')}:${pid}`;

/** Every process in the VM, nested VMs' processes included (a VM process counts too). */
export function countProcesses(vm: VM): number {
  let n = 0;
  for (const p of vm.processes.values()) {
    n++;
    if (p.isVm && typeof p.state === 'object' && p.state !== null && 'processes' in p.state) n += countProcesses(p.state as VM);
  }
  return n;
}

export interface SummaryInput {
  readonly scenario: string;
  readonly seed: number;
  readonly steps: number;
  readonly status: RunStatus;
  readonly timeMs: number;
  readonly ground: GroundVM;
  readonly tally: RunTally;
  readonly maxSteps: number;
  readonly maxStepsFrom: string;
  readonly untilMs: number | undefined;
  readonly out: string | undefined;
}

export function explainStatus(s: SummaryInput): string {
  switch (s.status) {
    case 'quiescent':
      return 'no process has work or waits for a ground event: the program has finished';
    case 'blocked': {
      const n = s.ground.vm.eventSources.size;
      return `${n} ground subscription${n === 1 ? '' : 's'} remain${n === 1 ? 's' : ''}, but nothing in flight or scheduled can ever fire them`;
    }
    case 'limit':
      return s.steps >= s.maxSteps
        ? `stopped after ${s.maxSteps} steps (${s.maxStepsFrom}); the program could have gone on`
        : `stopped at --until-ms ${s.untilMs}: the next step would happen later in virtual time`;
    case 'running':
      return 'still running (the runner stopped early)';
  }
}

export function summaryLines(s: SummaryInput): string[] {
  const alive = countProcesses(s.ground.vm);
  const t = s.tally;
  const lines = [
    '── summary ──',
    `scenario      ${s.scenario} (seed ${s.seed})`,
    `steps         ${s.steps}`,
    `processes     ${t.spawned} spawned, ${alive} alive at the end`,
    `virtual time  ${s.timeMs} ms`,
    `crashes       ${t.crashes.length === 0 ? 'none' : t.crashes.length}`,
    ...t.crashes.map((c) => `  ${c.where} p${c.pid} ${c.name} (${c.kind}): ${c.reason}`),
    `status        ${s.status}: ${explainStatus(s)}`,
  ];
  if (s.out !== undefined) lines.push(`trace         ${t.records} records written to ${s.out}`);
  return lines;
}
