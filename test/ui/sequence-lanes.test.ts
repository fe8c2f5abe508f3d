/** The sequence chart's lanes: hide, merge a VM, reorder — and the cursor's position follows. */
import { describe, expect, it } from 'vitest';
import type { SequenceView } from '../../src/debugger/engine/frame.ts';
import { arrange, moveLane, NO_ARRANGEMENT, toggle } from '../../src/ui/sequence/lanes.ts';

const chart: SequenceView = {
  lifelines: [
    { key: '1', name: 'a', vm: '' },
    { key: '2', name: 'b', vm: '' },
    { key: '3/1', name: 'c', vm: 'ground/3' },
    { key: '3/2', name: 'd', vm: 'ground/3' },
  ],
  events: [
    { index: 10, kind: 'message', from: '1', to: '2', label: 'm1' },
    { index: 11, kind: 'message', from: '3/1', to: '3/2', label: 'm2' },
    { index: 12, kind: 'presence', from: '2', to: '3/1', label: 'p' },
    { index: 13, kind: 'spawn', from: '1', to: '1', label: 's' },
  ],
  currentPos: 2,
};

describe('lanes', () => {
  it('no arrangement is the chart itself', () => {
    expect(arrange(chart, NO_ARRANGEMENT)).toBe(chart);
  });

  it('hiding a lane hides its events, and the cursor stays on the last event before it', () => {
    const a = { ...NO_ARRANGEMENT, hidden: toggle(new Set(), '2') };
    const out = arrange(chart, a);
    expect(out.lifelines.map((l) => l.key)).toEqual(['1', '3/1', '3/2']);
    expect(out.events.map((e) => e.index)).toEqual([11, 13]);
    expect(out.currentPos).toBe(0); // event 12 is hidden: the cursor is after 11
  });

  it('merging a VM draws its processes on one lane; exchanges inside it become marks', () => {
    const out = arrange(chart, { ...NO_ARRANGEMENT, merged: new Set(['ground/3']) });
    expect(out.lifelines).toEqual([
      { key: '1', name: 'a', vm: '' },
      { key: '2', name: 'b', vm: '' },
      { key: 'vm:ground/3', name: 'VM ground/3 (2 processes)', vm: 'ground/3' },
    ]);
    expect(out.events[1]).toEqual({ index: 11, kind: 'message', from: 'vm:ground/3', to: 'vm:ground/3', label: 'm2' });
    expect(out.events[2]!.to).toBe('vm:ground/3');
    expect(out.currentPos).toBe(2);
  });

  it('moving a lane swaps it with its neighbour; the ends do not move further', () => {
    const shown = chart.lifelines.map((l) => l.key);
    const a = moveLane(NO_ARRANGEMENT, shown, '3/2', -1);
    expect(arrange(chart, a).lifelines.map((l) => l.key)).toEqual(['1', '2', '3/2', '3/1']);
    expect(moveLane(NO_ARRANGEMENT, shown, '1', -1)).toBe(NO_ARRANGEMENT);
  });
});
