/**
 * The sequence chart's lanes as the user arranged them: some hidden, some VMs merged into one lane
 * (every process of the VM on it, their exchanges inside it drawn as marks on the lane), and a
 * user order. Pure: the chart from the engine plus the arrangement gives the chart drawn.
 *
 * Rules: an event touching a hidden lane is hidden with it; a merged VM's lane has the key
 * `vm:PATH`, named after the VM with its process count; lanes keep the engine's order (by VM, then
 * first appearance) except those the user moved, which take the places the user gave them.
 */
import type { SequenceView } from '../../debugger/engine/frame.ts';
import type { SeqEvent } from '../../debugger/views/sequence.ts';

export interface LaneArrangement {
  readonly hidden: ReadonlySet<string>;
  readonly merged: ReadonlySet<string>;
  /** Lane keys in the order the user put them (keys not listed follow the engine's order). */
  readonly order: readonly string[];
}

export const NO_ARRANGEMENT: LaneArrangement = { hidden: new Set(), merged: new Set(), order: [] };

type Lifeline = SequenceView['lifelines'][number];

const mergedKey = (vm: string): string => `vm:${vm}`;

/** The lane a process is drawn on. */
function laneOf(lifelines: ReadonlyMap<string, Lifeline>, a: LaneArrangement, key: string | null): string | null {
  if (key === null) return null;
  const vm = lifelines.get(key)?.vm ?? '';
  return a.merged.has(vm) ? mergedKey(vm) : key;
}

function lanes(chart: SequenceView, a: LaneArrangement): Lifeline[] {
  const out: Lifeline[] = [];
  const seen = new Set<string>();
  for (const l of chart.lifelines) {
    const key = a.merged.has(l.vm) ? mergedKey(l.vm) : l.key;
    if (seen.has(key) || a.hidden.has(key)) continue;
    seen.add(key);
    const count = chart.lifelines.filter((x) => x.vm === l.vm).length;
    out.push(key === l.key ? l : { key, name: `VM ${l.vm || 'ground'} (${count} processes)`, vm: l.vm });
  }
  const rank = (k: string): number => {
    const i = a.order.indexOf(k);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  const natural = new Map(out.map((l, i) => [l.key, i]));
  return out.sort((x, y) => {
    const rx = rank(x.key);
    const ry = rank(y.key);
    if (rx !== ry) return rx < ry ? -1 : 1;
    return natural.get(x.key)! - natural.get(y.key)!;
  });
}

/** The chart as arranged: its lanes, the events on them, and the cursor's position among them. */
export function arrange(chart: SequenceView, a: LaneArrangement): SequenceView {
  if (a.hidden.size === 0 && a.merged.size === 0 && a.order.length === 0) return chart;
  const byKey = new Map(chart.lifelines.map((l) => [l.key, l]));
  const events: SeqEvent[] = [];
  let currentPos = -1;
  chart.events.forEach((e, i) => {
    const to = laneOf(byKey, a, e.to)!;
    const from = laneOf(byKey, a, e.from);
    if (a.hidden.has(to) || (from !== null && a.hidden.has(from))) return;
    events.push(from === e.from && to === e.to ? e : { ...e, from, to });
    if (i <= chart.currentPos) currentPos = events.length - 1;
  });
  return { lifelines: lanes(chart, a), events, currentPos };
}

/** The arrangement with lane `key` moved one place left (-1) or right (+1) among `shown`. */
export function moveLane(a: LaneArrangement, shown: readonly string[], key: string, by: -1 | 1): LaneArrangement {
  const i = shown.indexOf(key);
  const j = i + by;
  if (i < 0 || j < 0 || j >= shown.length) return a;
  const order = [...shown];
  [order[i], order[j]] = [order[j]!, order[i]!];
  return { ...a, order };
}

export function toggle(set: ReadonlySet<string>, key: string): ReadonlySet<string> {
  const out = new Set(set);
  if (!out.delete(key)) out.add(key);
  return out;
}
