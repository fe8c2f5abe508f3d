/**
 * The run's inputs (the user's interventions) as the UI lists them: "after step 12 (record 130):
 * kill ground/3 p4 with reason killed".
 */
import { assertNever, pretty, prettyVmPath } from '../../kernel/index.ts';
import type { Intervention } from '../../kernel/ground/index.ts';
import { plural } from './plural.ts';

export interface InputView {
  readonly atStep: number;
  /** The input's first record (1-based, as the readout counts), or null for one not applied. */
  readonly atRecord: number | null;
  /** applied; pending: its step has not come yet; never: the run ended before its step. */
  readonly state: 'applied' | 'pending' | 'never';
  readonly text: string;
  /** The input as a trace header writes it (trace/inputs.ts): what a share link carries. */
  readonly json: unknown;
}

export function describeIntervention(i: Intervention): string {
  switch (i.kind) {
    case 'kill':
      return `kill ${prettyVmPath(i.vm)} p${i.pid} with reason ${pretty(i.reason)}`;
    case 'inject':
      return `inject ${i.orientation === 'subscriber' ? 'feedback' : 'message'} ${pretty(i.body)}`;
    case 'connect': {
      const steps = i.client.steps;
      const to = steps.find((s) => s.op === 'connect');
      const sends = steps.filter((s) => s.op === 'send' || s.op === 'udp-send').length;
      const where = to === undefined ? '' : ` → ${to.host}:${to.port}`;
      return `add client ${i.client.host}${where}, ${plural(sends, 'line')}`;
    }
    case 'external': {
      const e = i.event;
      const from = e.type === 'clock' ? '' : ` from ${e.host}:${e.remotePort}`;
      const size = e.type === 'tcp-data' || e.type === 'udp' ? `, ${plural(e.data.length, 'byte')}` : '';
      return `real ${e.type}${from} at ${e.at} ms${size}`;
    }
    case 'choose':
      return `the ground chose ${i.event}`;
    default:
      return assertNever(i, 'intervention');
  }
}
