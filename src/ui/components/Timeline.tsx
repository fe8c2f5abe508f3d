/**
 * The scrubber: a range input over the run, above a strip of markers (spawns, crashes, presence,
 * absence), the hits of the enabled breakpoints, and, after a program's edit, the first record where its run departs from the previous
 * one: a marker to click to travel there.
 */
import { memo, type MouseEvent } from 'react';
import type { MarkerBucket } from '../../debugger/views/index.ts';
import { MARKER_KINDS } from '../../debugger/views/kinds.ts';
import type { BreakpointView } from '../../debugger/engine/query-section.ts';
import { useActions, useSection, useSession, useStatus } from '../session-context.ts';

const BUCKETS = 240;
const LANE_H = 7;
const HEIGHT = LANE_H * MARKER_KINDS.length;

const NO_BUCKETS: readonly MarkerBucket[] = [];
const NO_BREAKPOINTS: readonly BreakpointView[] = [];
/** Height of the breakpoint hits' strip, in the strip's units. */
const HIT_H = 8;
/** A hit's least width, in the strip's units (of BUCKETS): a one-record hit stays visible in a long run. */
const HIT_MIN_W = 1.2;

/** The strip's marks: redrawn only when the buckets change, not as the cursor moves. */
const Markers = memo(function Markers({ buckets, scale }: { buckets: readonly MarkerBucket[]; scale: number }) {
  return buckets.flatMap((b, i) =>
    MARKER_KINDS.filter((k) => b.counts[k] > 0).map((k) => (
      <rect
        key={`${k}-${i}`}
        className={`marker marker-${k}`}
        x={i * scale + 0.1 * scale}
        width={0.8 * scale}
        y={MARKER_KINDS.indexOf(k) * LANE_H + 1}
        height={LANE_H - 2}
      />
    )),
  );
});

/**
 * Every hit of the enabled breakpoints over the whole recording (intervals as bars, records as
 * ticks); a click travels to the hit.
 */
const HitMarks = memo(function HitMarks({ breakpoints, length }: { breakpoints: readonly BreakpointView[]; length: number }) {
  const { jumpTo } = useActions();
  const shown = breakpoints.filter((b) => b.enabled && b.spans.length > 0);
  if (shown.length === 0) return null;
  const total = shown.reduce((n, b) => n + b.count, 0);
  const x = (i: number) => (i / Math.max(1, length)) * BUCKETS;
  return (
    <svg className="hits" viewBox={`0 0 ${BUCKETS} ${HIT_H}`} preserveAspectRatio="none" role="group" aria-label={`Breakpoint hits: ${total}`}>
      {shown.flatMap((b) =>
        b.spans.map((sp) => (
          <rect
            key={`${b.id}-${sp.from}-${sp.to ?? 'open'}`}
            className="hit-mark"
            data-record={sp.from + 1}
            x={x(sp.from)}
            width={Math.max(HIT_MIN_W, x((sp.to ?? length) + 1) - x(sp.from))}
            y={1}
            height={HIT_H - 2}
            onClick={() => jumpTo(sp.from + 1)}
          >
            <title>{`${b.text}: record ${sp.from + 1}`}</title>
          </rect>
        )),
      )}
    </svg>
  );
});

/** Where the edited program's run first departs from the previous run; a click travels there. */
function DivergenceMarker({ length }: { length: number }) {
  const d = useSession((s) => s.divergence?.divergence ?? null);
  const { jumpTo } = useActions();
  if (d === null) return null;
  // The differing record as the current one; a record the new run lacks: the cursor before its place.
  const to = d.b === null ? d.at : d.at + 1;
  const left = Math.min(100, (to / Math.max(1, length, to)) * 100);
  return (
    <button
      type="button"
      className="divergence-marker"
      style={{ left: `${left}%` }}
      data-record={to}
      aria-label={`First divergence from the previous run: record ${to}`}
      title={`The edited run departs from the previous one here (record ${to}: ${d.identity})`}
      onClick={() => jumpTo(to)}
    />
  );
}

export function Timeline() {
  const cursor = useSession((s) => s.cursor);
  const length = useStatus((st) => st.length, 0);
  const { jumpTo } = useActions();
  const buckets = useSection('markers') ?? NO_BUCKETS;
  const breakpoints = useSection('queries')?.breakpoints ?? NO_BREAKPOINTS;
  const scale = buckets.length === 0 ? 1 : BUCKETS / buckets.length;

  const onStripClick = (e: MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    jumpTo(Math.round(((e.clientX - box.left) / box.width) * length));
  };
  const x = length === 0 ? 0 : (cursor / length) * BUCKETS;

  return (
    <div className="timeline">
      <div className="markers-wrap">
        <svg
          className="markers"
          viewBox={`0 0 ${BUCKETS} ${HEIGHT}`}
          preserveAspectRatio="none"
          aria-hidden="true"
          onClick={onStripClick}
        >
          <Markers buckets={buckets} scale={scale} />
          <line className="marker-cursor" x1={x} x2={x} y1={0} y2={HEIGHT} />
        </svg>
        <HitMarks breakpoints={breakpoints} length={length} />
        <DivergenceMarker length={length} />
      </div>
      <input
        type="range"
        aria-label="Timeline"
        min={0}
        max={length}
        step={1}
        value={cursor}
        aria-valuetext={`record ${cursor} of ${length}`}
        onChange={(e) => jumpTo(Number(e.target.value))}
      />
      <ul className="legend" aria-label="Timeline markers">
        {MARKER_KINDS.map((k) => (
          <li key={k}>
            <span className={`swatch marker-${k}`} aria-hidden="true" /> {k}
          </li>
        ))}
        {breakpoints.some((b) => b.enabled && b.count > 0) && (
          <li>
            <span className="swatch hit-swatch" aria-hidden="true" /> breakpoint hit
          </li>
        )}
      </ul>
    </div>
  );
}
