/**
 * The presence graph: a box per live process with its endpoints, and publisher → subscriber edges
 * where topics overlap (highlighted when they carry presence). Layout is a fixed grid of slots
 * ordered by first appearance, so nothing moves between steps; what the step changed pulses.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import {
  graphChange,
  PresenceGraphBuilder,
  type GraphEndpoint,
  type GraphProcess,
} from '../../debugger/views/index.ts';
import { modelAtCursor, modelBeforeCursor } from '../session-store.ts';
import { useSession } from '../session-context.ts';
import { Panel } from './Panel.tsx';

const BOX_W = 250;
const HEAD_H = 24;
const ROW_H = 18;
const MAX_ROWS = 6;
const BOX_H = HEAD_H + MAX_ROWS * ROW_H + 6;
const GAP_X = 70;
const GAP_Y = 26;
const PAD = 12;

interface Placed {
  readonly proc: GraphProcess;
  readonly x: number;
  readonly y: number;
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

export function PresenceGraphPanel() {
  const model = useSession(modelAtCursor);
  const previous = useSession(modelBeforeCursor);
  const selected = useSession((s) => s.selectedProcess);
  const select = useSession((s) => s.selectProcess);
  // Intersections depend only on topics, so one memoising builder serves every run.
  const [builder] = useState(() => new PresenceGraphBuilder());
  const graph = useMemo(() => builder.build(model), [builder, model]);
  const before = useMemo(() => (previous === null ? null : builder.build(previous)), [builder, previous]);
  const change = useMemo(() => (before === null ? null : graphChange(before, graph)), [before, graph]);
  const [ref, width] = useWidth();

  // Slots: every process the model has seen, in order of appearance (dead ones keep their slot,
  // except the primordial and boot processes, which never hold endpoints).
  const columns = Math.max(1, Math.floor((width - 2 * PAD + GAP_X) / (BOX_W + GAP_X)));
  const slotOf = useMemo(() => {
    const keys = [...model.procs.values()].filter((p) => p.alive || p.pid > 0).map((p) => p.key);
    return new Map(keys.map((k, i) => [k, i]));
  }, [model]);
  const placed: Placed[] = graph.processes.map((proc) => {
    const slot = slotOf.get(proc.key) ?? 0;
    return {
      proc,
      x: PAD + (slot % columns) * (BOX_W + GAP_X),
      y: PAD + Math.floor(slot / columns) * (BOX_H + GAP_Y),
    };
  });
  const ports = new Map<string, { x: number; y: number }>();
  for (const p of placed) {
    p.proc.endpoints.slice(0, MAX_ROWS).forEach((e, i) => {
      const y = p.y + HEAD_H + i * ROW_H + ROW_H / 2;
      ports.set(e.id, { x: e.orientation === 'publisher' ? p.x + BOX_W : p.x, y });
    });
  }
  const rows = Math.max(1, Math.ceil(slotOf.size / columns));
  const height = PAD * 2 + rows * (BOX_H + GAP_Y);
  const live = graph.edges.filter((e) => e.live).length;

  return (
    <Panel title="Presence graph" className="panel-graph">
      <p className="graph-summary">
        {graph.processes.length} processes · {graph.edges.length} overlaps ({live} carrying presence)
        {change !== null && changeText(change)}
      </p>
      <div className="graph-scroll" ref={ref}>
        <svg
          width={Math.max(width, PAD * 2 + columns * (BOX_W + GAP_X))}
          height={height}
          className="graph"
          role="img"
          aria-label="Endpoints and overlapping topics"
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="arrowhead" />
            </marker>
          </defs>
          {placed.map((p) => (
            <ProcessBox
              key={p.proc.key}
              placed={p}
              selected={p.proc.key === selected}
              fresh={change?.addedEndpoints}
              onSelect={() => select(p.proc.key)}
            />
          ))}
          {graph.edges.map((e) => {
            const a = ports.get(e.publisher);
            const b = ports.get(e.subscriber);
            if (a === undefined || b === undefined) return null;
            const bend = Math.max(40, Math.abs(b.x - a.x) / 2);
            const d = `M ${a.x} ${a.y} C ${a.x + bend} ${a.y}, ${b.x - bend} ${b.y}, ${b.x} ${b.y}`;
            const cls = [
              'edge',
              `edge-${e.kind}`,
              e.live ? 'live' : 'silent',
              change?.addedEdges.has(e.id) ? 'fresh' : '',
            ].join(' ');
            return (
              <path key={e.id} d={d} className={cls} markerEnd="url(#arrow)">
                <title>
                  {e.intersection}
                  {e.live ? ' (carries presence)' : ' (neither side is told)'}
                </title>
              </path>
            );
          })}
        </svg>
      </div>
      <ul className="legend graph-legend" aria-label="Graph legend">
        <li>▲ publisher</li>
        <li>▼ subscriber</li>
        <li>
          <span className="swatch obs" aria-hidden="true" /> observer
        </li>
        <li>
          <span className="swatch every" aria-hidden="true" /> everything
        </li>
        <li>
          <span className="swatch live-edge" aria-hidden="true" /> carries presence
        </li>
        <li>⇡ at-meta-level</li>
      </ul>
    </Panel>
  );
}

function changeText(c: {
  addedEndpoints: ReadonlySet<string>;
  removedEndpoints: ReadonlySet<string>;
  addedEdges: ReadonlySet<string>;
  removedEdges: ReadonlySet<string>;
}) {
  const parts = [
    c.addedEndpoints.size > 0 && `+${c.addedEndpoints.size} endpoint${c.addedEndpoints.size > 1 ? 's' : ''}`,
    c.removedEndpoints.size > 0 &&
      `−${c.removedEndpoints.size} endpoint${c.removedEndpoints.size > 1 ? 's' : ''}`,
    c.addedEdges.size > 0 && `+${c.addedEdges.size} overlap${c.addedEdges.size > 1 ? 's' : ''}`,
    c.removedEdges.size > 0 && `−${c.removedEdges.size} overlap${c.removedEdges.size > 1 ? 's' : ''}`,
  ].filter(Boolean);
  return parts.length === 0 ? '' : ` · this step: ${parts.join(', ')}`;
}

function ProcessBox({
  placed,
  selected,
  fresh,
  onSelect,
}: {
  placed: Placed;
  selected: boolean;
  fresh: ReadonlySet<string> | undefined;
  onSelect: () => void;
}) {
  const { proc, x, y } = placed;
  const extra = proc.endpoints.length - MAX_ROWS;
  return (
    <g
      className={`proc-box${selected ? ' selected' : ''}${proc.isVm ? ' vm' : ''}`}
      transform={`translate(${x} ${y})`}
      role="button"
      tabIndex={0}
      aria-label={`p${proc.key} ${proc.name}`}
      aria-pressed={selected}
      onClick={onSelect}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect();
        }
      }}
    >
      <rect width={BOX_W} height={BOX_H} rx={6} className="proc-frame" />
      <text x={8} y={16} className="proc-title">
        p{proc.key} {clip(proc.name, 26)}
        {proc.vm !== 'ground' ? ` (in ${proc.vm})` : ''}
      </text>
      {proc.endpoints.slice(0, MAX_ROWS).map((e, i) => (
        <EndpointRow key={e.id} e={e} y={HEAD_H + i * ROW_H} fresh={fresh?.has(e.id) ?? false} />
      ))}
      {extra > 0 && (
        <text x={BOX_W - 8} y={BOX_H - 4} textAnchor="end" className="more">
          +{extra} more
        </text>
      )}
    </g>
  );
}

function EndpointRow({ e, y, fresh }: { e: GraphEndpoint; y: number; fresh: boolean }) {
  const cls = [
    'ep',
    `ep-${e.orientation}`,
    `ep-${e.interest}`,
    e.meta ? 'ep-meta' : '',
    fresh ? 'fresh' : '',
  ].join(' ');
  return (
    <g className={cls} transform={`translate(0 ${y})`}>
      <rect x={4} y={1} width={BOX_W - 8} height={ROW_H - 2} rx={3} />
      <text x={10} y={ROW_H - 5}>
        {e.orientation === 'publisher' ? '▲' : '▼'}
        {e.meta ? '⇡' : ''} {clip(e.name, 14)} <tspan className="topic">{clip(e.topic, 26)}</tspan>
      </text>
      <title>
        {e.orientation} {e.interest} {e.name} {e.topic}
        {e.meta ? ' (at meta level)' : ''}
      </title>
    </g>
  );
}
