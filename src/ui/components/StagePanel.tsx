/**
 * The stage (issue 12): the main picture of the conversation. Processes are nodes, endpoints
 * labelled ports, and every step moves (src/ui/stage/). This component wires the session to the
 * stage's objects: the projection (collapsed VMs, driver groups; src/debugger/views/stage-project.ts),
 * the elk layout client (the presence graph's own), and the d3 renderer behind {update, destroy}.
 *
 * Which VMs are expanded: those active at the cursor when a run opens or the cursor jumps (the
 * engine says which), changed by clicking a VM (a collapsed one expands, an expanded one's title
 * band collapses it) until the next run.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { PresenceGraph } from '../../debugger/views/graph.ts';
import type { Projection } from '../../debugger/views/stage-project.ts';

import type { StageView } from '../../debugger/views/stage-types.ts';
import type { HoverInfo } from '../graph/labels.ts';
import { useElkLayout } from '../graph/use-layout.ts';
import type { GraphLayout } from '../graph/types.ts';
import { useActions, useSection, useSession, useSessionStore, useStatus } from '../session-context.ts';
import { exportPicture } from '../io/use-io.ts';
import { ProjectionMemo } from '../stage/input.ts';
import { NORMAL_SIZES, PRESENTER_SIZES } from '../stage/label-layer.ts';
import { StageRenderer, type StageData } from '../stage/renderer.ts';
import { StageCaption, StageLegend, StageTools, StageTooltip } from '../stage/StageParts.tsx';
import { useUiOptional } from '../ui-context.ts';
import '../stage/stage.css';

/** Above this many processes the stage starts with the drivers' machinery grouped. */
const AUTO_GROUP_PROCESSES = 20;
/** A step by hand animates this long; during play a record's motions take 1/speed s, within these bounds. */
const STEP_MS = 800;
const PLAY_MIN_MS = 80;
const PLAY_MAX_MS = 1200;

const NO_GRAPH: PresenceGraph = {
  vms: [{ key: 'ground', name: 'ground VM', parent: null }],
  processes: [],
  edges: [],
};

export function StagePanel() {
  const actions = useActions();
  const session = useSessionStore();
  const graph = useSection('graph')?.graph ?? NO_GRAPH;
  const stage = useSection('stage') ?? null;
  const run = useStatus((st) => st.runId, -1);
  const conversationOn = useSession((s) => s.view.stage?.conversation ?? false);
  const opts = useExpansion(stage, run, graph.processes.length);
  const { projection, input } = useProjection(graph, opts.expanded, opts.groupDrivers);
  const { layout, status } = useElkLayout(input, run);
  const data = useStageData(projection, layout, stage, conversationOn);
  const { svgRef, wrapRef, hover, animating, motionEnabled, fit, follow, zoomBy } = useStageRenderer(
    data,
    run,
    actions.selectProcess,
    opts.toggle,
  );
  const setConversation = useCallback(
    (on: boolean) => actions.setView({ stage: { conversation: on } }),
    [actions],
  );
  return (
    <section role="region" aria-label="Stage" className="panel stage-panel" data-panel="stage">
      <header className="panel-head stage-head">
        <h2>Stage</h2>
        <StageTools
          onFit={fit}
          onPicture={(kind) => void exportPicture(session, 'stage', kind)}
          onFollow={follow}
          onZoom={zoomBy}
          groupDrivers={opts.groupDrivers}
          onGroupDrivers={opts.setGroupDrivers}
          conversation={conversationOn}
          onConversation={setConversation}
        />
      </header>
      <div className="panel-body stage-body">
        <StageCaption stage={stage} graph={graph} />
        <div
          ref={wrapRef}
          className="st-wrap"
          data-animating={animating ? 'true' : 'false'}
          data-layout-state={status?.state ?? 'idle'}
          data-layout-generation={status?.generation ?? 0}
          data-cursor={stage?.cursor ?? -1}
          data-move={stage?.move ?? 'jump'}
          data-motion={motionEnabled ? 'on' : 'off'}
        >
          <svg
            ref={svgRef}
            className="st-svg"
            role="group"
            aria-label="The stage: processes, their endpoints, and what moves at this step (drag to pan, wheel to zoom)"
          />
          {hover !== null && <StageTooltip hover={hover} />}
        </div>
        <StageLegend />
      </div>
    </section>
  );
}

/** What the renderer draws: the projection laid out, the step, the selection, sizes and focus. */
function useStageData(
  projection: Projection,
  layout: GraphLayout | null,
  stage: StageView | null,
  conversationOn: boolean,
): StageData {
  const selected = useStatus((st) => st.selection.process, null);
  const presenter = useUiOptional((s) => s.presenter, false);
  const durationMs = useDuration(stage);
  const conversation = useMemo(
    () => (conversationOn && stage?.conversation != null ? new Set(stage.conversation) : null),
    [conversationOn, stage],
  );
  return useMemo(
    () => ({
      projection,
      layout,
      stage,
      selected,
      durationMs,
      sizes: presenter ? PRESENTER_SIZES : NORMAL_SIZES,
      conversation,
    }),
    [projection, layout, stage, selected, durationMs, presenter, conversation],
  );
}

/**
 * The projected graph and its layout input, kept the same objects while what is drawn is the same
 * (the engine sends a new graph at every step; most steps change nothing the stage draws).
 */
function useProjection(graph: PresenceGraph, expanded: ReadonlySet<string>, groupDrivers: boolean) {
  const [memo] = useState(() => new ProjectionMemo());
  return useMemo(() => memo.get(graph, { expanded, groupDrivers }), [memo, graph, expanded, groupDrivers]);
}

/** The expanded VMs and the driver grouping, with the user's changes to them (until another run). */
function useExpansion(stage: StageView | null, run: number, processes: number) {
  const playing = useStatus((st) => st.job?.kind === 'play', false);
  const [base, setBase] = useState<{ run: number; seen: StageView | null; vms: ReadonlySet<string> }>({
    run: -2,
    seen: null,
    vms: new Set(),
  });
  // The VMs active at the cursor when a run opens or the cursor jumps (state derived while rendering).
  if (stage !== null && stage !== base.seen && (base.run !== run || (stage.move === 'jump' && !playing)))
    setBase({ run, seen: stage, vms: new Set(stage.activeVms) });
  const [changed, setChanged] = useState<Changes>({ run: -2, vms: new Map(), group: null });
  const mine = useMemo<Changes>(
    () => (changed.run === run ? changed : { run, vms: new Map(), group: null }),
    [changed, run],
  );
  const expanded = useMemo(() => {
    const out = new Set(base.vms);
    for (const [vm, open] of mine.vms) {
      if (open) out.add(vm);
      else out.delete(vm);
    }
    return out;
  }, [base.vms, mine.vms]);
  const toggle = useCallback(
    (vm: string) => setChanged({ ...mine, vms: new Map([...mine.vms, [vm, !expanded.has(vm)]]) }),
    [mine, expanded],
  );
  const groupDrivers = mine.group ?? processes > AUTO_GROUP_PROCESSES;
  const setGroupDrivers = useCallback((on: boolean) => setChanged({ ...mine, group: on }), [mine]);
  return { expanded, toggle, groupDrivers, setGroupDrivers };
}

interface Changes {
  readonly run: number;
  readonly vms: ReadonlyMap<string, boolean>;
  readonly group: boolean | null;
}

/** How long this step's motions take: a step by hand STEP_MS; during play, its records' share of a second. */
function useDuration(stage: StageView | null): number {
  const playing = useStatus((st) => st.job?.kind === 'play', false);
  const speed = useStatus((st) => st.speed, 10);
  if (stage === null || !playing) return STEP_MS;
  const records = Math.max(1, Math.abs(stage.cursor - stage.from));
  return Math.max(PLAY_MIN_MS, Math.min(PLAY_MAX_MS, (records * 1000) / speed));
}

/** The renderer on the panel's SVG, updated with `data`, fitted afresh on another run. */
function useStageRenderer(
  data: StageData,
  run: number,
  onSelect: (key: string) => void,
  onToggle: (vm: string) => void,
) {
  const svgRef = useRef<SVGSVGElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const rendererRef = useRef<StageRenderer | null>(null);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [animating, setAnimating] = useState(false);
  const [motionEnabled, setMotionEnabled] = useState(true);
  const toggleRef = useRef(onToggle);
  useEffect(() => {
    toggleRef.current = onToggle;
  }, [onToggle]);
  // Layout effects: the stage draws a step in the commit that brings it, so it is painted in the
  // same frame as the readout (a passive effect runs after that paint: the stage a frame late).
  useLayoutEffect(() => {
    const svg = svgRef.current;
    if (svg === null) return;
    const r = new StageRenderer(svg, {
      onSelect,
      onToggle: (vm) => toggleRef.current(vm),
      onHover: (info) => setHover(placeTooltip(info, wrapRef.current?.getBoundingClientRect())),
      onAnimating: setAnimating,
    });
    rendererRef.current = r;
    setMotionEnabled(r.animates);
    return () => {
      r.destroy();
      rendererRef.current = null;
    };
  }, [onSelect]);
  useLayoutEffect(() => rendererRef.current?.refit(), [run]);
  useLayoutEffect(() => rendererRef.current?.update(data), [data]);
  const fit = useCallback(() => rendererRef.current?.fit(), []);
  const zoomBy = useCallback((k: number) => rendererRef.current?.zoomBy(k), []);
  const follow = useCallback(() => rendererRef.current?.followStep(), []);
  return { svgRef, wrapRef, hover, animating, motionEnabled, fit, zoomBy, follow };
}

const TOOLTIP_W = 380;

/** The tooltip's place in the stage: right of the pointer, or left of it near the right edge. */
function placeTooltip(info: HoverInfo | null, box: DOMRect | undefined): HoverInfo | null {
  if (info === null || box === undefined) return null;
  const x = info.x - box.left;
  return {
    ...info,
    x: x + TOOLTIP_W + 16 > box.width ? Math.max(0, x - TOOLTIP_W - 12) : x + 14,
    y: info.y - box.top + 14,
  };
}
