/**
 * The stage's caption: what the step did, in words (who spoke to whom, who was told of whom, who
 * was born or died), so the picture can be read aloud. Names come from the full graph (or the
 * motion, for a process that has gone).
 */
import type { PresenceGraph } from '../../debugger/views/graph.ts';
import { assertNever } from '../../kernel/values.ts';
import { endpointProc } from '../../debugger/views/ids.ts';
import type { Anchor, StageMotion } from '../../debugger/views/stage-types.ts';

/** Lines of the caption before "and n more". */
export const NARRATION_LINES = 2;

export function namer(graph: PresenceGraph): (key: string) => string {
  const names = new Map(graph.processes.map((p) => [p.key, p.name]));
  return (key) => names.get(key) ?? `p${key}`;
}

const endpointName = (a: Anchor): string =>
  a.port === null ? '' : a.port.slice(endpointProc(a.port).length + 1);

export function narrate(m: StageMotion, name: (key: string) => string): string {
  const who = (a: Anchor | null) => (a === null ? 'the world' : name(a.node));
  switch (m.kind) {
    case 'deliver': {
      const via =
        m.via.length > 0 ? ` (out of ${m.via.map(name).join(', ')})` : m.relayed ? ' (into its VM)' : '';
      return `${who(m.from)} → ${who(m.to)} ${endpointName(m.to)}${via}: ${m.text}`;
    }
    case 'presence':
      return `${who(m.to)} ${endpointName(m.to)} is told ${who(m.from)} is there: ${m.text}`;
    case 'absence':
      return `${who(m.to)} ${endpointName(m.to)} is told ${who(m.from)} left (${m.reason}): ${m.text}`;
    case 'spawn':
      return `${m.parent === null ? 'the VM' : name(m.parent)} spawns ${m.nested ? 'the nested VM ' : ''}${m.text}`;
    case 'crash':
      return `${m.name} crashed: ${m.text}`;
    case 'quit':
      return `${m.name} ${m.killedBy === null ? 'quits' : `is killed by ${name(m.killedBy)}`}${m.text === 'false' ? '' : ` (${m.text})`}`;
    case 'send':
      return `${name(m.proc)} sends${m.meta ? ' at meta level, out of its VM' : ''}: ${m.text}`;
    case 'endpoint':
      return `${name(m.proc)} ${m.change === 'added' ? 'adds' : m.change === 'removed' ? 'removes' : 'replaces'} endpoint ${endpointName({ node: m.proc, port: m.port })}: ${m.text}`;
    default:
      return assertNever(m, 'stage motion');
  }
}
