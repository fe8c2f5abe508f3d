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
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GraphChange, PresenceGraph } from '../../debugger/views/graph.ts';
import { useActions, useSection, useStatus } from '../session-context.ts';
import { LARGE_GRAPH_ENDPOINTS } from '../graph/elk-graph.ts';
import { workerEngine } from '../graph/elk-engine.ts';
import { layoutInput } from '../graph/input.ts';
import { LayoutClient, type LayoutStatus } from '../graph/layout-client.ts';
import { GraphRenderer, type HoverInfo } from '../graph/renderer.ts';
import type { GraphLayout } from '../graph/types.ts';
import { Panel } from './Panel.tsx';
import '../graph/graph.css';

interface View {
  readonly layout: GraphLayout | null;
  readonly status: LayoutStatus | null;
}

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

  const [view, setView] = useState<View>({ layout: null, status: null });
  const [client] = useState(
    () =>
      new LayoutClient({ engine: workerEngine, onChange: (layout, status) => setView({ layout, status }) }),
  );
  useEffect(() => {
    client.resume();
    return () => client.dispose();
  }, [client]);
  useEffect(() => {
    client.request(input, history);
  }, [client, input, history]);

  const svgRef = useRef<SVGSVGElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const rendererRef = useRef<GraphRenderer | null>(null);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [hidden, setHidden] = useState(0);
  useEffect(() => {
    const svg = svgRef.current;
    if (svg === null) return;
    const r = new GraphRenderer(svg, {
      onSelect: (key) => actions.selectProcess(key),
      onHover: (info) => {
        const box = wrapRef.current?.getBoundingClientRect();
        if (info === null || box === undefined) return setHover(null);
        const x = info.x - box.left;
        setHover({
          ...info,
          x: x + TOOLTIP_W + 16 > box.width ? Math.max(0, x - TOOLTIP_W - 12) : x + 14,
          y: info.y - box.top + 14,
        });
      },
      onHidden: setHidden,
    });
    rendererRef.current = r;
    return () => {
      r.destroy();
      rendererRef.current = null;
    };
  }, [actions]);
  useEffect(() => {
    rendererRef.current?.refit();
  }, [history]);
  useEffect(() => {
    rendererRef.current?.update({ graph, layout: view.layout, change, selected });
  }, [graph, view.layout, change, selected]);

  const fit = useCallback(() => rendererRef.current?.fit(), []);
  const relayout = useCallback(() => client.request(input, history, true), [client, input, history]);
  const status = view.status;
  const running = status?.state === 'running';
  const large = input.endpoints > LARGE_GRAPH_ENDPOINTS;
  const live = graph.edges.filter((e) => e.live && e.kind === 'overlap').length;
  const overlaps = graph.edges.filter((e) => e.kind === 'overlap').length;

  const tools = (
    <div className="pg-tools" role="toolbar" aria-label="Presence graph view">
      <button
        type="button"
        onClick={() => rendererRef.current?.zoomBy(1.25)}
        aria-label="Zoom in"
        title="Zoom in"
      >
        +
      </button>
      <button
        type="button"
        onClick={() => rendererRef.current?.zoomBy(0.8)}
        aria-label="Zoom out"
        title="Zoom out"
      >
        −
      </button>
      <button type="button" onClick={fit} aria-label="Fit graph" title="Show the whole graph">
        Fit
      </button>
      <button type="button" onClick={relayout} aria-label="Re-layout graph" title="Lay the graph out afresh">
        Re-layout
      </button>
    </div>
  );

  return (
    <Panel title="Presence graph" className="panel-graph" tools={tools}>
      <p className="graph-summary">
        {graph.processes.length} processes · {overlaps} overlaps ({live} carrying presence)
        {change !== null && changeText(change)}
        {hidden > 0 && (
          <>
            {' · '}
            <button type="button" className="pg-linkish" onClick={fit}>
              {hidden} box{hidden > 1 ? 'es' : ''} out of view: fit
            </button>
          </>
        )}
      </p>
      {large && (
        <p className="pg-notice" role="note">
          Large graph: {input.endpoints.toLocaleString('en')} endpoints. It is laid out in the background; the
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
        data-layout-engine={view.layout?.engine ?? 'none'}
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
        {running && (
          <div className="pg-progress" role="status" aria-label="Layout progress">
            <progress aria-label="Laying out the graph" />
            <span>
              laying out {status.nodes.toLocaleString('en')} boxes, {status.endpoints.toLocaleString('en')}{' '}
              endpoints…
            </span>
            {large && (
              <button type="button" onClick={() => client.stop()}>
                Stop layout
              </button>
            )}
          </div>
        )}
        {view.layout === null && !running && <p className="pg-empty">No layout yet.</p>}
        {hover !== null && (
          <div
            className="pg-tooltip"
            role="tooltip"
            style={{ left: hover.x, top: hover.y, maxWidth: TOOLTIP_W }}
          >
            <strong>{hover.title}</strong>
            {hover.lines.map((l, i) => (
              <div key={i}>{l}</div>
            ))}
          </div>
        )}
      </div>
      <Legend />
    </Panel>
  );
}

function changeText(c: GraphChange): string {
  const n = (k: number, what: string) => `${k} ${what}${k > 1 ? 's' : ''}`;
  const parts = [
    c.addedEndpoints.size > 0 && `+${n(c.addedEndpoints.size, 'endpoint')}`,
    c.removedEndpoints.size > 0 && `−${n(c.removedEndpoints.size, 'endpoint')}`,
    c.addedEdges.size > 0 && `+${n(c.addedEdges.size, 'edge')}`,
    c.removedEdges.size > 0 && `−${n(c.removedEdges.size, 'edge')}`,
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
