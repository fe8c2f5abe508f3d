/**
 * The stage's chrome: its tools (fit, zoom, driver grouping, conversation focus), the caption that
 * says what the step did, the legend (docs/stage.md shows the same), and the hover card.
 */
import type { PresenceGraph } from '../../debugger/views/graph.ts';
import type { StageView } from '../../debugger/views/stage-types.ts';
import type { HoverInfo } from '../graph/labels.ts';
import { NARRATION_LINES, namer, narrate } from './narration.ts';

interface ToolsProps {
  readonly onFit: () => void;
  /** Saves a picture of the stage as shown. */
  readonly onPicture: (kind: 'svg' | 'png') => void;
  readonly onFollow: () => void;
  readonly onZoom: (k: number) => void;
  readonly groupDrivers: boolean;
  readonly onGroupDrivers: (on: boolean) => void;
  readonly conversation: boolean;
  readonly onConversation: (on: boolean) => void;
}

export function StageTools(p: ToolsProps) {
  return (
    <div className="st-tools" role="toolbar" aria-label="Stage view">
      <label
        className="inline-check"
        title="Show the timer, UDP and TCP drivers and the processes they start as one node each"
      >
        <input
          type="checkbox"
          checked={p.groupDrivers}
          onChange={(e) => p.onGroupDrivers(e.target.checked)}
        />{' '}
        Group drivers
      </label>
      <label className="inline-check" title="Fade everything outside the conversation of the current record">
        <input
          type="checkbox"
          checked={p.conversation}
          onChange={(e) => p.onConversation(e.target.checked)}
        />{' '}
        Focus on this conversation
      </label>
      <button type="button" onClick={() => p.onZoom(1.25)} aria-label="Zoom in" title="Zoom in">
        +
      </button>
      <button type="button" onClick={() => p.onZoom(0.8)} aria-label="Zoom out" title="Zoom out">
        −
      </button>
      <button
        type="button"
        onClick={p.onFit}
        aria-label="Fit stage"
        title="Show the whole stage (and follow it as it grows)"
      >
        Fit
      </button>
      <button type="button" onClick={() => p.onPicture('svg')} title="Save the stage as shown, as an SVG picture">
        SVG
      </button>
      <button type="button" onClick={() => p.onPicture('png')} title="Save the stage as shown, as a PNG picture (2×)">
        PNG
      </button>
      <button
        type="button"
        onClick={p.onFollow}
        aria-label="Follow the step"
        title="Follow what each step involves, at a size where names can be read"
      >
        Follow
      </button>
    </div>
  );
}

/** What the step did, in words: its first motions, and how many more. */
export function StageCaption({ stage, graph }: { stage: StageView | null; graph: PresenceGraph }) {
  const name = namer(graph);
  const lines = stage?.motions.map((m) => narrate(m, name)) ?? [];
  const back = stage !== null && stage.from > stage.cursor;
  return (
    <div className="st-caption" aria-live="polite">
      {lines.length === 0 ? (
        <p className="st-quiet" title={stage?.record ?? undefined}>
          {stage?.record == null ? 'Nothing moves here.' : `Nothing moves: ${stage.record}.`}
        </p>
      ) : (
        <>
          {lines.slice(0, NARRATION_LINES).map((l, i) => (
            <p key={i} title={l}>
              {back && i === 0 ? 'Undone: ' : ''}
              {l}
            </p>
          ))}
          {lines.length > NARRATION_LINES && (
            <p className="st-more">and {lines.length - NARRATION_LINES} more</p>
          )}
        </>
      )}
    </div>
  );
}

const port = (cls: string, up: boolean) => (
  <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true" className={`st-port ${cls}`}>
    <path className="st-port-shape" d={up ? 'M-7,5.6 L0,-7 L7,5.6 Z' : 'M-7,-5.6 L0,7 L7,-5.6 Z'} />
  </svg>
);

const swatch = (cls: string) => <span className={`st-swatch ${cls}`} aria-hidden="true" />;

export function StageLegend() {
  return (
    <ul className="legend st-legend" aria-label="Stage legend">
      <li>{port('st-publisher st-participant', true)} publisher</li>
      <li>{port('st-subscriber st-participant', false)} subscriber</li>
      <li>
        border: {port('st-subscriber st-participant', false)} participant{' '}
        {port('st-subscriber st-observer', false)} observer {port('st-subscriber st-everything', false)}{' '}
        everything
      </li>
      <li>{swatch('st-sw-message')} message</li>
      <li>{swatch('st-sw-feedback')} feedback</li>
      <li>{swatch('st-sw-presence')} presence</li>
      <li>{swatch('st-sw-absence')} absence</li>
      <li>{swatch('st-sw-spawn')} spawn</li>
      <li>{swatch('st-sw-crash')} crash</li>
      <li>{swatch('st-sw-now')} this step</li>
      <li title="click to expand">{swatch('st-sw-vm')} collapsed VM</li>
      <li>{swatch('st-sw-drivers')} driver group</li>
    </ul>
  );
}

export function StageTooltip({ hover }: { hover: HoverInfo }) {
  return (
    <div className="pg-tooltip st-tooltip" role="tooltip" style={{ left: hover.x, top: hover.y }}>
      <strong>{hover.title}</strong>
      {hover.lines.map((l, i) => (
        <div key={i}>{l}</div>
      ))}
    </div>
  );
}
