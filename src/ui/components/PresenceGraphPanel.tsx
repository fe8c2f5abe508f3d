/**
 * The presence graph: VMs as containers, processes as boxes inside their VM, endpoints as ports
 * (subscribers left, publishers right; a nested VM's relays on its boundary), and an edge wherever
 * a publisher's and a subscriber's topics overlap.
 *
 * Layout: elk in a Web Worker (src/ui/graph/layout-client.ts), seeded with the previous positions
 * and stabilised so boxes on screen never jump; a new layout is asked for only when the structure
 * (node, port and edge ids) changes. Drawing: d3 behind GraphRenderer (enter/exit/pulse
 * animations, pan and zoom). This component only wires the session to those two objects.
 */
import { plural } from '../../debugger/views/plural.ts';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GraphChange, PresenceGraph } from '../../debugger/views/graph.ts';
import { useActions, useSection, useStatus } from '../session-context.ts';
import { LARGE_GRAPH_ENDPOINTS } from '../graph/elk-graph.ts';
import { layoutInput } from '../graph/input.ts';
import type { LayoutStatus } from '../graph/layout-client.ts';
import { useElkLayout } from '../graph/use-layout.ts';
import { GraphRenderer, type HoverInfo, type RenderData } from '../graph/renderer.ts';
import { Panel } from './Panel.tsx';
import '../graph/graph.css';

const TOOLTIP_W = 340;
const NO_GRAPH: PresenceGraph = { vms: [{ key: 'ground', name: 'ground VM', parent: null }], processes: [], edges: [] };

export function PresenceGraphPanel() {
  const actions = useActions();
  const section = useSection('graph') ?? null;
  const graph = section?.graph ?? NO_GRAPH;
  const change = section?.change ?? null;
  // Another run (scenario, seed, branch, file): positions of this one's boxes mean nothing there.
  const history = useStatus((st) => st.runId, -1);
  const selected = useStatus((st) => st.selection.process, null);
  const input = useMemo(() => layoutInput(graph), [graph]);
  const { layout, status, relayout, stop } = useElkLayout(input, history);
  const { svgRef, wrapRef, hover, hidden, controls } = useGraphRenderer(
    { graph, layout, change, selected },
    history,
    actions.selectProcess,
  );
  const running = status?.state === 'running';
  const large = input.endpoints > LARGE_GRAPH_ENDPOINTS;
  const tools = <GraphTools controls={controls} onRelayout={relayout} />;

  return (
    <Panel title="Presence graph" className="panel-graph" tools={tools}>
      <GraphSummary graph={graph} change={change} hidden={hidden} onFit={controls.fit} />
      {large && (
        <p className="pg-notice" role="note">
          Large graph: {plural(input.endpoints, 'endpoint')}. It is laid out in the background; the
          last layout stays on screen meanwhile.
        </p>
      )}
      {status?.error != null && (
        <p className="pg-notice pg-error" role="alert">
          {status.error} New boxes are stacked below the others.
        </p>
      )}
      <div
        ref={wrapRef}
        className="pg-wrap"
        data-layout-generation={status?.generation ?? 0}
        data-layout-engine={layout?.engine ?? 'none'}
        data-layout-worker-runs={status?.workerRuns ?? 0}
        data-layout-state={status?.state ?? 'idle'}
        aria-busy={running}
      >
        <svg
          ref={svgRef}
          className="pg-svg"
          role="group"
          aria-label="Processes, endpoints and overlapping topics (drag to pan, wheel to zoom)"
        />
        {running && <LayoutProgress status={status} onStop={large ? stop : null} />}
        {layout === null && !running && <p className="pg-empty">No layout yet.</p>}
        {hover !== null && <Tooltip hover={hover} />}
      </div>
      <Legend />
    </Panel>
  );
}

/** The pan and zoom buttons' commands on the renderer (stable). */
interface ViewControls {
  readonly fit: () => void;
  readonly zoomIn: () => void;
  readonly zoomOut: () => void;
}

/**
 * The d3 renderer on `svgRef`'s element, redrawn with `data`; fitted afresh on another run. It
 * reports the hovered item (placed beside the pointer, inside `wrapRef`'s box) and the number of
 * boxes out of view.
 */
function useGraphRenderer(data: RenderData, history: number, onSelect: (key: string) => void) {
  const svgRef = useRef<SVGSVGElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const rendererRef = useRef<GraphRenderer | null>(null);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [hidden, setHidden] = useState(0);
  useEffect(() => {
    const svg = svgRef.current;
    if (svg === null) return;
    const r = new GraphRenderer(svg, {
      onSelect,
      onHover: (info) => setHover(placeTooltip(info, wrapRef.current?.getBoundingClientRect())),
      onHidden: setHidden,
    });
    rendererRef.current = r;
    return () => {
      r.destroy();
      rendererRef.current = null;
    };
  }, [onSelect]);
  useEffect(() => {
    rendererRef.current?.refit();
  }, [history]);
  const { graph, layout, change, selected } = data;
  useEffect(() => {
    rendererRef.current?.update({ graph, layout, change, selected });
  }, [graph, layout, change, selected]);
  const controls = useMemo<ViewControls>(
    () => ({
      fit: () => rendererRef.current?.fit(),
      zoomIn: () => rendererRef.current?.zoomBy(1.25),
      zoomOut: () => rendererRef.current?.zoomBy(0.8),
    }),
    [],
  );
  return { svgRef, wrapRef, hover, hidden, controls };
}

/** The tooltip's place in the panel: right of the pointer, or left of it near the right edge. */
function placeTooltip(info: HoverInfo | null, box: DOMRect | undefined): HoverInfo | null {
  if (info === null || box === undefined) return null;
  const x = info.x - box.left;
  return {
    ...info,
    x: x + TOOLTIP_W + 16 > box.width ? Math.max(0, x - TOOLTIP_W - 12) : x + 14,
    y: info.y - box.top + 14,
  };
}

function GraphTools({ controls, onRelayout }: { controls: ViewControls; onRelayout: () => void }) {
  return (
    <div className="pg-tools" role="toolbar" aria-label="Presence graph view">
      <button type="button" onClick={controls.zoomIn} aria-label="Zoom in" title="Zoom in">
        +
      </button>
      <button type="button" onClick={controls.zoomOut} aria-label="Zoom out" title="Zoom out">
        −
      </button>
      <button type="button" onClick={controls.fit} aria-label="Fit graph" title="Show the whole graph">
        Fit
      </button>
      <button type="button" onClick={onRelayout} aria-label="Re-layout graph" title="Lay the graph out afresh">
        Re-layout
      </button>
    </div>
  );
}

interface SummaryProps {
  readonly graph: PresenceGraph;
  readonly change: GraphChange | null;
  readonly hidden: number;
  readonly onFit: () => void;
}

/** Counts of processes and overlaps, what this step changed, and how many boxes are out of view. */
function GraphSummary({ graph, change, hidden, onFit }: SummaryProps) {
  const live = graph.edges.filter((e) => e.live && e.kind === 'overlap').length;
  const overlaps = graph.edges.filter((e) => e.kind === 'overlap').length;
  return (
    <p className="graph-summary">
      {plural(graph.processes.length, 'process', 'processes')} · {plural(overlaps, 'overlap')} ({live} carrying presence)
      {change !== null && changeText(change)}
      {hidden > 0 && (
        <>
          {' · '}
          <button type="button" className="pg-linkish" onClick={onFit}>
            {plural(hidden, 'box', 'boxes')} out of view: fit
          </button>
        </>
      )}
    </p>
  );
}

/** A layout in flight: its size, and Stop for a large graph (`onStop` null: no Stop). */
function LayoutProgress({ status, onStop }: { status: LayoutStatus; onStop: (() => void) | null }) {
  return (
    <div className="pg-progress" role="status" aria-label="Layout progress">
      <progress aria-label="Laying out the graph" />
      <span>
        laying out {plural(status.nodes, 'box', 'boxes')}, {plural(status.endpoints, 'endpoint')}…
      </span>
      {onStop !== null && (
        <button type="button" onClick={onStop}>
          Stop layout
        </button>
      )}
    </div>
  );
}

function Tooltip({ hover }: { hover: HoverInfo }) {
  return (
    <div className="pg-tooltip" role="tooltip" style={{ left: hover.x, top: hover.y, maxWidth: TOOLTIP_W }}>
      <strong>{hover.title}</strong>
      {hover.lines.map((l, i) => (
        <div key={i}>{l}</div>
      ))}
    </div>
  );
}

function changeText(c: GraphChange): string {
  const parts = [
    c.addedEndpoints.size > 0 && `+${plural(c.addedEndpoints.size, 'endpoint')}`,
    c.removedEndpoints.size > 0 && `−${plural(c.removedEndpoints.size, 'endpoint')}`,
    c.addedEdges.size > 0 && `+${plural(c.addedEdges.size, 'edge')}`,
    c.removedEdges.size > 0 && `−${plural(c.removedEdges.size, 'edge')}`,
  ].filter(Boolean);
  return parts.length === 0 ? '' : ` · this step: ${parts.join(', ')}`;
}

function Legend() {
  const line = (cls: string, start = false, end = false) => (
    <svg width="34" height="12" aria-hidden="true" className="pg-swatch">
      <path
        d="M3,6 L31,6"
        className={`pg-edge-line ${cls}`}
        markerStart={start ? 'url(#pg-told-live)' : undefined}
        markerEnd={end ? 'url(#pg-told-live)' : undefined}
      />
    </svg>
  );
  const box = (cls: string) => (
    <svg width="22" height="14" aria-hidden="true" className={`pg-swatch ${cls}`}>
      <rect className="pg-row" x="1.5" y="1.5" width="19" height="11" rx="2" />
      <rect className="pg-row-inner" x="4" y="4" width="14" height="6" rx="1" />
    </svg>
  );
  return (
    <ul className="legend pg-legend" aria-label="Graph legend">
      <li title="subscriber: port on the left; publisher: port on the right">▼ sub ▲ pub</li>
      <li>⇡ at meta level</li>
      <li>
        <span className="pg-participant">{box('')}</span> participant
      </li>
      <li>
        <span className="pg-observer">{box('')}</span> observer
      </li>
      <li>
        <span className="pg-everything">{box('')}</span> everything
      </li>
      <li title="an arrowhead points at each side that is told of the other">
        <span className="pg-live">{line('', true, true)}</span> presence (→ told)
      </li>
      <li>
        <span className="pg-live pg-one-way">{line('', false, true)}</span> one side told
      </li>
      <li>
        <span className="pg-silent">{line('')}</span> none told
      </li>
      <li>
        <span className="pg-relay">{line('')}</span> relay
      </li>
      <li>
        <span className="pg-legend-fresh" aria-hidden="true" /> this step
      </li>
    </ul>
  );
}
