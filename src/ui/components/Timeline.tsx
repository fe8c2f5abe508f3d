/** The scrubber: a range input over the run, above a strip of markers (spawns, crashes, presence, absence). */
import { memo, type MouseEvent } from 'react';
import type { MarkerBucket } from '../../debugger/views/index.ts';
import { MARKER_KINDS } from '../../debugger/views/kinds.ts';
import { useActions, useSection, useSession, useStatus } from '../session-context.ts';

const BUCKETS = 240;
const LANE_H = 7;
const HEIGHT = LANE_H * MARKER_KINDS.length;

const NO_BUCKETS: readonly MarkerBucket[] = [];

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

export function Timeline() {
  const cursor = useSession((s) => s.cursor);
  const length = useStatus((st) => st.length, 0);
  const { jumpTo } = useActions();
  const buckets = useSection('markers') ?? NO_BUCKETS;
  const scale = buckets.length === 0 ? 1 : BUCKETS / buckets.length;

  const onStripClick = (e: MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    jumpTo(Math.round(((e.clientX - box.left) / box.width) * length));
  };
  const x = length === 0 ? 0 : (cursor / length) * BUCKETS;

  return (
    <div className="timeline">
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
      </ul>
    </div>
  );
}
