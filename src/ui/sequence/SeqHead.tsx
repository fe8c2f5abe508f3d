/**
 * The sequence chart's lane heads (process and VM; choosing one selects its process) with the lane
 * controls — move left or right, hide, merge the lane's VM into one lane or split it again — and
 * the bar above the chart that lists what is hidden or merged and undoes it.
 */
import type { KeyboardEvent } from 'react';
import type { SequenceView } from '../../debugger/engine/frame.ts';
import { moveLane, toggle, type LaneArrangement } from './lanes.ts';

export const COL_W = 120;
export const HEAD_H = 54;
export const LEFT = 70;

type Lifeline = SequenceView['lifelines'][number];

const isMerged = (key: string): boolean => key.startsWith('vm:');
const clip = (s: string, n: number): string => (s.length > n ? s.slice(0, n - 1) + '…' : s);

interface HeadProps {
  readonly lifelines: readonly Lifeline[];
  readonly col: ReadonlyMap<string, number>;
  readonly width: number;
  readonly selected: string | null;
  readonly onSelect: (key: string) => void;
  readonly lanes: LaneArrangement;
  readonly onLanes: (a: LaneArrangement) => void;
}

/** An SVG text that acts as a button (Enter or Space). */
function SvgButton({ x, label, text, onPress }: { x: number; label: string; text: string; onPress: () => void }) {
  const key = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      onPress();
    }
  };
  return (
    <g className="lane-button" role="button" tabIndex={0} aria-label={label} onKeyDown={key}
      onClick={(e) => {
        e.stopPropagation();
        onPress();
      }}>
      <title>{label}</title>
      <rect x={x - 13} y={34} width={26} height={14} rx={3} />
      <text x={x} y={45} textAnchor="middle">{text}</text>
    </g>
  );
}

function LaneControls({ l, shown, lanes, onLanes }: { l: Lifeline; shown: readonly string[]; lanes: LaneArrangement; onLanes: (a: LaneArrangement) => void }) {
  const name = isMerged(l.key) ? l.name : `p${l.key} ${l.name}`;
  const vm = l.vm;
  return (
    <>
      <SvgButton x={16} label={`Move ${name} left`} text="‹" onPress={() => onLanes(moveLane(lanes, shown, l.key, -1))} />
      <SvgButton x={44} label={`Move ${name} right`} text="›" onPress={() => onLanes(moveLane(lanes, shown, l.key, 1))} />
      <SvgButton x={72} label={`Hide ${name}`} text="hide" onPress={() => onLanes({ ...lanes, hidden: toggle(lanes.hidden, l.key) })} />
      {vm !== '' && vm !== 'ground' && (
        <SvgButton x={100} label={isMerged(l.key) ? `Split VM ${vm} into its processes` : `Merge VM ${vm} into one lane`}
          text={isMerged(l.key) ? 'split' : 'VM'} onPress={() => onLanes({ ...lanes, merged: toggle(lanes.merged, vm) })} />
      )}
    </>
  );
}

export function SeqHead({ lifelines, col, width, selected, onSelect, lanes, onLanes }: HeadProps) {
  const shown = lifelines.map((l) => l.key);
  return (
    <svg className="seq-head" width={width} height={HEAD_H} role="group" aria-label="Lifelines">
      {lifelines.map((l) => (
        <g key={l.key} transform={`translate(${col.get(l.key)! - COL_W / 2 + 4} 2)`}
          className={`lifeline-head${l.key === selected ? ' selected' : ''}${isMerged(l.key) ? ' merged' : ''}`}>
          <g className="lane-name" role="button" tabIndex={0} aria-label={isMerged(l.key) ? l.name : `select p${l.key} ${l.name}`}
            onClick={() => !isMerged(l.key) && onSelect(l.key)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !isMerged(l.key)) onSelect(l.key);
            }}>
            <title>{isMerged(l.key) ? l.name : `p${l.key} ${l.name}${l.vm === '' ? '' : ` in ${l.vm}`}`}</title>
            <rect width={COL_W - 8} height={30} rx={4} />
            <text x={(COL_W - 8) / 2} y={13} textAnchor="middle">
              {isMerged(l.key) ? clip(l.name, 17) : `p${l.key} ${clip(l.name, 13)}`}
            </text>
            <text x={(COL_W - 8) / 2} y={25} textAnchor="middle" className="muted">
              {l.vm === 'ground' || l.vm === '' ? '' : l.vm}
            </text>
          </g>
          <LaneControls l={l} shown={shown} lanes={lanes} onLanes={onLanes} />
        </g>
      ))}
    </svg>
  );
}

/** What the user hid or merged, each undoable, and "show all". */
export function LaneBar({ chart, lanes, onChange }: { chart: SequenceView; lanes: LaneArrangement; onChange: (a: LaneArrangement) => void }) {
  if (lanes.hidden.size === 0 && lanes.merged.size === 0 && lanes.order.length === 0) return null;
  const nameOf = (key: string) => (isMerged(key) ? `VM ${key.slice(3)}` : `p${key} ${chart.lifelines.find((l) => l.key === key)?.name ?? ''}`);
  return (
    <div className="lane-bar" role="group" aria-label="Lane arrangement">
      {[...lanes.hidden].map((k) => (
        <button key={`h${k}`} type="button" className="chip" onClick={() => onChange({ ...lanes, hidden: toggle(lanes.hidden, k) })}>
          show {nameOf(k)}
        </button>
      ))}
      {[...lanes.merged].map((vm) => (
        <button key={`m${vm}`} type="button" className="chip" onClick={() => onChange({ ...lanes, merged: toggle(lanes.merged, vm) })}>
          split VM {vm}
        </button>
      ))}
      <button type="button" className="chip" onClick={() => onChange({ hidden: new Set(), merged: new Set(), order: [] })}>
        reset lanes
      </button>
    </div>
  );
}
